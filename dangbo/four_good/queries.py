"""Reads of the four-good app: which set applies to an organization in a year, and the
automatic measures, each one query over the data of the other apps (meetings, members,
evaluations)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth

from dangbo.core.formats import format_figure
from dangbo.evaluations.models import (
    RANK,
    SHORT,
    MemberEvaluation,
    OrganizationEvaluation,
    Rating,
)
from dangbo.four_good.models import (
    FourGoodAssessment,
    FourGoodCriteriaSet,
    FourGoodCriterion,
    Measure,
    applies_to_for,
)
from dangbo.meetings.models import Meeting, MeetingKind, MeetingStatus
from dangbo.members.models import EventKind, MemberEvent
from dangbo.orgs.models import CELL_KINDS, Organization, OrgKind

GOOD_OR_BETTER = {rating for rating, rank in RANK.items() if rank >= 2}


def ancestor_paths(path: str, step: int = Organization.steplen) -> list[str]:
    """The paths of the node and every node above it."""
    return [path[:end] for end in range(step, len(path) + 1, step)]


def sets_for(organization: Organization, year: int) -> list[FourGoodCriteriaSet]:
    """The sets that may assess this organization in `year`, nearest issuer first, then the
    newest (a later version of the same issuer wins)."""
    applies_to = applies_to_for(organization.kind)
    if applies_to is None:
        return []
    rows = (
        FourGoodCriteriaSet.objects.filter(
            organization__path__in=ancestor_paths(organization.path),
            applies_to=applies_to,
            valid_from__lte=year,
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=year))
        .select_related("organization")
    )
    return sorted(rows, key=lambda s: (-len(s.organization.path), -s.valid_from, -s.pk))


def applicable_set(organization: Organization, year: int) -> FourGoodCriteriaSet | None:
    found = sets_for(organization, year)
    return found[0] if found else None


def criteria_of(criteria_set: FourGoodCriteriaSet) -> list[FourGoodCriterion]:
    return list(criteria_set.criteria.order_by("group", "position", "id"))


def is_used(criteria_set: FourGoodCriteriaSet) -> bool:
    return FourGoodAssessment.objects.filter(criteria_set=criteria_set).exists()


@dataclass(frozen=True)
class Measured:
    """An automatic measure: the value (a number, or None when there is nothing to measure),
    how it reads, and whether it meets the criterion."""

    value: Decimal | None
    text: str
    passed: bool


def _organization_rating(org: Organization, year: int) -> Measured:
    row = (
        OrganizationEvaluation.objects.filter(organization=org, round__year=year, current=True)
        .only("rating", "proposed_rating")
        .first()
    )
    rating = row.final_rating if row is not None else ""
    if not rating:
        return Measured(None, f"Chưa có kết quả xếp loại năm {year}", False)
    final = Rating(rating)
    return Measured(Decimal(RANK[final]), SHORT[final], final in GOOD_OR_BETTER)


def _member_good_share(org: Organization, year: int, threshold: Decimal) -> Measured:
    rows = MemberEvaluation.objects.filter(
        organization__path__startswith=org.path,
        round__year=year,
        current=True,
        not_rated=False,
    ).values_list("rating", "proposed_rating")
    finals = [rating or proposed for rating, proposed in rows if rating or proposed]
    if not finals:
        return Measured(None, f"Chưa có kết quả xếp loại đảng viên năm {year}", False)
    good = sum(1 for r in finals if r in GOOD_OR_BETTER)
    share = (Decimal(good) * 100 / len(finals)).quantize(Decimal("0.1"))
    return Measured(
        share, f"{good}/{len(finals)} đảng viên = {format_figure(share)}%", share >= threshold
    )


def _regular_months(org: Organization, year: int, threshold: Decimal) -> Measured:
    months = (
        Meeting.objects.filter(
            organization=org, kind=MeetingKind.REGULAR, status=MeetingStatus.HELD, date__year=year
        )
        .annotate(month=ExtractMonth("date"))
        .values("month")
        .distinct()
        .count()
    )
    return Measured(
        Decimal(months), f"{months}/12 tháng có sinh hoạt thường kỳ", months >= threshold
    )


def _thematic_quarters(org: Organization, year: int) -> Measured:
    months = set(
        Meeting.objects.filter(
            organization=org, kind=MeetingKind.THEMATIC, status=MeetingStatus.HELD, date__year=year
        )
        .annotate(month=ExtractMonth("date"))
        .values_list("month", flat=True)
    )
    quarters = sorted({(m - 1) // 3 + 1 for m in months})
    missing = [q for q in (1, 2, 3, 4) if q not in quarters]
    text = f"{len(quarters)}/4 quý có sinh hoạt chuyên đề"
    if missing:
        text += " (thiếu quý " + ", ".join(str(q) for q in missing) + ")"
    return Measured(Decimal(len(quarters)), text, not missing)


def _disciplined(org: Organization, year: int) -> Measured:
    count = (
        MemberEvent.objects.filter(
            organization__path__startswith=org.path,
            kind=EventKind.DISCIPLINED,
            superseded=False,
            effective_on__year=year,
        )
        .values("member_id")
        .distinct()
        .count()
    )
    return Measured(Decimal(count), f"{count} đảng viên bị kỷ luật trong năm", count == 0)


def _admitted(org: Organization, year: int, threshold: Decimal) -> Measured:
    count = MemberEvent.objects.filter(
        organization__path__startswith=org.path,
        kind=EventKind.ADMITTED,
        superseded=False,
        effective_on__year=year,
    ).count()
    return Measured(Decimal(count), f"Kết nạp {count} đảng viên", count >= threshold)


def measure(criterion: FourGoodCriterion, org: Organization, year: int) -> Measured | None:
    """The automatic value of a criterion for `org` in `year` (None for a manual one)."""
    threshold = criterion.threshold if criterion.threshold is not None else Decimal(0)
    match criterion.measure:
        case Measure.ORG_RATING:
            return _organization_rating(org, year)
        case Measure.MEMBER_GOOD_SHARE:
            return _member_good_share(org, year, threshold)
        case Measure.REGULAR_MEETINGS:
            return _regular_months(org, year, threshold)
        case Measure.THEMATIC_QUARTERLY:
            return _thematic_quarters(org, year)
        case Measure.NO_DISCIPLINE:
            return _disciplined(org, year)
        case Measure.ADMISSIONS:
            return _admitted(org, year, threshold)
    return None


ASSESSED_KINDS = (*CELL_KINDS, OrgKind.GRASSROOTS_COMMITTEE)


def assessed_units(units: QuerySet[Organization], under: Organization) -> QuerySet[Organization]:
    """The cells and grassroots committees below `under` (itself included) among `units`."""
    return units.filter(path__startswith=under.path, kind__in=ASSESSED_KINDS).order_by("path")


def current_assessments(
    assessments: QuerySet[FourGoodAssessment], year: int, org_ids: list[int]
) -> dict[int, FourGoodAssessment]:
    rows = assessments.filter(year=year, current=True, organization_id__in=org_ids)
    return {a.organization_id: a for a in rows}


def sets_with_counts(sets: QuerySet[FourGoodCriteriaSet]) -> QuerySet[FourGoodCriteriaSet]:
    return sets.select_related("organization").annotate(
        criteria_count=Count("criteria", distinct=True),
        assessment_count=Count("assessments", distinct=True),
    )
