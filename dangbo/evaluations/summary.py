"""Summary tables of a round (issue #8 §4, "Results and reports"): for any unit of the round's
subtree, one row per direct child unit (its whole subtree) and the unit's total, for members
and for party organizations, and the list of members on the roll without a final rating.

The figures of a row:

- phải xếp loại (`roll`): members on the roll of a cell of the row on the rating day
  (queries.evaluated_on), without those exempted from activities (miễn sinh hoạt, counted
  apart in `exempt`: off the list and out of the quota, regulations.md §1.6 case 9); for
  organizations, the party organizations of the row active on the rating day, tổ đảng left out
  (they are not rated), the unit itself left out (its superior rates it);
- the four ratings: the current rows' final rating (the committee's decision, else the cell's
  proposal, as on the round page), each with its share of those rated (`rated`);
- không xếp loại (`not_rated`): rows the rules leave unrated (admitted, or founded, less than
  6 months before: regulations.md §1.5);
- chưa xếp loại (`pending` + `missing`): rows saved without a rating, and those to rate
  without a row at all.

Every figure is a GROUP BY in SQL on the prefix of the materialized path that names the child
unit, SUBSTR(path, 1, (depth + 1) × steplen), as meetings.rates does: five statements whatever
the size of the tree. Callers pass querysets already scoped by dangbo.access (`Visible`), so a
user counts only what they may see.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Substr

from dangbo.core.errors import field_error
from dangbo.core.formats import format_date, format_number
from dangbo.core.text import text_sort_key
from dangbo.evaluations.models import (
    SHORT,
    EvaluationRound,
    MemberEvaluation,
    OrganizationEvaluation,
    Rating,
)
from dangbo.evaluations.queries import evaluated_on
from dangbo.members.models import Member, MemberStatus
from dangbo.members.queries import members_as_of
from dangbo.orgs.models import Organization, OrgKind

RATINGS = (Rating.EXCELLENT, Rating.GOOD, Rating.SATISFACTORY, Rating.FAILED)
# Kinds never rated as organizations: a tổ đảng is part of its cell.
UNRATED_KINDS = (OrgKind.GROUP,)
# The not-classified list stops here; the page says how many more there are.
LIST_LIMIT = 1000


def percent_text(value: float | None) -> str:
    """ "87,5 %", "100 %", "—" when there is nothing to divide by."""
    if value is None:
        return "—"
    text = format_number(value, 1)
    return f"{text.removesuffix(',0')} %"


@dataclass
class Counts:
    """The figures of one row (module docstring)."""

    roll: int = 0
    ratings: Counter[str] = field(default_factory=Counter)
    not_rated: int = 0
    pending: int = 0
    exempt: int = 0

    @property
    def rated(self) -> int:
        return sum(self.ratings[r] for r in RATINGS)

    @property
    def missing(self) -> int:
        """To rate, but without a row yet."""
        return max(self.roll - self.rated - self.not_rated - self.pending, 0)

    @property
    def unrated(self) -> int:
        """Chưa xếp loại: a row without a rating, or no row at all."""
        return self.pending + self.missing

    def share(self, rating: str) -> float | None:
        return 100 * self.ratings[rating] / self.rated if self.rated else None

    def share_of(self, *ratings: str) -> float | None:
        return 100 * sum(self.ratings[r] for r in ratings) / self.rated if self.rated else None

    @property
    def good_or_better(self) -> float | None:
        return self.share_of(Rating.EXCELLENT, Rating.GOOD)

    @property
    def good_or_better_text(self) -> str:
        return percent_text(self.good_or_better)

    @property
    def cells(self) -> list[tuple[str, int, str]]:
        """(short name, count, share text) per rating, best first: for templates and exports."""
        return [(SHORT[r], self.ratings[r], percent_text(self.share(r))) for r in RATINGS]

    def add(self, other: Counts) -> None:
        self.roll += other.roll
        self.ratings.update(other.ratings)
        self.not_rated += other.not_rated
        self.pending += other.pending
        self.exempt += other.exempt


@dataclass
class SummaryRow:
    organization: Organization
    counts: Counts
    own: bool = False  # the unit's own members (it is a cell), not a child's subtree
    has_children: bool = False  # a child with units below it: the page links to its report


@dataclass
class SummaryTable:
    rows: list[SummaryRow]
    total: Counts


@dataclass
class Summary:
    round: EvaluationRound
    unit: Organization
    day: date
    members: SummaryTable
    organizations: SummaryTable


@dataclass(frozen=True)
class Visible:
    """What the caller may see, each already scoped by dangbo.access."""

    organizations: QuerySet[Organization]
    members: QuerySet[Member]
    member_evaluations: QuerySet[MemberEvaluation]
    organization_evaluations: QuerySet[OrganizationEvaluation]


def check_unit(round_: EvaluationRound, unit: Organization) -> None:
    """A round reports on its own subtree only."""
    if not unit.path.startswith(round_.organization.path):
        raise field_error(
            "don-vi",
            f"{unit.name} không thuộc phạm vi đợt đánh giá năm {round_.year} của "
            f"{round_.organization.name}.",
        )


def _fill(found: dict[str, Counts], rows: QuerySet[Any], key: Any, *, exempt: bool = False) -> None:
    """Count the evaluation rows (or, with `exempt`, the roll) grouped by `key`."""
    if exempt:
        grouped = rows.annotate(key=key).values("key", "status_on").annotate(n=Count("pk"))
        for row in grouped.order_by():
            counts = found.setdefault(row["key"], Counts())
            if row["status_on"] == MemberStatus.EXEMPT:
                counts.exempt += row["n"]
            else:
                counts.roll += row["n"]
        return
    grouped = rows.annotate(key=key).values("key", "rating", "proposed_rating", "not_rated")
    for row in grouped.annotate(n=Count("pk")).order_by():
        counts = found.setdefault(row["key"], Counts())
        final = row["rating"] or row["proposed_rating"]
        if row["not_rated"]:
            counts.not_rated += row["n"]
        elif final:
            counts.ratings[final] += row["n"]
        else:
            counts.pending += row["n"]


def counts_by(rows: QuerySet[Any], key: Any) -> dict[str, Counts]:
    """The counts of evaluation rows grouped by `key` (an expression): one statement."""
    found: dict[str, Counts] = {}
    _fill(found, rows.filter(current=True), key)
    return found


def tally(rows: QuerySet[Any]) -> Counts:
    """The counts of evaluation rows (member or organization) as one total: one statement."""
    found: dict[str, Counts] = {}
    _fill(found, rows.filter(current=True), Value("all", output_field=CharField()))
    return found.get("all", Counts())


def _active_on(orgs: QuerySet[Organization], day: date) -> QuerySet[Organization]:
    return orgs.filter(active_from__lte=day).filter(
        Q(active_to__isnull=True) | Q(active_to__gt=day)
    )


def _table(
    unit: Organization, children: list[Organization], found: dict[str, Counts], *, members: bool
) -> SummaryTable:
    rows = []
    for child in children:
        counts = found.get(child.path)
        if counts is None and child.kind in UNRATED_KINDS:
            continue
        rows.append(SummaryRow(child, counts or Counts(), has_children=child.numchild > 0))
    rows.sort(key=lambda r: text_sort_key(r.organization.name))
    own = found.get(unit.path)
    if members and (own is not None or unit.kind in (OrgKind.CELL, OrgKind.GRASSROOTS_CELL)):
        rows.insert(0, SummaryRow(unit, own or Counts(), own=True))
    total = Counts()
    for counts in found.values():
        total.add(counts)
    return SummaryTable(rows, total)


def summary(visible: Visible, round_: EvaluationRound, unit: Organization) -> Summary:
    """The member and organization tables of `unit` in `round_` (module docstring): five
    statements. ValidationError when the unit is outside the round."""
    check_unit(round_, unit)
    day = evaluated_on(round_)
    length = (unit.depth + 1) * Organization.steplen
    children = list(
        visible.organizations.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by()
    )
    people: dict[str, Counts] = {}
    _fill(
        people,
        visible.member_evaluations.filter(
            round=round_, current=True, organization__path__startswith=unit.path
        ),
        Substr("organization__path", 1, length),
    )
    subtree = Organization.objects.filter(path__startswith=unit.path)
    unit_path = Organization.objects.filter(pk=OuterRef("unit_on")).values("path")[:1]
    _fill(
        people,
        members_as_of(subtree, day).filter(pk__in=visible.members.values("pk")),
        Substr(Subquery(unit_path), 1, length),
        exempt=True,
    )
    bodies: dict[str, Counts] = {}
    to_rate = _active_on(
        visible.organizations.filter(path__startswith=unit.path, depth__gt=unit.depth), day
    ).exclude(kind__in=UNRATED_KINDS)
    for row in (
        to_rate.annotate(key=Substr("path", 1, length)).values("key").annotate(n=Count("pk"))
    ).order_by():
        bodies.setdefault(row["key"], Counts()).roll += row["n"]
    _fill(
        bodies,
        visible.organization_evaluations.filter(
            round=round_,
            current=True,
            organization__path__startswith=unit.path,
            organization__depth__gt=unit.depth,
        ),
        Substr("organization__path", 1, length),
    )
    return Summary(
        round=round_,
        unit=unit,
        day=day,
        members=_table(unit, children, people, members=True),
        organizations=_table(unit, children, bodies, members=False),
    )


class Reason:
    YOUNG = "young"
    PENDING = "pending"
    MISSING = "missing"
    EXEMPT = "exempt"


REASON_LABELS = {
    Reason.YOUNG: "Kết nạp chưa đủ 6 tháng: không xếp loại, vẫn kiểm điểm",
    Reason.PENDING: "Chi bộ đã lưu kết quả nhưng chưa có mức xếp loại",
    Reason.MISSING: "Có tên trong danh sách phải xếp loại nhưng chi bộ chưa nhập kết quả",
    Reason.EXEMPT: "Miễn công tác và sinh hoạt đảng: không đánh giá, xếp loại",
}


@dataclass(frozen=True)
class Unclassified:
    member: Member
    cell: Organization
    reason: str
    detail: str = ""

    @property
    def reason_text(self) -> str:
        return self.detail or REASON_LABELS[self.reason]

    @property
    def exempt(self) -> bool:
        return self.reason == Reason.EXEMPT


@dataclass
class UnclassifiedList:
    rows: list[Unclassified]
    more: int = 0  # rows left off past LIST_LIMIT

    @property
    def to_rate(self) -> list[Unclassified]:
        return [r for r in self.rows if not r.exempt]

    @property
    def exempt(self) -> list[Unclassified]:
        return [r for r in self.rows if r.exempt]


def _young_detail(member: Member, reasons: list[str]) -> str:
    for reason in reasons:
        if reason.startswith("Kết nạp"):
            return reason
    if member.admitted_on:
        return (
            f"Kết nạp ngày {format_date(member.admitted_on)}, chưa đủ 6 tháng: không xếp loại, "
            "vẫn kiểm điểm."
        )
    return REASON_LABELS[Reason.YOUNG]


def unclassified(visible: Visible, round_: EvaluationRound, unit: Organization) -> UnclassifiedList:
    """Every member on the roll of the unit's subtree on the rating day without a final
    rating, with why (module docstring), then the exempted members apart. Three statements:
    the roll, the rows of those on it, the cells."""
    check_unit(round_, unit)
    day = evaluated_on(round_)
    rated = visible.member_evaluations.filter(
        round=round_, current=True, member=OuterRef("pk"), not_rated=False
    ).exclude(rating="", proposed_rating="")
    waiting = (
        members_as_of(Organization.objects.filter(path__startswith=unit.path), day)
        .filter(pk__in=visible.members.values("pk"))
        .exclude(Exists(rated))
        .order_by("name_sort", "id")
    )
    roll = list(waiting[: LIST_LIMIT + 1])
    more = waiting.count() - LIST_LIMIT if len(roll) > LIST_LIMIT else 0
    roll = roll[:LIST_LIMIT]
    rows = {
        e.member_id: e
        for e in visible.member_evaluations.filter(
            round=round_, current=True, member__in=[m.pk for m in roll]
        ).only("member_id", "not_rated", "rating", "proposed_rating", "rule_reasons")
    }
    cells = Organization.objects.in_bulk({m.unit_on for m in roll})  # type: ignore[attr-defined]
    found: list[Unclassified] = []
    for member in roll:
        cell = cells[member.unit_on]  # type: ignore[attr-defined]
        row = rows.get(member.pk)
        if member.status_on == MemberStatus.EXEMPT:  # type: ignore[attr-defined]
            found.append(Unclassified(member, cell, Reason.EXEMPT))
        elif row is None:
            found.append(Unclassified(member, cell, Reason.MISSING))
        elif row.not_rated:
            found.append(
                Unclassified(member, cell, Reason.YOUNG, _young_detail(member, row.rule_reasons))
            )
        elif not row.final_rating:
            found.append(Unclassified(member, cell, Reason.PENDING))
    found.sort(key=lambda r: (r.exempt, r.cell.path))
    return UnclassifiedList(found, more)


__all__ = [
    "RATINGS",
    "REASON_LABELS",
    "Counts",
    "Reason",
    "Summary",
    "SummaryRow",
    "SummaryTable",
    "Unclassified",
    "UnclassifiedList",
    "Visible",
    "check_unit",
    "counts_by",
    "percent_text",
    "summary",
    "tally",
    "unclassified",
]
