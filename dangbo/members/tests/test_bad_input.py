"""The issue's "Bad input": each refused with a Vietnamese message on the right field, and
nothing written (no member, event, transfer or audit row)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from conftest import Tree
from dangbo.core.clock import today
from dangbo.members import services
from dangbo.members.models import MemberStatus
from dangbo.members.tests.factories import MemberFactory
from dangbo.members.tests.helpers import admit, refused
from dangbo.orgs.services import Decision

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("national_id", ["12345", "0791234567890", "07912345678a"])
def test_a_national_id_that_is_not_twelve_digits_is_refused(tree: Tree, national_id: str) -> None:
    with refused("national_id", "12 chữ số"):
        admit(tree.cell_a, national_id=national_id)


def test_a_national_id_already_on_the_roll_is_refused(tree: Tree) -> None:
    other = MemberFactory.create(organization=tree.cell_b)

    with refused("national_id", "đã có"):
        admit(tree.cell_a, national_id=other.national_id)
    mine = MemberFactory.create(organization=tree.cell_a)
    with refused("national_id", "đã có"):
        services.update_member(actor=None, member=mine, data={"national_id": other.national_id})


def test_a_birth_date_in_the_future_is_refused(tree: Tree) -> None:
    with refused("birth_date", "sau ngày hôm nay"):
        admit(tree.cell_a, birth_date=today() + timedelta(days=1))


def test_someone_under_18_on_the_decision_date_is_not_admitted(tree: Tree) -> None:
    # Turns 18 one day after the decision of 10/5/2024: counted in full months.
    with refused("birth_date", "Chưa đủ 18 tuổi"):
        admit(tree.cell_a, birth_date=date(2006, 5, 11))
    assert admit(tree.cell_a, birth_date=date(2006, 5, 10)).status == MemberStatus.PROBATIONARY


def test_an_official_date_less_than_12_months_after_admission_is_refused(tree: Tree) -> None:
    member = admit(tree.cell_a)

    with refused("official_on", "01/06/2025"):
        services.confirm_official(
            actor=None,
            member=member,
            decision_number="1-QĐ/ĐU",
            decided_on=date(2025, 6, 2),
            official_on=date(2025, 5, 31),
        )
    with refused("official_on", "12 tháng"):
        MemberFactory.create(
            organization=tree.cell_a, admitted_on=date(2020, 3, 16), official_on=date(2021, 3, 15)
        )


def test_a_transfer_to_the_members_own_unit_is_refused(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)

    with refused("to_organization", "trùng"):
        services.start_transfer(
            actor=None, member=member, to_organization=tree.cell_a, letter_issued_on=today()
        )


def test_no_event_is_recorded_after_the_member_died(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    services.record_death(actor=None, member=member, died_on=date(2025, 3, 1))

    with refused("effective_on", "đã từ trần ngày 01/03/2025"):
        services.exempt_member(
            actor=None, member=member, decision=Decision(effective_on=date(2025, 4, 1))
        )
    with refused("member"):
        services.start_transfer(
            actor=None, member=member, to_organization=tree.cell_b, letter_issued_on=today()
        )


def test_no_event_is_recorded_after_the_member_was_struck_off(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    services.remove_member(
        actor=None,
        member=member,
        decision=Decision(effective_on=date(2025, 3, 1), number="3-QĐ/ĐU"),
        reason="Bỏ sinh hoạt 3 tháng trong năm",
    )

    with refused("effective_on", "đã bị xóa tên"):
        services.issue_card(
            actor=None, member=member, card_number="79012345", issued_on=date(2025, 4, 1)
        )
    with refused("effective_on", "đã bị xóa tên"):
        services.change_position(
            actor=None,
            member=member,
            decision=Decision(effective_on=date(2025, 5, 1)),
            party_position="Chi ủy viên",
        )


def test_an_event_dated_before_a_later_death_is_still_accepted(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    services.record_death(actor=None, member=member, died_on=date(2025, 3, 1))

    # Recorded late but dated before the death: history allows it, the member stays dead.
    services.issue_card(
        actor=None, member=member, card_number="79000001", issued_on=date(2024, 1, 5)
    )

    member.refresh_from_db()
    assert member.status == MemberStatus.DIED


def test_a_sponsor_who_is_not_an_official_member_is_refused(tree: Tree) -> None:
    probationary = admit(tree.cell_a, full_name="Lê Văn Dự Bị", ceremony=date(2024, 6, 1))
    official = MemberFactory.create(organization=tree.cell_a)

    with refused("sponsor_2", "không phải đảng viên chính thức"):
        admit(
            tree.cell_a,
            decided_on=date(2024, 9, 3),
            ceremony=date(2024, 9, 10),
            sponsor_1=official,
            sponsor_2=probationary,
        )


def test_a_sponsor_who_became_official_only_later_is_refused_for_an_earlier_decision(
    tree: Tree,
) -> None:
    late = MemberFactory.create(
        organization=tree.cell_a,
        decision_date=date(2023, 1, 2),
        admitted_on=date(2023, 1, 9),
        official_on=date(2024, 1, 9),
    )

    with refused("sponsor_1", "01/12/2023"):
        admit(tree.cell_a, decided_on=date(2023, 12, 1), ceremony=date(2023, 12, 5), sponsor_1=late)


def test_a_duplicate_card_number_is_refused(tree: Tree) -> None:
    first = MemberFactory.create(organization=tree.cell_a)
    services.issue_card(
        actor=None, member=first, card_number="79000002", issued_on=date(2022, 2, 3)
    )

    second = MemberFactory.create(organization=tree.cell_b)

    with refused("card_number", "đã cấp"):
        services.issue_card(
            actor=None, member=second, card_number="79000002", issued_on=date(2022, 2, 3)
        )


def test_a_member_is_admitted_only_into_a_cell(tree: Tree) -> None:
    with refused("organization", "không phải chi bộ"):
        admit(tree.commune)
