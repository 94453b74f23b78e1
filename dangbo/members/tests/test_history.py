"""History is never lost: as-of questions, corrections, mergers, re-admission and the audit
chain (DESIGN rule 3)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import QuerySet

from conftest import Tree
from dangbo.audit.models import AuditEvent
from dangbo.audit.verify import verify_chain
from dangbo.members import services
from dangbo.members.models import EventKind, MemberEvent, MemberStatus
from dangbo.members.queries import (
    badges_due,
    members_as_of,
    party_age,
    probation_ending,
    probation_overdue,
    status_as_of,
)
from dangbo.members.regulations import EarlyReason, PartyAge
from dangbo.members.tests.factories import MemberFactory
from dangbo.members.tests.helpers import admit, refused
from dangbo.orgs.models import Organization
from dangbo.orgs.services import Decision

pytestmark = pytest.mark.django_db


def only(org: Organization) -> QuerySet[Organization]:
    return Organization.objects.filter(pk=org.pk)


def test_who_was_in_which_cell_on_a_day_follows_the_events(tree: Tree) -> None:
    stays = MemberFactory.create(organization=tree.cell_a)
    moves = MemberFactory.create(organization=tree.cell_a)
    leaves = MemberFactory.create(organization=tree.cell_a)
    transfer = services.start_transfer(
        actor=None, member=moves, to_organization=tree.cell_b, letter_issued_on=date(2024, 3, 1)
    )
    services.receive_transfer(actor=None, transfer=transfer, received_on=date(2024, 3, 11))
    services.expel_member(
        actor=None, member=leaves, decision=Decision(effective_on=date(2024, 6, 1), number="9")
    )

    def in_a(day: date) -> set[int]:
        return set(members_as_of(only(tree.cell_a), day).values_list("pk", flat=True))

    assert in_a(date(2020, 3, 15)) == set()  # the day before the ceremony
    assert in_a(date(2024, 3, 10)) == {stays.pk, moves.pk, leaves.pk}
    assert in_a(date(2024, 3, 11)) == {stays.pk, leaves.pk}
    assert in_a(date(2024, 6, 1)) == {stays.pk}
    in_b = members_as_of(only(tree.cell_b), date(2024, 3, 11))
    # The annotations of members_as_of are attributes mypy cannot see.
    assert [(m.pk, vars(m)["status_on"]) for m in in_b] == [(moves.pk, MemberStatus.OFFICIAL)]
    assert status_as_of(leaves, date(2024, 5, 31)).status == MemberStatus.OFFICIAL
    assert status_as_of(leaves, date(2024, 6, 1)).status == MemberStatus.EXPELLED


def test_the_as_of_list_is_one_query(tree: Tree, django_assert_num_queries: object) -> None:
    for _ in range(5):
        MemberFactory.create(organization=tree.cell_a)
    cells = only(tree.cell_a)

    with django_assert_num_queries(1):  # type: ignore[operator]
        assert len(list(members_as_of(cells, date(2024, 1, 1)))) == 5


def test_a_correction_supersedes_the_event_it_corrects(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    wrong = services.remove_member(
        actor=None, member=member, decision=Decision(effective_on=date(2024, 2, 1), number="5")
    )
    member.refresh_from_db()
    assert member.status == MemberStatus.REMOVED

    fix = services.correct_event(
        actor=None, event=wrong, reason="Nhầm đảng viên cùng tên", void=True
    )

    member.refresh_from_db()
    wrong.refresh_from_db()
    assert member.status == MemberStatus.OFFICIAL
    assert wrong.superseded and fix.corrects == wrong
    assert MemberEvent.objects.filter(pk=wrong.pk).exists()  # kept in the history
    assert status_as_of(member, date(2024, 3, 1)).status == MemberStatus.OFFICIAL
    assert member in members_as_of(only(tree.cell_a), date(2024, 3, 1))
    with refused("corrects", "đã được đính chính"):
        services.correct_event(actor=None, event=wrong, reason="Lần nữa", void=True)


def test_a_corrected_date_moves_the_derived_dates(tree: Tree) -> None:
    member = admit(tree.cell_a)
    admitted = member.events.get(kind=EventKind.ADMITTED)

    services.correct_event(
        actor=None, event=admitted, reason="Sai ngày lễ kết nạp", effective_on=date(2024, 6, 3)
    )

    member.refresh_from_db()
    assert member.admitted_on == date(2024, 6, 3)
    assert member.decision_date == date(2024, 5, 10)
    with refused("official_on", "03/06/2025"):
        services.confirm_official(
            actor=None,
            member=member,
            decision_number="2",
            decided_on=date(2025, 6, 5),
            official_on=date(2025, 6, 1),
        )


def test_a_correction_that_would_break_the_history_is_refused(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    confirmed = member.events.get(kind=EventKind.CONFIRMED_OFFICIAL)

    with refused("official_on", "12 tháng"):
        services.correct_event(
            actor=None, event=confirmed, reason="Sai ngày", effective_on=date(2020, 12, 1)
        )


def test_a_correction_cannot_put_the_ceremony_before_the_admission_decision(tree: Tree) -> None:
    member = admit(tree.cell_a)
    admitted = member.events.get(kind=EventKind.ADMITTED)

    with refused("effective_on", "trước ngày quyết định"):
        services.correct_event(
            actor=None, event=admitted, reason="Sai ngày", effective_on=date(2024, 5, 1)
        )


def test_members_follow_their_cell_when_it_is_merged(tree: Tree) -> None:
    quiet = MemberFactory.create(organization=tree.cell_b)
    busy = MemberFactory.create(organization=tree.cell_b)
    services.issue_card(actor=None, member=busy, card_number="79000003", issued_on=date(2025, 6, 1))
    gone = MemberFactory.create(organization=tree.cell_b)
    services.record_death(actor=None, member=gone, died_on=date(2023, 1, 1))
    decision = Decision(effective_on=date(2025, 1, 1), number="100-QĐ/TU")

    services.merge_organizations_with_members(
        actor=None, sources=[tree.cell_b], target=tree.cell_a, decision=decision
    )

    for member in (quiet, busy):
        member.refresh_from_db()
        assert member.organization == tree.cell_a
        assert member.events.filter(kind=EventKind.MOVED_BY_MERGER).count() == 1
    gone.refresh_from_db()
    assert gone.organization == tree.cell_b  # the dead stay in the history of their cell
    before = members_as_of(only(tree.cell_b), date(2024, 12, 31))
    after = members_as_of(only(tree.cell_a), date(2025, 1, 1))
    assert set(before.values_list("pk", flat=True)) == {quiet.pk, busy.pk}
    assert {quiet.pk, busy.pk} <= set(after.values_list("pk", flat=True))
    assert AuditEvent.objects.filter(action="member.move_for_merge").count() == 1
    assert verify_chain().intact


def test_merging_committees_moves_their_cells_and_the_members_with_them(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)

    services.merge_organizations_with_members(
        actor=None,
        sources=[tree.commune],
        target=tree.agencies,
        decision=Decision(effective_on=date(2025, 1, 1), number="101-QĐ/TU"),
    )

    member.refresh_from_db()
    assert member.organization == tree.cell_a  # same cell, now under the agencies
    assert member.organization.path.startswith(Organization.objects.get(pk=tree.agencies.pk).path)
    assert not member.events.filter(kind=EventKind.MOVED_BY_MERGER).exists()


def test_a_failed_merge_moves_no_member(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_b)

    with pytest.raises(Exception):  # noqa: B017  the org service refuses the future date
        services.merge_organizations_with_members(
            actor=None,
            sources=[tree.cell_b],
            target=tree.cell_a,
            decision=Decision(effective_on=date(2999, 1, 1)),
        )

    member.refresh_from_db()
    assert member.organization == tree.cell_b


def test_party_age_leaves_out_the_time_struck_off_before_readmission(tree: Tree) -> None:
    member = MemberFactory.create(
        organization=tree.cell_a,
        decision_date=date(2000, 1, 3),
        admitted_on=date(2000, 1, 10),
        official_on=date(2001, 1, 10),
    )
    services.remove_member(
        actor=None, member=member, decision=Decision(effective_on=date(2018, 1, 3), number="1")
    )
    services.readmit_member(
        actor=None,
        member=member,
        organization=tree.cell_a,
        decision=Decision(effective_on=date(2020, 1, 10), number="2", decided_on=date(2020, 1, 3)),
    )

    assert party_age(member, date(2020, 6, 1)) is None  # probationary again
    services.confirm_official(
        actor=None, member=member, decision_number="3", decided_on=date(2021, 1, 15)
    )
    member.refresh_from_db()
    assert member.decision_date == date(2000, 1, 3)  # the origin stays the first decision
    assert member.official_on == date(2021, 1, 10)
    assert party_age(member, date(2017, 1, 3)) == PartyAge(17, 0)
    # 18 years until the removal, then from the re-admission decision: two years left out.
    assert party_age(member, date(2025, 1, 3)) == PartyAge(23, 0)


def test_badges_due_lists_members_reaching_a_badge_by_the_occasion(tree: Tree) -> None:
    veteran = MemberFactory.create(
        organization=tree.cell_a,
        decision_date=date(1995, 2, 1),
        admitted_on=date(1995, 2, 10),
        official_on=date(1996, 2, 10),
    )
    not_yet = MemberFactory.create(
        organization=tree.cell_a,
        decision_date=date(1995, 2, 4),
        admitted_on=date(1995, 2, 10),
        official_on=date(1996, 2, 10),
    )
    MemberFactory.create(organization=tree.cell_b, decision_date=date(1990, 1, 1))

    due = badges_due(only(tree.cell_a), date(2025, 2, 3))

    assert [(d.member, d.years, d.due_on) for d in due] == [(veteran, 30, date(2025, 2, 1))]
    services.award_badge(actor=None, member=veteran, years=30, awarded_on=date(2025, 2, 3))
    assert badges_due(only(tree.cell_a), date(2025, 2, 3)) == []
    assert [d.member for d in badges_due(only(tree.cell_a), date(2025, 5, 19))] == [not_yet]
    with refused("years", "đã được tặng"):
        services.award_badge(actor=None, member=veteran, years=30, awarded_on=date(2025, 5, 19))


def test_a_badge_may_be_awarded_after_death_when_the_death_was_within_a_year_of_it(
    tree: Tree,
) -> None:
    member = MemberFactory.create(
        organization=tree.cell_a,
        decision_date=date(1995, 8, 1),
        admitted_on=date(1995, 8, 10),
        official_on=date(1996, 8, 10),
    )
    services.record_death(actor=None, member=member, died_on=date(2024, 9, 1))

    with refused("awarded_on"):
        services.award_badge(actor=None, member=member, years=30, awarded_on=date(2024, 11, 7))
    event = services.award_badge(
        actor=None,
        member=member,
        years=30,
        awarded_on=date(2024, 11, 7),
        early_reason=EarlyReason.POSTHUMOUS,
    )
    assert event.details["due_on"] == "2025-08-01"


def test_probation_lists_show_who_ends_soon_and_who_is_overdue(tree: Tree) -> None:
    soon = admit(tree.cell_a, decided_on=date(2024, 5, 10), ceremony=date(2024, 6, 1))
    late = admit(
        tree.cell_a,
        decided_on=date(2024, 1, 2),
        ceremony=date(2024, 1, 5),
        full_name="Đỗ Văn Quá Hạn",
    )
    cells = only(tree.cell_a)

    assert list(probation_ending(cells, within_days=30, today=date(2025, 5, 15))) == [soon]
    assert list(probation_overdue(cells, today=date(2025, 5, 15))) == [late]
    services.confirm_official(
        actor=None, member=late, decision_number="4", decided_on=date(2025, 5, 16)
    )
    assert list(probation_overdue(cells, today=date(2025, 5, 17))) == []


def test_exemption_and_its_end_are_events(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    services.exempt_member(
        actor=None, member=member, decision=Decision(effective_on=date(2024, 1, 2)), reason="Ốm"
    )
    member.refresh_from_db()
    assert member.status == MemberStatus.EXEMPT
    assert member in members_as_of(only(tree.cell_a), date(2024, 2, 1))  # still on the roll

    services.end_exemption(
        actor=None, member=member, decision=Decision(effective_on=date(2024, 9, 2))
    )

    member.refresh_from_db()
    assert member.status == MemberStatus.OFFICIAL
    with refused("effective_on", "không được miễn"):
        services.end_exemption(
            actor=None, member=member, decision=Decision(effective_on=date(2024, 9, 3))
        )


def test_every_write_leaves_an_intact_audit_chain(tree: Tree) -> None:
    member = admit(tree.cell_a)
    services.confirm_official(
        actor=None, member=member, decision_number="5", decided_on=date(2025, 6, 3)
    )
    services.change_position(
        actor=None,
        member=member,
        decision=Decision(effective_on=date(2025, 7, 1)),
        party_position="Bí thư",
    )
    services.update_member(actor=None, member=member, data={"current_address": "Ấp Một"})

    actions = list(
        AuditEvent.objects.filter(object_type__startswith="members.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "member.admit",
        "member.confirm_official",
        "member.change_position",
        "member.update",
    ]
    assert set(
        AuditEvent.objects.filter(action__startswith="member.").values_list("org_path", flat=True)
    ) == {tree.cell_a.path}
    assert verify_chain().intact
