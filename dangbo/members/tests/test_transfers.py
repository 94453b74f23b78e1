from __future__ import annotations

from datetime import date

import pytest

from conftest import Tree
from dangbo.members import services
from dangbo.members.models import EventKind, MemberStatus, TransferStatus
from dangbo.members.queries import members_as_of
from dangbo.members.tests.factories import MemberFactory
from dangbo.members.tests.helpers import refused
from dangbo.orgs.models import Organization

pytestmark = pytest.mark.django_db


def test_a_transfer_out_of_the_system_takes_the_member_off_the_roll_when_handed_over(
    tree: Tree,
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    transfer = services.start_transfer(
        actor=None,
        member=member,
        to_outside="Đảng bộ Quân sự tỉnh",
        letter_issued_on=date(2025, 3, 3),
    )

    services.receive_transfer(actor=None, transfer=transfer, received_on=date(2025, 3, 5))

    member.refresh_from_db()
    assert member.status == MemberStatus.TRANSFERRED_OUT
    assert member.organization == tree.cell_a  # the last unit keeps the record
    cell_a = Organization.objects.filter(pk=tree.cell_a.pk)
    assert member in members_as_of(cell_a, date(2025, 3, 4))
    assert member not in members_as_of(cell_a, date(2025, 3, 5))
    event = member.events.get(kind=EventKind.TRANSFER_OUT)
    assert event.counterpart_name == "Đảng bộ Quân sự tỉnh"


def test_a_cancelled_transfer_leaves_the_member_where_they_were(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    transfer = services.start_transfer(
        actor=None, member=member, to_organization=tree.cell_b, letter_issued_on=date(2025, 3, 3)
    )
    with refused("member", "chờ tiếp nhận"):
        services.start_transfer(
            actor=None, member=member, to_outside="Nơi khác", letter_issued_on=date(2025, 3, 4)
        )
    with refused("reason"):
        services.cancel_transfer(actor=None, transfer=transfer, reason=" ")

    services.cancel_transfer(actor=None, transfer=transfer, reason="Đảng viên không chuyển nữa")

    transfer.refresh_from_db()
    member.refresh_from_db()
    assert transfer.status == TransferStatus.CANCELLED
    assert member.organization == tree.cell_a
    with refused("status", "đã hủy"):
        services.receive_transfer(actor=None, transfer=transfer, received_on=date(2025, 3, 10))


def test_a_transfer_needs_exactly_one_destination(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)

    with refused("to_organization"):
        services.start_transfer(actor=None, member=member, letter_issued_on=date(2025, 3, 3))
    with refused("to_organization"):
        services.start_transfer(
            actor=None,
            member=member,
            to_organization=tree.cell_b,
            to_outside="Nơi khác",
            letter_issued_on=date(2025, 3, 3),
        )
    with refused("to_organization", "không phải chi bộ"):
        services.start_transfer(
            actor=None,
            member=member,
            to_organization=tree.commune,
            letter_issued_on=date(2025, 3, 3),
        )


def test_a_card_is_issued_once_then_only_reissued(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    services.issue_card(
        actor=None, member=member, card_number="79000010", issued_on=date(2021, 5, 19)
    )

    with refused("card_number", "cấp lại"):
        services.issue_card(
            actor=None, member=member, card_number="79000011", issued_on=date(2024, 5, 19)
        )
    services.issue_card(
        actor=None, member=member, card_number="79000011", issued_on=date(2024, 5, 19), reissue=True
    )

    member.refresh_from_db()
    assert member.card_number == "79000011"
    assert list(member.events.filter(kind__startswith="card").values_list("kind", flat=True)) == [
        EventKind.CARD_ISSUED,
        EventKind.CARD_REISSUED,
    ]
