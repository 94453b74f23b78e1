"""Alerts: members with a run of unexcused absences, cells with no meeting in a month."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.core.models import Rule
from dangbo.meetings import services
from dangbo.meetings.models import Attendance, Mark, Meeting
from dangbo.meetings.queries import (
    cells_without_meeting,
    supervisor_attendance,
    unexcused_months,
    unexcused_streaks,
)
from dangbo.meetings.tests.helpers import Cell, cell_with_members, plan, sheet
from dangbo.orgs.models import Organization

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]


def _held(cell: Cell, day: dt.date, *marks: str) -> None:
    meeting = plan(cell, day=day)
    services.record_attendance(actor=None, meeting=meeting, sheet=sheet(cell, *marks))
    services.hold_meeting(actor=None, meeting=meeting)


def test_three_unexcused_absences_in_a_row_raise_an_alert(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a, count=5)
    for month in (1, 2, 3):
        _held(cell, dt.date(2025, month, 10), Mark.UNEXCUSED, Mark.UNEXCUSED)
    # The second member came in April: their run is broken, the first member's is not.
    _held(cell, dt.date(2025, 4, 10), Mark.UNEXCUSED, Mark.PRESENT)
    streaks = unexcused_streaks(Attendance.objects.all(), dt.date(2025, 4, 30))
    assert [(s.member_id, s.count, s.since) for s in streaks] == [
        (cell.members[0].pk, 4, dt.date(2025, 1, 10))
    ]


def test_an_excused_absence_breaks_the_run(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a, count=5)
    _held(cell, dt.date(2025, 1, 10), Mark.UNEXCUSED)
    _held(cell, dt.date(2025, 2, 10), Mark.EXCUSED)
    _held(cell, dt.date(2025, 3, 10), Mark.UNEXCUSED)
    _held(cell, dt.date(2025, 4, 10), Mark.UNEXCUSED)
    assert unexcused_streaks(Attendance.objects.all(), dt.date(2025, 4, 30)) == []


def test_the_alert_count_is_a_rule_setting(tree: Tree) -> None:
    Rule.objects.create(
        key="meetings.unexcused_streak",
        valid_from=dt.date(2025, 1, 1),
        value=2,
        source="Quy chế làm việc của Đảng ủy (thử nghiệm)",
    )
    cell = cell_with_members(tree.cell_a, count=5)
    _held(cell, dt.date(2025, 3, 10), Mark.UNEXCUSED)
    _held(cell, dt.date(2025, 4, 10), Mark.UNEXCUSED)
    assert len(unexcused_streaks(Attendance.objects.all(), dt.date(2025, 4, 30))) == 1


def test_a_cell_without_a_held_meeting_in_the_month_is_listed(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a)
    _held(cell, dt.date(2025, 3, 10))
    plan(cell_with_members(tree.cell_b), day=dt.date(2025, 3, 12))  # planned, never held
    missing = cells_without_meeting(Organization.objects.all(), 2025, 3)
    assert missing == [tree.cell_b]
    assert set(cells_without_meeting(Organization.objects.all(), 2025, 4)) == {
        tree.cell_a,
        tree.cell_b,
    }


def test_a_committee_member_in_charge_who_missed_a_meeting_is_below_the_yearly_share(
    tree: Tree,
) -> None:
    cell = cell_with_members(tree.cell_a, count=5)
    supervisor = cell.members[4]
    for month, attended in ((1, True), (2, False), (3, True)):
        meeting = plan(cell, day=dt.date(2025, month, 10), supervisor=supervisor)
        services.update_meeting(actor=None, meeting=meeting, supervisor_attended=attended)
        services.record_attendance(actor=None, meeting=meeting, sheet=sheet(cell))
        services.hold_meeting(actor=None, meeting=meeting)
    [row] = supervisor_attendance(Meeting.objects.all(), 2025)
    assert (row.member_id, row.held, row.attended, row.needed, row.below) == (
        supervisor.pk,
        3,
        2,
        3,
        True,
    )
    Rule.objects.create(
        key="meetings.supervisor_share",
        valid_from=dt.date(2025, 1, 1),
        value={"numerator": 2, "denominator": 3},
        source="Quy chế làm việc của Đảng ủy (thử nghiệm)",
    )
    [row] = supervisor_attendance(Meeting.objects.all(), 2025)
    assert row.needed == 2 and not row.below


def test_three_months_of_unexcused_absences_in_a_year_count_even_when_not_consecutive(
    tree: Tree,
) -> None:
    """regulations.md §3.6: three months in the calendar year, consecutive or not."""
    cell = cell_with_members(tree.cell_a, count=5)
    for month, first in (
        (1, Mark.UNEXCUSED),
        (2, Mark.PRESENT),
        (5, Mark.UNEXCUSED),
        (6, Mark.EXCUSED),
        (9, Mark.UNEXCUSED),
    ):
        _held(cell, dt.date(2025, month, 10), first, Mark.UNEXCUSED)
    # The first member has no run of three, so the streak warning leaves them out.
    streaks = unexcused_streaks(Attendance.objects.all(), dt.date(2025, 9, 30))
    assert [s.member_id for s in streaks] == [cell.members[1].pk]
    listed = unexcused_months(Attendance.objects.all(), 2025)
    assert [(s.member_id, s.months) for s in listed] == [
        (cell.members[1].pk, (1, 2, 5, 6, 9)),
        (cell.members[0].pk, (1, 5, 9)),
    ]
    assert listed[1].months_text == "1, 5, 9"
    # Another calendar year starts from nothing.
    assert unexcused_months(Attendance.objects.all(), 2026) == []


def test_two_absences_in_one_month_count_as_one_month(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a, count=5)
    _held(cell, dt.date(2025, 3, 3), Mark.UNEXCUSED)
    _held(cell, dt.date(2025, 3, 24), Mark.UNEXCUSED)
    _held(cell, dt.date(2025, 4, 10), Mark.UNEXCUSED)
    assert unexcused_months(Attendance.objects.all(), 2025) == []
    assert len(unexcused_months(Attendance.objects.all(), 2025, threshold=2)) == 1


def test_the_months_in_a_year_are_a_rule_setting(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a, count=5)
    _held(cell, dt.date(2025, 3, 10), Mark.UNEXCUSED)
    _held(cell, dt.date(2025, 7, 10), Mark.UNEXCUSED)
    assert unexcused_months(Attendance.objects.all(), 2025) == []
    Rule.objects.create(
        key="meetings.unexcused_months",
        valid_from=dt.date(2025, 1, 1),
        value=2,
        source="Quy chế làm việc của Đảng ủy (thử nghiệm)",
    )
    assert len(unexcused_months(Attendance.objects.all(), 2025)) == 1


def test_the_alerts_page_lists_members_who_skipped_three_months(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    cell = cell_with_members(tree.cell_a, count=5)
    for month, mark in ((2, Mark.UNEXCUSED), (3, Mark.PRESENT), (4, Mark.UNEXCUSED)):
        _held(cell, dt.date(2025, month, 10), mark)
    _held(cell, dt.date(2025, 8, 10), Mark.UNEXCUSED)
    text = client_for(province_admin).get("/sinh-hoat/canh-bao/?thang=8&nam=2025").content.decode()
    assert (
        f"{cell.members[0].full_name} — {tree.cell_a.name}: vắng không lý do trong 3 tháng "
        "(tháng 2, 4, 8)" in text
    )
    # The streak list does not name them: the absences were not in a row.
    streaks = text.split("nhiều kỳ liên tiếp")[1].split("</ul>")[0]
    assert cell.members[0].full_name not in streaks
