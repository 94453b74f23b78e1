"""/api/v1/meetings/: list, read with attendance and quorum, plan, save a whole sheet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.core.clock import today
from dangbo.meetings import services
from dangbo.meetings.models import Attendance, Mark, Meeting
from dangbo.meetings.tests.helpers import cell_with_members, plan, sheet
from dangbo.members import services as member_services
from dangbo.members.models import Member
from dangbo.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]


def _rows(cell_members: list[Member], *marks: str) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for i, member in enumerate(cell_members):
        mark = marks[i] if i < len(marks) else Mark.PRESENT
        out.append({"member": member.pk, "mark": mark, "reason": "Ốm" if mark == "excused" else ""})
    return out


def test_a_secretary_plans_and_publishes_a_meeting(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    cell = cell_with_members(tree.cell_a)
    body = {
        "organization": tree.cell_a.pk,
        "date": "10/03/2025",
        "agenda": "Sinh hoạt thường kỳ tháng 3",
        "place": "Nhà văn hóa ấp",
        "chair": cell.members[0].pk,
        "publish": True,
    }
    response = client_for(secretary_a).post(
        "/api/v1/meetings/", body, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "planned" and data["notice_published_at"]
    assert data["quorum"]["expected"] == 4 and data["quorum"]["needed"] == 3


def test_planning_for_the_sibling_cell_reads_as_not_found(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    body = {"organization": tree.cell_b.pk, "date": "10/03/2025", "agenda": "Họp"}
    response = client_for(secretary_a).post(
        "/api/v1/meetings/", body, content_type="application/json"
    )
    assert response.status_code == 400 and "organization" in response.json()
    assert not Meeting.objects.exists()


def test_a_member_may_not_plan_for_their_cell(
    tree: Tree, member_a: User, client_for: ClientFor
) -> None:
    body = {"organization": tree.cell_a.pk, "date": "10/03/2025", "agenda": "Họp"}
    response = client_for(member_a).post("/api/v1/meetings/", body, content_type="application/json")
    assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_a_whole_sheet_is_saved_in_one_request(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell)
    response = client_for(secretary_a).post(
        f"/api/v1/meetings/{meeting.pk}/attendance/",
        {"attendance": _rows(cell.members, Mark.EXCUSED, Mark.UNEXCUSED)},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert sorted(row["mark"] for row in data["attendance"]) == [
        "excused",
        "present",
        "present",
        "unexcused",
    ]
    assert data["quorum"] == {
        "expected": 4,
        "present": 2,
        "needed": 3,
        "reached": False,
        "rule_text": "quá 1/2",
    }


@pytest.mark.parametrize(
    ("change", "field_words"),
    [
        (lambda rows, stranger: [*rows, {"member": stranger, "mark": "present"}], "mã"),
        (lambda rows, stranger: rows[1:], "Chưa điểm danh"),
        (lambda rows, stranger: [*rows, rows[0]], "một lần"),
        (lambda rows, stranger: [{**rows[0], "mark": "late"}, *rows[1:]], ""),
        (lambda rows, stranger: [{**rows[0], "mark": "excused", "reason": ""}, *rows[1:]], "lý do"),
        (lambda rows, stranger: "không phải danh sách", ""),
        (lambda rows, stranger: [{**rows[0], "member": "abc"}, *rows[1:]], ""),
    ],
)
def test_bad_sheets_are_refused_with_400_and_nothing_saved(
    tree: Tree,
    secretary_a: User,
    client_for: ClientFor,
    change: Callable[[list[dict[str, object]], int], object],
    field_words: str,
) -> None:
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell)
    stranger = MemberFactory.create(organization=tree.cell_b)
    response = client_for(secretary_a).post(
        f"/api/v1/meetings/{meeting.pk}/attendance/",
        {"attendance": change(_rows(cell.members), stranger.pk)},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "attendance" in response.json()
    assert field_words in str(response.json())
    assert stranger.full_name not in str(response.json())
    assert not Attendance.objects.exists()


def test_attendance_of_a_future_meeting_is_refused(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    cell = cell_with_members(tree.cell_a)
    meeting = plan(cell, day=today() + dt.timedelta(days=30))
    response = client_for(secretary_a).post(
        f"/api/v1/meetings/{meeting.pk}/attendance/",
        {"attendance": _rows(cell.members)},
        content_type="application/json",
    )
    assert response.status_code == 400 and "date" in response.json()


def test_a_member_reads_only_their_own_mark(
    tree: Tree, member_a: User, client_for: ClientFor
) -> None:
    cell = cell_with_members(tree.cell_a)
    own = cell.members[1]
    member_services.link_member_user(actor=None, member=own, user=member_a)
    meeting = plan(cell)
    services.record_attendance(actor=None, meeting=meeting, sheet=sheet(cell))
    data = client_for(member_a).get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert [row["member"] for row in data["attendance"]] == [own.pk]


def test_the_list_filters_by_year_and_hides_the_sibling_cell(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    cell = cell_with_members(tree.cell_a)
    plan(cell, day=dt.date(2024, 12, 10), agenda="Tháng 12/2024")
    plan(cell, day=dt.date(2025, 1, 10), agenda="Tháng 1/2025")
    plan(cell_with_members(tree.cell_b), agenda="Chi bộ Ấp Hai họp")
    data = client_for(secretary_a).get("/api/v1/meetings/?year=2025").json()
    assert [row["agenda"] for row in data["results"]] == ["Tháng 1/2025"]
