"""Reads for study of resolutions: sessions with their counts, and coverage of a document
(what share of the members on the roll, not exempt, studied it). Aggregates run in SQL
(GROUP BY the child unit's path prefix), never a Python loop over members (DESIGN rule 7).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Substr

from dangbo.documents.models import Document
from dangbo.members.models import Member, MemberStatus
from dangbo.members.queries import members_as_of
from dangbo.orgs.models import Organization
from dangbo.study.models import StudyAttendance, StudySession


def sessions_with_counts(sessions: QuerySet[StudySession]) -> QuerySet[StudySession]:
    return sessions.select_related("document", "organization").annotate(
        present_count=Count("attendances", filter=Q(attendances__present=True))
    )


def subtree(organization: Organization) -> QuerySet[Organization]:
    return Organization.objects.filter(path__startswith=organization.path)


def studied(document: Document, as_of: date) -> Exists:
    """Whether the outer member attended a session of `document` held by `as_of`."""
    return Exists(
        StudyAttendance.objects.filter(
            member=OuterRef("pk"),
            present=True,
            session__document=document,
            session__held_on__lte=as_of,
        )
    )


def expected_members(document: Document, organization: Organization, as_of: date) -> QuerySet:
    """Members on the roll of the subtree on `as_of`, not exempt, with `studied` set."""
    on_roll: QuerySet[Any] = members_as_of(subtree(organization), as_of)
    return on_roll.exclude(status_on=MemberStatus.EXEMPT).annotate(studied=studied(document, as_of))


@dataclass(frozen=True)
class CoverageRow:
    organization: Organization
    expected: int
    studied: int

    @property
    def percent(self) -> float | None:
        return None if not self.expected else 100.0 * self.studied / self.expected

    @property
    def missing(self) -> int:
        return self.expected - self.studied


@dataclass(frozen=True)
class Coverage:
    organization: Organization
    as_of: date
    rows: list[CoverageRow]  # one per child unit (the unit itself for members placed there)
    total: CoverageRow


def coverage(document: Document, organization: Organization, as_of: date) -> Coverage:
    """Per child unit of `organization` and for its whole subtree. Two queries: the grouped
    counts, and the names of the units they belong to."""
    width = len(organization.path) + Organization.steplen
    unit_path = Organization.objects.filter(pk=OuterRef("unit_on")).values("path")[:1]
    grouped = (
        expected_members(document, organization, as_of)
        .annotate(branch=Substr(Subquery(unit_path), 1, width))
        .order_by()
        .values("branch")
        .annotate(
            expected=Count("pk", output_field=IntegerField()),
            done=Count("pk", filter=Q(studied=True), output_field=IntegerField()),
        )
    )
    counts = {row["branch"]: (row["expected"], row["done"]) for row in grouped}
    units = {
        o.path: o
        for o in Organization.objects.filter(
            Q(path=organization.path)
            | Q(path__startswith=organization.path, depth=organization.depth + 1)
        ).only("id", "name", "path", "depth", "kind")
    }
    rows = []
    for path in sorted(units):
        if path == organization.path and path not in counts:
            continue  # no member placed directly in the unit: no row of its own
        expected, done = counts.get(path, (0, 0))
        rows.append(CoverageRow(units[path], expected, done))
    total = CoverageRow(
        organization,
        sum(e for e, _ in counts.values()),
        sum(d for _, d in counts.values()),
    )
    return Coverage(organization, as_of, rows, total)


def not_studied(document: Document, organization: Organization, as_of: date) -> QuerySet[Member]:
    """Those expected who have not studied the document yet, in the roll's name order
    (paginate it: a province has thousands)."""
    return (
        expected_members(document, organization, as_of)
        .filter(studied=False)
        .select_related("organization")
        .order_by("name_sort", "pk")
    )


def sheet_members(session: StudySession) -> QuerySet[Member]:
    """The attendance sheet: the roll of the organiser's subtree on the session day, with
    `present` marking who attended."""
    present = StudyAttendance.objects.filter(session=session, member=OuterRef("pk"), present=True)
    return (
        members_as_of(subtree(session.organization), session.held_on)
        .annotate(present=Exists(present))
        .select_related("organization")
        .order_by("name_sort", "pk")
    )
