"""Việc cần làm: probation ending soon, probation overdue, transfer letters overdue and those
waiting to be received, for the user's units only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import NoReverseMatch, reverse
from pytest_django import DjangoAssertNumQueries

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.members import services
from dangbo.members.models import Member
from dangbo.members.tests.factories import MemberFactory
from dangbo.members.tests.helpers import admit

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
URL = reverse("members:worklist")
TODAY = dt.date(2025, 6, 20)  # a Friday


def at(day: dt.date) -> Any:
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 3, tzinfo=dt.UTC), tick=False
    )


def names(response: Any, table: str) -> list[str]:
    rows = response.context["tables"][table]["rows"]
    return [row.get("name") or row.get("member") for row in rows]


def probationer(org: Any, name: str, ceremony: dt.date, **data: Any) -> Member:
    return admit(
        org,
        decided_on=ceremony - dt.timedelta(days=20),
        ceremony=ceremony,
        full_name=name,
        **data,
    )


@pytest.fixture
def secretary_b(tree: Tree) -> User:
    return make_user("secretary_b", "Vũ Thị Bí Thư", tree.cell_b, Role.SECRETARY)


@pytest.fixture
def roll(tree: Tree) -> dict[str, Member]:
    """Cell A: one probationer ending in 11 days, one 3 months late, one official member with
    a letter out of the system long overdue; cell B: a probationer ending soon and a member
    on their way to A."""
    with at(TODAY):
        soon = probationer(tree.cell_a, "Nguyễn Văn Sắp", dt.date(2024, 7, 1))
        late = probationer(tree.cell_a, "Trần Thị Trễ", dt.date(2024, 3, 1))
        official = MemberFactory.create(organization=tree.cell_a, full_name="Lê Văn Đi")
        services.start_transfer(
            actor=None,
            member=official,
            to_outside="Đảng bộ phường 5, tỉnh Cà Mau",
            letter_issued_on=dt.date(2025, 4, 1),
        )
        in_b = probationer(tree.cell_b, "Phạm Thị Bê", dt.date(2024, 7, 5))
        coming = MemberFactory.create(organization=tree.cell_b, full_name="Võ Văn Đến")
        services.start_transfer(
            actor=None,
            member=coming,
            to_organization=tree.cell_a,
            letter_issued_on=dt.date(2025, 6, 16),
        )
    return {"soon": soon, "late": late, "official": official, "in_b": in_b, "coming": coming}


def test_the_secretary_sees_what_her_cell_must_do(
    roll: dict[str, Member], secretary_a: User, client_for: ClientFor
) -> None:
    with at(TODAY):
        response = client_for(secretary_a).get(URL)

    assert response.status_code == 200
    assert names(response, "ending") == ["Nguyễn Văn Sắp"]
    assert names(response, "late") == ["Trần Thị Trễ"]
    assert names(response, "overdue") == ["Lê Văn Đi"]
    assert names(response, "incoming") == ["Võ Văn Đến"]  # not hers yet, but hers to receive
    tables = response.context["tables"]
    assert [tables[k]["count"] for k in ("ending", "late", "overdue", "incoming")] == ["1"] * 4
    ending = tables["ending"]["rows"][0]
    assert ending["ends_on"] == "01/07/2025"
    assert ending["days_to_end"] == 11
    # 30 working days after 01/07/2025.
    assert ending["review_by"] == "12/08/2025"
    late = tables["late"]["rows"][0]
    assert late["ends_on"] == "01/03/2025" and late["review_late"]
    assert tables["incoming"]["rows"][0]["receive_url"]
    assert "Phạm Thị Bê" not in response.content.decode()


def test_the_other_cell_sees_only_its_own(
    roll: dict[str, Member], secretary_b: User, client_for: ClientFor
) -> None:
    with at(TODAY):
        response = client_for(secretary_b).get(URL)

    assert names(response, "ending") == ["Phạm Thị Bê"]
    assert names(response, "late") == []
    assert names(response, "overdue") == []
    assert names(response, "incoming") == []
    for name in ("Nguyễn Văn Sắp", "Trần Thị Trễ", "Lê Văn Đi"):
        assert name not in response.content.decode()


def test_a_member_of_the_cell_sees_only_their_own_record(
    tree: Tree, roll: dict[str, Member], member_a: User, client_for: ClientFor
) -> None:
    with at(TODAY):
        probationer(tree.cell_a, "Đặng Thị Chính Mình", dt.date(2024, 7, 2), user=member_a)
        response = client_for(member_a).get(URL)

    assert response.status_code == 200
    assert names(response, "ending") == ["Đặng Thị Chính Mình"]
    assert names(response, "late") == names(response, "overdue") == []
    assert names(response, "incoming") == []


def test_a_received_or_confirmed_case_leaves_the_list(
    tree: Tree, roll: dict[str, Member], secretary_a: User, client_for: ClientFor
) -> None:
    with at(TODAY):
        services.confirm_official(
            actor=None,
            member=roll["late"],
            decision_number="21-QĐ/ĐU",
            decided_on=dt.date(2025, 6, 10),
        )
        transfer = roll["coming"].transfers.get()
        services.receive_transfer(actor=None, transfer=transfer, received_on=TODAY)
        response = client_for(secretary_a).get(URL)

    assert names(response, "late") == []
    assert names(response, "incoming") == []


def test_the_recognition_link_goes_to_the_form_when_there_is_one(
    roll: dict[str, Member], secretary_a: User, client_for: ClientFor
) -> None:
    with at(TODAY):
        row = client_for(secretary_a).get(URL).context["tables"]["ending"]["rows"][0]
    url, is_form = row["confirm"]

    try:
        reverse(
            "members:event-create", kwargs={"pk": roll["soon"].pk, "kind": "confirmed_official"}
        )
    except NoReverseMatch:
        has_form = False
    else:
        has_form = True
    if is_form:
        assert "confirmed_official" in url
    else:
        assert not has_form
        assert url == reverse("members:member-detail", args=[roll["soon"].pk])


def test_the_page_runs_a_bounded_number_of_queries(
    tree: Tree,
    roll: dict[str, Member],
    secretary_a: User,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    client = client_for(secretary_a)
    with at(TODAY):
        client.get(URL)  # the session, and a first look with one row per table
        for n in range(6):
            probationer(tree.cell_a, f"Dự bị thêm {n}", dt.date(2024, 7, 2 + n))
            probationer(tree.cell_a, f"Dự bị quá hạn {n}", dt.date(2024, 2, 2 + n))
        # The same count whatever the number of rows: no query per row.
        # +1 since #6: the sidebar counts the open reminders (Nhắc việc badge).
        # +1 since #9: the sidebar counts the reports still asked for (Biểu mẫu báo cáo).
        with django_assert_max_num_queries(26):
            response = client.get(URL)

    assert response.context["tables"]["ending"]["total"] == 7
    assert response.context["tables"]["late"]["total"] == 7
