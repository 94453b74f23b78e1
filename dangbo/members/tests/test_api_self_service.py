"""The API of a member's own view and of the actions added with it: correction requests and
their decisions, commendation and discipline events, re-admission, the end of a temporary
activity elsewhere, and linking an account to a record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.members import services
from dangbo.members.models import (
    CorrectionRequest,
    CorrectionStatus,
    EventKind,
    Member,
    MemberEvent,
    MemberStatus,
)
from dangbo.members.tests.factories import CorrectionRequestFactory, MemberFactory
from dangbo.orgs.services import Decision

pytestmark = pytest.mark.django_db

API = "/api/v1"
ClientFor = Callable[[User], Client]


def post(client: Client, url: str, data: Any = None) -> Any:
    return client.post(url, data or {}, content_type="application/json")


@pytest.fixture
def own(tree: Tree, member_a: User) -> Member:
    member = MemberFactory.create(
        organization=tree.cell_a, full_name="Phạm Thị Đảng Viên", occupation="Giáo viên"
    )
    return services.link_member_user(actor=None, member=member, user=member_a)


@pytest.fixture
def neighbour(tree: Tree) -> Member:
    return MemberFactory.create(organization=tree.cell_a, full_name="Trần Văn Hàng Xóm")


# --- Self-service sees its own record, and only that ---------------------------------------


def test_a_member_sees_exactly_their_own_record_through_the_api(
    own: Member, neighbour: Member, member_a: User, client_for: ClientFor
) -> None:
    client = client_for(member_a)

    listed = client.get(f"{API}/members/").json()
    mine = client.get(f"{API}/members/{own.pk}/")

    assert [row["id"] for row in listed["results"]] == [own.pk]
    assert mine.status_code == 200
    assert "national_id" not in mine.json()  # personal fields need another role
    assert client.get(f"{API}/members/{neighbour.pk}/").status_code == 404
    assert client.get(f"{API}/members/{neighbour.pk}/events/").status_code == 404
    assert client.get(f"{API}/members/{own.pk}/events/").status_code == 200


# --- Correction requests ----------------------------------------------------------------------


def test_a_member_asks_through_the_api_and_reads_the_request(
    own: Member, member_a: User, client_for: ClientFor
) -> None:
    client = client_for(member_a)
    url = f"{API}/members/{own.pk}/corrections/"

    response = post(
        client,
        url,
        {"field": "occupation", "requested_value": "Giảng viên", "reason": "Đã chuyển công tác"},
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "pending"
    assert (body["current_value"], body["requested_value"]) == ("Giáo viên", "Giảng viên")
    assert body["field_label"] == "Nghề nghiệp"
    assert [row["id"] for row in client.get(url).json()["results"]] == [body["id"]]


def test_a_member_asks_about_an_event_through_the_api(
    own: Member, member_a: User, client_for: ClientFor
) -> None:
    admission = own.events.get(kind=EventKind.ADMITTED)

    response = post(
        client_for(member_a),
        f"{API}/members/{own.pk}/corrections/",
        {
            "event": admission.pk,
            "field": "decision_number",
            "requested_value": "12-QĐ/ĐU",
            "reason": "Theo quyết định kết nạp",
        },
    )

    assert response.status_code == 201, response.json()
    assert response.json()["event"] == admission.pk


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "field"),
        ({"field": "occupation", "reason": "x"}, "requested_value"),
        ({"field": "occupation", "requested_value": "Giáo viên", "reason": "x"}, "requested_value"),
        ({"field": "phone", "requested_value": "0900", "reason": "x"}, "field"),
        (
            {"field": "birth_date", "requested_value": "32/13/1970", "reason": "x"},
            "requested_value",
        ),
        (
            {"field": "effective_on", "event": 2**62, "requested_value": "1/1/2020", "reason": "x"},
            "event",
        ),
        ({"field": "occupation", "requested_value": "Kỹ sư", "reason": ""}, "reason"),
        ({"field": "occupation", "requested_value": "a\x00b", "reason": "x"}, "requested_value"),
    ],
)
def test_bad_requests_answer_400_per_field_and_change_nothing(
    own: Member, member_a: User, client_for: ClientFor, body: dict[str, Any], field: str
) -> None:
    response = post(client_for(member_a), f"{API}/members/{own.pk}/corrections/", body)

    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not CorrectionRequest.objects.exists()


def test_nobody_asks_on_a_record_that_is_not_theirs_through_the_api(
    own: Member, neighbour: Member, member_a: User, secretary_a: User, client_for: ClientFor
) -> None:
    body = {"field": "occupation", "requested_value": "Kỹ sư", "reason": "x"}

    assert (
        post(client_for(member_a), f"{API}/members/{neighbour.pk}/corrections/", body).status_code
        == 404
    )
    assert (
        post(client_for(secretary_a), f"{API}/members/{own.pk}/corrections/", body).status_code
        == 403
    )
    assert not CorrectionRequest.objects.exists()


def test_staff_approve_and_refuse_through_the_api(
    own: Member, member_a: User, secretary_a: User, client_for: ClientFor
) -> None:
    first = CorrectionRequestFactory.create(member=own)
    staff = client_for(secretary_a)

    approved = post(staff, f"{API}/correction-requests/{first.pk}/approve/", {"note": "Đúng"})

    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == "approved"
    assert approved.json()["correction_event"] is not None
    own.refresh_from_db()
    assert own.occupation == first.requested_value
    second = services.request_correction(
        actor=member_a, member=own, target="field:other_name", requested_value="Út", reason="x"
    )
    assert (
        post(staff, f"{API}/correction-requests/{second.pk}/refuse/", {"reason": ""}).status_code
        == 400
    )
    refused = post(
        staff, f"{API}/correction-requests/{second.pk}/refuse/", {"reason": "Không đúng"}
    )
    assert refused.json()["status"] == "refused"
    again = post(staff, f"{API}/correction-requests/{second.pk}/approve/", {})
    assert again.status_code == 400 and "note" in again.json()


def test_only_staff_of_the_unit_decide_through_the_api(
    tree: Tree, own: Member, member_a: User, client_for: ClientFor
) -> None:
    correction = CorrectionRequestFactory.create(member=own)
    secretary_b = make_user("secretary_b", "Đỗ Văn Bê", tree.cell_b, Role.SECRETARY)

    assert (
        post(
            client_for(member_a), f"{API}/correction-requests/{correction.pk}/approve/"
        ).status_code
        == 403
    )
    assert (
        post(
            client_for(secretary_b),
            f"{API}/correction-requests/{correction.pk}/refuse/",
            {"reason": "x"},
        ).status_code
        == 404
    )
    assert (
        client_for(secretary_b).get(f"{API}/correction-requests/{correction.pk}/").status_code
        == 404
    )
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.PENDING


def test_the_request_list_is_scoped_filtered_and_bounded(
    tree: Tree,
    own: Member,
    member_a: User,
    secretary_a: User,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    mine = CorrectionRequestFactory.create(member=own)
    others = [
        CorrectionRequestFactory.create(member=MemberFactory.create(organization=tree.cell_a))
        for _ in range(5)
    ]
    CorrectionRequestFactory.create(member=MemberFactory.create(organization=tree.cell_b))
    staff = client_for(secretary_a)

    with django_assert_max_num_queries(8):
        listed = staff.get(f"{API}/correction-requests/", {"status": "pending"}).json()

    assert {row["id"] for row in listed["results"]} == {mine.pk, *(c.pk for c in others)}
    assert [
        r["id"] for r in client_for(member_a).get(f"{API}/correction-requests/").json()["results"]
    ] == [mine.pk]
    assert staff.get(f"{API}/correction-requests/", {"status": "x"}).status_code == 400


# --- Commendation and discipline events ----------------------------------------------------------


def test_commendations_and_disciplines_are_recorded_through_the_events_api(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    client = client_for(secretary_a)
    url = f"{API}/members/{member.pk}/events/"

    commended = post(
        client,
        url,
        {
            "kind": "commended",
            "effective_on": "02/09/2024",
            "decision_number": "45-QĐ/ĐU",
            "form": "Giấy khen",
            "authority": "Đảng ủy xã An Bình",
        },
    )
    disciplined = post(
        client,
        url,
        {
            "kind": "disciplined",
            "effective_on": "01/10/2024",
            "decision_number": "07-QĐ/UBKT",
            "sanction": "warning",
            "authority": "Ủy ban Kiểm tra Đảng ủy xã",
            "reason": "Vi phạm",
        },
    )
    bad = post(
        client,
        url,
        {
            "kind": "disciplined",
            "effective_on": "01/10/2024",
            "decision_number": "1",
            "sanction": "expulsion",
            "authority": "x",
            "reason": "y",
        },
    )

    assert commended.status_code == 201, commended.json()
    assert commended.json()["details"]["form"] == "Giấy khen"
    assert disciplined.status_code == 201, disciplined.json()
    assert disciplined.json()["kind_label"] == "Kỷ luật"
    assert bad.status_code == 400 and "sanction" in bad.json()


# --- Re-admission and the end of a temporary activity -------------------------------------------


def test_a_struck_off_member_is_readmitted_through_the_api(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    services.remove_member(
        actor=None, member=member, decision=Decision(effective_on=dt.date(2023, 1, 10)), reason="x"
    )
    url = f"{API}/members/{member.pk}/readmit/"
    body = {
        "organization": tree.cell_a.pk,
        "decision_date": "02/05/2024",
        "effective_on": "20/05/2024",
        "decision_number": "30-QĐ/ĐU",
    }

    wrong_unit = post(client_for(secretary_a), url, {**body, "organization": tree.cell_b.pk})
    response = post(client_for(secretary_a), url, body)

    assert wrong_unit.status_code == 400 and "organization" in wrong_unit.json()
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "admitted"
    member.refresh_from_db()
    assert member.status == MemberStatus.PROBATIONARY


def test_an_on_roll_member_is_not_readmitted(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    events = MemberEvent.objects.count()

    response = post(
        client_for(secretary_a),
        f"{API}/members/{member.pk}/readmit/",
        {
            "organization": tree.cell_a.pk,
            "decision_date": "02/05/2024",
            "effective_on": "20/05/2024",
        },
    )

    assert response.status_code == 400
    assert "effective_on" in response.json()
    assert MemberEvent.objects.count() == events


def test_a_temporary_activity_elsewhere_ends_through_the_api(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    transfer = services.start_transfer(
        actor=None,
        member=member,
        letter_issued_on=dt.date(2025, 1, 6),
        to_organization=tree.cell_b,
        temporary=True,
        temporary_reason="study",
        expected_months=6,
    )
    services.receive_transfer(actor=None, transfer=transfer, received_on=dt.date(2025, 1, 8))
    client = client_for(province_admin)
    url = f"{API}/members/{member.pk}/end-temporary-transfer/"

    ended = post(client, url, {"ended_on": "01/07/2025"})
    again = post(client, url, {"ended_on": "02/07/2025"})

    assert ended.status_code == 201, ended.json()
    assert ended.json()["kind"] == "temporary_ended"
    assert Member.objects.get(pk=member.pk).temporary_organization is None
    assert again.status_code == 400 and "ended_on" in again.json()


def test_the_other_units_secretary_cannot_act_on_the_record(
    tree: Tree, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    secretary_b = make_user("secretary_b", "Đỗ Văn Bê", tree.cell_b, Role.SECRETARY)
    client = client_for(secretary_b)

    for action in ("readmit", "end-temporary-transfer", "link-user", "unlink-user", "corrections"):
        assert post(client, f"{API}/members/{member.pk}/{action}/", {}).status_code == 404


# --- Linking an account -------------------------------------------------------------------------


def test_staff_link_and_unlink_an_account_through_the_api(
    tree: Tree, secretary_a: User, member_a: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    client = client_for(secretary_a)

    unknown = post(client, f"{API}/members/{member.pk}/link-user/", {"username": "khong-co"})
    linked = post(client, f"{API}/members/{member.pk}/link-user/", {"username": "member_a"})

    assert unknown.status_code == 400 and "username" in unknown.json()
    assert linked.status_code == 200, linked.json()
    assert linked.json()["username"] == "member_a"
    assert client_for(member_a).get(f"{API}/members/{member.pk}/").status_code == 200
    # The member cannot unlink (or re-link) their own record.
    assert post(client_for(member_a), f"{API}/members/{member.pk}/unlink-user/").status_code == 403
    unlinked = post(client, f"{API}/members/{member.pk}/unlink-user/")
    assert unlinked.status_code == 200 and unlinked.json()["user"] is None
    assert client_for(member_a).get(f"{API}/members/{member.pk}/").status_code == 404
    again = post(client, f"{API}/members/{member.pk}/unlink-user/")
    assert again.status_code == 400 and "user" in again.json()
