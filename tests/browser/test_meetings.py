"""A cell secretary on a phone: marks attendance with one tap per absent member, saves the whole
sheet, marks the meeting held and downloads the minutes (screenshots under test-artifacts/)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.meetings.models import Attendance, Mark, Meeting, MeetingStatus
from dangbo.meetings.tests.helpers import cell_with_members, plan
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_secretary_marks_attendance_on_a_phone_and_holds_the_meeting(
    page: Page, live_server: object, tree: Tree, secretary_a: User
) -> None:
    cell = cell_with_members(tree.cell_a, count=6)
    meeting = plan(cell)
    absent, excused = cell.members[2], cell.members[3]
    base = str(live_server)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base, "secretary_a")

    page.goto(f"{base}/sinh-hoat/")
    page.get_by_role("link", name=meeting.agenda).click()
    page.get_by_role("link", name="Điểm danh").click()
    expect(page.get_by_role("heading", name="Miễn công tác và sinh hoạt đảng")).to_be_visible()
    page.locator(f"label[for='m{absent.pk}-unexcused']").click()
    page.locator(f"label[for='m{excused.pk}-excused']").click()
    page.get_by_label(f"Lý do vắng của {excused.full_name}").fill("Đi công tác tỉnh")
    shot(page, "meetings-attendance-390")
    page.get_by_role("button", name="Lưu điểm danh").click()
    expect(page.get_by_text("Đã lưu điểm danh.")).to_be_visible()
    marks = dict(Attendance.objects.values_list("member_id", "mark"))
    assert marks[absent.pk] == Mark.UNEXCUSED and marks[excused.pk] == Mark.EXCUSED
    assert list(marks.values()).count(Mark.PRESENT) == 4

    page.get_by_role("button", name="Ghi nhận đã họp").click()
    expect(page.get_by_text("Đã ghi nhận buổi sinh hoạt đã họp.")).to_be_visible()
    assert Meeting.objects.get().status == MeetingStatus.HELD
    with page.expect_download() as word:
        page.get_by_role("link", name="Biên bản (Word)").click()
    assert word.value.suggested_filename.endswith(".docx")
    shot(page, "meetings-detail-390")
