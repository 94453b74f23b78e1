"""The lifecycle test cases of shared/reference/regulations.md §3.10."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from conftest import Tree
from dangbo.members import services
from dangbo.members.lifecycle import final_state, replay
from dangbo.members.models import (
    EventKind,
    Member,
    MemberEvent,
    MemberStatus,
    Sanction,
    TemporaryReason,
)
from dangbo.members.queries import (
    badges_due,
    member_state,
    members_as_of,
    party_age,
    transfers_overdue,
)
from dangbo.members.regulations import (
    EarlyReason,
    PartyAge,
    badge_deferral,
    badge_due_on,
    ceremony_deadline,
    check_badge_award,
    official_review_deadline,
    probation_end,
    transfer_process_deadline,
)
from dangbo.members.tests.factories import MemberFactory
from dangbo.members.tests.helpers import admit, refused
from dangbo.orgs.models import Organization
from dangbo.orgs.services import Decision

pytestmark = pytest.mark.django_db


def test_case_1_a_late_approval_still_makes_the_member_official_when_probation_ends(
    tree: Tree,
) -> None:
    sponsor_1 = MemberFactory.create(organization=tree.cell_a)
    sponsor_2 = MemberFactory.create(organization=tree.cell_a)
    member = admit(tree.cell_a, sponsor_1=sponsor_1, sponsor_2=sponsor_2)

    assert member.status == MemberStatus.PROBATIONARY
    assert member.admitted_on == date(2024, 6, 1)
    assert probation_end(member.admitted_on) == date(2025, 6, 1)
    # 30 working days after Sunday 01/6/2025: no holiday in June or July.
    assert official_review_deadline(member.admitted_on) == date(2025, 7, 11)

    services.confirm_official(
        actor=None, member=member, decision_number="30-QĐ/ĐU", decided_on=date(2025, 7, 20)
    )

    member.refresh_from_db()
    assert member.status == MemberStatus.OFFICIAL
    assert member.official_on == date(2025, 6, 1)


def test_case_2_party_age_counts_from_the_decision_and_badges_may_come_early_when_ill(
    tree: Tree,
) -> None:
    member = admit(tree.cell_a)
    services.confirm_official(
        actor=None, member=member, decision_number="30-QĐ/ĐU", decided_on=date(2025, 6, 5)
    )
    state = final_state(replay(member.events.all(), probation_end))

    assert state.decision_date == date(2024, 5, 10)
    assert party_age(member, date(2026, 6, 1)) == PartyAge(2, 0)
    assert badge_due_on(state, 30) == date(2054, 5, 10)
    assert check_badge_award(state, 30, date(2053, 5, 10), EarlyReason.ILL) == date(2054, 5, 10)
    with refused("awarded_on", "10/05/2053"):
        check_badge_award(state, 30, date(2053, 5, 9), EarlyReason.ILL)
    with refused("awarded_on", "chưa đến hạn"):
        check_badge_award(state, 30, date(2053, 5, 10))
    # 70 years: up to 24 months early.
    assert check_badge_award(state, 70, date(2092, 5, 10), EarlyReason.ILL) == date(2094, 5, 10)
    with refused("awarded_on"):
        check_badge_award(state, 70, date(2092, 5, 9), EarlyReason.ILL)


def _veteran(tree: Tree, decided_on: date = date(1995, 3, 15)) -> Member:
    """Official for decades: the 30-year badge falls due on `decided_on` + 30 years."""
    admitted_on = decided_on + timedelta(days=10)
    return MemberFactory.create(
        organization=tree.cell_a,
        decision_date=decided_on,
        admitted_on=admitted_on,
        official_on=admitted_on.replace(year=admitted_on.year + 1),
    )


def _discipline(member: Member, sanction: str, day: date) -> None:
    services.discipline_member(
        actor=None,
        member=member,
        decision=Decision(effective_on=day, number="07-QĐ/UBKT", decided_on=day),
        sanction=sanction,
        authority="Ủy ban Kiểm tra Đảng ủy xã",
        reason="Vi phạm quy định về những điều đảng viên không được làm",
        position="Phó Bí thư chi bộ" if sanction == Sanction.DISMISSAL else "",
    )


def _award(member: Member, day: date) -> None:
    services.award_badge(actor=None, member=member, years=30, awarded_on=day)


def test_case_3_a_reprimand_defers_the_badge_six_months(tree: Tree) -> None:
    member = _veteran(tree)
    _discipline(member, Sanction.REPRIMAND, date(2025, 3, 1))
    state = member_state(member)
    assert badge_due_on(state, 30) == date(2025, 3, 15)

    message = (
        "Đảng viên bị kỷ luật khiển trách ngày 01/03/2025: chỉ xét tặng Huy hiệu từ ngày "
        "01/09/2025."
    )
    for too_early in (date(2025, 3, 15), date(2025, 5, 19), date(2025, 8, 31)):
        with refused("awarded_on", message):
            _award(member, too_early)
    _award(member, date(2025, 9, 1))  # the earliest review
    assert member.events.filter(kind=EventKind.BADGE_AWARDED).count() == 1


@pytest.mark.parametrize(
    ("sanction", "words", "last_refused", "earliest"),
    [
        (Sanction.WARNING, "cảnh cáo", date(2025, 11, 30), date(2025, 12, 1)),
        (Sanction.DISMISSAL, "cách chức", date(2026, 2, 28), date(2026, 3, 1)),
    ],
)
def test_a_warning_defers_the_badge_nine_months_and_a_dismissal_twelve(
    tree: Tree, sanction: str, words: str, last_refused: date, earliest: date
) -> None:
    member = _veteran(tree)
    _discipline(member, sanction, date(2025, 3, 1))

    with refused("awarded_on", f"kỷ luật {words} ngày 01/03/2025"):
        _award(member, last_refused)
    _award(member, earliest)


def test_a_discipline_long_before_the_due_date_or_after_the_award_defers_nothing(
    tree: Tree,
) -> None:
    old_fault = _veteran(tree)
    _discipline(old_fault, Sanction.DISMISSAL, date(2024, 1, 10))
    _award(old_fault, date(2025, 3, 15))  # 12 months ended before the badge fell due

    state = member_state(_veteran(tree))
    later = replace(state, disciplines=((date(2025, 6, 1), Sanction.WARNING),))
    assert check_badge_award(later, 30, date(2025, 5, 19)) == date(2025, 3, 15)
    assert badge_deferral(later, date(2025, 5, 19)) is None


def test_a_corrected_away_discipline_defers_nothing(tree: Tree) -> None:
    member = _veteran(tree)
    _discipline(member, Sanction.REPRIMAND, date(2025, 3, 1))
    event = member.events.get(kind=EventKind.DISCIPLINED)
    MemberEvent.objects.filter(pk=event.pk).update(superseded=True)
    voided = MemberEvent(kind=EventKind.VOIDED, effective_on=date(2025, 3, 2), corrects=event)
    steps = replay([*member.events.all(), voided], probation_end)
    assert final_state(steps).disciplines == ()


def test_the_badges_due_list_marks_a_deferred_member_until_the_review_date(
    tree: Tree, django_assert_max_num_queries: Any
) -> None:
    disciplined, clean = _veteran(tree), _veteran(tree, date(1995, 3, 20))
    _discipline(disciplined, Sanction.REPRIMAND, date(2025, 3, 1))
    orgs = Organization.objects.filter(pk=tree.cell_a.pk)

    # badge_years, members, events, probation and deferral rule rows: whatever the roll size.
    with django_assert_max_num_queries(5):
        due = {d.member: d for d in badges_due(orgs, date(2025, 5, 19))}
    assert set(due) == {disciplined, clean}
    assert due[clean].deferral is None
    deferral = due[disciplined].deferral
    assert deferral is not None
    assert str(deferral) == "hoãn đến 01/09/2025"
    assert deferral.until == date(2025, 9, 1)
    # By 2/9 the six months are over: listed like anyone else.
    assert [d.deferral for d in badges_due(orgs, date(2025, 9, 2))] == [None, None]


def test_case_4_the_ceremony_is_due_30_working_days_after_the_decision_arrives(
    tree: Tree,
) -> None:
    monday = date(2025, 4, 14)
    # Skips weekends, 30/4, 1/5 and the swapped 2/5, and counts Saturday 26/4 worked instead.
    assert ceremony_deadline(monday) == date(2025, 5, 28)

    def admit_on(ceremony: date, approval: str = "") -> Member:
        return services.admit_member(
            actor=None,
            organization=tree.cell_a,
            data={"full_name": "Trần Thị Lễ", "sex": "female", "birth_date": date(1990, 2, 2)},
            decision=Decision(effective_on=ceremony, number="7-QĐ/ĐU", decided_on=monday),
            late_ceremony_approval=approval,
        )

    with refused("effective_on", "cấp ủy cấp trên"):
        admit_on(date(2025, 5, 29))
    assert admit_on(date(2025, 5, 28)).admitted_on == date(2025, 5, 28)
    late = admit_on(date(2025, 5, 29), approval="15-CV/ĐU")
    assert late.events.get().details["late_ceremony_approval"] == "15-CV/ĐU"


def test_case_7_a_retirement_transfer_has_60_then_30_working_days(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    # 1/9 and 2/9/2025 are days off.
    assert transfer_process_deadline(date(2025, 7, 1)) == date(2025, 9, 25)

    transfer = services.start_transfer(
        actor=None,
        member=member,
        to_organization=tree.cell_b,
        letter_issued_on=date(2025, 9, 10),
        cause_effective_on=date(2025, 7, 1),
    )

    assert transfer.deadline == date(2025, 10, 22)
    member.refresh_from_db()
    assert member.organization == tree.cell_a  # not moved until received
    cells = Organization.objects.filter(pk=tree.cell_a.pk)
    assert list(transfers_overdue(cells, today=date(2025, 10, 22))) == []
    assert list(transfers_overdue(cells, today=date(2025, 10, 23))) == [transfer]

    services.receive_transfer(actor=None, transfer=transfer, received_on=date(2025, 10, 20))

    member.refresh_from_db()
    assert member.organization == tree.cell_b
    assert list(transfers_overdue(cells, today=date(2025, 10, 23))) == []
    kinds = list(member.events.values_list("kind", "organization_after"))
    assert kinds[-2:] == [
        (EventKind.TRANSFER_OUT, tree.cell_b.pk),
        (EventKind.TRANSFER_IN, tree.cell_b.pk),
    ]


def test_case_7_a_letter_after_the_60_working_days_needs_a_reason(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)

    with refused("late_reason", "25/09/2025"):
        services.start_transfer(
            actor=None,
            member=member,
            to_organization=tree.cell_b,
            letter_issued_on=date(2025, 9, 26),
            cause_effective_on=date(2025, 7, 1),
        )
    late = services.start_transfer(
        actor=None,
        member=member,
        to_organization=tree.cell_b,
        letter_issued_on=date(2025, 9, 26),
        cause_effective_on=date(2025, 7, 1),
        late_reason="Đảng viên nằm viện",
    )
    assert late.process_deadline == date(2025, 9, 25)


def test_case_8_study_up_to_two_years_is_temporary_and_keeps_the_home_headcount(
    tree: Tree,
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    course = services.start_transfer(
        actor=None,
        member=member,
        to_organization=tree.cell_b,
        letter_issued_on=date(2025, 2, 3),
        temporary=True,
        temporary_reason=TemporaryReason.STUDY,
        expected_months=5,
    )
    services.receive_transfer(actor=None, transfer=course, received_on=date(2025, 2, 10))

    member.refresh_from_db()
    assert member.organization == tree.cell_a
    assert member.temporary_organization == tree.cell_b
    day = date(2025, 3, 1)
    assert member in members_as_of(Organization.objects.filter(pk=tree.cell_a.pk), day)
    assert member not in members_as_of(Organization.objects.filter(pk=tree.cell_b.pk), day)

    services.end_temporary_transfer(actor=None, member=member, ended_on=date(2025, 7, 10))
    long_study = services.start_transfer(
        actor=None,
        member=member,
        to_organization=tree.cell_b,
        letter_issued_on=date(2025, 8, 1),
        temporary=True,
        temporary_reason=TemporaryReason.STUDY,
        expected_months=14,
    )
    assert long_study.temporary


def test_case_8_fourteen_months_away_not_studying_needs_an_official_transfer(
    tree: Tree,
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)

    with refused("expected_months", "chính thức"):
        services.start_transfer(
            actor=None,
            member=member,
            to_organization=tree.cell_b,
            letter_issued_on=date(2025, 8, 1),
            temporary=True,
            temporary_reason=TemporaryReason.RESIDENCE_OR_WORK,
            expected_months=14,
        )
