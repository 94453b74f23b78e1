"""Terms, committees, seats and phụ trách assignments: writes through services, audited,
bad input refused in Vietnamese with nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.orgs.models import Committee, CommitteeSeat, OrgKind, SeatRole, Term
from dangbo.orgs.services import (
    add_seat,
    assign_unit,
    create_committee,
    create_term,
    end_seat,
)
from dangbo.orgs.tests.factories import (
    OrganizationFactory,
    dissolve,
    make_seat,
    make_term,
    refused,
)

TERM_START, TERM_END = dt.date(2020, 10, 1), dt.date(2025, 9, 30)


@pytest.fixture
def term(tree: Tree, province_admin: User) -> Term:
    return create_term(
        actor=province_admin,
        org=tree.commune,
        name="2020–2025",
        starts_on=TERM_START,
        ends_on=TERM_END,
    )


@pytest.fixture
def committee(term: Term, province_admin: User) -> Committee:
    return create_committee(actor=province_admin, term=term)


@pytest.fixture
def seat(committee: Committee) -> CommitteeSeat:
    """Nguyễn Văn An, a member of the commune's committee for the whole term."""
    return make_seat(committee)


def test_a_term_and_its_committee_are_created_and_audited_under_the_organization(
    tree: Tree, province_admin: User, committee: Committee
) -> None:
    assert committee.name == "Ban Chấp hành Đảng bộ xã An Bình nhiệm kỳ 2020–2025"
    term_event = AuditEvent.objects.get(action="term.create")
    committee_event = AuditEvent.objects.get(action="committee.create")
    for event in (term_event, committee_event):
        assert (event.actor, event.org_path, event.organization_id) == (
            province_admin,
            tree.commune.path,
            tree.commune.pk,
        )
    assert term_event.after == {
        "name": "2020–2025",
        "starts_on": "2020-10-01",
        "ends_on": "2025-09-30",
    }


def test_a_cells_committee_is_called_chi_uy(tree: Tree) -> None:
    term = make_term(tree.cell_a, dt.date(2022, 6, 1), dt.date(2025, 5, 31))

    assert term.name == "2022–2025"
    assert create_committee(actor=None, term=term).name == (
        "Chi ủy Chi bộ Ấp Một nhiệm kỳ 2022–2025"
    )


def test_terms_of_one_organization_cannot_overlap(tree: Tree, term: Term) -> None:
    assert refused(
        make_term, tree.commune, dt.date(2025, 9, 1), dt.date(2030, 8, 31), "2025–2030"
    ) == {"starts_on": ["Trùng thời gian với nhiệm kỳ 2020–2025 của Đảng bộ xã An Bình."]}


def test_terms_of_different_organizations_may_run_at_the_same_time(tree: Tree, term: Term) -> None:
    other = make_term(tree.agencies, TERM_START, TERM_END, "2020–2025")

    assert other.organization == tree.agencies


def test_a_term_must_end_after_it_starts(tree: Tree) -> None:
    assert refused(make_term, tree.commune, dt.date(2025, 1, 1), dt.date(2025, 1, 1)) == {
        "ends_on": ["Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu."]
    }


def test_one_term_has_one_committee(committee: Committee) -> None:
    assert refused(create_committee, actor=None, term=committee.term) == {
        "term": ["Đảng bộ xã An Bình đã có cấp ủy nhiệm kỳ 2020–2025."]
    }


def test_a_seat_is_added_and_audited(
    tree: Tree, committee: Committee, province_admin: User, secretary_a: User
) -> None:
    seat = add_seat(
        actor=province_admin,
        committee=committee,
        holder_name=" Nguyễn Văn An ",
        role=SeatRole.SECRETARY,
        started_on=TERM_START,
        user=secretary_a,
        decision_number="12-QĐ/TU",
    )

    assert (seat.holder_name, seat.user, seat.is_active_on(TERM_END)) == (
        "Nguyễn Văn An",
        secretary_a,
        True,
    )
    event = AuditEvent.objects.get(action="seat.add")
    assert (event.actor, event.org_path) == (province_admin, tree.commune.path)
    assert event.after["role"] == "secretary" and event.after["user"] == secretary_a.pk


def test_the_same_person_cannot_hold_two_overlapping_seats(committee: Committee) -> None:
    make_seat(committee, role=SeatRole.STANDING)

    # Decisions often print names in capitals; the same person must still be recognised,
    # on SQLite too (whose LIKE folds only ASCII letters).
    assert refused(
        make_seat,
        committee,
        holder_name="NGUYỄN VĂN AN",
        role=SeatRole.DEPUTY_SECRETARY,
        started_on=dt.date(2023, 1, 1),
    ) == {"holder_name": ["NGUYỄN VĂN AN đã có một chức vụ trong cấp ủy này cùng thời gian."]}


def test_a_person_may_take_a_new_role_after_the_old_one_ended(committee: Committee) -> None:
    first = make_seat(committee, role=SeatRole.STANDING)
    end_seat(actor=None, seat=first, ended_on=dt.date(2022, 12, 31))

    second = make_seat(committee, role=SeatRole.DEPUTY_SECRETARY, started_on=dt.date(2023, 1, 1))

    assert second.role == SeatRole.DEPUTY_SECRETARY


def test_a_committee_cannot_have_two_secretaries_at_once(committee: Committee) -> None:
    make_seat(committee, role=SeatRole.SECRETARY, ended_on=dt.date(2023, 6, 30))

    assert refused(
        make_seat,
        committee,
        holder_name="Trần Thị Bình",
        role=SeatRole.SECRETARY,
        started_on=dt.date(2023, 6, 30),
    ) == {"role": ["Cấp ủy đã có Bí thư trong khoảng thời gian này."]}


def test_a_new_secretary_may_start_the_day_after_the_last_one_left(committee: Committee) -> None:
    make_seat(committee, role=SeatRole.SECRETARY, ended_on=dt.date(2023, 6, 30))

    seat = make_seat(
        committee,
        holder_name="Trần Thị Bình",
        role=SeatRole.SECRETARY,
        started_on=dt.date(2023, 7, 1),
    )

    assert seat.pk is not None


def test_a_seat_cannot_start_outside_its_term(committee: Committee) -> None:
    assert refused(make_seat, committee, started_on=dt.date(2025, 10, 1)) == {
        "started_on": ["Ngày bắt đầu phải trong nhiệm kỳ 2020–2025 (01/10/2020–30/09/2025)."]
    }


def test_a_seat_cannot_end_after_its_term(committee: Committee) -> None:
    assert refused(make_seat, committee, ended_on=dt.date(2025, 10, 1)) == {
        "ended_on": ["Ngày kết thúc phải sau ngày bắt đầu và trong nhiệm kỳ."]
    }


def test_ending_a_seat_ends_its_open_assignments(tree: Tree, seat: CommitteeSeat) -> None:
    assignment = assign_unit(actor=None, seat=seat, unit=tree.cell_a, started_on=TERM_START)

    end_seat(actor=None, seat=seat, ended_on=dt.date(2024, 3, 31))

    assignment.refresh_from_db()
    assert assignment.ended_on == dt.date(2024, 3, 31)
    event = AuditEvent.objects.get(action="seat.end")
    assert (event.before["ended_on"], event.after["ended_on"]) == (None, "2024-03-31")


def test_a_seat_cannot_end_before_it_started(committee: Committee) -> None:
    seat = make_seat(committee, started_on=dt.date(2022, 1, 1))

    assert refused(end_seat, actor=None, seat=seat, ended_on=dt.date(2021, 12, 31)) == {
        "ended_on": ["Ngày kết thúc phải sau ngày bắt đầu."]
    }


def test_a_committee_member_follows_a_unit_of_its_subtree(
    tree: Tree, seat: CommitteeSeat, province_admin: User
) -> None:
    assignment = assign_unit(
        actor=province_admin, seat=seat, unit=tree.cell_b, started_on=dt.date(2021, 1, 1)
    )

    assert assignment.organization == tree.cell_b
    event = AuditEvent.objects.get(action="assignment.add")
    assert (event.actor, event.org_path) == (province_admin, tree.commune.path)


def test_a_unit_outside_the_committees_subtree_cannot_be_assigned(
    tree: Tree, seat: CommitteeSeat
) -> None:
    for outside in (tree.agencies, tree.root, tree.commune):
        assert refused(
            assign_unit, actor=None, seat=seat, unit=outside, started_on=dt.date(2021, 1, 1)
        ) == {"organization": ["Chỉ phân công phụ trách đơn vị trực thuộc Đảng bộ xã An Bình."]}


def test_a_dissolved_unit_cannot_be_assigned(tree: Tree, seat: CommitteeSeat) -> None:
    dissolve(tree.cell_b, dt.date(2022, 1, 1))

    assert refused(
        assign_unit, actor=None, seat=seat, unit=tree.cell_b, started_on=dt.date(2023, 1, 1)
    ) == {"organization": ["Chi bộ Ấp Hai đã chấm dứt hoạt động từ 01/01/2022."]}


def test_a_unit_cannot_be_assigned_twice_to_the_same_person_at_once(
    tree: Tree, seat: CommitteeSeat
) -> None:
    assign_unit(
        actor=None,
        seat=seat,
        unit=tree.cell_a,
        started_on=dt.date(2021, 1, 1),
        ended_on=dt.date(2022, 12, 31),
    )

    assert refused(
        assign_unit, actor=None, seat=seat, unit=tree.cell_a, started_on=dt.date(2022, 6, 1)
    ) == {"organization": ["Nguyễn Văn An đã phụ trách Chi bộ Ấp Một trong thời gian này."]}


def test_a_deeper_unit_of_the_subtree_may_be_assigned(tree: Tree, seat: CommitteeSeat) -> None:
    group = OrganizationFactory.create(parent=tree.cell_a, kind=OrgKind.GROUP, name="Tổ đảng 1")

    assert assign_unit(actor=None, seat=seat, unit=group, started_on=TERM_START).pk is not None


def test_term_cannot_start_after_the_unit_was_dissolved(tree: Tree) -> None:
    dissolve(tree.cell_b, dt.date(2024, 6, 1))
    before = Term.objects.count()
    with pytest.raises(ValidationError) as caught:
        make_term(tree.cell_b, dt.date(2025, 7, 1), dt.date(2030, 6, 30), "2025–2030")
    assert "đã chấm dứt hoạt động" in caught.value.message_dict["starts_on"][0]
    assert Term.objects.count() == before


def test_past_term_of_a_dissolved_unit_can_still_be_recorded(tree: Tree) -> None:
    dissolve(tree.cell_b, dt.date(2024, 6, 1))
    term = make_term(tree.cell_b, dt.date(2020, 7, 1), dt.date(2025, 6, 30), "2020–2025")
    assert term.organization_id == tree.cell_b.pk
