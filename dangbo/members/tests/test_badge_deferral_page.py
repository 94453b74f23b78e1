"""The badges-due page and its Excel list mark a member whose badge waits after a discipline
(regulations §3.3): still listed, with "Hoãn đến dd/mm/yyyy"."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.members import services
from dangbo.members.models import Member, Sanction
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.services import Decision

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
MAY_2025 = {"dot": "05-19", "nam": "2025"}


def _veteran(tree: Tree, name: str) -> Member:
    return MemberFactory.create(
        organization=tree.cell_a,
        full_name=name,
        decision_date=date(1995, 3, 15),
        admitted_on=date(1995, 3, 25),
        official_on=date(1996, 3, 25),
    )


@pytest.fixture
def reprimanded(tree: Tree) -> Member:
    member = _veteran(tree, "Bùi Văn Khiển Trách")
    services.discipline_member(
        actor=None,
        member=member,
        decision=Decision(effective_on=date(2025, 3, 1), number="07-QĐ/UBKT"),
        sanction=Sanction.REPRIMAND,
        authority="Ủy ban Kiểm tra Đảng ủy xã",
        reason="Vi phạm quy định về những điều đảng viên không được làm",
    )
    return member


def _rows(client: Client, params: dict[str, Any]) -> dict[str, str]:
    response = client.get(reverse("members:badges-due"), params)
    assert response.status_code == 200
    return {r["full_name"]: r["note"] for s in response.context["sections"] for r in s["rows"]}


def test_a_reprimanded_member_is_listed_marked_deferred_until_the_review_date(
    tree: Tree, reprimanded: Member, secretary_a: User, client_for: ClientFor
) -> None:
    _veteran(tree, "Cao Thị Đủ Điều Kiện")
    client = client_for(secretary_a)

    rows = _rows(client, {**MAY_2025, "org": tree.cell_a.pk})

    assert rows == {"Bùi Văn Khiển Trách": "Hoãn đến 01/09/2025", "Cao Thị Đủ Điều Kiện": ""}
    body = client.get(reverse("members:badges-due"), {**MAY_2025, "org": tree.cell_a.pk})
    assert "Hoãn đến 01/09/2025" in body.content.decode()
    # On 2/9/2025 the six months are over: no mark.
    after = _rows(client, {"dot": "09-02", "nam": "2025", "org": tree.cell_a.pk})
    assert after["Bùi Văn Khiển Trách"] == ""


def test_the_excel_list_carries_the_deferral_in_the_notes_column(
    tree: Tree, reprimanded: Member, secretary_a: User, client_for: ClientFor
) -> None:
    response = client_for(secretary_a).get(
        reverse("members:badges-due-xlsx"), {**MAY_2025, "org": tree.cell_a.pk}
    )

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "Hoãn đến 01/09/2025" in values


def test_another_cell_secretary_does_not_see_the_deferred_member(
    tree: Tree, reprimanded: Member, client_for: ClientFor
) -> None:
    secretary_b = make_user("secretary_b", "Đỗ Văn Bí Thư", tree.cell_b, Role.SECRETARY)
    client = client_for(secretary_b)

    assert "Bùi Văn Khiển Trách" not in _rows(client, {**MAY_2025, "org": tree.cell_b.pk})
    # Cell A's unit in the link: not theirs to list.
    response = client.get(reverse("members:badges-due"), {**MAY_2025, "org": tree.cell_a.pk})
    assert "Bùi Văn Khiển Trách" not in response.content.decode()
