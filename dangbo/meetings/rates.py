"""Attendance rates of cell meetings (issue #7): per cell, and for any unit over its subtree.

The figures of a period (a year, or any two days, both included):

- chi bộ (`cells`): the cells (chi bộ cơ sở, chi bộ trực thuộc) active on some day of it;
- kế hoạch (`planned`): the meetings on the cells' calendars dated in it, whatever their status
  (a held meeting was planned first);
- đến hạn (`due`): of those, the ones dated on or before today;
- đã họp (`held`): the ones recorded as held (services.hold_meeting);
- % đã họp (`held_share`) = held / due × 100;
- attendance: the rows of the held meetings of the period, by mark. Rows of members exempted
  from party activities (miễn sinh hoạt, `Attendance.exempt`) are counted apart (`exempt`)
  and left out of the three marks;
- tỷ lệ dự họp (`rate`) = present / (present + excused + unexcused) × 100, exempt rows left
  out of both, as they are of the quorum (models.Attendance).

A unit's figures are those of its subtree. Every read is a GROUP BY in SQL over the rows the
caller's querysets let through (already scoped by dangbo.access: `Visible.of(user)`), never a
loop over members or meetings in Python:

- `subtree_rates`: one row per direct child unit (its whole subtree, grouped on the child's
  path prefix, SUBSTR(path, 1, (depth + 1) × steplen), as members.statistics does), plus the
  unit's own meetings when it is a cell itself, and their total: 4 statements (cells,
  meetings, attendance, the child units), whatever the size of the tree;
- `cell_rates`: one row per cell of a subtree, grouped on the cell's id: 3 statements.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Substr

from dangbo.access.scoping import scope
from dangbo.core.clock import today
from dangbo.core.text import text_sort_key
from dangbo.meetings.models import Attendance, Mark, Meeting, MeetingStatus
from dangbo.orgs.models import CELL_KINDS, Organization, OrgKind

# How many of a table's rows are highlighted as the lowest rates: a quarter of the rows with
# a rate, at least one and at most three (a table of one row highlights nothing).
MOST_LOWEST = 3


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # included

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))


@dataclass
class Figures:
    """The counts of a cell or a subtree; `rate` and `held_share` are percentages or None
    when nothing was counted."""

    cells: int = 0
    planned: int = 0
    due: int = 0
    held: int = 0
    present: int = 0
    excused: int = 0
    unexcused: int = 0
    exempt: int = 0

    @property
    def marked(self) -> int:
        return self.present + self.excused + self.unexcused

    @property
    def rate(self) -> float | None:
        return self.present * 100 / self.marked if self.marked else None

    @property
    def held_share(self) -> float | None:
        return self.held * 100 / self.due if self.due else None

    def add(self, other: Figures) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass
class UnitRates:
    organization: Organization
    figures: Figures
    own: bool = False  # the unit's own meetings (it is a cell), not a child's subtree
    lowest: bool = False


@dataclass
class RateTable:
    unit: Organization
    period: Period
    total: Figures
    rows: list[UnitRates] = field(default_factory=list)


@dataclass(frozen=True)
class Visible:
    """What the caller may see, each already scoped by dangbo.access."""

    organizations: QuerySet[Organization]
    meetings: QuerySet[Meeting]
    attendance: QuerySet[Attendance]

    @classmethod
    def of(cls, user: Any) -> Visible:
        """A member (node-only grant) sees their cell's meetings but only their own marks, so
        their rate is their own."""
        return cls(scope(user, Organization), scope(user, Meeting), scope(user, Attendance))


def _active_in(org: Organization, period: Period) -> bool:
    return org.active_from <= period.end and (org.active_to is None or org.active_to > period.start)


def _cells(visible: Visible, unit: Organization, period: Period) -> QuerySet[Organization]:
    return (
        visible.organizations.filter(
            path__startswith=unit.path, kind__in=CELL_KINDS, active_from__lte=period.end
        )
        .filter(Q(active_to__isnull=True) | Q(active_to__gt=period.start))
        .order_by()
    )


def _meetings(visible: Visible, unit: Organization, period: Period) -> QuerySet[Meeting]:
    return visible.meetings.filter(
        organization__path__startswith=unit.path,
        date__gte=period.start,
        date__lte=period.end,
    ).order_by()


def _attendance(visible: Visible, unit: Organization, period: Period) -> QuerySet[Attendance]:
    return visible.attendance.filter(
        meeting__organization__path__startswith=unit.path,
        meeting__status=MeetingStatus.HELD,
        meeting__date__gte=period.start,
        meeting__date__lte=period.end,
    ).order_by()


def _meeting_counts(day: date) -> dict[str, Count]:
    return {
        "planned": Count("pk"),
        "due": Count("pk", filter=Q(date__lte=day)),
        "held": Count("pk", filter=Q(status=MeetingStatus.HELD)),
    }


_MARK_COUNTS = {
    "present": Count("pk", filter=Q(mark=Mark.PRESENT, exempt=False)),
    "excused": Count("pk", filter=Q(mark=Mark.EXCUSED, exempt=False)),
    "unexcused": Count("pk", filter=Q(mark=Mark.UNEXCUSED, exempt=False)),
    "exempt": Count("pk", filter=Q(exempt=True)),
}


def _fill(found: dict[Any, Figures], rows: QuerySet[Any], key: Any, counts: dict[str, Any]) -> None:
    """Add the counts of `rows` grouped by `key` (an expression) to `found`: one statement."""
    for row in rows.annotate(key=key).values("key").annotate(**counts):
        figures = found.setdefault(row.pop("key"), Figures())
        for name, value in row.items():
            setattr(figures, name, value)


def _meetings_and_marks(
    found: dict[Any, Figures],
    visible: Visible,
    unit: Organization,
    period: Period,
    key: Callable[[str], Any],
) -> None:
    """Meetings and attendance grouped by `key(lookup of the cell)`: two statements."""
    _fill(found, _meetings(visible, unit, period), key("organization"), _meeting_counts(today()))
    _fill(found, _attendance(visible, unit, period), key("meeting__organization"), _MARK_COUNTS)


def _mark_lowest(rows: list[UnitRates]) -> None:
    rated = [r for r in rows if r.figures.rate is not None]
    if len(rated) < 2:
        return
    count = max(1, min(MOST_LOWEST, len(rated) // 4))
    rated.sort(key=lambda r: (r.figures.rate, text_sort_key(r.organization.name)))
    for row in rated[:count]:
        row.lowest = True


def subtree_rates(visible: Visible, unit: Organization, period: Period) -> RateTable:
    """The unit's total and one row per direct child unit with its subtree's figures (child
    units with nothing counted and no active cell are left out, as are tổ đảng); a cell
    shows its own meetings as its only row. Four statements."""
    length = (unit.depth + 1) * Organization.steplen
    found: dict[str, Figures] = {}
    _fill(found, _cells(visible, unit, period), Substr("path", 1, length), {"cells": Count("pk")})
    _meetings_and_marks(
        found, visible, unit, period, lambda cell: Substr(f"{cell}__path", 1, length)
    )
    children = list(
        visible.organizations.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by()
    )
    table = RateTable(unit, period, Figures())
    for child in children:
        figures = found.get(child.path)
        if figures is None and (child.kind == OrgKind.GROUP or not _active_in(child, period)):
            continue
        table.rows.append(UnitRates(child, figures or Figures()))
    table.rows.sort(key=lambda r: text_sort_key(r.organization.name))
    own = found.get(unit.path)
    if own is not None or unit.kind in CELL_KINDS:
        table.rows.insert(0, UnitRates(unit, own or Figures(), own=True))
    for figures in found.values():
        table.total.add(figures)
    _mark_lowest(table.rows)
    return table


def cell_rates(visible: Visible, unit: Organization, period: Period) -> list[UnitRates]:
    """One row per cell of the unit's subtree (the unit itself when it is a cell) active in
    the period or with meetings in it, by path: three statements."""
    met = _meetings(visible, unit, period).filter(organization=OuterRef("pk"))
    cells = (
        visible.organizations.filter(path__startswith=unit.path, kind__in=CELL_KINDS)
        .filter(
            Q(active_from__lte=period.end)
            & (Q(active_to__isnull=True) | Q(active_to__gt=period.start))
            | Exists(met)
        )
        .only("id", "name", "path", "depth", "kind", "active_from", "active_to")
        .order_by("path")
    )
    found: dict[int, Figures] = {}
    rows = []
    for cell in cells:
        found[cell.pk] = Figures(cells=int(_active_in(cell, period)))
        rows.append(UnitRates(cell, found[cell.pk]))
    _meetings_and_marks(found, visible, unit, period, lambda cell: F(f"{cell}_id"))
    _mark_lowest(rows)
    return rows


__all__ = [
    "Figures",
    "Period",
    "RateTable",
    "UnitRates",
    "Visible",
    "cell_rates",
    "subtree_rates",
]
