"""The member API: scoping, search, personal data and its audited reads, writes through the
services with Vietnamese refusals, events of each kind, and transfers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.core.clock import today
from dangbo.members import services
from dangbo.members.models import (
    Ethnicity,
    EventKind,
    Member,
    MemberEvent,
    MemberStatus,
    TheoryLevel,
    Transfer,
    TransferStatus,
)
from dangbo.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"
ClientFor = Callable[[User], Client]


def post(client: Client, url: str, data: Any) -> Any:
    return client.post(url, data, content_type="application/json")


def patch(client: Client, url: str, data: Any) -> Any:
    return client.patch(url, data, content_type="application/json")


def _counts() -> tuple[Any, ...]:
    return (
        list(Member.objects.order_by("pk").values_list()),
        MemberEvent.objects.count(),
        list(Transfer.objects.order_by("pk").values_list("pk", "status")),
        AuditEvent.objects.count(),
    )


@contextmanager
def nothing_changes() -> Iterator[None]:
    before = _counts()
    yield
    assert _counts() == before


def ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def office(tree: Tree) -> User:
    """Văn phòng of the commune: sees and edits cells A and B, with personal data."""
    return make_user("office", "Đỗ Văn Phòng", tree.commune, Role.OFFICE)


@pytest.fixture
def secretary_b(tree: Tree) -> User:
    return make_user("secretary_b", "Vũ Thị Bí Thư", tree.cell_b, Role.SECRETARY)


@pytest.fixture
def in_a(tree: Tree) -> Member:
    return MemberFactory.create(
        organization=tree.cell_a,
        full_name="Nguyễn Thị Hồng Nhung",
        phone="0912345678",
        current_address="Ấp Một, xã An Bình",
    )


@pytest.fixture
def in_b(tree: Tree) -> Member:
    return MemberFactory.create(organization=tree.cell_b, full_name="Trần Văn Bình")


# --- Reading --------------------------------------------------------------------------------


def test_the_secretary_lists_cell_a_members_and_gets_404_for_cell_bs(
    client_for: ClientFor, secretary_a: User, in_a: Member, in_b: Member
) -> None:
    client = client_for(secretary_a)

    assert ids(client.get(f"{API}/members/")) == {in_a.pk}
    assert client.get(f"{API}/members/{in_a.pk}/").status_code == 200
    assert client.get(f"{API}/members/{in_b.pk}/").status_code == 404
    assert client.get(f"{API}/members/{in_b.pk}/events/").status_code == 404
    with nothing_changes():
        response = patch(client, f"{API}/members/{in_b.pk}/", {"occupation": "Nông dân"})
    assert response.status_code == 404


def test_a_self_service_member_sees_only_their_own_record(
    client_for: ClientFor, member_a: User, in_a: Member, tree: Tree
) -> None:
    other = MemberFactory.create(organization=tree.cell_a)
    services.update_member(actor=None, member=in_a, data={"user": member_a})
    client = client_for(member_a)

    assert ids(client.get(f"{API}/members/")) == {in_a.pk}
    assert client.get(f"{API}/members/{in_a.pk}/").status_code == 200
    assert client.get(f"{API}/members/{other.pk}/").status_code == 404
    events = client.get(f"{API}/members/{in_a.pk}/events/").json()["results"]
    assert {e["kind"] for e in events} == {"admitted", "confirmed_official"}
    with nothing_changes():
        response = patch(client, f"{API}/members/{in_a.pk}/", {"occupation": "Giáo viên"})
    assert response.status_code == 403


def test_the_list_filters_and_searches_without_diacritics(
    client_for: ClientFor, office: User, tree: Tree, in_a: Member, in_b: Member
) -> None:
    kinh = Ethnicity.objects.get(name="Kinh")
    services.update_member(
        actor=None,
        member=in_a,
        data={"ethnicity": kinh, "theory_level": TheoryLevel.INTERMEDIATE},
    )
    probationary = MemberFactory.create(
        organization=tree.cell_b, full_name="Nguyễn Văn Hùng", official_on=None
    )
    services.issue_card(
        actor=None, member=in_b, card_number="79.012345", issued_on=date(2022, 5, 19)
    )
    client = client_for(office)

    def found(**params: Any) -> set[int]:
        return ids(client.get(f"{API}/members/", params))

    assert found(search="nguyen thi") == {in_a.pk}
    assert found(search="NGUYEN") == {in_a.pk, probationary.pk}
    assert found(search="79.012345") == {in_b.pk}
    assert found(search=in_a.national_id) == {in_a.pk}
    assert found(organization=tree.cell_b.pk) == {in_b.pk, probationary.pk}
    assert found(organization=tree.commune.pk) == {in_a.pk, in_b.pk, probationary.pk}
    assert found(status=MemberStatus.PROBATIONARY) == {probationary.pk}
    assert found(ethnicity=kinh.pk) == {in_a.pk}
    assert found(theory_level=TheoryLevel.INTERMEDIATE) == {in_a.pk}
    assert found(sex="male") == set()
    names = [r["full_name"] for r in client.get(f"{API}/members/").json()["results"]]
    # Vietnamese order: given name first (Bình < Hùng < Nhung), then family and middle names.
    assert names == ["Trần Văn Bình", "Nguyễn Văn Hùng", "Nguyễn Thị Hồng Nhung"]


def test_bad_query_parameters_answer_400_in_vietnamese(
    client_for: ClientFor, secretary_a: User, tree: Tree
) -> None:
    client = client_for(secretary_a)

    response = client.get(f"{API}/members/", {"organization": tree.cell_b.pk, "status": "x"})

    assert response.status_code == 400
    body = response.json()
    assert "phạm vi" in body["organization"][0]
    assert "lựa chọn hợp lệ" in body["status"][0]


def test_a_national_id_search_needs_the_right_to_see_personal_data(
    client_for: ClientFor, secretary_a: User, in_a: Member
) -> None:
    client = client_for(secretary_a)

    assert ids(client.get(f"{API}/members/", {"search": in_a.national_id or ""})) == set()


# --- Personal data --------------------------------------------------------------------------

PERSONAL = {"national_id", "phone", "permanent_address", "current_address"}


def test_personal_fields_are_absent_for_the_secretary_and_nothing_is_audited(
    client_for: ClientFor, secretary_a: User, in_a: Member
) -> None:
    before = AuditEvent.objects.count()

    body = client_for(secretary_a).get(f"{API}/members/{in_a.pk}/").json()

    assert body["full_name"] == in_a.full_name
    assert PERSONAL.isdisjoint(body)
    assert AuditEvent.objects.count() == before


def test_the_office_sees_personal_fields_and_each_full_view_is_audited(
    client_for: ClientFor, office: User, in_a: Member
) -> None:
    client = client_for(office)

    body = client.get(f"{API}/members/{in_a.pk}/").json()
    client.get(f"{API}/members/{in_a.pk}/")

    assert body["national_id"] == in_a.national_id
    assert body["phone"] == "0912345678"
    assert body["current_address"] == "Ấp Một, xã An Bình"
    assert body["permanent_address"] == ""
    views = AuditEvent.objects.filter(action="member.view_full", object_id=str(in_a.pk))
    assert views.count() == 2
    assert {(e.actor_id, e.organization_id) for e in views} == {(office.pk, in_a.organization_id)}


def test_lists_never_show_personal_fields_even_to_the_office(
    client_for: ClientFor, office: User, in_a: Member
) -> None:
    before = AuditEvent.objects.count()

    rows = client_for(office).get(f"{API}/members/").json()["results"]

    assert rows and all(PERSONAL.isdisjoint(row) for row in rows)
    assert AuditEvent.objects.count() == before


# --- Creating and updating ------------------------------------------------------------------


def new_record(tree: Tree, **extra: Any) -> dict[str, Any]:
    return {
        "organization": tree.cell_a.pk,
        "full_name": "Lê Thị Mai",
        "sex": "female",
        "birth_date": "12/03/1985",
        "decision_date": "01/02/2010",
        "admitted_on": "15/02/2010",
        "official_on": "15/02/2011",
        "decision_number": "45-QĐ/ĐU",
        **extra,
    }


def test_the_office_enters_a_member_from_the_paper_roll(
    client_for: ClientFor, office: User, tree: Tree
) -> None:
    response = post(
        client_for(office), f"{API}/members/", new_record(tree, national_id="079185000111")
    )

    assert response.status_code == 201, response.content
    body = response.json()
    member = Member.objects.get(pk=body["id"])
    assert member.status == MemberStatus.OFFICIAL
    assert member.organization == tree.cell_a
    assert body["official_on"] == "2011-02-15"
    assert body["national_id"] == "079185000111"
    assert AuditEvent.objects.filter(action="member.create", object_id=str(member.pk)).exists()


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"national_id": "07918500011"}, "national_id", "12 chữ số"),
        ({"national_id": "DUPLICATE"}, "national_id", "đã có"),
        ({"birth_date": "FUTURE"}, "birth_date", "sau ngày hôm nay"),
        ({"birth_date": "31/02/1985"}, "birth_date", "dd/mm/yyyy"),
        ({"sex": "khác"}, "sex", "lựa chọn hợp lệ"),
        ({"full_name": " "}, "full_name", "bỏ trống"),
        ({"organization": "CELL_B_FOR_SECRETARY"}, "organization", "phạm vi"),
    ],
)
def test_a_bad_record_is_refused_per_field_in_vietnamese_and_changes_nothing(
    client_for: ClientFor,
    office: User,
    secretary_a: User,
    tree: Tree,
    in_a: Member,
    extra: dict[str, Any],
    field: str,
    words: str,
) -> None:
    user = office
    if extra.get("national_id") == "DUPLICATE":
        extra = {"national_id": in_a.national_id}
    if extra.get("birth_date") == "FUTURE":
        extra = {"birth_date": (today() + timedelta(days=1)).strftime("%d/%m/%Y")}
    if extra.get("organization") == "CELL_B_FOR_SECRETARY":
        extra, user = {"organization": tree.cell_b.pk}, secretary_a

    with nothing_changes():
        response = post(client_for(user), f"{API}/members/", new_record(tree, **extra))

    assert response.status_code == 400
    assert words in " ".join(response.json()[field]), response.json()


def test_a_duplicate_national_id_is_refused_on_update_too(
    client_for: ClientFor, office: User, tree: Tree, in_a: Member, in_b: Member
) -> None:
    with nothing_changes():
        response = patch(
            client_for(office), f"{API}/members/{in_b.pk}/", {"national_id": in_a.national_id}
        )

    assert response.status_code == 400
    assert "đã có ở đảng viên khác" in response.json()["national_id"][0]


def test_the_secretary_may_not_write_personal_data_nor_learn_whether_a_cccd_is_taken(
    client_for: ClientFor, secretary_a: User, tree: Tree, in_a: Member
) -> None:
    client = client_for(secretary_a)
    with nothing_changes():
        response = post(client, f"{API}/members/", new_record(tree, national_id=in_a.national_id))

    assert response.status_code == 400
    assert "không có quyền" in response.json()["national_id"][0]
    # Without personal data she may enter the record.
    assert post(client, f"{API}/members/", new_record(tree)).status_code == 201


def test_patch_changes_the_record_through_the_service_but_never_status_or_unit(
    client_for: ClientFor, secretary_a: User, tree: Tree, in_a: Member
) -> None:
    response = patch(
        client_for(secretary_a),
        f"{API}/members/{in_a.pk}/",
        {
            "occupation": "Giáo viên",
            "theory_level": "elementary",
            "status": "died",
            "organization": tree.cell_b.pk,
        },
    )

    assert response.status_code == 200, response.content
    in_a.refresh_from_db()
    assert (in_a.occupation, in_a.theory_level) == ("Giáo viên", "elementary")
    assert (in_a.status, in_a.organization) == (MemberStatus.OFFICIAL, tree.cell_a)
    assert AuditEvent.objects.filter(action="member.update", object_id=str(in_a.pk)).exists()


def test_a_new_member_is_admitted_through_the_api(
    client_for: ClientFor, secretary_a: User, tree: Tree
) -> None:
    response = post(
        client_for(secretary_a),
        f"{API}/members/admit/",
        {
            "organization": tree.cell_a.pk,
            "full_name": "Phan Văn Mới",
            "sex": "male",
            "birth_date": "01/01/1995",
            "decision_date": "10/05/2024",
            "effective_on": "01/06/2024",
            "decision_number": "12-QĐ/ĐU",
        },
    )

    assert response.status_code == 201, response.content
    assert response.json()["status"] == MemberStatus.PROBATIONARY
    assert response.json()["admitted_on"] == "2024-06-01"


# --- Events ---------------------------------------------------------------------------------


def event(client: Client, member: Member, **data: Any) -> Any:
    return post(client, f"{API}/members/{member.pk}/events/", data)


def test_a_probationary_member_is_confirmed_official_through_the_api(
    client_for: ClientFor, secretary_a: User, tree: Tree
) -> None:
    member = MemberFactory.create(organization=tree.cell_a, official_on=None)

    response = event(
        client_for(secretary_a),
        member,
        kind="confirmed_official",
        decision_number="88-QĐ/ĐU",
        decision_date="20/03/2021",
    )

    assert response.status_code == 201, response.content
    assert response.json()["kind_label"] == "Công nhận đảng viên chính thức"
    assert response.json()["effective_on"] == "2021-03-16"  # the end of the 12 months
    member.refresh_from_db()
    assert member.status == MemberStatus.OFFICIAL


def test_removal_death_and_card_are_recorded_through_the_api(
    client_for: ClientFor, secretary_a: User, tree: Tree, in_a: Member
) -> None:
    client = client_for(secretary_a)
    other = MemberFactory.create(organization=tree.cell_a)

    card = event(
        client, in_a, kind="card_issued", card_number="79.000111", effective_on="2022-05-19"
    )
    removed = event(
        client,
        other,
        kind="removed",
        effective_on="10/01/2025",
        decision_number="3-QĐ/ĐU",
        reason="Bỏ sinh hoạt đảng",
    )
    died = event(client, in_a, kind="died", effective_on="02/02/2025", note="Bệnh nặng")

    assert (card.status_code, removed.status_code, died.status_code) == (201, 201, 201)
    in_a.refresh_from_db()
    other.refresh_from_db()
    assert in_a.card_number == "79.000111"
    assert in_a.status == MemberStatus.DIED
    assert other.status == MemberStatus.REMOVED
    assert removed.json()["details"] == {"reason": "Bỏ sinh hoạt đảng"}
    history = client.get(f"{API}/members/{in_a.pk}/events/").json()["results"]
    assert [e["kind"] for e in history] == ["died", "card_issued", "confirmed_official", "admitted"]
    assert history[0]["organization_name"] == "Chi bộ Ấp Một"


def test_a_mistaken_event_is_corrected_and_the_history_keeps_both(
    client_for: ClientFor, secretary_a: User, in_a: Member
) -> None:
    client = client_for(secretary_a)
    wrong = event(client, in_a, kind="exempted", effective_on="01/07/2024", reason="Tuổi cao")
    assert wrong.status_code == 201, wrong.content

    response = event(
        client, in_a, kind="correction", corrects=wrong.json()["id"], void=True, reason="Ghi nhầm"
    )

    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "voided"
    assert response.json()["corrects"] == wrong.json()["id"]
    in_a.refresh_from_db()
    assert in_a.status == MemberStatus.OFFICIAL
    history = client.get(f"{API}/members/{in_a.pk}/events/").json()["results"]
    superseded = {e["id"]: e["superseded"] for e in history}
    assert superseded[wrong.json()["id"]] is True


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"kind": "teleported"}, "kind", "không phải loại sự kiện"),
        ({}, "kind", "bắt buộc"),
        ({"kind": "died"}, "effective_on", "bắt buộc"),
        ({"kind": "died", "effective_on": "01/01/1900"}, "effective_on", "03/02/1930"),
        (
            {"kind": "confirmed_official", "decision_number": "1", "decision_date": "01/04/2021"},
            "official_on",
            "dự bị",
        ),
        ({"kind": "admitted", "effective_on": "01/01/2024"}, "kind", "không phải loại"),
        ({"kind": "correction", "corrects": 999999, "reason": "x"}, "corrects", "Không có"),
        ({"kind": "removed", "effective_on": "01/01/2019"}, "effective_on", "kết nạp"),
    ],
)
def test_a_bad_event_is_refused_in_vietnamese_and_changes_nothing(
    client_for: ClientFor,
    secretary_a: User,
    in_a: Member,
    data: dict[str, Any],
    field: str,
    words: str,
) -> None:
    with nothing_changes():
        response = event(client_for(secretary_a), in_a, **data)

    assert response.status_code == 400
    assert words in " ".join(response.json()[field]), response.json()


# --- Transfers ------------------------------------------------------------------------------


def test_a_transfer_is_started_by_the_sender_and_received_by_the_receiver(
    client_for: ClientFor,
    office: User,
    secretary_a: User,
    secretary_b: User,
    tree: Tree,
    in_a: Member,
) -> None:
    started = post(
        client_for(office),
        f"{API}/transfers/",
        {"member": in_a.pk, "to_organization": tree.cell_b.pk, "letter_issued_on": "03/03/2025"},
    )
    assert started.status_code == 201, started.content
    pk = started.json()["id"]
    assert started.json()["status"] == TransferStatus.PENDING

    sender, receiver = client_for(secretary_a), client_for(secretary_b)
    assert pk in ids(sender.get(f"{API}/transfers/"))
    assert ids(receiver.get(f"{API}/transfers/", {"incoming": "true"})) == {pk}
    # Only the receiving unit records receipt.
    with nothing_changes():
        refused = post(sender, f"{API}/transfers/{pk}/receive/", {"received_on": "05/03/2025"})
    assert refused.status_code == 403
    assert post(receiver, f"{API}/transfers/{pk}/cancel/", {"reason": "x"}).status_code == 403

    received = post(receiver, f"{API}/transfers/{pk}/receive/", {"received_on": "05/03/2025"})

    assert received.status_code == 200, received.content
    assert received.json()["status"] == TransferStatus.RECEIVED
    in_a.refresh_from_db()
    assert in_a.organization == tree.cell_b
    assert receiver.get(f"{API}/members/{in_a.pk}/").status_code == 200
    assert sender.get(f"{API}/members/{in_a.pk}/").status_code == 404


def test_the_sender_cancels_a_pending_transfer(
    client_for: ClientFor, secretary_a: User, in_a: Member
) -> None:
    client = client_for(secretary_a)
    started = post(
        client,
        f"{API}/transfers/",
        {"member": in_a.pk, "to_outside": "Đảng bộ Quân sự tỉnh", "letter_issued_on": "03/03/2025"},
    )
    assert started.status_code == 201, started.content
    pk = started.json()["id"]

    with nothing_changes():
        empty = post(client, f"{API}/transfers/{pk}/cancel/", {"reason": "  "})
    cancelled = post(client, f"{API}/transfers/{pk}/cancel/", {"reason": "Không chuyển nữa"})

    assert empty.status_code == 400
    assert cancelled.status_code == 200, cancelled.content
    assert cancelled.json()["status"] == TransferStatus.CANCELLED
    in_a.refresh_from_db()
    assert in_a.organization_id == started.json()["from_organization"]


def test_a_transfer_may_go_to_a_unit_out_of_sight_as_on_the_page(
    client_for: ClientFor, secretary_a: User, tree: Tree, in_a: Member
) -> None:
    response = post(
        client_for(secretary_a),
        f"{API}/transfers/",
        {
            "member": in_a.pk,
            "to_organization": tree.cell_b.pk,
            "letter_issued_on": "03/03/2025",
        },
    )

    assert response.status_code == 201, response.content
    assert response.json()["to_organization"] == tree.cell_b.pk


def test_a_transfer_to_a_unit_that_does_not_exist_is_refused(
    client_for: ClientFor, secretary_a: User, in_a: Member
) -> None:
    with nothing_changes():
        response = post(
            client_for(secretary_a),
            f"{API}/transfers/",
            {"member": in_a.pk, "to_organization": 999_999, "letter_issued_on": "03/03/2025"},
        )

    assert response.status_code == 400
    assert response.json()["to_organization"]


# --- Bounded queries ------------------------------------------------------------------------


def test_the_member_list_runs_a_bounded_number_of_queries(
    client_for: ClientFor,
    office: User,
    tree: Tree,
    django_assert_max_num_queries: Any,
) -> None:
    kinh = Ethnicity.objects.get(name="Kinh")
    for n in range(12):
        member = MemberFactory.create(organization=tree.cell_a if n % 2 else tree.cell_b)
        services.update_member(actor=None, member=member, data={"ethnicity": kinh})
    client = client_for(office)
    client.get(f"{API}/members/")  # session and user loaded once

    with django_assert_max_num_queries(8):
        response = client.get(f"{API}/members/", {"search": "kiem thu"})

    assert len(response.json()["results"]) == 12
    assert {r["ethnicity_name"] for r in response.json()["results"]} == {"Kinh"}


def test_the_event_list_runs_a_bounded_number_of_queries(
    client_for: ClientFor, secretary_a: User, in_a: Member, django_assert_max_num_queries: Any
) -> None:
    client = client_for(secretary_a)
    for n in range(5):
        event(
            client,
            in_a,
            kind="position_changed",
            effective_on=f"0{n + 1}/01/2024",
            party_position=f"Chức vụ {n}",
        )
    client.get(f"{API}/members/{in_a.pk}/events/")

    with django_assert_max_num_queries(9):
        response = client.get(f"{API}/members/{in_a.pk}/events/")

    assert len(response.json()["results"]) == 7
    assert EventKind.POSITION_CHANGED in {e["kind"] for e in response.json()["results"]}


def test_every_other_event_kind_is_recorded_by_its_service(
    client_for: ClientFor, secretary_a: User, tree: Tree
) -> None:
    client = client_for(secretary_a)
    veteran = MemberFactory.create(
        organization=tree.cell_a,
        birth_date=date(1960, 1, 1),
        decision_date=date(1990, 3, 2),
        admitted_on=date(1990, 3, 16),
        official_on=date(1991, 3, 16),
    )
    steps: list[dict[str, Any]] = [
        {"kind": "card_issued", "card_number": "79.111", "effective_on": "01/06/2020"},
        {"kind": "card_reissued", "card_number": "79.222", "effective_on": "01/06/2021"},
        {"kind": "badge_awarded", "years": 30, "effective_on": "03/02/2021"},
        {"kind": "position_changed", "effective_on": "01/03/2022", "party_position": "Chi ủy viên"},
        {"kind": "exempted", "effective_on": "01/01/2023", "reason": "Tuổi cao, sức yếu"},
        {"kind": "exemption_ended", "effective_on": "01/01/2024"},
        {"kind": "expelled", "effective_on": "01/06/2024", "decision_number": "9-QĐ/UBKT"},
    ]

    for step in steps:
        response = event(client, veteran, **step)
        assert response.status_code == 201, (step, response.content)
        assert response.json()["kind"] == step["kind"]

    veteran.refresh_from_db()
    assert veteran.card_number == "79.222"
    assert veteran.party_position == "Chi ủy viên"
    assert veteran.status == MemberStatus.EXPELLED
    actions = set(
        AuditEvent.objects.filter(organization_id=tree.cell_a.pk).values_list("action", flat=True)
    )
    assert {
        "member.award_badge",
        "member.exempt",
        "member.end_exemption",
        "member.expel",
    } <= actions


@pytest.fixture
def admin_schema() -> dict[str, Any]:
    schema: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)
    return schema


def test_the_schema_says_personal_fields_may_be_absent(admin_schema: dict[str, Any]) -> None:
    detail = admin_schema["components"]["schemas"]["MemberDetail"]
    listed = admin_schema["components"]["schemas"]["Member"]

    assert set(detail["properties"]) >= PERSONAL
    assert PERSONAL.isdisjoint(detail["required"])
    assert "không có trong kết quả" in detail["properties"]["national_id"]["description"]
    assert PERSONAL.isdisjoint(listed["properties"])


def test_the_transfer_list_runs_a_bounded_number_of_queries(
    client_for: ClientFor, office: User, tree: Tree, django_assert_max_num_queries: Any
) -> None:
    for n in range(6):
        member = MemberFactory.create(organization=tree.cell_a)
        services.start_transfer(
            actor=None,
            member=member,
            to_organization=tree.cell_b if n % 2 else None,
            to_outside="" if n % 2 else "Nơi khác",
            letter_issued_on=date(2025, 3, 3),
        )
    client = client_for(office)
    client.get(f"{API}/transfers/")

    with django_assert_max_num_queries(8):
        response = client.get(f"{API}/transfers/")

    assert response.json()["count"] == 6
    assert {r["to_organization_name"] for r in response.json()["results"]} == {
        None,
        "Chi bộ Ấp Hai",
    }
