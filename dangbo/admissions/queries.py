"""Reads of the pipeline for pages and the API. Callers pass an already scoped queryset
(dangbo.access.scope); each function runs a bounded number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet

from dangbo.admissions.models import STAGE_ORDER, Candidate, Stage, StageRecord
from dangbo.admissions.stages import NextStep, next_step
from dangbo.core.clock import today as local_today


@dataclass(frozen=True)
class CandidateRow:
    candidate: Candidate
    step: NextStep | None
    overdue: bool


def candidate_rows(
    candidates: QuerySet[Candidate], today: date | None = None
) -> list[CandidateRow]:
    """Each candidate with the step it waits for and whether that step is late. Deadlines read
    the holiday table per candidate with a deadline (decision and probation stages only)."""
    day = today or local_today()
    rows = []
    for candidate in candidates.select_related("organization"):
        step = next_step(candidate)
        rows.append(CandidateRow(candidate, step, step is not None and step.overdue(day)))
    return rows


@dataclass(frozen=True)
class FunnelStep:
    stage: str
    label: str
    count: int


def funnel(candidates: QuerySet[Candidate], year: int) -> list[FunnelStep]:
    """How many candidates completed each stage in `year` (one GROUP BY on the stage records):
    the identified, trained, … admitted (ceremony) and recognised of that year."""
    counts = dict(
        StageRecord.objects.filter(candidate__in=candidates.values("pk"), on__year=year)
        .values_list("stage")
        .annotate(n=Count("id"))
        .values_list("stage", "n")
    )
    return [FunnelStep(s, str(Stage(s).label), counts.get(s, 0)) for s in STAGE_ORDER]


def years_of(candidates: QuerySet[Candidate]) -> list[int]:
    years = {
        d.year
        for d in StageRecord.objects.filter(candidate__in=candidates.values("pk")).dates(
            "on", "year"
        )
    }
    return sorted(years | {local_today().year}, reverse=True)
