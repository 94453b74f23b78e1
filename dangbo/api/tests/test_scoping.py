"""Who sees and changes what through the API (DESIGN rule 2): secretary of cell A, a member,
an outsider, anonymous requests and token authentication."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.orgs import services
from dangbo.orgs.models import CommitteeSeat, SeatRole, Term
from dangbo.orgs.tests.factories import make_committee, make_seat

from .helpers import API, nothing_changes, org_url, patch, post, post_refused

DECISION = {"effective_on": "15/03/2024"}
LISTS = ["organizations", "terms", "committees", "committee-seats", "assignments", "grants"]


@pytest.fixture
def records(tree: Tree) -> dict[str, dict[str, int]]:
    """A term, committee, seat and assignment in the commune, and the same in cell B."""
    ids: dict[str, dict[str, int]] = {}
    for key, org in (("commune", tree.commune), ("cell_b", tree.cell_b)):
        committee = make_committee(org, date(2020, 10, 1), date(2025, 9, 30), "2020–2025")
        seat = make_seat(committee, "Võ Thị Sáu", SeatRole.SECRETARY)
        ids[key] = {
            "terms": committee.term_id,
            "committees": committee.pk,
            "committee-seats": seat.pk,
        }
    assignment = services.assign_unit(
        actor=None,
        seat=CommitteeSeat.objects.get(pk=ids["commune"]["committee-seats"]),
        unit=tree.cell_b,
        started_on=date(2021, 1, 1),
    )
    ids["commune"]["assignments"] = assignment.pk
    return ids


def listed_ids(client: Client, name: str, **params: str) -> set[int]:
    response = client.get(f"{API}/{name}/", params)
    assert response.status_code == 200, (name, response.content)
    return {row["id"] for row in response.json()["results"]}


# --- Secretary of cell A --------------------------------------------------------------------


def test_secretary_sees_cell_a_and_never_cell_b(
    client_for: Callable[[User], Client], secretary_a: User, tree: Tree, records: dict
) -> None:
    api = client_for(secretary_a)
    assert listed_ids(api, "organizations") == {tree.cell_a.pk}
    assert api.get(org_url(tree.cell_a)).status_code == 200
    for suffix in ("", "children/", "history/"):
        response = api.get(org_url(tree.cell_b, suffix))
        assert response.status_code == 404
        assert response.json() == {"detail": "Không tìm thấy hoặc bạn không có quyền xem."}
    assert api.get(org_url(tree.cell_b), {"as_of": "01/01/2023"}).status_code == 404
    assert tree.cell_b.pk not in listed_ids(api, "organizations", include_dissolved="1")
    for name in ("terms", "committees", "committee-seats"):
        assert listed_ids(api, name) == set()
        assert api.get(f"{API}/{name}/{records['cell_b'][name]}/").status_code == 404
    assert api.get(f"{API}/assignments/{records['commune']['assignments']}/").status_code == 404


def test_secretary_cannot_use_cell_b_as_a_filter_or_a_target(
    client_for: Callable[[User], Client], secretary_a: User, tree: Tree
) -> None:
    api = client_for(secretary_a)
    response = api.get(f"{API}/organizations/", {"parent": tree.cell_b.pk})
    assert response.status_code == 400
    assert "phạm vi" in response.json()["parent"][0]
    term = post_refused(
        api,
        f"{API}/terms/",
        {"organization": tree.cell_b.pk, "starts_on": "01/10/2025", "ends_on": "30/09/2030"},
    )
    assert term.status_code == 400
    assert list(term.json()) == ["organization"]


def test_secretary_cannot_change_the_structure_of_cell_a(
    client_for: Callable[[User], Client], secretary_a: User, tree: Tree
) -> None:
    api = client_for(secretary_a)
    with nothing_changes():
        responses = [
            patch(api, org_url(tree.cell_a), {"name": "Tên khác", **DECISION}),
            post(api, org_url(tree.cell_a, "move/"), {"new_parent": tree.cell_a.pk, **DECISION}),
            post(api, org_url(tree.cell_a, "dissolve/"), DECISION),
            post(api, org_url(tree.cell_a, "merge/"), {"target": tree.cell_a.pk, **DECISION}),
            post(api, org_url(tree.cell_a, "split/"), {"new_units": [], **DECISION}),
            post(
                api,
                f"{API}/organizations/",
                {
                    "parent": tree.cell_a.pk,
                    "kind": "group",
                    "name": "Tổ đảng 1",
                    "code": "TD1",
                    **DECISION,
                },
            ),
        ]
    for response in responses:
        assert response.status_code == 403
        assert response.json() == {"detail": "Bạn không có quyền thực hiện thao tác này."}


def test_secretary_writes_to_cell_b_are_404_not_403(
    client_for: Callable[[User], Client], secretary_a: User, tree: Tree
) -> None:
    api = client_for(secretary_a)
    with nothing_changes():
        assert patch(api, org_url(tree.cell_b), {"name": "X", **DECISION}).status_code == 404
        assert post(api, org_url(tree.cell_b, "dissolve/"), DECISION).status_code == 404


def test_secretary_may_edit_records_of_cell_a(
    client_for: Callable[[User], Client], secretary_a: User, tree: Tree
) -> None:
    api = client_for(secretary_a)
    response = post(
        api,
        f"{API}/terms/",
        {
            "organization": tree.cell_a.pk,
            "name": "2025–2030",
            "starts_on": "01/10/2025",
            "ends_on": "30/09/2030",
        },
    )
    assert response.status_code == 201, response.json()
    assert Term.objects.filter(organization=tree.cell_a).count() == 1


def test_secretary_sees_no_grants_and_may_not_grant(
    client_for: Callable[[User], Client], secretary_a: User, member_a: User, tree: Tree
) -> None:
    api = client_for(secretary_a)
    assert listed_ids(api, "grants") == set()
    response = post_refused(
        api,
        f"{API}/grants/",
        {
            "user": member_a.pk,
            "organization": tree.cell_a.pk,
            "role": "viewer",
            "valid_from": "01/01/2025",
        },
    )
    assert response.status_code == 403


# --- Member, outsider, anonymous --------------------------------------------------------------


def test_member_sees_only_their_own_cell(
    client_for: Callable[[User], Client], member_a: User, tree: Tree, records: dict
) -> None:
    api = client_for(member_a)
    assert listed_ids(api, "organizations") == {tree.cell_a.pk}
    assert api.get(org_url(tree.commune)).status_code == 404


def test_outsider_gets_empty_lists_and_404s(
    client_for: Callable[[User], Client], outsider: User, tree: Tree, records: dict
) -> None:
    api = client_for(outsider)
    for name in LISTS:
        assert listed_ids(api, name) == set()
    assert api.get(org_url(tree.cell_a)).status_code == 404
    assert api.get(f"{API}/committees/{records['commune']['committees']}/").status_code == 404
    me = api.get(f"{API}/users/me/")
    assert (me.status_code, me.json()["grants"]) == (200, [])


def every_route(tree: Tree, records: dict) -> list[tuple[str, str]]:
    org = org_url(tree.cell_a)
    routes = [("get", f"{API}/"), ("get", f"{API}/users/me/")]
    for name in LISTS:
        routes += [("get", f"{API}/{name}/"), ("post", f"{API}/{name}/")]
    for name, pk in records["commune"].items():
        routes.append(("get", f"{API}/{name}/{pk}/"))
    routes += [("get", org), ("patch", org), ("get", f"{org}children/"), ("get", f"{org}history/")]
    routes += [("post", f"{org}{verb}/") for verb in ("move", "merge", "split", "dissolve")]
    routes += [
        ("post", f"{API}/committee-seats/{records['commune']['committee-seats']}/end/"),
        ("post", f"{API}/grants/1/end/"),
        ("get", f"{API}/grants/1/"),
    ]
    return routes


def test_anonymous_requests_are_refused_everywhere(
    client: Client, tree: Tree, records: dict
) -> None:
    with nothing_changes():
        for method, url in [*every_route(tree, records), ("get", "/api/schema/")]:
            response = getattr(client, method)(url, {}, content_type="application/json")
            assert response.status_code in (401, 403), (method, url)


def test_anonymous_gets_a_vietnamese_explanation(client: Client, tree: Tree) -> None:
    response = client.get(f"{API}/organizations/")
    assert response.json() == {"detail": "Bạn chưa đăng nhập hoặc phiên làm việc đã hết hạn."}


def test_unverified_admin_session_is_stopped_by_the_second_factor(
    client: Client, province_admin: User
) -> None:
    client.force_login(province_admin)  # password only, no TOTP yet
    response = client.get(f"{API}/organizations/")
    assert response.status_code == 403
    assert "xác thực hai lớp" in response.json()["detail"]


# --- Token authentication -------------------------------------------------------------------


def test_token_authenticates_and_is_scoped_like_a_session(
    client: Client, secretary_a: User, tree: Tree
) -> None:
    token = Token.objects.create(user=secretary_a)
    auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    response = client.get(f"{API}/organizations/", **auth)
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [tree.cell_a.pk]
    assert client.get(org_url(tree.cell_b), **auth).status_code == 404
    me = client.get(f"{API}/users/me/", **auth).json()
    assert (me["username"], me["grants"][0]["role"]) == ("secretary_a", "secretary")
    # A token client has no CSRF cookie: writes must work without one.
    strict = Client(enforce_csrf_checks=True)
    created = strict.post(
        f"{API}/terms/",
        {"organization": tree.cell_a.pk, "starts_on": "01/10/2025", "ends_on": "30/09/2030"},
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201


def test_a_wrong_token_is_refused_in_vietnamese(client: Client, tree: Tree) -> None:
    response = client.get(f"{API}/organizations/", HTTP_AUTHORIZATION="Token sai-ma-0000")
    assert response.status_code in (401, 403)
    assert "token" in response.json()["detail"]


def test_token_of_a_deactivated_user_is_refused(
    client: Client, secretary_a: User, tree: Tree
) -> None:
    token = Token.objects.create(user=secretary_a)
    User.objects.filter(pk=secretary_a.pk).update(is_active=False)
    response = client.get(f"{API}/organizations/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code in (401, 403)
