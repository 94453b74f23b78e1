"""/api/v1/terms/, committees/, committee-seats/ and assignments/."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from conftest import Tree, make_user
from dangbo.accounts.models import User
from dangbo.orgs import services
from dangbo.orgs.models import Assignment, Committee, CommitteeSeat, SeatRole, Term
from dangbo.orgs.tests.factories import make_committee, make_seat, make_term

from .helpers import API, post, post_refused

TERM_START, TERM_END = date(2020, 10, 1), date(2025, 9, 30)


@pytest.fixture
def term(tree: Tree) -> Term:
    return make_term(tree.commune, TERM_START, TERM_END, "2020–2025")


@pytest.fixture
def committee(term: Term) -> Committee:
    return services.create_committee(actor=None, term=term)


@pytest.fixture
def seat(committee: Committee) -> CommitteeSeat:
    return make_seat(committee, "Nguyễn Văn An", SeatRole.SECRETARY)


def test_admin_creates_a_term_a_committee_and_seats(admin_api: Client, tree: Tree) -> None:
    term = post(
        admin_api,
        f"{API}/terms/",
        {"organization": tree.commune.pk, "starts_on": "01/10/2025", "ends_on": "30/09/2030"},
    )
    assert term.status_code == 201, term.json()
    assert term.json()["name"] == "2025–2030"
    committee = post(admin_api, f"{API}/committees/", {"term": term.json()["id"]})
    assert committee.status_code == 201, committee.json()
    assert committee.json()["name"] == "Ban Chấp hành Đảng bộ xã An Bình nhiệm kỳ 2025–2030"
    assert committee.json()["seats"] == []
    seat = post(
        admin_api,
        f"{API}/committee-seats/",
        {
            "committee": committee.json()["id"],
            "holder_name": "Trần Thị Bình",
            "role": "deputy_secretary",
            "started_on": "01/10/2025",
            "decision_number": "01-QĐ/ĐU",
        },
    )
    assert seat.status_code == 201, seat.json()
    assert (seat.json()["role_label"], seat.json()["organization"]) == (
        "Phó Bí thư",
        tree.commune.pk,
    )


def test_overlapping_term_is_400_and_changes_nothing(
    admin_api: Client, tree: Tree, term: Term
) -> None:
    response = post_refused(
        admin_api,
        f"{API}/terms/",
        {
            "organization": tree.commune.pk,
            "starts_on": "01/01/2025",
            "ends_on": "31/12/2029",
        },
    )
    assert response.status_code == 400
    assert response.json() == {
        "starts_on": ["Trùng thời gian với nhiệm kỳ 2020–2025 của Đảng bộ xã An Bình."]
    }


def test_term_ending_before_it_starts_is_400(admin_api: Client, tree: Tree) -> None:
    response = post_refused(
        admin_api,
        f"{API}/terms/",
        {
            "organization": tree.commune.pk,
            "starts_on": "01/10/2025",
            "ends_on": "01/10/2020",
        },
    )
    assert response.json() == {"ends_on": ["Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu."]}


def test_second_committee_for_a_term_is_400(admin_api: Client, committee: Committee) -> None:
    response = post_refused(admin_api, f"{API}/committees/", {"term": committee.term_id})
    assert response.status_code == 400
    assert list(response.json()) == ["term"]


def test_committee_detail_nests_seats_and_their_assignments(
    admin_api: Client, tree: Tree, committee: Committee, seat: CommitteeSeat
) -> None:
    response = post(
        admin_api,
        f"{API}/assignments/",
        {
            "seat": seat.pk,
            "organization": tree.cell_a.pk,
            "started_on": "01/01/2021",
        },
    )
    assert response.status_code == 201, response.json()
    detail = admin_api.get(f"{API}/committees/{committee.pk}/").json()
    assert [s["holder_name"] for s in detail["seats"]] == ["Nguyễn Văn An"]
    assert [
        (a["organization_name"], a["started_on"]) for a in detail["seats"][0]["assignments"]
    ] == [("Chi bộ Ấp Một", "2021-01-01")]
    listed = admin_api.get(f"{API}/assignments/", {"organization": tree.cell_a.pk}).json()
    assert [a["holder_name"] for a in listed["results"]] == ["Nguyễn Văn An"]
    assert (
        admin_api.get(f"{API}/assignments/", {"organization": tree.cell_b.pk}).json()["count"] == 0
    )


def test_assigning_a_unit_outside_the_committee_is_400(
    admin_api: Client, tree: Tree, seat: CommitteeSeat
) -> None:
    response = post_refused(
        admin_api,
        f"{API}/assignments/",
        {
            "seat": seat.pk,
            "organization": tree.agencies.pk,
            "started_on": "01/01/2021",
        },
    )
    assert response.status_code == 400
    assert "Chỉ phân công phụ trách đơn vị trực thuộc" in response.json()["organization"][0]


def test_second_secretary_at_the_same_time_is_400(
    admin_api: Client, committee: Committee, seat: CommitteeSeat
) -> None:
    response = post_refused(
        admin_api,
        f"{API}/committee-seats/",
        {
            "committee": committee.pk,
            "holder_name": "Lê Văn Cường",
            "role": "secretary",
            "started_on": "01/01/2022",
        },
    )
    assert response.json() == {"role": ["Cấp ủy đã có Bí thư trong khoảng thời gian này."]}


def test_seat_account_must_be_someone_the_actor_can_see(
    client_for: Callable[[User], Client], secretary_a: User, member_a: User, tree: Tree
) -> None:
    committee = make_committee(tree.cell_a, TERM_START, TERM_END, "2020–2025")
    stranger = make_user("stranger", "Người Lạ", tree.cell_b, "member")
    api = client_for(secretary_a)
    body = {
        "committee": committee.pk,
        "holder_name": "Phạm Thị Đảng Viên",
        "role": "member",
        "started_on": "01/10/2020",
    }
    refused = post_refused(api, f"{API}/committee-seats/", {**body, "user": stranger.pk})
    assert refused.status_code == 400
    assert list(refused.json()) == ["user"]
    accepted = post(api, f"{API}/committee-seats/", {**body, "user": member_a.pk})
    assert accepted.status_code == 201, accepted.json()
    assert accepted.json()["user"] == member_a.pk


def test_ending_a_seat_ends_its_assignments(
    admin_api: Client, tree: Tree, seat: CommitteeSeat
) -> None:
    services.assign_unit(actor=None, seat=seat, unit=tree.cell_a, started_on=date(2021, 1, 1))
    response = post(admin_api, f"{API}/committee-seats/{seat.pk}/end/", {"ended_on": "31/12/2023"})
    assert response.status_code == 200, response.json()
    assert (response.json()["ended_on"], response.json()["is_active"]) == ("2023-12-31", False)
    assert Assignment.objects.get(seat=seat).ended_on == date(2023, 12, 31)
    active = admin_api.get(f"{API}/committee-seats/", {"active": "1"}).json()
    assert active["count"] == 0
    again = post_refused(
        admin_api, f"{API}/committee-seats/{seat.pk}/end/", {"ended_on": "01/01/2024"}
    )
    assert again.json() == {"ended_on": ["Chức vụ này đã kết thúc."]}


def test_secretary_cannot_end_a_seat_of_the_commune(
    client_for: Callable[[User], Client], secretary_a: User, seat: CommitteeSeat
) -> None:
    response = post_refused(
        client_for(secretary_a),
        f"{API}/committee-seats/{seat.pk}/end/",
        {"ended_on": "31/12/2023"},
    )
    assert response.status_code == 404


def test_member_may_read_but_not_add_to_their_cell(
    client_for: Callable[[User], Client], member_a: User, tree: Tree
) -> None:
    term = make_term(tree.cell_a, TERM_START, TERM_END, "2020–2025")
    api = client_for(member_a)
    assert [t["id"] for t in api.get(f"{API}/terms/").json()["results"]] == [term.pk]
    response = post_refused(api, f"{API}/committees/", {"term": term.pk})
    assert response.status_code == 403


def test_committee_detail_uses_a_bounded_number_of_queries(
    admin_api: Client,
    tree: Tree,
    committee: Committee,
    seat: CommitteeSeat,
    django_assert_max_num_queries: object,
) -> None:
    for i in range(10):
        extra = make_seat(committee, f"Ủy viên {i}")
        services.assign_unit(actor=None, seat=extra, unit=tree.cell_a, started_on=date(2021, 1, 1))
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = admin_api.get(f"{API}/committees/{committee.pk}/")
    assert len(response.json()["seats"]) == 11
