"""The member count panel on an organisation's page."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.members.models import MemberStatus
from dangbo.members.tests.factories import MemberFactory


def test_commune_counts_members_of_its_cells_by_status(
    client_for: Callable[[User], Client], province_admin: User, tree: Tree
) -> None:
    MemberFactory.create(organization=tree.cell_a, full_name="Nguyễn Văn Một")
    MemberFactory.create(organization=tree.cell_b, full_name="Trần Thị Hai")
    MemberFactory.create(organization=tree.cell_b, full_name="Lê Văn Ba", official_on=None)
    response = client_for(province_admin).get(f"/dang-vien/to-chuc/{tree.commune.pk}/so-luong/")
    html = response.content.decode()
    assert response.status_code == 200
    assert ">3</span> đảng viên" in html
    assert f"{MemberStatus.OFFICIAL.label}: <strong>2</strong>" in html
    assert f"{MemberStatus.PROBATIONARY.label}: <strong>1</strong>" in html


def test_a_secretary_counts_only_her_cell_and_gets_404_for_the_sibling(
    client_for: Callable[[User], Client], secretary_a: User, tree: Tree
) -> None:
    MemberFactory.create(organization=tree.cell_a, full_name="Nguyễn Văn Một")
    client = client_for(secretary_a)
    own = client.get(f"/dang-vien/to-chuc/{tree.cell_a.pk}/so-luong/")
    assert own.status_code == 200
    assert ">1</span> đảng viên" in own.content.decode()
    assert client.get(f"/dang-vien/to-chuc/{tree.cell_b.pk}/so-luong/").status_code == 404


def test_organisation_page_loads_the_member_panel(
    client_for: Callable[[User], Client], secretary_a: User, tree: Tree
) -> None:
    page = client_for(secretary_a).get(f"/to-chuc/{tree.cell_a.pk}/")
    assert f'hx-get="/dang-vien/to-chuc/{tree.cell_a.pk}/so-luong/"' in page.content.decode()
