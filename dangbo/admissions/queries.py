"""Reads of the pipeline for pages and the API. Callers pass an already scoped queryset
(dangbo.access.scope); each function runs a bounded number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear

from dangbo.admissions.models import (
    STAGE_ORDER,
    AwarenessCourse,
    Candidate,
    CourseEnrolment,
    CourseResult,
    Stage,
    StageRecord,
)
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


# --- Awareness courses ---------------------------------------------------------------------


@dataclass(frozen=True)
class CourseCounts:
    enrolled: int = 0
    passed: int = 0
    failed: int = 0


def course_counts(
    enrolments: QuerySet[CourseEnrolment], courses: Iterable[AwarenessCourse]
) -> dict[int, CourseCounts]:
    """Per course, the enrolments the caller may see (a scoped queryset): on the roster (not
    withdrawn), passed and failed. One GROUP BY query."""
    rows = (
        enrolments.filter(course__in=[c.pk for c in courses])
        .values("course")
        .annotate(
            enrolled=Count("id", filter=~Q(result=CourseResult.WITHDRAWN)),
            passed=Count("id", filter=Q(result=CourseResult.PASSED)),
            failed=Count("id", filter=Q(result=CourseResult.FAILED)),
        )
        .values_list("course", "enrolled", "passed", "failed")
    )
    return {pk: CourseCounts(enrolled, passed, failed) for pk, enrolled, passed, failed in rows}


def enrollable(candidates: QuerySet[Candidate], course: AwarenessCourse) -> QuerySet[Candidate]:
    """The candidates (of a scoped queryset) who may join `course`: in a cell under the
    organiser, waiting for the course, and not on its roster (a withdrawn one may come back)."""
    on_roster = CourseEnrolment.objects.filter(course=course).exclude(result=CourseResult.WITHDRAWN)
    return (
        candidates.filter(
            organization__path__startswith=course.organization.path, stage=Stage.IDENTIFIED
        )
        .exclude(pk__in=on_roster.values("candidate"))
        .select_related("organization")
        .order_by("organization__path", "full_name", "id")
    )


def course_years(courses: QuerySet[AwarenessCourse]) -> list[int]:
    years = {d.year for d in courses.dates("starts_on", "year")}
    return sorted(years | {local_today().year}, reverse=True)


def stage_counts_by_year(
    candidates: QuerySet[Candidate], starts_on: date, ends_on: date
) -> dict[int, dict[str, int]]:
    """Per calendar year, how many candidates completed each stage between the two dates
    (inclusive): one GROUP BY on the stage records. Years with nothing are absent."""
    rows = (
        StageRecord.objects.filter(
            candidate__in=candidates.values("pk"), on__gte=starts_on, on__lte=ends_on
        )
        .annotate(year=ExtractYear("on"))
        .order_by()
        .values_list("year", "stage")
        .annotate(n=Count("id"))
        .values_list("year", "stage", "n")
    )
    out: dict[int, dict[str, int]] = {}
    for year, stage, n in rows:
        out.setdefault(year, {})[stage] = n
    return out
