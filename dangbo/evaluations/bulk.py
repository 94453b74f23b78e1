"""The whole round at once: apply the rules of the year again to every member's line (after a
discipline was recorded, a rule row corrected or members admitted), and check the HTXSNV quota
at every level of the round's tree. Both are set-based, so a province of 150,000 members takes
seconds (bench/evaluations.py), not one query per line."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, CharField, Count, F, Q, When
from django.db.models.functions import Cast

from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.errors import field_error
from dangbo.evaluations import rules as rule_sets
from dangbo.evaluations.classify import Facts, Outcome, classify
from dangbo.evaluations.models import (
    RANK,
    SHORT,
    EvaluationRound,
    MemberEvaluation,
    Rating,
    RoundStage,
)
from dangbo.evaluations.queries import evaluated_on, uncounted_disciplines_in_round
from dangbo.evaluations.quota import excellent_cap
from dangbo.evaluations.rules import RuleSet
from dangbo.orgs.models import Organization

# Rules can be applied again until the committee has decided for good.
APPLY_STAGES = (RoundStage.SELF_REVIEW, RoundStage.CELL, RoundStage.COMMITTEE)
WRITE_BATCH = 2000
PATH_STEP = 4  # treebeard's materialized path: 4 characters per level
ABOVE_RULES_SHOWN = 50
RANK_OF = {rating.value: rank for rating, rank in RANK.items()}


@dataclass
class Applied:
    """What applying the rules did: lines read, lines whose rule result changed, and the lines
    whose proposal or decision is now above what the rules allow (left for the cell and the
    committee to lower: a rating is never changed behind their back)."""

    lines: int = 0
    changed: int = 0
    above_rules: int = 0
    above_rules_names: list[str] = field(default_factory=list)


@transaction.atomic
def apply_rules(*, actor: User | None, round_: EvaluationRound) -> Applied:
    if round_.stage not in APPLY_STAGES:
        raise field_error(
            "round",
            f"Đợt đang ở bước «{round_.get_stage_display()}»: không áp dụng lại quy định được.",
        )
    rules = rule_sets.for_year(round_.year)
    day = evaluated_on(round_)
    disciplines = uncounted_disciplines_in_round(round_)
    applied = Applied()
    # Members share scores and figures: each distinct set of facts is classified once, and
    # the lines that change are written together, one UPDATE per distinct result.
    outcomes: dict[tuple[Any, ...], Outcome] = {}
    stored: dict[Any, list[str]] = {}
    changes: dict[tuple[str, str, bool, int | None], list[int]] = defaultdict(list)
    for row in _rows(round_, rules, day):
        applied.lines += 1
        pk, member_id, name, rating, proposed, rule_rating, reasons, unrated, counted = row[:FACTS]
        discipline = disciplines.get(member_id)
        key = row[FACTS:] if discipline is None else (*row[FACTS:], discipline[1])
        outcome = outcomes.get(key)
        if outcome is None:
            outcome = outcomes[key] = classify(rules, _facts(key, round_.year, day))
        discipline_id = discipline[0] if discipline and outcome.rating == Rating.FAILED else None
        if (
            rule_rating != outcome.rating
            or bool(unrated) != outcome.not_rated
            or counted != discipline_id
            or _decoded(stored, reasons) != outcome.reasons
        ):
            text = json.dumps(outcome.reasons, ensure_ascii=False)
            changes[(outcome.rating, text, outcome.not_rated, discipline_id)].append(pk)
        final = rating or proposed
        if final and outcome.rating and RANK_OF[final] > RANK_OF[outcome.rating]:
            applied.above_rules += 1
            if len(applied.above_rules_names) < ABOVE_RULES_SHOWN:
                applied.above_rules_names.append(
                    f"{name}: {SHORT[Rating(final)]}, quy định cho tối đa "
                    f"{SHORT[Rating(outcome.rating)]}"
                )
    for (rating, text, not_rated, discipline_id), ids in changes.items():
        for start in range(0, len(ids), WRITE_BATCH):
            MemberEvaluation.objects.filter(pk__in=ids[start : start + WRITE_BATCH]).update(
                rule_rating=rating,
                rule_reasons=json.loads(text),
                not_rated=not_rated,
                discipline_event_id=discipline_id,
            )
        applied.changed += len(ids)
    record(
        actor=actor,
        action="evaluation.apply_rules",
        target=round_,
        organization=round_.organization,
        after={
            "rules": round_.rules_source,
            "lines": applied.lines,
            "changed": applied.changed,
            "above_rules": applied.above_rules,
        },
    )
    return applied


# The columns read per line: what the line holds, then (from FACTS on) the facts the rules
# read, so a slice of the row is the key of its outcome.
LINE_COLUMNS = (
    "id",
    "member_id",
    "member__full_name",
    "rating",
    "proposed_rating",
    "rule_rating",
    "rule_reasons",
    "not_rated",
    "discipline_event_id",
)
FACT_COLUMNS = (
    "recent_admission",
    "score_text",
    "proposed_rating",
    "done_text",
    "exceeding_text",
    "tasks_on_time",
    "criteria_poor",
    "sick_leave_days",
    "maternity_leave_days",
)
FACTS = len(LINE_COLUMNS)


def _rows(round_: EvaluationRound, rules: RuleSet, day: date) -> Iterator[tuple[Any, ...]]:
    """The round's current lines as plain rows: Django's converters, value by value, cost
    more than the rules themselves at 150,000 lines. Decimals come as text (cheap to hash);
    the admission date only when it is recent enough to matter (members admitted within the
    last months before the rating day), so the other lines share their keys."""
    settled_before = _months_back(day, rules.min_months_since_admission + 1)
    as_text: dict[str, Any] = {"output_field": CharField()}
    query = (
        MemberEvaluation.objects.filter(round=round_, current=True)
        .annotate(
            recent_admission=Case(
                When(member__admitted_on__gte=settled_before, then=F("member__admitted_on"))
            ),
            score_text=Cast("score", **as_text),
            done_text=Cast("tasks_done_pct", **as_text),
            exceeding_text=Cast("tasks_exceeding_pct", **as_text),
        )
        .order_by("id")
        .values_list(*LINE_COLUMNS, *FACT_COLUMNS)
    )
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(WRITE_BATCH):
            yield from chunk


def _facts(key: tuple[Any, ...], year: int, day: date) -> Facts:
    admitted, score, proposed, done, exceeding, on_time, poor, sick, maternity, *disciplined = key
    return Facts(
        year=year,
        evaluated_on=day,
        admitted_on=None if admitted is None else date.fromisoformat(str(admitted)[:10]),
        score=_as_decimal(score),
        proposed=proposed,
        tasks_done_pct=_as_decimal(done),
        tasks_exceeding_pct=_as_decimal(exceeding),
        tasks_on_time=bool(on_time),
        criteria_poor=bool(poor),
        sick_leave_days=sick,
        maternity_leave_days=maternity,
        disciplined_on=disciplined[0] if disciplined else None,
    )


def _months_back(day: date, months: int) -> date:
    """The first day of the month `months` before `day`'s: an admission before it is at least
    `months - 1` whole months old on `day`."""
    month = day.month - months
    return date(day.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _as_decimal(raw: Any) -> Decimal | None:
    return None if raw is None else Decimal(str(raw))


def _decoded(cache: dict[Any, list[str]], raw: Any) -> list[str]:
    """Stored reasons: PostgreSQL's jsonb and SQLite's text both arrive as JSON text here."""
    if isinstance(raw, list):
        return raw
    if raw not in cache:
        cache[raw] = json.loads(raw)
    return cache[raw]


@dataclass
class QuotaLine:
    """One unit of the round's tree: its members rated HTTNV or better, how many of them are
    HTXSNV, the most the quota allows there, and how many HTXSNV carry a reason."""

    organization: Organization
    good_or_better: int
    excellent: int
    cap: int
    with_reason: int

    @property
    def over(self) -> int:
        return max(self.excellent - self.cap, 0)

    @property
    def level(self) -> int:
        return self.organization.depth


def _final_rating() -> Case:
    return Case(
        When(rating="", then=F("proposed_rating")),
        default=F("rating"),
        output_field=CharField(),
    )


def quota_by_level(round_: EvaluationRound) -> list[QuotaLine]:
    """For every unit of the round's tree holding rated members, the HTXSNV count against the
    cap (the round's reading, over that unit's members), in tree order. One GROUP BY per cell,
    summed up the materialized path in Python, and one query for the units."""
    share = rule_sets.for_year(round_.year).excellent_share
    good = Q(final__in=(Rating.EXCELLENT, Rating.GOOD))
    excellent = Q(final=Rating.EXCELLENT)
    per_cell = (
        MemberEvaluation.objects.filter(round=round_, current=True, not_rated=False)
        .annotate(final=_final_rating())
        .values("organization__path")
        .annotate(
            good=Count("id", filter=good),
            excellent=Count("id", filter=excellent),
            reasoned=Count("id", filter=excellent & ~Q(override_reason="")),
        )
        .order_by()
        .values_list("organization__path", "good", "excellent", "reasoned")
    )
    top = len(round_.organization.path)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for path, *figures in per_cell:
        for length in range(top, len(path) + 1, PATH_STEP):
            total = counts[path[:length]]
            for i, figure in enumerate(figures):
                total[i] += figure
    units = Organization.objects.filter(path__in=list(counts)).order_by("path")
    return [
        QuotaLine(
            unit,
            counts[unit.path][0],
            counts[unit.path][1],
            excellent_cap(counts[unit.path][0], round_.quota_reading, share),
            counts[unit.path][2],
        )
        for unit in units
    ]
