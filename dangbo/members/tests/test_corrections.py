"""Đề nghị đính chính, the services: only the member asks, about their own record; staff of
the member's unit approve (which writes the correction and an event) or refuse with a reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.members import services
from dangbo.members.models import (
    CorrectionRequest,
    CorrectionStatus,
    EventKind,
    Member,
    MemberEvent,
    Sex,
)
from dangbo.members.tests.factories import MemberFactory
from dangbo.members.tests.helpers import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(tree: Tree, member_a: User) -> Member:
    """member_a's own record, in cell A, linked to the member_a account."""
    member = MemberFactory.create(
        organization=tree.cell_a, full_name="Phạm Thị Đảng Viên", birth_place="Xã Tân Hưng"
    )
    return services.link_member_user(actor=None, member=member, user=member_a)


def ask(
    member: Member, target: str, value: str, reason: str = "Theo giấy khai sinh"
) -> CorrectionRequest:
    assert member.user is not None
    return services.request_correction(
        actor=member.user, member=member, target=target, requested_value=value, reason=reason
    )


def test_a_member_asks_to_correct_a_fact_of_their_own_record(own: Member, member_a: User) -> None:
    correction = ask(own, "field:birth_place", "Xã An Bình")

    assert correction.status == CorrectionStatus.PENDING
    assert correction.requested_by == member_a
    assert (correction.field, correction.event) == ("birth_place", None)
    assert correction.current_value == "Xã Tân Hưng"
    assert correction.requested_value == "Xã An Bình"
    own.refresh_from_db()
    assert own.birth_place == "Xã Tân Hưng"  # nothing changes until staff approve
    audit = AuditEvent.objects.get(action="member.correction_request")
    assert audit.after["requested_value"] == "Xã An Bình"


def test_typed_values_are_read_as_the_member_writes_them(own: Member) -> None:
    sex = ask(own, "field:sex", "nam")
    ethnicity = ask(own, "field:ethnicity", "Khmer")  # a variant spelling of Khơ-me
    born = ask(own, "field:birth_date", "5/3/1970")

    assert (sex.current_value, sex.requested_value) == ("Nữ", "Nam")
    assert ethnicity.requested_value == "Khơ-me"
    assert born.requested_value == "05/03/1970"


def test_nobody_but_the_linked_account_may_ask(
    tree: Tree, own: Member, secretary_a: User, member_a: User
) -> None:
    other = MemberFactory.create(organization=tree.cell_a)

    with pytest.raises(PermissionDenied):
        services.request_correction(
            actor=secretary_a,
            member=own,
            target="field:occupation",
            requested_value="x",
            reason="y",
        )
    with pytest.raises(PermissionDenied):
        services.request_correction(
            actor=member_a, member=other, target="field:occupation", requested_value="x", reason="y"
        )
    assert not CorrectionRequest.objects.exists()


@pytest.mark.parametrize(
    ("target", "value", "reason", "field", "words"),
    [
        ("field:national_id", "079123456789", "r", "field", "Chọn nội dung"),
        ("field:organization", "x", "r", "field", "Chọn nội dung"),
        ("field:birth_place", "", "r", "requested_value", "Nhập giá trị đúng"),
        ("field:birth_place", "Xã Tân Hưng", "r", "requested_value", "giống giá trị đang ghi"),
        ("field:birth_place", "x" * 256, "r", "requested_value", "255"),
        ("field:birth_place", "Xã An Bình", "  ", "reason", "Nhập lý do"),
        ("field:birth_date", "31/02/1970", "r", "requested_value", "Ngày không hợp lệ"),
        ("field:birth_date", "01/01/2999", "r", "requested_value", "sau ngày hôm nay"),
        ("field:sex", "không rõ", "r", "requested_value", "Nam, Nữ"),
        ("field:ethnicity", "Dân tộc Sao Hỏa", "r", "requested_value", "không có dân tộc"),
        ("event:999999:effective_on", "01/01/2020", "r", "event", "Không có sự kiện"),
        ("event:x:effective_on", "01/01/2020", "r", "event", "Không có sự kiện"),
        ("event:1:colour", "đỏ", "r", "field", "Chọn nội dung"),
    ],
)
def test_bad_requests_are_refused_in_vietnamese_and_change_nothing(
    own: Member, target: str, value: str, reason: str, field: str, words: str
) -> None:
    with refused(field, words.replace("không có", "Không có")):
        ask(own, target, value, reason)


def test_a_member_cannot_ask_about_another_members_event(tree: Tree, own: Member) -> None:
    other = MemberFactory.create(organization=tree.cell_a)
    their_event = other.events.first()
    assert their_event is not None

    with refused("event", "Không có sự kiện"):
        ask(own, f"event:{their_event.pk}:effective_on", "01/01/2020")


def test_one_pending_request_per_field(own: Member) -> None:
    ask(own, "field:birth_place", "Xã An Bình")

    with refused("field", "đang chờ xử lý"):
        ask(own, "field:birth_place", "Xã An Hòa")


def test_approving_a_fact_updates_the_record_and_writes_a_correction_event(
    own: Member, secretary_a: User
) -> None:
    correction = ask(own, "field:birth_place", "Xã An Bình")

    services.approve_correction(actor=secretary_a, correction=correction, note="Đã đối chiếu")

    own.refresh_from_db()
    correction.refresh_from_db()
    assert own.birth_place == "Xã An Bình"
    assert correction.status == CorrectionStatus.APPROVED
    assert correction.decided_by == secretary_a
    assert correction.decided_at is not None
    assert correction.decision_note == "Đã đối chiếu"
    event = correction.correction_event
    assert event is not None and event.kind == EventKind.RECORD_CORRECTED
    assert event.details["before"] == "Xã Tân Hưng"
    assert event.details["after"] == "Xã An Bình"
    assert event.recorded_by == secretary_a
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"member.update", "member.correct_record", "member.correction_approve"} <= actions


def test_approving_a_catalog_value_stores_the_row(own: Member, secretary_a: User) -> None:
    correction = ask(own, "field:ethnicity", "kho-me")

    services.approve_correction(actor=secretary_a, correction=correction)

    own.refresh_from_db()
    assert own.ethnicity is not None and own.ethnicity.name == "Khơ-me"


def test_approving_an_events_date_writes_the_correcting_event(
    own: Member, secretary_a: User
) -> None:
    card = services.issue_card(
        actor=None, member=own, card_number="79000001", issued_on=dt.date(2022, 5, 19)
    )
    correction = ask(own, f"event:{card.pk}:effective_on", "02/06/2022")

    services.approve_correction(actor=secretary_a, correction=correction)

    card.refresh_from_db()
    correction.refresh_from_db()
    assert card.superseded
    fixed = correction.correction_event
    assert fixed is not None
    assert (fixed.kind, fixed.corrects_id, fixed.effective_on) == (
        EventKind.CARD_ISSUED,
        card.pk,
        dt.date(2022, 6, 2),
    )
    assert "Theo đề nghị của đảng viên" in fixed.note


def test_an_approval_the_record_rules_refuse_changes_nothing(
    own: Member, secretary_a: User
) -> None:
    # Born in 2005, she would have been under 18 when admitted in 2020.
    correction = ask(own, "field:birth_date", "01/01/2005")
    before = Member.objects.filter(pk=own.pk).values_list().get()

    with refused("requested_value", "Chưa đủ 18 tuổi"):
        services.approve_correction(actor=secretary_a, correction=correction)

    assert Member.objects.filter(pk=own.pk).values_list().get() == before
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.PENDING


def test_an_event_corrected_meanwhile_cannot_be_corrected_again_by_the_request(
    own: Member, secretary_a: User
) -> None:
    card = services.issue_card(
        actor=None, member=own, card_number="79000002", issued_on=dt.date(2022, 5, 19)
    )
    correction = ask(own, f"event:{card.pk}:decision_number", "12-QĐ/ĐU")
    services.correct_event(actor=secretary_a, event=card, reason="Sai số", decision_number="9")

    with refused("requested_value", "Không có sự kiện"):
        services.approve_correction(actor=secretary_a, correction=correction)


def test_only_staff_who_may_edit_the_members_unit_decide(
    tree: Tree, own: Member, member_a: User
) -> None:
    secretary_b = make_user("secretary_b", "Đỗ Văn Bê", tree.cell_b, Role.SECRETARY)
    viewer = make_user("viewer", "Chỉ Xem", tree.root, Role.VIEWER)
    correction = ask(own, "field:birth_place", "Xã An Bình")

    for user in (secretary_b, viewer, member_a):
        with pytest.raises(PermissionDenied):
            services.approve_correction(actor=user, correction=correction)
        with pytest.raises(PermissionDenied):
            services.refuse_correction(actor=user, correction=correction, reason="Không")
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.PENDING


def test_staff_do_not_decide_on_their_own_record(tree: Tree) -> None:
    secretary = make_user("bithu", "Lê Văn Bí Thư", tree.cell_a, Role.SECRETARY)
    record = MemberFactory.create(organization=tree.cell_a, birth_place="Xã Cũ")
    services.link_member_user(actor=None, member=record, user=secretary)
    record.refresh_from_db()
    correction = ask(record, "field:birth_place", "Xã Mới")

    with pytest.raises(PermissionDenied):
        services.approve_correction(actor=secretary, correction=correction)


def test_refusing_needs_a_reason_and_the_member_reads_it(own: Member, secretary_a: User) -> None:
    correction = ask(own, "field:birth_place", "Xã An Bình")

    with refused("decision_note", "Nhập lý do"):
        services.refuse_correction(actor=secretary_a, correction=correction, reason=" ")
    services.refuse_correction(
        actor=secretary_a, correction=correction, reason="Giấy khai sinh ghi Xã Tân Hưng"
    )

    correction.refresh_from_db()
    own.refresh_from_db()
    assert correction.status == CorrectionStatus.REFUSED
    assert correction.decision_note == "Giấy khai sinh ghi Xã Tân Hưng"
    assert own.birth_place == "Xã Tân Hưng"
    assert AuditEvent.objects.filter(action="member.correction_refuse").count() == 1


def test_a_request_is_decided_once(own: Member, secretary_a: User) -> None:
    correction = ask(own, "field:sex", "Nam")
    services.approve_correction(actor=secretary_a, correction=correction)
    own.refresh_from_db()
    assert own.sex == Sex.MALE
    events = MemberEvent.objects.count()

    with refused("decision_note", "đã được xử lý"):
        services.refuse_correction(actor=secretary_a, correction=correction, reason="Nhầm")
    with refused("decision_note", "đã được xử lý"):
        services.approve_correction(actor=secretary_a, correction=correction)
    assert MemberEvent.objects.count() == events


def test_a_record_can_be_corrected_after_the_member_died(own: Member, secretary_a: User) -> None:
    correction = ask(own, "field:other_name", "Út")
    services.record_death(actor=None, member=own, died_on=dt.date(2024, 1, 5))

    services.approve_correction(actor=secretary_a, correction=correction)

    own.refresh_from_db()
    assert own.other_name == "Út"


def test_a_record_correction_on_the_timeline_offers_no_correction_of_itself(
    own: Member, secretary_a: User, client: Any
) -> None:
    correction = ask(own, "field:birth_place", "Xã An Bình")
    services.approve_correction(actor=secretary_a, correction=correction, note="")
    correction.refresh_from_db()
    event = correction.correction_event
    assert event is not None
    admitted = own.events.get(kind=EventKind.ADMITTED)
    client.force_login(secretary_a)

    page = client.get(reverse("members:member-detail", args=[own.pk])).content.decode()

    assert reverse("members:event-correct", args=[admitted.pk]) in page
    assert reverse("members:event-correct", args=[event.pk]) not in page
