"""«Xếp loại chất lượng đảng viên năm N» on the member statistics page (registered into
members.statistics.extras): the hand-counted round of report_data.py, per child unit."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.evaluations.tests.report_data import build

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]


def _section(page: str) -> str:
    start = page.index('id="bang-xep-loai"')
    return page[start : page.index("</section>", start)]


def test_the_statistics_page_breaks_the_members_down_by_rating(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    build(tree)
    client = client_for(province_admin)
    page = client.get(f"/dang-vien/thong-ke/?org={tree.commune.pk}&as_of=31/12/2025").content
    section = _section(page.decode())
    assert "Xếp loại chất lượng đảng viên năm 2025" in section
    # Cell A: 8 rated, 1 / 6 / 1 / 0, 87,5 %; total 9 rated, 1 / 6 / 1 / 1, 77,8 %, 1 young, 1
    # row without a rating.
    assert '<td class="text-end">87,5 %</td>' in section
    total = section[section.index("Tổng cộng") :]
    cells = [c.split("<")[0] for c in total.split('<td class="text-end">')[1:]]
    assert cells == ["9", "1", "6", "1", "1", "77,8 %", "1", "1"]


def test_no_round_no_table(tree: Tree, province_admin: User, client_for: ClientFor) -> None:
    build(tree, year=2025)
    client = client_for(province_admin)
    page = client.get(f"/dang-vien/thong-ke/?org={tree.commune.pk}&as_of=31/12/2024").content
    assert 'id="bang-xep-loai"' not in page.decode()


def test_a_secretary_counts_only_their_cell(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    build(tree)
    page = client_for(secretary_a).get(
        f"/dang-vien/thong-ke/?org={tree.cell_a.pk}&as_of=31/12/2025"
    )
    section = _section(page.content.decode())
    total = section[section.index("Tổng cộng") :]
    cells = [c.split("<")[0] for c in total.split('<td class="text-end">')[1:]]
    assert cells == ["8", "1", "6", "1", "0", "87,5 %", "0", "0"]
