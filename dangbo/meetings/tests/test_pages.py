"""The meeting pages a secretary uses: the list, planning, the attendance sheet on a phone,
publishing, holding, and the minutes."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.test import Client
from docx import Document
from pytest_django import DjangoAssertNumQueries

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.meetings import services
from dangbo.meetings.models import Attendance, Mark, Meeting, MeetingStatus
from dangbo.meetings.tests.helpers import cell_with_members, plan, sheet
from dangbo.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]


def test_the_list_shows_the_cells_meetings_with_bounded_queries(
    tree: Tree,
    secretary_a: User,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    cell = cell_with_members(tree.cell_a)
    for month in range(1, 13):
        plan(cell, day=dt.date(2025, month, 10), agenda=f"Sinh hoạt tháng {month}/2025")
    hidden = plan(cell_with_members(tree.cell_b), agenda="Họp chi bộ Ấp Hai")
    client = client_for(secretary_a)
    with django_assert_max_num_queries(14):
        response = client.get("/sinh-hoat/?nam=2025")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Sinh hoạt tháng 12/2025" in text and hidden.agenda not in text


def test_a_secretary_plans_a_meeting_and_bad_dates_are_shown_beside_the_field(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    cell = cell_with_members(tree.cell_a)
    client = client_for(secretary_a)
    form = {
        "don_vi": tree.cell_a.pk,
        "kind": "regular",
        "date": "31/02/2025",
        "place": "Nhà văn hóa ấp",
        "agenda": "Sinh hoạt thường kỳ tháng 2",
        "chair": cell.members[0].pk,
        "minute_taker": cell.members[1].pk,
    }
    response = client.post("/sinh-hoat/them/", form)
    assert response.status_code == 200
    assert "Ngày không hợp lệ" in response.content.decode()
    assert not Meeting.objects.exists()
    response = client.post("/sinh-hoat/them/", {**form, "date": "28/02/2025"})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/sinh-hoat/{meeting.pk}/"
    assert meeting.chair == cell.members[0] and meeting.date == dt.date(2025, 2, 28)


def test_a_secretary_cannot_plan_for_the_sibling_cell(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    response = client.post(
        f"/sinh-hoat/them/?don_vi={tree.cell_b.pk}",
        {"don_vi": tree.cell_b.pk, "kind": "regular", "date": "10/03/2025", "agenda": "Họp"},
    )
    # The sibling cell is not among hers: she is asked to choose one of her own.
    assert response.status_code == 200 and "Chi bộ Ấp Hai" not in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_attendance_sheet_starts_present_and_shows_exempt_members_apart(
    tree: Tree,
    secretary_a: User,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    cell = cell_with_members(tree.cell_a, count=40)
    meeting = plan(cell)
    client = client_for(secretary_a)
    with django_assert_max_num_queries(12):
        response = client.get(f"/sinh-hoat/{meeting.pk}/diem-danh/")
    text = response.content.decode()
    assert text.count('value="present" autocomplete="off" checked') == 40
    assert "Miễn công tác và sinh hoạt đảng" in text
    assert cell.exempt.full_name in text.split("Miễn công tác và sinh hoạt đảng")[1]


def test_one_post_saves_the_whole_sheet(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell)
    absent = cell.members[2]
    data: dict[str, str] = {f"m{m.pk}": Mark.PRESENT for m in cell.members}
    data |= {f"m{absent.pk}": Mark.EXCUSED, f"r{absent.pk}": "Ốm", f"m{cell.exempt.pk}": ""}
    response = client_for(secretary_a).post(f"/sinh-hoat/{meeting.pk}/diem-danh/", data)
    assert response.status_code == 302
    marks = dict(Attendance.objects.values_list("member_id", "mark"))
    assert marks == {m.pk: (Mark.EXCUSED if m == absent else Mark.PRESENT) for m in cell.members}
    assert Attendance.objects.get(member=absent).reason == "Ốm"


def test_a_posted_sheet_with_a_stranger_is_refused_and_nothing_saved(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell)
    stranger = MemberFactory.create(organization=tree.cell_b, full_name="Võ Thị Lạ")
    data = {f"m{m.pk}": Mark.PRESENT for m in cell.members} | {f"m{stranger.pk}": Mark.PRESENT}
    response = client_for(secretary_a).post(f"/sinh-hoat/{meeting.pk}/diem-danh/", data)
    assert response.status_code == 400
    assert f"mã {stranger.pk}" in response.content.decode()
    assert "Võ Thị Lạ" not in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_secretary_of_the_sibling_cell_gets_404_and_a_member_gets_403(
    tree: Tree, member_a: User, client_for: ClientFor
) -> None:
    from conftest import make_user
    from dangbo.access.models import Role

    secretary_b = make_user("secretary_b", "Hồ Văn Bê", tree.cell_b, Role.SECRETARY)
    meeting = plan(cell_with_members(tree.cell_a))
    url = f"/sinh-hoat/{meeting.pk}/diem-danh/"
    assert client_for(secretary_b).get(url).status_code == 404
    assert client_for(secretary_b).get(f"/sinh-hoat/{meeting.pk}/").status_code == 404
    assert client_for(member_a).get(url).status_code == 403
    # A member reads the notice of their own cell's meeting.
    assert client_for(member_a).get(f"/sinh-hoat/{meeting.pk}/").status_code == 200


def test_publishing_and_holding_from_the_page(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell)
    client = client_for(secretary_a)
    client.post(f"/sinh-hoat/{meeting.pk}/thong-bao/")
    response = client.post(f"/sinh-hoat/{meeting.pk}/da-hop/", follow=True)
    assert "Chưa điểm danh" in response.content.decode()
    services.record_attendance(actor=None, meeting=meeting, sheet=sheet(cell))
    client.post(f"/sinh-hoat/{meeting.pk}/da-hop/")
    meeting.refresh_from_db()
    assert meeting.notice_published and meeting.status == MeetingStatus.HELD


def test_the_minutes_are_a_word_file_with_the_attendance(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell)
    services.record_attendance(actor=None, meeting=meeting, sheet=sheet(cell, Mark.EXCUSED))
    services.update_meeting(
        actor=None, meeting=meeting, conclusions="Chi bộ thống nhất 100%.", quality="tot"
    )
    response = client_for(secretary_a).get(f"/sinh-hoat/{meeting.pk}/bien-ban.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "BIÊN BẢN" in text and "Sinh hoạt chi bộ thường kỳ tháng 3 năm 2025" in text
    assert f"{cell.members[0].full_name} (Đi công tác)" in text
    assert "Chi bộ thống nhất 100%." in text and "Tốt" in text
    assert "phải dự: 4" in text


def test_the_alerts_page_lists_idle_cells(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    response = client_for(province_admin).get("/sinh-hoat/canh-bao/?thang=3&nam=2025")
    text = response.content.decode()
    assert "Chi bộ Ấp Một" in text and "Chi bộ Ấp Hai" in text
    assert "<title>Cảnh báo sinh hoạt chi bộ" in text
    assert "từ 3 tháng trở lên trong năm 2025" in text


def test_a_secretary_plans_the_year_from_one_page(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    form = {"don_vi": tree.cell_a.pk, "year": "2026", "day_of_month": "40", "place": "Ấp Một"}
    response = client.post("/sinh-hoat/ke-hoach-nam/", form)
    assert response.status_code == 200 and "từ 1 đến 31" in response.content.decode()
    assert not Meeting.objects.exists()
    response = client.post("/sinh-hoat/ke-hoach-nam/", {**form, "day_of_month": "15"})
    assert response.status_code == 302
    assert Meeting.objects.filter(organization=tree.cell_a, date__year=2026).count() == 12


def test_a_superscript_digit_in_a_number_parameter_is_ignored_not_a_crash(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    for url in ("/sinh-hoat/?nam=²", "/sinh-hoat/?don_vi=²", "/sinh-hoat/them/?don_vi=²"):
        assert client.get(url).status_code == 200, url
