"""A member's own view: the notices of their cell's coming meetings and their own marks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.meetings import services
from dangbo.meetings.models import Mark
from dangbo.meetings.tests.helpers import cell_with_members, plan, sheet
from dangbo.members.models import Member

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]
TODAY = dt.datetime(2025, 6, 2, 3, tzinfo=dt.UTC)


def _link(member: Member, user: User) -> None:
    Member.objects.filter(pk=member.pk).update(user=user)


@time_machine.travel(TODAY, tick=False)
def test_a_member_sees_published_notices_of_their_cell_and_their_own_marks(
    tree: Tree, member_a: User, client_for: ClientFor
) -> None:
    cell = cell_with_members(tree.cell_a, count=3)
    other = cell_with_members(tree.cell_b, count=2)
    _link(cell.members[1], member_a)
    held = plan(cell, day=dt.date(2025, 5, 12), agenda="Sinh hoạt tháng 5")
    services.record_attendance(
        actor=None, meeting=held, sheet=sheet(cell, Mark.PRESENT, Mark.EXCUSED)
    )
    services.hold_meeting(actor=None, meeting=held)
    coming = plan(cell, day=dt.date(2025, 6, 10), agenda="Học tập nghị quyết đại hội")
    services.publish_notice(actor=None, meeting=coming)
    plan(cell, day=dt.date(2025, 7, 10), agenda="Chưa thông báo")
    services.publish_notice(
        actor=None, meeting=plan(other, day=dt.date(2025, 6, 11), agenda="Chi bộ bên cạnh")
    )

    text = client_for(member_a).get("/sinh-hoat/cua-toi/").content.decode()
    notices = text.split('class="list-group mb-4 notices"')[1].split("</div>\n<h2")[0]
    assert "Học tập nghị quyết đại hội" in notices and "10/06/2025" in notices
    assert "Nhà văn hóa ấp" in notices
    assert "Chưa thông báo" not in text and "Chi bộ bên cạnh" not in text
    assert "Sinh hoạt tháng 5" in text and "Vắng có lý do (Đi công tác)" in text
    assert "Có mặt 0 · vắng có lý do 1 · vắng không lý do 0" in text


def test_an_account_without_a_member_record_is_told_so(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    response = client_for(secretary_a).get("/sinh-hoat/cua-toi/")
    assert response.status_code == 200
    assert "chưa gắn với hồ sơ đảng viên" in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_page_reads_a_fixed_number_of_queries(
    tree: Tree, member_a: User, client_for: ClientFor, django_assert_max_num_queries: object
) -> None:
    cell = cell_with_members(tree.cell_a, count=3)
    _link(cell.members[0], member_a)
    for month in (2, 3, 4, 5):
        meeting = plan(cell, day=dt.date(2025, month, 10))
        services.record_attendance(actor=None, meeting=meeting, sheet=sheet(cell))
        services.hold_meeting(actor=None, meeting=meeting)
    client = client_for(member_a)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        response = client.get("/sinh-hoat/cua-toi/")
    assert response.content.decode().count("Có mặt</td>") == 4
    assert "Có mặt 4 · vắng có lý do 0" in response.content.decode()
