"""Planning, noticing, attendance and holding of cell meetings through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import Tree
from dangbo.audit.models import AuditEvent
from dangbo.core.clock import today
from dangbo.core.models import Rule
from dangbo.meetings import services
from dangbo.meetings.models import Attendance, Mark, MeetingStatus
from dangbo.meetings.queries import attendance_sheet
from dangbo.meetings.tests.helpers import MEETING_DAY, cell_with_members, plan, refused, sheet
from dangbo.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_a_planned_meeting_is_audited_and_publishing_its_notice_stamps_it(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell)
    assert meeting.status == MeetingStatus.PLANNED and not meeting.notice_published
    services.publish_notice(actor=None, meeting=meeting)
    assert meeting.notice_published
    actions = list(AuditEvent.objects.values_list("action", flat=True).order_by("seq"))
    assert actions[-2:] == ["meeting.create", "meeting.publish"]


def test_a_notice_without_a_place_is_refused(tree: Tree) -> None:
    meeting = plan(cell_with_members(tree.cell_a), place="")
    with refused("place", "địa điểm"):
        services.publish_notice(actor=None, meeting=meeting)


def test_a_meeting_of_a_commune_committee_is_refused(tree: Tree) -> None:
    with refused("organization", "chi bộ"):
        services.create_meeting(
            actor=None, organization=tree.commune, date=MEETING_DAY, agenda="Họp"
        )


def test_a_meeting_without_agenda_is_refused(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a)
    with refused("agenda", "chủ đề"):
        plan(cell, agenda="   ")


def test_a_quality_outside_the_rule_scale_is_refused(tree: Tree) -> None:
    meeting = plan(cell_with_members(tree.cell_a))
    with refused("quality", "Tốt"):
        services.update_meeting(actor=None, meeting=meeting, quality="xuat_sac")
    services.update_meeting(actor=None, meeting=meeting, quality="tot")
    assert meeting.quality == "tot"


def test_a_chair_from_another_cell_is_refused(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a)
    stranger = MemberFactory.create(organization=tree.cell_b)
    with refused("chair", "không có tên"):
        plan(cell, chair=stranger)


def test_a_whole_sheet_is_saved_at_once_and_exempt_members_are_shown_apart(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell)
    services.record_attendance(
        actor=None, meeting=meeting, sheet=sheet(cell, Mark.EXCUSED, Mark.UNEXCUSED)
    )
    result = attendance_sheet(meeting)
    assert [e.member for e in result.exempt] == [cell.exempt]
    assert len(result.members) == 4
    assert result.counts == {"present": 2, "excused": 1, "unexcused": 1}
    assert Attendance.objects.get(member=cell.members[0]).reason == "Đi công tác"
    # Saving again replaces the marks instead of adding rows.
    services.record_attendance(actor=None, meeting=meeting, sheet=sheet(cell))
    assert Attendance.objects.filter(meeting=meeting).count() == 4
    assert attendance_sheet(meeting).counts["present"] == 4
    assert AuditEvent.objects.filter(action="meeting.attendance").count() == 2


def test_attendance_for_a_member_of_another_cell_is_refused(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell)
    stranger = MemberFactory.create(organization=tree.cell_b, full_name="Võ Thị Lạ")
    rows = sheet(cell) | {stranger.pk: (Mark.PRESENT, "")}
    with refused("attendance", f"mã {stranger.pk}"):
        services.record_attendance(actor=None, meeting=meeting, sheet=rows)


def test_attendance_for_a_member_admitted_after_the_meeting_is_refused(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell)
    late = MemberFactory.create(
        organization=tree.cell_a,
        full_name="Đinh Văn Mới",
        decision_date=dt.date(2025, 5, 2),
        admitted_on=dt.date(2025, 5, 20),
        official_on=None,
    )
    rows = sheet(cell) | {late.pk: (Mark.PRESENT, "")}
    with refused("attendance", f"mã {late.pk}"):
        services.record_attendance(actor=None, meeting=meeting, sheet=rows)


def test_an_excused_absence_without_reason_is_refused(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell)
    rows = sheet(cell) | {cell.members[2].pk: (Mark.EXCUSED, " ")}
    with refused("attendance", "lý do"):
        services.record_attendance(actor=None, meeting=meeting, sheet=rows)


def test_an_unknown_mark_is_refused(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell)
    rows = sheet(cell) | {cell.members[2].pk: ("maybe", "")}
    with refused("attendance", "không hợp lệ"):
        services.record_attendance(actor=None, meeting=meeting, sheet=rows)


def test_a_sheet_missing_a_member_is_refused(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell)
    rows = sheet(cell)
    del rows[cell.members[3].pk]
    with refused("attendance", cell.members[3].full_name):
        services.record_attendance(actor=None, meeting=meeting, sheet=rows)


def test_attendance_for_a_meeting_in_the_future_is_refused(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell, day=today() + dt.timedelta(days=7))
    with refused("date", "chưa diễn ra"):
        services.record_attendance(actor=None, meeting=meeting, sheet=sheet(cell))


def test_a_meeting_in_the_future_cannot_be_marked_held(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell, day=today() + dt.timedelta(days=1))
    with refused("date", "chưa diễn ra"):
        services.hold_meeting(actor=None, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_a_meeting_is_held_when_more_than_half_are_present(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell)
    # 3 of 4 present; the exempt member is not counted in the 4.
    services.record_attendance(actor=None, meeting=meeting, sheet=sheet(cell, Mark.UNEXCUSED))
    services.hold_meeting(actor=None, meeting=meeting)
    assert meeting.status == MeetingStatus.HELD
    assert AuditEvent.objects.filter(action="meeting.hold").count() == 1


def test_exactly_half_present_is_below_quorum_and_refused(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell)
    services.record_attendance(
        actor=None, meeting=meeting, sheet=sheet(cell, Mark.EXCUSED, Mark.UNEXCUSED)
    )
    with refused("attendance", "có mặt 2/4"):
        services.hold_meeting(actor=None, meeting=meeting)


def test_the_quorum_follows_a_new_rule_row(tree: Tree) -> None:
    Rule.objects.create(
        key="meetings.quorum",
        valid_from=dt.date(2025, 1, 1),
        value={"numerator": 1, "denominator": 2, "strict": False},
        source="Quy chế làm việc của Đảng ủy (thử nghiệm)",
    )
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell)
    services.record_attendance(
        actor=None, meeting=meeting, sheet=sheet(cell, Mark.EXCUSED, Mark.UNEXCUSED)
    )
    services.hold_meeting(actor=None, meeting=meeting)
    assert meeting.is_held


def test_holding_without_a_complete_sheet_is_refused(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell)
    with refused("attendance", "Chưa điểm danh"):
        services.hold_meeting(actor=None, meeting=meeting)


def test_holding_without_a_chair_is_refused(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell, chair=None)
    with refused("chair", "chủ trì"):
        services.hold_meeting(actor=None, meeting=meeting)


def test_a_held_meeting_keeps_its_date(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell)
    services.record_attendance(actor=None, meeting=meeting, sheet=sheet(cell))
    services.hold_meeting(actor=None, meeting=meeting)
    with refused("date", "đã họp"):
        services.update_meeting(actor=None, meeting=meeting, date=dt.date(2025, 3, 11))
    services.update_meeting(actor=None, meeting=meeting, conclusions="Thống nhất nghị quyết.")
    meeting.refresh_from_db()
    assert meeting.conclusions == "Thống nhất nghị quyết."


def test_a_yearly_plan_adds_one_regular_meeting_per_missing_month(tree: Tree) -> None:
    cell = cell_with_members(tree.cell_a)
    plan(cell, day=dt.date(2025, 3, 10))
    created = services.plan_year(
        actor=None, organization=tree.cell_a, year=2025, day_of_month=31, place="Nhà văn hóa"
    )
    assert len(created) == 11
    days = {m.date for m in created}
    assert dt.date(2025, 2, 28) in days and dt.date(2025, 4, 30) in days
    assert not any(day.month == 3 for day in days)
    assert AuditEvent.objects.filter(action="meeting.create").count() == 12
    with refused("year", "đã có đủ"):
        services.plan_year(actor=None, organization=tree.cell_a, year=2025, day_of_month=5)


def test_a_yearly_plan_with_a_bad_day_is_refused(tree: Tree) -> None:
    with refused("day_of_month", "từ 1 đến 31"):
        services.plan_year(actor=None, organization=tree.cell_a, year=2025, day_of_month=32)
