"""Organisation pages: the tree browser, its partials, the tree as of a date and a unit's page.

Who sees what follows the cast in conftest.py: province_admin sees everything, secretary_a sees
cell A (and may EDIT it, never STRUCTURE it), member_a sees cell A only, outsider nothing.
The forms are in test_form_views.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from conftest import Tree, make_org
from dangbo.accounts.models import User
from dangbo.orgs import services
from dangbo.orgs.models import Organization, OrgKind, SeatRole
from dangbo.orgs.services import Decision
from dangbo.orgs.tests.factories import dissolve, make_committee, make_seat, make_term
from dangbo.orgs.views.common import all_children

ClientFor = Callable[[User], Client]
BEFORE = dt.date(2025, 6, 30)
RESTRUCTURED = dt.date(2025, 7, 1)


def detail(org: Organization) -> str:
    return reverse("orgs:org-detail", args=[org.pk])


def children(org: Organization, query: str = "") -> str:
    return reverse("orgs:org-children", args=[org.pk]) + query


def text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


@pytest.fixture
def merged_commune(tree: Tree) -> Organization:
    """A second commune with one cell, merged into the first on 01/07/2025 (the 2025
    restructuring): its cell now stands under Đảng bộ xã An Bình."""
    commune2 = make_org(tree.root, OrgKind.UPPER, "Đảng bộ xã Bình Minh", "TN.BM")
    make_org(commune2, OrgKind.CELL, "Chi bộ Ấp Chợ", "TN.BM.1")
    services.merge_organizations(
        actor=None,
        sources=[commune2],
        target=tree.commune,
        decision=Decision(effective_on=RESTRUCTURED, number="99-QĐ/TU"),
    )
    return commune2


# --- The tree browser -------------------------------------------------------------------------


def test_tree_page_shows_the_secretarys_cell_and_not_the_sibling_cell(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    response = client_for(secretary_a).get(reverse("orgs:tree"))
    assert response.status_code == 200
    assert "Chi bộ Ấp Một" in text(response)
    assert "Chi bộ Ấp Hai" not in text(response)


def test_tree_page_opens_the_working_unit_and_lazy_loads_deeper_levels(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    html = text(client_for(province_admin).get(reverse("orgs:tree")))
    assert "Đảng bộ tỉnh Thử Nghiệm" in html
    assert "Đảng bộ xã An Bình" in html
    assert "Đảng bộ các cơ quan Đảng tỉnh" in html
    # Cells are one level further down: loaded on demand, not in the first page.
    assert "Chi bộ Ấp Một" not in html
    assert f'data-tree-toggle="children-{tree.commune.pk}"' in html
    assert f'hx-get="{children(tree.commune)}"' in html
    # The root is open already, so its toggle folds rather than fetches.
    assert f'id="children-{tree.root.pk}" data-tree-children data-loaded="1"' in html


def test_user_without_any_grant_gets_a_friendly_message_on_the_tree(
    outsider: User, client_for: ClientFor
) -> None:
    response = client_for(outsider).get(reverse("orgs:tree"))
    assert response.status_code == 200
    assert "Bạn chưa được phân quyền ở đơn vị nào" in text(response)


def test_tree_page_with_dissolved_switch_shows_dissolved_units_greyed(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    dissolve(tree.agencies, RESTRUCTURED)
    client = client_for(province_admin)
    assert "Đảng bộ các cơ quan Đảng tỉnh" not in text(client.get(reverse("orgs:tree")))
    html = text(client.get(reverse("orgs:tree") + "?tat_ca=1"))
    assert '<li class="dissolved">' in html
    assert "Đảng bộ các cơ quan Đảng tỉnh" in html


def test_children_partial_lists_active_children_and_leaves_have_no_toggle(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    dissolve(tree.cell_b, RESTRUCTURED)
    client = client_for(province_admin)
    html = text(client.get(children(tree.root)))
    assert html.lstrip().startswith("<li")
    assert f'data-tree-toggle="children-{tree.commune.pk}"' in html
    assert f'data-tree-toggle="children-{tree.agencies.pk}"' not in html  # a leaf
    commune_html = text(client.get(children(tree.commune)))
    assert "Chi bộ Ấp Một" in commune_html
    assert "Chi bộ Ấp Hai" not in commune_html
    assert "Chi bộ Ấp Hai" in text(client.get(children(tree.commune, "?tat_ca=1")))


def test_dissolved_switch_counts_every_child_below_each_unit(tree: Tree) -> None:
    dissolve(tree.cell_b, RESTRUCTURED)
    counts = {o.pk: o.child_count for o in all_children(tree.root)}
    assert counts == {tree.commune.pk: 2, tree.agencies.pk: 0}


def test_children_partial_refuses_a_bad_date_with_a_vietnamese_message(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    response = client_for(province_admin).get(children(tree.commune, "?ngay=31/02/2025"))
    assert response.status_code == 400
    assert "Ngày không hợp lệ" in text(response)


def test_children_partial_of_the_sibling_cell_is_not_found_for_the_secretary(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    assert client.get(children(tree.cell_b)).status_code == 404
    assert client.get(children(tree.commune)).status_code == 404
    assert client.get(children(tree.cell_a)).status_code == 200


def test_children_partial_keeps_a_bounded_number_of_queries(
    tree: Tree,
    province_admin: User,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for i in range(30):
        make_org(tree.commune, OrgKind.CELL, f"Chi bộ Khu {i}", f"TN.AB.K{i}")
    client = client_for(province_admin)
    client.get(children(tree.commune))  # warm the session and grants caches
    with django_assert_max_num_queries(10):
        html = text(client.get(children(tree.commune)))
    assert html.count("<li") == 32


def test_search_without_diacritics_finds_the_cell_with_its_ancestors(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    response = client_for(province_admin).get(reverse("orgs:org-search") + "?q=ap mot")
    html = text(response)
    assert response.status_code == 200
    assert "Chi bộ Ấp Một" in html
    assert "Chi bộ Ấp Hai" not in html
    assert "Đảng bộ tỉnh Thử Nghiệm › Đảng bộ xã An Bình" in html


def test_search_stays_inside_what_the_user_may_see(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    html = text(client_for(secretary_a).get(reverse("orgs:org-search") + "?q=chi bo ap"))
    assert "Chi bộ Ấp Một" in html
    assert "Chi bộ Ấp Hai" not in html
    # Nor does the breadcrumb line name units above the secretary's grant.
    assert "Đảng bộ xã An Bình" not in html


def test_search_with_empty_text_returns_nothing(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    response = client_for(province_admin).get(reverse("orgs:org-search") + "?q=+")
    assert response.status_code == 200
    assert "Chi bộ" not in text(response)


# --- A unit's page ----------------------------------------------------------------------------


def test_detail_shows_the_rename_in_its_history(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    services.rename_organization(
        actor=province_admin,
        org=tree.cell_a,
        name="Chi bộ Khu phố Một",
        decision=Decision(effective_on=RESTRUCTURED, number="45-QĐ/ĐU"),
    )
    html = text(client_for(province_admin).get(detail(tree.cell_a)))
    assert '<ul class="timeline' in html
    assert "Đổi tên" in html
    assert "Chi bộ Ấp Một" in html and "Chi bộ Khu phố Một" in html
    assert "01/07/2025" in html
    assert "45-QĐ/ĐU" in html


def test_detail_shows_status_counts_children_and_structure_actions_for_the_admin(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    html = text(client_for(province_admin).get(detail(tree.commune)))
    assert "Đang hoạt động" in html
    assert "Chi bộ trực thuộc" in html  # counts by kind
    assert detail(tree.cell_a) in html and detail(tree.cell_b) in html
    for name in (
        "org-create",
        "org-rename",
        "org-move",
        "org-merge",
        "org-split",
        "org-dissolve",
        "term-create",
    ):
        assert reverse(f"orgs:{name}", args=[tree.commune.pk]) in html
    assert reverse("access:scope-switch") in html


def test_detail_of_a_merged_unit_links_to_where_it_went(
    tree: Tree, merged_commune: Organization, province_admin: User, client_for: ClientFor
) -> None:
    html = text(client_for(province_admin).get(detail(merged_commune)))
    assert "Đã hợp nhất vào" in html
    assert detail(tree.commune) in html
    assert reverse("orgs:org-rename", args=[merged_commune.pk]) not in html


def test_secretary_gets_404_for_the_sibling_cell_and_sees_no_structure_actions(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    assert client.get(detail(tree.cell_b)).status_code == 404
    html = text(client.get(detail(tree.cell_a)))
    assert reverse("orgs:org-rename", args=[tree.cell_a.pk]) not in html
    # She keeps the cell's records (EDIT), so may add a term.
    assert reverse("orgs:term-create", args=[tree.cell_a.pk]) in html
    # Breadcrumbs and history never link to units above her grant.
    assert detail(tree.commune) not in html
    assert detail(tree.root) not in html


def test_detail_lists_the_committee_by_role_with_phu_trach(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    committee = make_committee(
        tree.commune, dt.date(2025, 10, 1), dt.date(2030, 9, 30), "2025–2030"
    )
    make_seat(committee, "Võ Thị Ủy Viên")
    secretary = make_seat(committee, "Đỗ Văn Bí Thư", SeatRole.SECRETARY)
    services.assign_unit(
        actor=None, seat=secretary, unit=tree.cell_a, started_on=dt.date(2025, 10, 2)
    )
    old = make_term(tree.commune, dt.date(2020, 10, 1), dt.date(2025, 9, 30), "2020–2025")
    html = text(client_for(province_admin).get(detail(tree.commune)))
    assert html.index("Đỗ Văn Bí Thư") < html.index("Võ Thị Ủy Viên")
    assert committee.name in html
    assert "Phụ trách" in html and "02/10/2025" in html
    assert f"Nhiệm kỳ {old.name}" in html
    assert reverse("orgs:seat-add", args=[committee.pk]) in html
    assert reverse("orgs:seat-end", args=[secretary.pk]) in html
    assert reverse("orgs:assignment-add", args=[secretary.pk]) in html


def test_member_sees_her_cell_without_any_action(
    tree: Tree, member_a: User, client_for: ClientFor
) -> None:
    html = text(client_for(member_a).get(detail(tree.cell_a)))
    assert "Chi bộ Ấp Một" in html
    assert reverse("orgs:term-create", args=[tree.cell_a.pk]) not in html
    assert reverse("orgs:org-rename", args=[tree.cell_a.pk]) not in html


def test_detail_of_an_unknown_unit_is_not_found(
    province_admin: User, client_for: ClientFor
) -> None:
    assert client_for(province_admin).get("/to-chuc/999999/").status_code == 404


# --- The tree as of a date --------------------------------------------------------------------


def test_history_page_with_a_garbage_date_shows_an_error_and_still_renders(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    response = client_for(province_admin).get(reverse("orgs:tree-history") + "?ngay=garbage")
    assert response.status_code == 200
    assert "Ngày không hợp lệ" in text(response)


def test_history_page_refuses_a_future_date(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    response = client_for(province_admin).get(reverse("orgs:tree-history") + "?ngay=01/01/2099")
    assert response.status_code == 200
    assert "từ hôm nay trở về trước" in text(response)


def test_history_page_before_the_merge_shows_the_old_parent_and_the_change(
    tree: Tree, merged_commune: Organization, province_admin: User, client_for: ClientFor
) -> None:
    client = client_for(province_admin)
    html = text(client.get(reverse("orgs:tree-history") + "?ngay=30/06/2025"))
    assert "Cây tổ chức ngày 30/06/2025" in html
    assert "Đảng bộ xã Bình Minh" in html  # still a unit of its own then
    assert "Thay đổi từ ngày 30/06/2025 đến nay" in html
    assert "Hợp nhất vào đơn vị khác" in html
    # Children load with the date passed through.
    assert children(merged_commune, "?ngay=30/06/2025") in html
    before = text(client.get(children(merged_commune, "?ngay=30/06/2025")))
    assert "Chi bộ Ấp Chợ" in before
    assert "Chi bộ Ấp Chợ" not in text(client.get(children(tree.commune, "?ngay=30/06/2025")))
    # Today the cell stands under the commune that took it in.
    assert "Chi bộ Ấp Chợ" in text(client.get(children(tree.commune)))


def test_history_page_shows_the_old_name_and_todays_name(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    services.rename_organization(
        actor=None,
        org=tree.commune,
        name="Đảng bộ phường An Bình",
        decision=Decision(effective_on=RESTRUCTURED),
    )
    html = text(client_for(province_admin).get(reverse("orgs:tree-history") + "?ngay=30/06/2025"))
    assert "Đảng bộ xã An Bình" in html
    assert "nay là Đảng bộ phường An Bình" in html


def test_history_page_without_a_grant_explains_why_it_is_empty(
    outsider: User, client_for: ClientFor
) -> None:
    response = client_for(outsider).get(reverse("orgs:tree-history"))
    assert response.status_code == 200
    assert "Bạn chưa được phân quyền ở đơn vị nào" in text(response)


# --- Every page needs a login -----------------------------------------------------------------


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("tree", {}),
        ("org-search", {}),
        ("tree-history", {}),
        ("org-detail", {"pk": 1}),
        ("org-children", {"pk": 1}),
        ("org-create", {"pk": 1}),
        ("org-rename", {"pk": 1}),
        ("org-move", {"pk": 1}),
        ("org-merge", {"pk": 1}),
        ("org-split", {"pk": 1}),
        ("org-dissolve", {"pk": 1}),
        ("term-create", {"pk": 1}),
        ("committee-create", {"pk": 1}),
        ("seat-add", {"committee_pk": 1}),
        ("seat-end", {"seat_pk": 1}),
        ("assignment-add", {"seat_pk": 1}),
    ],
)
def test_every_organisation_page_sends_an_anonymous_user_to_the_login(
    db: None, client: Client, name: str, kwargs: dict[str, int]
) -> None:
    response = client.get(reverse(f"orgs:{name}", kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- Bounded queries (DESIGN rule 7) ----------------------------------------------------------


def test_pages_keep_a_bounded_number_of_queries_as_the_tree_grows(
    tree: Tree,
    province_admin: User,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    committee = make_committee(
        tree.commune, dt.date(2025, 10, 1), dt.date(2030, 9, 30), "2025–2030"
    )
    for i in range(20):
        cell = make_org(tree.commune, OrgKind.CELL, f"Chi bộ Khu {i}", f"TN.AB.K{i}")
        seat = make_seat(committee, f"Cấp ủy viên {i}")
        services.assign_unit(actor=None, seat=seat, unit=cell, started_on=dt.date(2025, 10, 2))
        make_org(tree.root, OrgKind.UPPER, f"Đảng bộ xã Số {i}", f"TN.X{i}")
    client = client_for(province_admin)
    pages = {
        detail(tree.commune): 20,
        reverse("orgs:tree"): 10,
        reverse("orgs:tree") + "?q=chi+bo&tat_ca=1": 12,
        reverse("orgs:org-search") + "?q=chi": 10,
        reverse("orgs:tree-history") + "?ngay=01/01/2024": 20,
    }
    for address, limit in pages.items():
        client.get(address)  # warm the session
        with django_assert_max_num_queries(limit):
            assert client.get(address).status_code == 200
