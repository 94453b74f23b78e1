"""The rule set a year is rated by: one effective-dated rule row `evaluations.member`, read on
31/12 of the evaluation year (migration 0002 holds QĐ 124 / HD 25 from 04/10/2023 and
QĐ 366 / HD 43 from 30/8/2025; a province adds a row to change any figure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from dangbo.core.models import Rule
from dangbo.core.rules import rule_row
from dangbo.evaluations.models import Rating

KEY = "evaluations.member"


@dataclass(frozen=True)
class CriteriaGroup:
    code: str
    label: str
    max_points: Decimal | None  # None on rules without a score scale


@dataclass(frozen=True)
class RuleSet:
    source: str
    # (lowest score, rating), best first; None when the rules have no score scale (QĐ 124):
    # the cell then proposes the rating itself and the triggers below cap it.
    score_bands: tuple[tuple[Decimal, str], ...] | None
    scale_max: Decimal
    excellent_min_exceeding_pct: Decimal | None
    good_needs_on_time: bool
    failed_below_tasks_pct: Decimal | None
    failed_if_disciplined: bool
    failed_if_criterion_poor: bool
    sick_leave_cap_days: int | None
    min_months_since_admission: int
    excellent_share: Fraction
    criteria_groups: tuple[CriteriaGroup, ...] = ()
    maternity_on_time_worked: bool = True

    @property
    def scored(self) -> bool:
        return self.score_bands is not None

    def rating_for_score(self, score: Decimal) -> str:
        assert self.score_bands is not None
        for lowest, rating in self.score_bands:
            if score >= lowest:
                return rating
        return Rating.FAILED


def for_year(year: int) -> RuleSet:
    """The rules for rating `year`; ImproperlyConfigured when no row covers it."""
    return from_row(rule_row(KEY, date(year, 12, 31)))


def has_rules(year: int) -> bool:
    return Rule.objects.filter(key=KEY, valid_from__lte=date(year, 12, 31)).exists()


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def from_row(row: Rule) -> RuleSet:
    value: dict[str, Any] = row.value
    bands = value.get("score_bands")
    share = value.get("excellent_share", [1, 5])
    return RuleSet(
        source=row.source,
        score_bands=(
            tuple((Decimal(str(low)), str(rating)) for low, rating in bands) if bands else None
        ),
        scale_max=Decimal(str(value.get("scale_max", 100))),
        excellent_min_exceeding_pct=_decimal(value.get("excellent_min_exceeding_pct")),
        good_needs_on_time=bool(value.get("good_needs_on_time", False)),
        failed_below_tasks_pct=_decimal(value.get("failed_below_tasks_pct")),
        failed_if_disciplined=bool(value.get("failed_if_disciplined", True)),
        failed_if_criterion_poor=bool(value.get("failed_if_criterion_poor", False)),
        sick_leave_cap_days=value.get("sick_leave_cap_days"),
        min_months_since_admission=int(value.get("min_months_since_admission", 6)),
        excellent_share=Fraction(int(share[0]), int(share[1])),
        criteria_groups=tuple(
            CriteriaGroup(str(g["code"]), str(g["label"]), _decimal(g.get("max")))
            for g in value.get("criteria_groups", [])
        ),
        maternity_on_time_worked=bool(value.get("maternity_on_time_worked", True)),
    )
