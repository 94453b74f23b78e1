"""What keeps the tree and a unit's page fast under load (bench/README.md): a bounded number of
queries whatever the size of the unit, the timeline's first events with the rest on demand,
and row URLs built without the resolver but equal to what it gives.

Timings are never asserted here (DESIGN rule 7): bench/run.py measures them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.urls import clear_script_prefix, reverse, set_script_prefix
from pytest_django import DjangoAssertNumQueries

from conftest import FOUNDED, Tree, make_org
from dangbo.accounts.models import User
from dangbo.orgs import services
from dangbo.orgs.models import Organization, OrgKind
from dangbo.orgs.tests.factories import make_committee, make_seat
from dangbo.orgs.views.browse import HISTORY_FIRST, HISTORY_PAGE
from dangbo.orgs.views.rows import pk_url

ClientFor = Callable[[User], Client]
HTMX = {"HX-Request": "true"}
CELLS = 40  # more than one page of the timeline, fewer than two


def detail(org: Organization, query: str = "") -> str:
    return reverse("orgs:org-detail", args=[org.pk]) + query


def text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def cell_name(i: int) -> str:
    return f"Chi bộ Khu phố {i:02d}"


@pytest.fixture
def busy_commune(tree: Tree) -> Organization:
    """The commune with CELLS more cells, founded one a day: its timeline names each of them
    (newest first), after the two cells of the cast and its own founding."""
    for i in range(CELLS):
        founded = FOUNDED + dt.timedelta(days=i + 1)
        make_org(tree.commune, OrgKind.CELL, cell_name(i), f"TN.AB.K{i}", founded)
    return tree.commune


def timeline_names(html: str) -> list[str]:
    return re.findall(r"Thành lập: <a href=\"[^\"]+\">([^<]+)</a>", html)


@pytest.fixture
def no_script_prefix() -> Iterator[None]:
    yield
    clear_script_prefix()
    set_script_prefix("/")


# --- Row URLs ----------------------------------------------------------------------------------


def test_row_urls_equal_what_reverse_gives_also_under_a_script_prefix(
    no_script_prefix: None,
) -> None:
    for name in ("orgs:org-detail", "orgs:org-children", "orgs:seat-end"):
        assert pk_url(name, 7) == reverse(name, args=[7])
        assert pk_url(name, 1234567) == reverse(name, args=[1234567])
    # Served under a sub-path (SCRIPT_NAME), the links must follow it, not a cached root.
    set_script_prefix("/dangbo/")
    assert pk_url("orgs:org-detail", 7) == reverse("orgs:org-detail", args=[7])
    assert pk_url("orgs:org-detail", 7).startswith("/dangbo/")


# --- The timeline: the latest events, the rest on demand ---------------------------------------


def test_unit_page_shows_the_latest_events_and_a_button_for_the_rest(
    busy_commune: Organization, province_admin: User, client_for: ClientFor
) -> None:
    html = text(client_for(province_admin).get(detail(busy_commune)))
    newest = [cell_name(i) for i in range(CELLS - 1, CELLS - 1 - HISTORY_FIRST, -1)]
    assert timeline_names(html) == newest
    assert cell_name(CELLS - 1 - HISTORY_FIRST) not in html.split('id="lich-su"')[1]
    assert "Xem toàn bộ lịch sử" in html
    assert f'hx-get="{detail(busy_commune, "?lich_su=2")}"' in html
    # Every cell is still listed among the units below it.
    assert all(cell_name(i) in html for i in range(CELLS))


def test_history_partial_brings_the_older_events_and_no_layout(
    busy_commune: Organization, tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    response = client_for(province_admin).get(detail(busy_commune, "?lich_su=2"), headers=HTMX)
    html = text(response)
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    older = [cell_name(i) for i in range(CELLS - 1 - HISTORY_FIRST, -1, -1)]
    # Then the two cells of the cast (same day as the commune's founding, newest id first).
    assert timeline_names(html) == [*older, "Chi bộ Ấp Hai", "Chi bộ Ấp Một"]
    assert "<html" not in html and "scope-switcher" not in html
    # 40 + 3 events fit in the first two pages: nothing more to load.
    assert CELLS + 3 <= HISTORY_FIRST + HISTORY_PAGE
    assert "timeline-more" not in html


def test_history_partial_offers_the_next_page_when_more_remain(
    busy_commune: Organization, province_admin: User, client_for: ClientFor
) -> None:
    for i in range(CELLS, HISTORY_FIRST + HISTORY_PAGE):
        make_org(busy_commune, OrgKind.CELL, cell_name(i), f"TN.AB.K{i}", dt.date(2024, 1, 1))
    html = text(client_for(province_admin).get(detail(busy_commune, "?lich_su=2"), headers=HTMX))
    assert len(timeline_names(html)) == HISTORY_PAGE
    assert f'hx-get="{detail(busy_commune, "?lich_su=3")}"' in html
    assert "Xem tiếp các sự kiện cũ hơn" in html


def test_without_htmx_the_history_link_opens_the_page_with_the_longer_timeline(
    busy_commune: Organization, province_admin: User, client_for: ClientFor
) -> None:
    html = text(client_for(province_admin).get(detail(busy_commune, "?lich_su=2")))
    assert "scope-switcher" in html  # the whole page, for browsers without JavaScript
    assert len(timeline_names(html)) == CELLS + 2
    assert "Xem toàn bộ lịch sử" not in html


@pytest.mark.parametrize("page", ["0", "-1", "abc", "2.5", "²", "99999", "１"])
def test_a_bad_history_page_is_refused_with_a_vietnamese_message(
    page: str, tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    client = client_for(province_admin)
    response = client.get(detail(tree.commune, f"?lich_su={page}"), headers=HTMX)
    assert response.status_code == 400
    assert "Trang lịch sử không hợp lệ" in text(response)


def test_secretary_of_cell_a_gets_404_for_the_history_of_cell_b(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    assert client.get(detail(tree.cell_b, "?lich_su=2"), headers=HTMX).status_code == 404
    assert client.get(detail(tree.cell_a, "?lich_su=2"), headers=HTMX).status_code == 200


def test_history_partial_refuses_an_anonymous_visitor(tree: Tree) -> None:
    response = Client().get(detail(tree.commune, "?lich_su=2"), headers=HTMX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_history_never_links_units_above_the_secretarys_grant(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    html = text(client_for(secretary_a).get(detail(tree.cell_a)))
    assert "Thành lập" in html
    # Her cell's founding names the commune as its parent: as text, not a link.
    assert "<span>Đảng bộ xã An Bình</span>" in html
    assert detail(tree.commune) not in html


# --- Bounded queries -----------------------------------------------------------------------------


def test_unit_page_reads_a_fixed_number_of_queries_however_many_cells_and_events(
    busy_commune: Organization,
    tree: Tree,
    province_admin: User,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    committee = make_committee(busy_commune, dt.date(2025, 10, 1), dt.date(2030, 9, 30))
    for i in range(10):
        seat = make_seat(committee, f"Cấp ủy viên {i}")
        services.assign_unit(
            actor=None, seat=seat, unit=tree.cell_a, started_on=dt.date(2025, 10, 2)
        )
    client = client_for(province_admin)
    client.get(detail(busy_commune))  # warm the session
    # Session, user, OTP device, grants; the unit, its counts, trail, cells, events and the
    # units they name; committees, their seats, the seats' assignments, terms; the scope
    # switcher's units.
    # +1 since #6: the sidebar counts the open reminders (Nhắc việc badge).
    # +1 since #9: the sidebar counts the reports still asked for (Biểu mẫu báo cáo).
    with django_assert_max_num_queries(17):
        html = text(client.get(detail(busy_commune)))
    assert html.count("Cấp ủy viên ") >= 10
    assert html.count(f'<a href="{detail(tree.cell_a)}">Chi bộ Ấp Một</a> (từ 02/10/2025)') == 10


def test_history_partial_reads_a_fixed_number_of_queries_and_not_the_layouts(
    busy_commune: Organization,
    province_admin: User,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    client = client_for(province_admin)
    client.get(detail(busy_commune))
    # Session, user, OTP device, grants, the unit, the events, the units they name: no query
    # for the scope switcher the partial does not show.
    # +1 since #6: the sidebar counts the open reminders (Nhắc việc badge).
    with django_assert_max_num_queries(8):
        response = client.get(detail(busy_commune, "?lich_su=2"), headers=HTMX)
    assert response.status_code == 200


def test_tree_page_reads_a_fixed_number_of_queries_however_many_units(
    busy_commune: Organization,
    tree: Tree,
    province_admin: User,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for i in range(20):
        make_org(tree.root, OrgKind.UPPER, f"Đảng bộ xã Số {i}", f"TN.X{i}")
    client = client_for(province_admin)
    client.get(reverse("orgs:tree"))
    # Session, user, OTP device, grants; the units the user starts from (read once for the
    # tree and the scope switcher); the first level and its child counts.
    # +1 since #6: the sidebar counts the open reminders (Nhắc việc badge).
    # +1 since #9: the sidebar counts the reports still asked for (Biểu mẫu báo cáo).
    with django_assert_max_num_queries(9):
        html = text(client.get(reverse("orgs:tree")))
    assert "Đảng bộ xã Số 19" in html
    # The commune's toggle says it has cells below (the count came from the GROUP BY).
    assert f'data-tree-toggle="children-{busy_commune.pk}"' in html
