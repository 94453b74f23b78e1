"""Attendance rates (issue #7): per cell and for any subtree, equal to counts made by hand on a
small tree; the page and the API show them to whoever may see the unit, and refuse the rest.

The tree (the fixed cast plus a second commune), meetings of 2025, today 15/11/2025:

Đảng bộ tỉnh Thử Nghiệm
├── Đảng bộ xã An Bình
│   ├── Chi bộ Ấp Một (A): 3 members + 1 exempt
│   │     10/01 held: P P E, exempt row       10/02 held: P U P, exempt row (present)
│   │     10/01 held, no sheet    10/03 planned (one stray row, not counted)
│   │     10/12/2024 held (other year, not counted)
│   └── Chi bộ Ấp Hai (B): 10/05 held: P P
├── Đảng bộ xã Tân Lộc
│   ├── Chi bộ Ấp Ba (C): 10/06 held: P U U;  20/12 planned (not due yet)
│   └── Chi bộ Ấp Bốn (D): no meeting
└── Đảng bộ các cơ quan Đảng tỉnh (no cell)
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from conftest import Tree, make_org, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.meetings import services
from dangbo.meetings.models import Attendance, Mark, Meeting, MeetingStatus
from dangbo.meetings.rates import Figures, Period, Visible, cell_rates, subtree_rates
from dangbo.meetings.tests.factories import MeetingFactory
from dangbo.meetings.tests.helpers import cell_with_members, plan, sheet
from dangbo.members.models import Member
from dangbo.members.services.accounts import link_member_user
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.models import Organization, OrgKind

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]
TODAY = dt.datetime(2025, 11, 15, 3, tzinfo=dt.UTC)
YEAR = Period.year(2025)
P, E, U = Mark.PRESENT, Mark.EXCUSED, Mark.UNEXCUSED


@dataclass
class Province:
    tree: Tree
    commune2: Organization
    cell_c: Organization
    cell_d: Organization


def _meeting(
    org: Organization,
    day: dt.date,
    marks: list[tuple[Member, str, bool]],
    status: str = MeetingStatus.HELD,
) -> Meeting:
    meeting = MeetingFactory.create(organization=org, date=day, status=status)
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member=member, mark=mark, exempt=exempt)
        for member, mark, exempt in marks
    )
    return meeting


def _members(org: Organization, count: int) -> list[Member]:
    return [MemberFactory.create(organization=org) for _ in range(count)]


@pytest.fixture
def province(tree: Tree) -> Province:
    commune2 = make_org(tree.root, OrgKind.UPPER, "Đảng bộ xã Tân Lộc", "TN.TL")
    cell_c = make_org(commune2, OrgKind.CELL, "Chi bộ Ấp Ba", "TN.TL.3")
    cell_d = make_org(commune2, OrgKind.CELL, "Chi bộ Ấp Bốn", "TN.TL.4")
    a1, a2, a3, exempt = _members(tree.cell_a, 4)
    _meeting(
        tree.cell_a,
        dt.date(2025, 1, 10),
        [(a1, P, False), (a2, P, False), (a3, E, False), (exempt, E, True)],
    )
    _meeting(tree.cell_a, dt.date(2025, 1, 10), [])  # held the same day, no sheet saved
    _meeting(
        tree.cell_a,
        dt.date(2025, 2, 10),
        [(a1, P, False), (a2, U, False), (a3, P, False), (exempt, P, True)],
    )
    _meeting(tree.cell_a, dt.date(2025, 3, 10), [(a1, P, False)], MeetingStatus.PLANNED)
    _meeting(tree.cell_a, dt.date(2024, 12, 10), [(a1, U, False), (a2, U, False)])
    b1, b2 = _members(tree.cell_b, 2)
    _meeting(tree.cell_b, dt.date(2025, 5, 10), [(b1, P, False), (b2, P, False)])
    c1, c2, c3 = _members(cell_c, 3)
    _meeting(cell_c, dt.date(2025, 6, 10), [(c1, P, False), (c2, U, False), (c3, U, False)])
    _meeting(cell_c, dt.date(2025, 12, 20), [], MeetingStatus.PLANNED)
    return Province(tree, commune2, cell_c, cell_d)


# Counted by hand from the tree in the module's docstring. Cell A has 4 meetings in 2025:
# three held (two 10/01, one 10/02) and the planned 10/03, due by 15/11.
CELL_A = Figures(cells=1, planned=4, due=4, held=3, present=4, excused=1, unexcused=1, exempt=2)
CELL_B = Figures(cells=1, planned=1, due=1, held=1, present=2)
CELL_C = Figures(cells=1, planned=2, due=1, held=1, present=1, unexcused=2)
CELL_D = Figures(cells=1)
COMMUNE_1 = Figures(cells=2, planned=5, due=5, held=4, present=6, excused=1, unexcused=1, exempt=2)
COMMUNE_2 = Figures(cells=2, planned=2, due=1, held=1, present=1, unexcused=2)
ROOT = Figures(cells=4, planned=7, due=6, held=5, present=7, excused=1, unexcused=3, exempt=2)


@time_machine.travel(TODAY, tick=False)
def test_subtree_figures_of_the_province_equal_the_hand_counts(
    province: Province, province_admin: User
) -> None:
    table = subtree_rates(Visible.of(province_admin), province.tree.root, YEAR)
    assert table.total == ROOT
    assert round(table.total.rate or 0, 2) == 63.64  # 7 / 11
    assert round(table.total.held_share or 0, 2) == 83.33  # 5 / 6
    rows = {row.organization.pk: row for row in table.rows}
    # The agencies' đảng bộ has no cell but is active: it shows with nothing counted.
    assert set(rows) == {
        province.tree.commune.pk,
        province.commune2.pk,
        province.tree.agencies.pk,
    }
    assert rows[province.tree.commune.pk].figures == COMMUNE_1
    assert rows[province.tree.commune.pk].figures.rate == 75.0  # 6 / 8
    assert rows[province.commune2.pk].figures == COMMUNE_2
    assert rows[province.tree.agencies.pk].figures == Figures()
    assert rows[province.tree.agencies.pk].figures.rate is None
    # Two rows have a rate: the lower one (Tân Lộc, 33,3%) is highlighted.
    assert [r.organization.pk for r in table.rows if r.lowest] == [province.commune2.pk]


@time_machine.travel(TODAY, tick=False)
def test_a_commune_shows_its_cells_and_a_cell_its_own_meetings(
    province: Province, province_admin: User
) -> None:
    visible = Visible.of(province_admin)
    table = subtree_rates(visible, province.commune2, YEAR)
    assert [(r.organization.pk, r.figures) for r in table.rows] == [
        (province.cell_c.pk, CELL_C),
        (province.cell_d.pk, CELL_D),
    ]
    assert table.total == COMMUNE_2
    cell = subtree_rates(visible, province.tree.cell_a, YEAR)
    assert [(r.organization.pk, r.own, r.figures) for r in cell.rows] == [
        (province.tree.cell_a.pk, True, CELL_A)
    ]
    assert cell.total == CELL_A


@time_machine.travel(TODAY, tick=False)
def test_per_cell_figures_for_every_cell_in_three_queries(
    province: Province,
    province_admin: User,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    visible = Visible.of(province_admin)
    list(visible.organizations[:1])  # the grants, read once per request
    with django_assert_num_queries(3):
        rows = cell_rates(visible, province.tree.root, YEAR)
    assert [(r.organization.pk, r.figures) for r in rows] == [
        (province.tree.cell_a.pk, CELL_A),
        (province.tree.cell_b.pk, CELL_B),
        (province.cell_c.pk, CELL_C),
        (province.cell_d.pk, CELL_D),
    ]
    assert [r.organization.pk for r in rows if r.lowest] == [province.cell_c.pk]


@time_machine.travel(TODAY, tick=False)
def test_the_subtree_rollup_takes_four_queries_however_many_units(
    province: Province,
    province_admin: User,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    for n in range(6):
        commune = make_org(province.tree.root, OrgKind.UPPER, f"Đảng bộ xã Thêm {n}", f"TN.T{n}")
        cell = make_org(commune, OrgKind.CELL, f"Chi bộ thêm {n}", f"TN.T{n}.1")
        _meeting(cell, dt.date(2025, 4, 1), [(_members(cell, 1)[0], P, False)])
    visible = Visible.of(province_admin)
    list(visible.organizations[:1])
    with django_assert_num_queries(4):
        table = subtree_rates(visible, province.tree.root, YEAR)
    assert len(table.rows) == 9 and table.total.present == ROOT.present + 6


@time_machine.travel(TODAY, tick=False)
def test_a_secretary_counts_only_her_cell_and_a_member_only_their_own_marks(
    province: Province, secretary_a: User
) -> None:
    visible = Visible.of(secretary_a)
    table = subtree_rates(visible, province.tree.cell_a, YEAR)
    assert table.total == CELL_A
    assert [r.organization.pk for r in cell_rates(visible, province.tree.root, YEAR)] == [
        province.tree.cell_a.pk
    ]
    member = Member.objects.filter(organization=province.tree.cell_a).order_by("id")[1]
    user = make_user("dv_a2", "Đảng viên Hai", province.tree.cell_a, Role.MEMBER)
    link_member_user(actor=None, member=member, user=user)
    own = subtree_rates(Visible.of(user), province.tree.cell_a, YEAR).total
    # Their marks of the held 2025 meetings: present 10/01, unexcused 10/02.
    assert (own.present, own.excused, own.unexcused, own.held) == (1, 0, 1, 3)


@time_machine.travel(TODAY, tick=False)
def test_marks_saved_by_the_attendance_service_are_counted_with_the_exempt_apart(
    tree: Tree, province_admin: User
) -> None:
    cell = cell_with_members(tree.cell_b, count=5)
    meeting = plan(cell, day=dt.date(2025, 9, 10))
    marks = sheet(cell, P, E, U)
    marks[cell.exempt.pk] = (P, "")
    services.record_attendance(actor=None, meeting=meeting, sheet=marks)
    services.hold_meeting(actor=None, meeting=meeting)
    plan(cell, day=dt.date(2025, 10, 10), agenda="Sinh hoạt tháng 10")
    total = subtree_rates(Visible.of(province_admin), tree.commune, YEAR).total
    assert total == Figures(
        cells=2, planned=2, due=2, held=1, present=3, excused=1, unexcused=1, exempt=1
    )
    assert total.rate == 60.0 and total.held_share == 50.0


# --- the page ---------------------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_the_page_drills_down_from_the_province_to_a_commune_with_bounded_queries(
    province: Province,
    province_admin: User,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    client = client_for(province_admin)
    with django_assert_max_num_queries(16):
        response = client.get("/sinh-hoat/ty-le/", {"don_vi": province.tree.root.pk, "nam": 2025})
    text = response.content.decode()
    assert response.status_code == 200
    assert "63,6%" in text and "83,3%" in text  # the province's rate and % held
    assert f"?don_vi={province.commune2.pk}&amp;nam=2025" in text  # a row links down
    assert "Tỷ lệ dự họp = số lượt có mặt" in text  # the formula is shown
    response = client.get("/sinh-hoat/ty-le/", {"don_vi": province.commune2.pk, "nam": "2025"})
    text = response.content.decode()
    assert "Chi bộ Ấp Ba" in text and "Chi bộ Ấp Bốn" in text and "33,3%" in text
    assert "Chi bộ Ấp Một" not in text
    assert "thấp nhất" in text  # cell C is highlighted (cell D has no rate)


@time_machine.travel(TODAY, tick=False)
def test_the_page_queries_do_not_grow_with_the_number_of_child_units(
    province: Province,
    province_admin: User,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    client = client_for(province_admin)
    url = f"/sinh-hoat/ty-le/?don_vi={province.tree.root.pk}&nam=2025"
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(8):
        commune = make_org(province.tree.root, OrgKind.UPPER, f"Đảng bộ phường {n}", f"TN.P{n}")
        cell = make_org(commune, OrgKind.CELL, f"Chi bộ khu phố {n}", f"TN.P{n}.1")
        _meeting(cell, dt.date(2025, 4, 1), [(_members(cell, 1)[0], U, False)])
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert "Đảng bộ phường 7" in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_page_defaults_to_the_working_unit_and_this_year(
    province: Province, secretary_a: User, client_for: ClientFor
) -> None:
    response = client_for(secretary_a).get("/sinh-hoat/ty-le/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "năm 2025" in text and "Chi bộ Ấp Một" in text and "66,7%" in text  # 4 / 6


@time_machine.travel(TODAY, tick=False)
def test_a_secretary_cannot_see_the_sibling_cell_on_the_page(
    province: Province, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    assert client.get(f"/sinh-hoat/ty-le/?don_vi={province.tree.cell_b.pk}").status_code == 404
    assert client.get(f"/sinh-hoat/ty-le/?don_vi={province.tree.commune.pk}").status_code == 404
    assert client.get("/sinh-hoat/ty-le/?don_vi=999999999").status_code == 404


@pytest.mark.parametrize("year", ["abc", "20x5", "1800", "99999", "-2025", "２０２５"])
def test_a_bad_year_gets_a_vietnamese_message_not_a_500(
    province: Province, province_admin: User, client_for: ClientFor, year: str
) -> None:
    response = client_for(province_admin).get("/sinh-hoat/ty-le/", {"nam": year})
    assert response.status_code == 400
    assert "không hợp lệ: nhập năm bốn chữ số" in response.content.decode()


@pytest.mark.parametrize("unit", ["abc", "1.5", "99999999999999999999", "\x00", "²", "-1"])
def test_a_bad_unit_id_gets_a_vietnamese_message_not_a_500(
    province: Province, province_admin: User, client_for: ClientFor, unit: str
) -> None:
    response = client_for(province_admin).get("/sinh-hoat/ty-le/", {"don_vi": unit})
    assert response.status_code == 400
    assert "Mã đơn vị không hợp lệ." in response.content.decode()


def test_a_user_without_a_grant_is_told_there_is_nothing_to_count(
    outsider: User, client_for: ClientFor
) -> None:
    response = client_for(outsider).get("/sinh-hoat/ty-le/")
    assert response.status_code == 200
    assert "chưa được phân quyền" in response.content.decode()


def test_the_meeting_list_links_to_the_rates(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    text = client_for(secretary_a).get("/sinh-hoat/").content.decode()
    assert "/sinh-hoat/ty-le/" in text


# --- the API ----------------------------------------------------------------------------------


def _api(client: Client, **params: str | int) -> tuple[int, dict[str, Any]]:
    response = client.get("/api/v1/meetings/attendance-rates/", params)
    body: dict[str, Any] = json.loads(response.content)
    return response.status_code, body


@time_machine.travel(TODAY, tick=False)
def test_the_api_answers_the_same_figures_as_the_page(
    province: Province, province_admin: User, client_for: ClientFor
) -> None:
    status, body = _api(client_for(province_admin), organization=province.tree.root.pk, year=2025)
    assert status == 200
    assert body["total"] == {
        "cells": 4,
        "planned": 7,
        "due": 6,
        "held": 5,
        "held_share": 83.33,
        "present": 7,
        "excused": 1,
        "unexcused": 3,
        "exempt": 2,
        "rate": 63.64,
    }
    rows = {row["organization_name"]: row for row in body["rows"]}
    assert rows["Đảng bộ xã An Bình"]["rate"] == 75.0
    assert rows["Đảng bộ xã Tân Lộc"]["lowest"] is True
    status, body = _api(
        client_for(province_admin), organization=province.tree.root.pk, year=2025, rows="cells"
    )
    assert status == 200
    assert [r["organization_name"] for r in body["rows"]] == [
        "Chi bộ Ấp Một",
        "Chi bộ Ấp Hai",
        "Chi bộ Ấp Ba",
        "Chi bộ Ấp Bốn",
    ]
    assert body["total"]["present"] == 7


@time_machine.travel(TODAY, tick=False)
def test_the_api_is_scoped_to_what_the_user_sees(
    province: Province, secretary_a: User, outsider: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    status, body = _api(client, year=2025)  # default: her top unit, cell A
    assert status == 200 and body["organization"] == province.tree.cell_a.pk
    assert body["total"]["present"] == CELL_A.present
    status, body = _api(client, organization=province.tree.cell_b.pk, year=2025)
    assert status == 400 and "nằm ngoài phạm vi" in body["organization"][0]
    status, body = _api(client, organization=province.tree.root.pk, rows="cells")
    assert status == 400
    status, _ = _api(client_for(outsider), year=2025)
    assert status == 404
    assert client.get("/api/v1/meetings/attendance-rates/").status_code == 200
    assert Client().get("/api/v1/meetings/attendance-rates/").status_code in (401, 403)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "abc"}, "year"),
        ({"year": "1800"}, "year"),
        ({"organization": "x"}, "organization"),
        ({"organization": "999999999"}, "organization"),
        ({"rows": "everything"}, "rows"),
    ],
)
def test_bad_api_parameters_answer_400_in_vietnamese(
    province: Province,
    province_admin: User,
    client_for: ClientFor,
    params: dict[str, str],
    field: str,
) -> None:
    status, body = _api(client_for(province_admin), **params)
    assert status == 400 and field in body
    message = " ".join(body[field])
    assert any(word in message for word in ("không", "Không", "Mã số", "Cần", "lựa chọn"))
