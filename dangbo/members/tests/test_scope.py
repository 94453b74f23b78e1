"""Who sees which member, their events and transfers (DESIGN rule 2)."""

from __future__ import annotations

import pytest

from conftest import Tree
from dangbo.access.scoping import scope
from dangbo.accounts.models import User
from dangbo.members import services
from dangbo.members.models import Member, MemberEvent, Transfer
from dangbo.members.tests.factories import MemberFactory, TransferFactory

pytestmark = pytest.mark.django_db


def test_the_secretary_of_cell_a_sees_cell_as_members_and_never_cell_bs(
    tree: Tree, secretary_a: User
) -> None:
    mine = MemberFactory.create(organization=tree.cell_a)
    theirs = MemberFactory.create(organization=tree.cell_b)
    assert not scope(secretary_a, Member).filter(pk=theirs.pk).exists()

    assert list(scope(secretary_a, Member)) == [mine]
    assert set(scope(secretary_a, MemberEvent).values_list("member", flat=True)) == {mine.pk}


def test_a_member_sees_only_their_own_record(tree: Tree, member_a: User) -> None:
    me = MemberFactory.create(organization=tree.cell_a, user=member_a)
    neighbour = MemberFactory.create(organization=tree.cell_a)
    TransferFactory.create(member=neighbour)
    my_transfer = TransferFactory.create(member=me)

    assert list(scope(member_a, Member)) == [me]
    assert set(scope(member_a, MemberEvent).values_list("member", flat=True)) == {me.pk}
    assert list(scope(member_a, Transfer)) == [my_transfer]


def test_a_received_transfer_moves_the_record_out_of_the_senders_sight(
    tree: Tree, secretary_a: User
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    transfer = services.start_transfer(
        actor=None,
        member=member,
        to_organization=tree.cell_b,
        letter_issued_on=member.official_on.replace(year=2025),  # type: ignore[union-attr]
    )
    assert list(scope(secretary_a, Transfer)) == [transfer]  # pending: the sender sees it

    services.receive_transfer(actor=None, transfer=transfer, received_on=transfer.letter_issued_on)

    assert list(scope(secretary_a, Member)) == []
    assert list(scope(secretary_a, Transfer)) == []


def test_an_outsider_sees_no_member(tree: Tree, outsider: User) -> None:
    MemberFactory.create(organization=tree.cell_a)

    assert not scope(outsider, Member).exists()
    assert not scope(outsider, MemberEvent).exists()
