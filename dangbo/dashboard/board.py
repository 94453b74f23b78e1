"""The whole dashboard of one unit and its subtree (issue #9 §4), gathered once and shown by
the page and the PDF alike.

Its cost does not grow with the tree: every section is a fixed number of statements (the
header 2, members 6, meetings 4, evaluations 3, the program 1–2 plus the measures', overdue
tasks 2, the charts 2, reporting completeness a few per form), tested with
django_assert_max_num_queries."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.utils.http import urlencode

from dangbo.core.formats import format_date, format_number
from dangbo.dashboard import completeness, figures, program, trends
from dangbo.dashboard.header import Header, header
from dangbo.dashboard.program import Overdue, TargetRow
from dangbo.dashboard.visible import Visible
from dangbo.documents.models import Document
from dangbo.evaluations.summary import Counts, percent_text
from dangbo.meetings.rates import Figures
from dangbo.orgs.models import Organization
from dangbo.targets import measured

UNIT_PARAM = "to_chuc"


def page_query(unit: Organization) -> str:
    return urlencode({UNIT_PARAM: unit.pk})


@dataclass(frozen=True)
class ChildRow:
    """One child unit's line of the drill-down table: its subtree's figures side by side."""

    organization: Organization
    members: int
    meetings: Figures | None
    evaluation: Counts | None

    @property
    def query(self) -> str:
        return page_query(self.organization)

    @property
    def members_text(self) -> str:
        return format_number(self.members)

    @property
    def held_text(self) -> str:
        return percent_text(self.meetings.held_share if self.meetings else None)

    @property
    def attendance_text(self) -> str:
        return percent_text(self.meetings.rate if self.meetings else None)

    @property
    def good_text(self) -> str:
        return percent_text(self.evaluation.good_or_better if self.evaluation else None)


@dataclass(frozen=True)
class Dashboard:
    header: Header
    day: date
    program: Document | None
    program_from_below: bool
    targets: list[TargetRow]
    overdue: Overdue
    members: figures.Members
    meetings: figures.Meetings
    evaluations: figures.Evaluations
    children: list[ChildRow]
    charts: list[trends.Chart]
    heats: list[completeness.FormHeat]

    @property
    def unit(self) -> Organization:
        return self.header.unit

    @property
    def day_text(self) -> str:
        return format_date(self.day)

    @property
    def query(self) -> str:
        return page_query(self.unit)

    @property
    def unit_values(self) -> bool:
        """Whether any target shows this unit's own value beside the measured one."""
        return any(r.unit_value for r in self.targets)

    @property
    def held_text(self) -> str:
        return percent_text(self.meetings.total.held_share)

    @property
    def attendance_text(self) -> str:
        return percent_text(self.meetings.total.rate)

    @property
    def chart_data(self) -> list[dict[str, object]]:
        return [c.as_json() for c in self.charts]


def _for_reader(row: TargetRow, top: Header, values: dict[int, float]) -> TargetRow:
    """This unit's own value, where the target is measured on another unit (a cell reading
    its commune's program); and the target's page instead of the drill-down of a unit the
    reader may not open (a cell secretary and the commune's figures)."""
    if row.organization_id is None or row.organization_id == top.unit.pk:
        return row
    opens = row.organization_path.startswith(top.unit.path) or any(
        a.pk == row.organization_id for a in top.ancestors
    )
    own = values.get(row.target.pk)
    return replace(
        row,
        unit_value="" if own is None else measured.figure(own, row.target.unit),
        link=row.link if opens else row.target_link,
    )


def build(visible: Visible, unit: Organization, day: date) -> Dashboard:
    """Every section of the dashboard of `unit` (which the caller has checked the reader may
    see), counting only what the reader may see."""
    top = header(visible.organizations, unit)
    doc, from_below = program.current_program(visible, unit)
    rows = program.target_rows(visible, doc, day) if doc is not None else []
    targets = [r.target for r in rows]
    kinds = {r.target.pk: r.period_kind for r in rows if r.period_kind}
    drawn = trends.trends(visible, unit, targets, day, kinds)
    rows = [_for_reader(r, top, drawn.unit_values) for r in rows]
    members = figures.members(visible, unit, day)
    meetings = figures.meetings(visible, unit, day)
    evaluations = figures.evaluations(visible, unit)
    children = [
        ChildRow(
            child,
            members.by_child.get(child.pk, 0),
            meetings.by_child.get(child.pk),
            evaluations.by_child.get(child.path),
        )
        for child in top.children
    ]
    return Dashboard(
        header=top,
        day=day,
        program=doc,
        program_from_below=from_below,
        targets=rows,
        overdue=program.overdue_tasks(visible, unit, day),
        members=members,
        meetings=meetings,
        evaluations=evaluations,
        children=children,
        charts=[c for c in drawn.charts if not c.empty],
        heats=completeness.heats(visible, unit, day),
    )
