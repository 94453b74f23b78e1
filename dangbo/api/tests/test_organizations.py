"""/api/v1/organizations/: reads (filters, children, history, as_of) and every structural change
made through the API by the province administrator."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client

from conftest import Tree, make_org
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.core.clock import today
from dangbo.orgs import services
from dangbo.orgs.models import Organization, OrgEvent, OrgEventKind, OrgKind
from dangbo.orgs.services import Decision

from .helpers import API, nothing_changes, org_url, patch, post, post_refused

DECISION = {"effective_on": "15/03/2024", "decision_number": "45-QĐ/TU", "decided_on": "10/03/2024"}


def names(response: object) -> list[str]:
    return [row["name"] for row in response.json()["results"]]  # type: ignore[attr-defined]


def by_id(response: object) -> dict[int, dict]:
    return {row["id"]: row for row in response.json()["results"]}  # type: ignore[attr-defined]


@pytest.fixture
def merged_history(tree: Tree) -> Organization:
    """Đảng bộ xã Tân Phú (founded 2020). On 01/06/2023 Đảng bộ xã An Bình merged into it, so
    cells A and B moved under Tân Phú; on 01/09/2023 cell A was renamed "Chi bộ Ấp Một Mới"."""
    tan_phu = make_org(tree.root, OrgKind.UPPER, "Đảng bộ xã Tân Phú", "TN.TP")
    services.merge_organizations(
        actor=None,
        sources=[tree.commune],
        target=tan_phu,
        decision=Decision(effective_on=date(2023, 6, 1), number="12-QĐ/TU"),
    )
    services.rename_organization(
        actor=None,
        org=tree.cell_a,
        name="Chi bộ Ấp Một Mới",
        decision=Decision(effective_on=date(2023, 9, 1), number="20-QĐ/ĐU"),
    )
    return tan_phu


# --- Reads ----------------------------------------------------------------------------------


def test_list_shows_the_whole_tree_in_tree_order_with_parents(
    admin_api: Client, tree: Tree
) -> None:
    response = admin_api.get(f"{API}/organizations/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["id"] for r in rows] == [
        tree.root.pk,
        tree.commune.pk,
        tree.cell_a.pk,
        tree.cell_b.pk,
        tree.agencies.pk,
    ]
    cell_a = rows[2]
    assert cell_a["parent"] == tree.commune.pk
    assert cell_a["depth"] == 3
    assert cell_a["kind_label"] == "Chi bộ trực thuộc"
    assert cell_a["is_active"] is True
    assert cell_a["as_of"] is None
    assert cell_a["url"].endswith(f"/api/v1/organizations/{tree.cell_a.pk}/")
    assert rows[0]["parent"] is None


def test_list_filters_by_kind_parent_and_diacritic_free_search(
    admin_api: Client, tree: Tree
) -> None:
    cells = admin_api.get(f"{API}/organizations/", {"kind": "cell"})
    assert sorted(names(cells)) == ["Chi bộ Ấp Hai", "Chi bộ Ấp Một"]
    under_commune = admin_api.get(f"{API}/organizations/", {"parent": tree.commune.pk})
    assert set(by_id(under_commune)) == {tree.cell_a.pk, tree.cell_b.pk}
    assert names(admin_api.get(f"{API}/organizations/", {"q": "ap mot"})) == ["Chi bộ Ấp Một"]
    assert names(admin_api.get(f"{API}/organizations/", {"q": "DANG BO XA"})) == [
        "Đảng bộ xã An Bình"
    ]
    assert names(admin_api.get(f"{API}/organizations/", {"q": "tn.cqd"})) == [
        "Đảng bộ các cơ quan Đảng tỉnh"
    ]


def test_list_hides_ended_units_unless_asked(
    admin_api: Client, tree: Tree, merged_history: Organization
) -> None:
    default = by_id(admin_api.get(f"{API}/organizations/"))
    assert tree.commune.pk not in default
    everything = by_id(admin_api.get(f"{API}/organizations/", {"include_dissolved": "1"}))
    commune = everything[tree.commune.pk]
    assert commune["is_active"] is False
    assert commune["merged_into"] == merged_history.pk
    assert commune["active_to"] == "2023-06-01"


def test_detail_and_children_sorted_by_vietnamese_name(admin_api: Client, tree: Tree) -> None:
    detail = admin_api.get(org_url(tree.commune))
    assert detail.status_code == 200
    assert detail.json()["name"] == "Đảng bộ xã An Bình"
    children = admin_api.get(org_url(tree.commune, "children/"))
    assert children.status_code == 200
    # "Hai" before "Một": Vietnamese order, not tree (creation) order.
    assert names(children) == ["Chi bộ Ấp Hai", "Chi bộ Ấp Một"]


def test_as_of_before_a_merge_shows_old_names_and_parents(
    admin_api: Client, tree: Tree, merged_history: Organization
) -> None:
    before = by_id(admin_api.get(f"{API}/organizations/", {"as_of": "01/01/2023"}))
    assert tree.commune.pk in before
    assert before[tree.cell_a.pk]["name"] == "Chi bộ Ấp Một"
    assert before[tree.cell_a.pk]["parent"] == tree.commune.pk
    assert before[tree.cell_a.pk]["as_of"] == "2023-01-01"
    assert before[tree.cell_a.pk]["url"].endswith("?as_of=2023-01-01")
    between = by_id(admin_api.get(f"{API}/organizations/", {"as_of": "2023-07-01"}))
    assert between[tree.cell_a.pk]["parent"] == merged_history.pk
    assert between[tree.cell_a.pk]["name"] == "Chi bộ Ấp Một"
    assert tree.commune.pk not in between
    after = by_id(admin_api.get(f"{API}/organizations/", {"as_of": "01/01/2024"}))
    assert after[tree.cell_a.pk]["name"] == "Chi bộ Ấp Một Mới"
    assert after[tree.cell_a.pk]["parent"] == merged_history.pk


def test_as_of_on_detail_and_children(
    admin_api: Client, tree: Tree, merged_history: Organization
) -> None:
    old = admin_api.get(org_url(tree.cell_a), {"as_of": "01/01/2023"}).json()
    assert (old["name"], old["parent"], old["as_of"]) == (
        "Chi bộ Ấp Một",
        tree.commune.pk,
        "2023-01-01",
    )
    now = admin_api.get(org_url(tree.cell_a)).json()
    assert (now["name"], now["parent"], now["as_of"]) == (
        "Chi bộ Ấp Một Mới",
        merged_history.pk,
        None,
    )
    then = admin_api.get(org_url(tree.commune, "children/"), {"as_of": "01/01/2023"})
    assert names(then) == ["Chi bộ Ấp Hai", "Chi bộ Ấp Một"]
    assert names(admin_api.get(org_url(merged_history, "children/"), {"as_of": "01/01/2023"})) == []
    assert names(admin_api.get(org_url(merged_history, "children/"), {"as_of": "01/01/2024"})) == [
        "Chi bộ Ấp Hai",
        "Chi bộ Ấp Một Mới",
    ]
    assert set(
        by_id(
            admin_api.get(
                f"{API}/organizations/", {"parent": tree.commune.pk, "as_of": "01/01/2023"}
            )
        )
    ) == {tree.cell_a.pk, tree.cell_b.pk}


def test_detail_as_of_a_day_the_unit_did_not_exist_is_a_field_error(
    admin_api: Client, tree: Tree, merged_history: Organization
) -> None:
    response = admin_api.get(org_url(tree.commune), {"as_of": "01/01/2024"})
    assert response.status_code == 400
    assert "chưa thành lập hoặc đã chấm dứt" in response.json()["as_of"][0]


@pytest.mark.parametrize("value", ["xx", "31/02/2024", "2024-13-01", "1/1/24", "٠١/٠١/٢٠٢٤"])
def test_unreadable_as_of_is_400_in_vietnamese(admin_api: Client, tree: Tree, value: str) -> None:
    for url in (f"{API}/organizations/", org_url(tree.commune), org_url(tree.commune, "children/")):
        response = admin_api.get(url, {"as_of": value})
        assert response.status_code == 400
        assert response.json()["as_of"][0].startswith("Ngày không hợp lệ")


def test_as_of_in_the_future_is_refused(admin_api: Client, tree: Tree) -> None:
    tomorrow = (today() + timedelta(days=1)).isoformat()
    response = admin_api.get(f"{API}/organizations/", {"as_of": tomorrow})
    assert response.status_code == 400
    assert "không được sau ngày hôm nay" in response.json()["as_of"][0]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "hamlet"}, "kind"),
        ({"parent": "abc"}, "parent"),
        ({"parent": "999999"}, "parent"),
        ({"parent": str(10**30)}, "parent"),
        ({"include_dissolved": "maybe"}, "include_dissolved"),
        ({"q": "a\x00b"}, "q"),
    ],
)
def test_bad_filters_are_400_per_parameter(
    admin_api: Client, tree: Tree, params: dict[str, str], field: str
) -> None:
    response = admin_api.get(f"{API}/organizations/", params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_history_lists_events_newest_first_with_decisions(
    admin_api: Client, tree: Tree, merged_history: Organization
) -> None:
    response = admin_api.get(org_url(tree.cell_a, "history/"))
    assert response.status_code == 200
    kinds = [e["kind"] for e in response.json()["results"]]
    assert kinds == [OrgEventKind.RENAMED, OrgEventKind.MOVED, OrgEventKind.CREATED]
    renamed = response.json()["results"][0]
    assert (renamed["old_name"], renamed["new_name"], renamed["decision_number"]) == (
        "Chi bộ Ấp Một",
        "Chi bộ Ấp Một Mới",
        "20-QĐ/ĐU",
    )
    moved = response.json()["results"][1]
    assert (moved["old_parent_name"], moved["new_parent_name"]) == (
        "Đảng bộ xã An Bình",
        "Đảng bộ xã Tân Phú",
    )


def test_unknown_or_malformed_ids_are_404(admin_api: Client, tree: Tree) -> None:
    assert admin_api.get(org_url(999999)).status_code == 404
    assert admin_api.get(f"{API}/organizations/abc/").status_code == 404
    assert admin_api.get(f"{API}/organizations/{10**30}/").status_code == 404
    assert admin_api.get(f"{API}/organizations/999999999999999999/").status_code == 404


def test_organization_list_uses_a_bounded_number_of_queries(
    admin_api: Client, tree: Tree, django_assert_max_num_queries: object
) -> None:
    for i in range(50):
        make_org(tree.commune, OrgKind.CELL, f"Chi bộ Khu phố {i}", f"TN.AB.K{i}")
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        response = admin_api.get(f"{API}/organizations/")
    assert response.json()["count"] == 55
    assert len(response.json()["results"]) == 50
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        response = admin_api.get(f"{API}/organizations/", {"as_of": "01/01/2024"})
    assert len(response.json()["results"]) == 50
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = admin_api.get(org_url(tree.commune, "children/"))
    assert response.json()["count"] == 52


# --- Writes ---------------------------------------------------------------------------------


def test_admin_creates_a_cell_and_the_change_is_recorded(
    admin_api: Client, tree: Tree, province_admin: User
) -> None:
    response = post(
        admin_api,
        f"{API}/organizations/",
        {
            "parent": tree.commune.pk,
            "kind": "cell",
            "name": "  Chi bộ Ấp Ba ",
            "short_name": "CB3",
            "code": "tn.ab.3",
            **DECISION,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["name"], body["code"], body["parent"], body["active_from"]) == (
        "Chi bộ Ấp Ba",
        "TN.AB.3",
        tree.commune.pk,
        "2024-03-15",
    )
    event = OrgEvent.objects.get(organization_id=body["id"])
    assert (event.kind, event.decision_number, event.recorded_by) == (
        OrgEventKind.CREATED,
        "45-QĐ/TU",
        province_admin,
    )
    assert AuditEvent.objects.filter(action="org.create", actor=province_admin).exists()


def test_creating_a_root_through_the_api_is_refused(admin_api: Client, tree: Tree) -> None:
    response = post_refused(
        admin_api,
        f"{API}/organizations/",
        {
            "parent": None,
            "kind": "province",
            "name": "Đảng bộ tỉnh Khác",
            "code": "KH",
            **DECISION,
        },
    )
    assert response.status_code == 400
    assert "Chọn tổ chức cấp trên" in response.json()["parent"][0]


def test_create_reports_every_bad_field_in_vietnamese(admin_api: Client, tree: Tree) -> None:
    response = post_refused(
        admin_api,
        f"{API}/organizations/",
        {
            "parent": "x",
            "kind": "hamlet",
            "name": "",
            "code": "X" * 33,
            "effective_on": "30/02/2024",
        },
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["parent"] == ["Mã số phải là một số nguyên dương."]
    assert errors["kind"] == ["«hamlet» không phải là lựa chọn hợp lệ."]
    assert errors["name"] == ["Trường này không được bỏ trống."]
    assert errors["code"] == ["Không được dài quá 32 ký tự."]
    assert errors["effective_on"][0].startswith("Ngày không hợp lệ")


def test_service_rules_come_back_as_field_errors(admin_api: Client, tree: Tree) -> None:
    with nothing_changes():
        taken = post(
            admin_api,
            f"{API}/organizations/",
            {
                "parent": tree.commune.pk,
                "kind": "cell",
                "name": "Chi bộ trùng mã",
                "code": "tn.ab.1",
                **DECISION,
            },
        )
        wrong_kind = post(
            admin_api,
            f"{API}/organizations/",
            {
                "parent": tree.cell_a.pk,
                "kind": "cell",
                "name": "Chi bộ con",
                "code": "X1",
                **DECISION,
            },
        )
    assert taken.status_code == 400
    assert taken.json() == {"code": ["Mã «TN.AB.1» đã được dùng cho tổ chức khác."]}
    assert wrong_kind.status_code == 400
    assert "không thể trực thuộc" in wrong_kind.json()["parent"][0]


@pytest.mark.parametrize(
    ("body", "status"),
    [("{not json", 400), ("[1, 2]", 400), ('"chuỗi"', 400)],
)
def test_malformed_bodies_are_400_in_vietnamese(
    admin_api: Client, tree: Tree, body: str, status: int
) -> None:
    with nothing_changes():
        response = admin_api.post(f"{API}/organizations/", body, content_type="application/json")
    assert response.status_code == status
    message = str(response.json())
    assert "JSON" in message or "không hợp lệ" in message


def test_text_with_nul_is_refused_not_stored(admin_api: Client, tree: Tree) -> None:
    response = post_refused(
        admin_api,
        f"{API}/organizations/",
        {
            "parent": tree.commune.pk,
            "kind": "cell",
            "name": "Chi\x00bộ",
            "code": "N1",
            **DECISION,
        },
    )
    assert response.status_code == 400
    assert response.json()["name"] == ["Không được chứa ký tự NUL."]


def test_admin_renames_with_a_dated_decision(admin_api: Client, tree: Tree) -> None:
    response = patch(
        admin_api,
        org_url(tree.cell_a),
        {"name": "Chi bộ Ấp Một A", "short_name": "CB1A", **DECISION},
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["name"], response.json()["short_name"]) == ("Chi bộ Ấp Một A", "CB1A")
    event = OrgEvent.objects.get(organization=tree.cell_a, kind=OrgEventKind.RENAMED)
    assert (event.old_name, event.effective_on) == ("Chi bộ Ấp Một", date(2024, 3, 15))


def test_rename_that_changes_nothing_is_400(admin_api: Client, tree: Tree) -> None:
    with nothing_changes():
        same = patch(admin_api, org_url(tree.cell_a), {"name": "Chi bộ Ấp Một", **DECISION})
        empty = patch(admin_api, org_url(tree.cell_a), DECISION)
        undated = patch(admin_api, org_url(tree.cell_a), {"name": "Tên mới"})
    assert same.status_code == 400
    assert same.json() == {"name": ["Tên mới trùng với tên hiện tại."]}
    assert empty.json() == {"name": ["Nhập tên mới hoặc tên viết tắt mới."]}
    assert undated.json() == {"effective_on": ["Trường này là bắt buộc."]}


def test_put_and_delete_are_not_offered(admin_api: Client, tree: Tree) -> None:
    with nothing_changes():
        assert (
            admin_api.put(org_url(tree.cell_a), {}, content_type="application/json").status_code
            == 405
        )
        assert admin_api.delete(org_url(tree.cell_a)).status_code == 405


def test_admin_moves_a_cell_to_another_committee(admin_api: Client, tree: Tree) -> None:
    response = post(
        admin_api, org_url(tree.cell_a, "move/"), {"new_parent": tree.agencies.pk, **DECISION}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["parent"] == tree.agencies.pk
    moved = Organization.objects.get(pk=tree.cell_a.pk)
    assert moved.path.startswith(tree.agencies.path)


def test_moving_a_unit_under_its_own_descendant_is_400(admin_api: Client, tree: Tree) -> None:
    response = post_refused(
        admin_api, org_url(tree.commune, "move/"), {"new_parent": tree.cell_a.pk, **DECISION}
    )
    assert response.status_code == 400
    assert response.json() == {
        "new_parent": ["Không thể chuyển một tổ chức vào chính nó hoặc đơn vị cấp dưới của nó."]
    }


def test_admin_merges_a_cell_and_extra_sources_into_a_target(admin_api: Client, tree: Tree) -> None:
    cell_c = make_org(tree.commune, OrgKind.CELL, "Chi bộ Ấp Ba", "TN.AB.3")
    response = post(
        admin_api,
        org_url(tree.cell_b, "merge/"),
        {"target": tree.cell_a.pk, "sources": [cell_c.pk, tree.cell_b.pk], **DECISION},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["id"] == tree.cell_a.pk
    for source in (tree.cell_b, cell_c):
        source.refresh_from_db()
        assert (source.merged_into_id, source.active_to) == (tree.cell_a.pk, date(2024, 3, 15))
    assert (
        OrgEvent.objects.filter(organization=tree.cell_a, kind=OrgEventKind.MERGED_FROM).count()
        == 2
    )


def test_merging_into_a_dissolved_unit_is_400(admin_api: Client, tree: Tree) -> None:
    services.dissolve_organization(
        actor=None, org=tree.cell_b, decision=Decision(effective_on=date(2024, 1, 1))
    )
    response = post_refused(
        admin_api, org_url(tree.cell_a, "merge/"), {"target": tree.cell_b.pk, **DECISION}
    )
    assert response.status_code == 400
    assert "đã chấm dứt hoạt động" in response.json()["target"][0]


def test_admin_splits_a_committee_and_hands_each_cell_to_a_new_unit(
    admin_api: Client, tree: Tree
) -> None:
    response = post(
        admin_api,
        org_url(tree.commune, "split/"),
        {
            "new_units": [
                {"name": "Đảng bộ xã An Bình Bắc", "code": "TN.ABB", "kind": "upper"},
                {"name": "Đảng bộ xã An Bình Nam", "code": "TN.ABN", "kind": "upper"},
            ],
            "child_destinations": {str(tree.cell_a.pk): 0, str(tree.cell_b.pk): 1},
            **DECISION,
        },
    )
    assert response.status_code == 201, response.json()
    north, south = response.json()
    assert (north["name"], north["parent"]) == ("Đảng bộ xã An Bình Bắc", tree.root.pk)
    children = admin_api.get(org_url(north["id"], "children/"))
    assert [c["id"] for c in children.json()["results"]] == [tree.cell_a.pk]
    children = admin_api.get(org_url(south["id"], "children/"))
    assert [c["id"] for c in children.json()["results"]] == [tree.cell_b.pk]
    tree.commune.refresh_from_db()
    assert tree.commune.active_to == date(2024, 3, 15)


@pytest.mark.parametrize(
    ("destinations", "field"),
    [
        ({}, "new_units"),
        ({"abc": 0}, "child_destinations"),
        ({"1": -1}, "child_destinations"),
        ({"2": 7}, "new_units"),
    ],
)
def test_split_without_a_home_for_every_cell_is_400(
    admin_api: Client, tree: Tree, destinations: dict, field: str
) -> None:
    response = post_refused(
        admin_api,
        org_url(tree.commune, "split/"),
        {
            "new_units": [
                {"name": "Đảng bộ A", "code": "TN.A", "kind": "upper"},
                {"name": "Đảng bộ B", "code": "TN.B", "kind": "upper"},
            ],
            "child_destinations": destinations,
            **DECISION,
        },
    )
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_admin_dissolves_an_empty_cell(admin_api: Client, tree: Tree) -> None:
    response = post(admin_api, org_url(tree.cell_b, "dissolve/"), DECISION)
    assert response.status_code == 200, response.json()
    assert (response.json()["is_active"], response.json()["active_to"]) == (False, "2024-03-15")
    assert tree.cell_b.pk not in by_id(admin_api.get(f"{API}/organizations/"))


@pytest.mark.parametrize(
    ("unit", "decision", "field"),
    [
        ("commune", DECISION, "effective_on"),  # still has active cells
        ("root", DECISION, "effective_on"),
        ("cell_b", {"effective_on": "01/01/2099"}, "effective_on"),
        ("cell_b", {"effective_on": "01/01/2019"}, "effective_on"),
    ],
)
def test_refused_dissolutions_change_nothing(
    admin_api: Client, tree: Tree, unit: str, decision: dict, field: str
) -> None:
    response = post_refused(admin_api, org_url(getattr(tree, unit), "dissolve/"), decision)
    assert response.status_code == 400
    assert list(response.json()) == [field]
