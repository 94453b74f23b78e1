"""The rule set a year's party organizations are rated by: one effective-dated rule row
`evaluations.organization`, read on 31/12 of the evaluation year (migration 0006 holds QĐ 124 /
HD 25 from 04/10/2023 and QĐ 366 / HD 43 from 30/8/2025; a province adds a row to change any
figure, and null switches a rule off)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from dangbo.core.models import Rule
from dangbo.core.rules import rule_row
from dangbo.evaluations.models import Rating

KEY = "evaluations.organization"


@dataclass(frozen=True)
class OrgRuleSet:
    source: str
    # (lowest score, rating), best first; None when the rules have no score scale (QĐ 124):
    # the superior then proposes the rating and the triggers below cap it.
    score_bands: tuple[tuple[Decimal, str], ...] | None
    scale_max: Decimal
    min_months_since_founded: int
    excellent_share: Fraction
    excellent_min_exceeding_pct: Decimal | None
    excellent_needs_no_discipline: bool
    # HD 21: the share of members (of a chi bộ) or direct subordinate organizations (of a đảng
    # bộ) rated HTNV or better, and HTTNV or better, an HTXSNV rating needs; None: no such rule.
    excellent_satisfactory_pct: Decimal | None
    excellent_good_pct: Decimal | None
    good_needs_on_time: bool
    satisfactory_max_behind_pct: Decimal | None
    failed_if_criterion_poor: bool
    failed_if_leadership_disciplined: bool
    failed_subordinates_disciplined_over_pct: Decimal | None
    failed_below_tasks_pct: Decimal | None
    failed_below_tasks_needs_key_targets_missed: bool

    @property
    def scored(self) -> bool:
        return self.score_bands is not None

    def rating_for_score(self, score: Decimal) -> str:
        assert self.score_bands is not None
        for lowest, rating in self.score_bands:
            if score >= lowest:
                return rating
        return Rating.FAILED


def for_year(year: int) -> OrgRuleSet:
    """The rules for rating organizations in `year`; ImproperlyConfigured when no row covers it."""
    return from_row(rule_row(KEY, date(year, 12, 31)))


def has_rules(year: int) -> bool:
    return Rule.objects.filter(key=KEY, valid_from__lte=date(year, 12, 31)).exists()


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def from_row(row: Rule) -> OrgRuleSet:
    value: dict[str, Any] = row.value
    bands = value.get("score_bands")
    share = value.get("excellent_share", [1, 5])
    distribution = value.get("excellent_distribution") or {}
    return OrgRuleSet(
        source=row.source,
        score_bands=(
            tuple((Decimal(str(low)), str(rating)) for low, rating in bands) if bands else None
        ),
        scale_max=Decimal(str(value.get("scale_max", 100))),
        min_months_since_founded=int(value.get("min_months_since_founded", 6)),
        excellent_share=Fraction(int(share[0]), int(share[1])),
        excellent_min_exceeding_pct=_decimal(value.get("excellent_min_exceeding_pct")),
        excellent_needs_no_discipline=bool(value.get("excellent_needs_no_discipline", False)),
        excellent_satisfactory_pct=_decimal(distribution.get("satisfactory_or_better_pct")),
        excellent_good_pct=_decimal(distribution.get("good_or_better_pct")),
        good_needs_on_time=bool(value.get("good_needs_on_time", False)),
        satisfactory_max_behind_pct=_decimal(value.get("satisfactory_max_behind_pct")),
        failed_if_criterion_poor=bool(value.get("failed_if_criterion_poor", False)),
        failed_if_leadership_disciplined=bool(value.get("failed_if_leadership_disciplined", False)),
        failed_subordinates_disciplined_over_pct=_decimal(
            value.get("failed_subordinates_disciplined_over_pct")
        ),
        failed_below_tasks_pct=_decimal(value.get("failed_below_tasks_pct")),
        failed_below_tasks_needs_key_targets_missed=bool(
            value.get("failed_below_tasks_needs_key_targets_missed", True)
        ),
    )
