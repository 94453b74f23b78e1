"""The pipeline's services: a candidate goes from identification to official member, and
every bad input of issue #7 is refused with a Vietnamese message, changing nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from dangbo.admissions import services
from dangbo.admissions.models import Candidate, Stage, StageRecord
from dangbo.admissions.tests.factories import CandidateFactory
from dangbo.admissions.tests.pipeline import DATES, Cell, advance, candidate_at, cell, frozen
from dangbo.audit.models import AuditEvent
from dangbo.members.models import EventKind, Member, MemberStatus
from dangbo.members.services import remove_member
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.services import Decision

__all__ = ["cell", "frozen"]  # fixtures
D = dt.date


def refused(call: Callable[[], Any], candidate: Candidate, field: str) -> str:
    """Run a refused call; check that nothing changed; return the message."""
    before = (
        Candidate.objects.get(pk=candidate.pk).stage,
        StageRecord.objects.count(),
        AuditEvent.objects.count(),
        Member.objects.count(),
    )
    with pytest.raises(ValidationError) as info:
        call()
    after = (
        Candidate.objects.get(pk=candidate.pk).stage,
        StageRecord.objects.count(),
        AuditEvent.objects.count(),
        Member.objects.count(),
    )
    assert after == before
    assert field in info.value.message_dict, info.value.message_dict
    return " ".join(info.value.message_dict[field])


def test_a_candidate_goes_from_identification_to_official_member(cell: Cell) -> None:
    candidate = candidate_at(cell, Stage.OFFICIAL)

    member = candidate.member
    assert member is not None
    assert candidate.stage == Stage.OFFICIAL
    assert member.status == MemberStatus.OFFICIAL
    assert member.decision_date == DATES[Stage.DECISION]
    assert member.admitted_on == DATES[Stage.CEREMONY]
    # Official when probation ends (02/6/2026), not on the late decision (10/6/2026), §3.1.
    assert member.official_on == candidate.official_on == D(2026, 6, 2)
    kinds = list(member.events.values_list("kind", flat=True))
    assert kinds == [EventKind.ADMITTED, EventKind.CONFIRMED_OFFICIAL]
    assert {member.sponsor_1, member.sponsor_2} == set(cell.officials[:2])
    assert list(candidate.records.values_list("stage", flat=True)) == Stage.values
    assert AuditEvent.objects.filter(action="candidate.advance").count() == 8


def test_cell_resolution_records_the_votes_counted_on_all_official_members(cell: Cell) -> None:
    candidate = candidate_at(cell, Stage.CELL_RESOLUTION)

    record = candidate.records.get(stage=Stage.CELL_RESOLUTION)
    assert (record.votes_for, record.votes_against, record.votes_total) == (3, 0, 3)


def test_a_candidate_under_18_at_the_cell_resolution_is_refused(cell: Cell) -> None:
    # 17 years 11 months on 12/5/2025: the age is counted in months (rule admission_age).
    candidate = candidate_at(cell, Stage.FILE, birth_date=D(2007, 6, 1))

    message = refused(
        lambda: advance(cell, candidate, Stage.CELL_RESOLUTION), candidate, "birth_date"
    )
    assert "Chưa đủ 18 tuổi" in message


def test_a_candidate_18_years_old_to_the_month_may_be_proposed(cell: Cell) -> None:
    candidate = candidate_at(cell, Stage.FILE, birth_date=D(2007, 5, 12))

    assert advance(cell, candidate, Stage.CELL_RESOLUTION).stage == Stage.CELL_RESOLUTION


def test_a_sponsor_who_is_only_probationary_is_refused(cell: Cell) -> None:
    probationary = MemberFactory.create(organization=cell.tree.cell_a, official_on=None)
    candidate = candidate_at(cell, Stage.COURSE)

    message = refused(
        lambda: services.add_sponsor(
            actor=None, candidate=candidate, member=probationary, role="first", since=D(2025, 5, 2)
        ),
        candidate,
        "member",
    )
    assert "không phải đảng viên chính thức" in message
    assert candidate.sponsors.count() == 0


def test_a_sponsor_from_another_cell_is_refused(cell: Cell) -> None:
    elsewhere = MemberFactory.create(organization=cell.tree.cell_b)
    candidate = candidate_at(cell, Stage.COURSE)

    message = refused(
        lambda: services.add_sponsor(
            actor=None, candidate=candidate, member=elsewhere, role="first", since=D(2025, 5, 2)
        ),
        candidate,
        "member",
    )
    assert "không sinh hoạt tại Chi bộ Ấp Một" in message


def test_a_file_whose_sponsor_left_the_roll_before_completion_is_refused(cell: Cell) -> None:
    candidate = candidate_at(cell, Stage.COURSE)
    services.update_papers(
        actor=None, candidate=candidate, paper_history=True, paper_mass_org=True,
        paper_verification=True,
    )  # fmt: skip
    from dangbo.admissions.tests.pipeline import add_sponsors

    add_sponsors(cell, candidate)
    remove_member(
        actor=None, member=cell.officials[0], decision=Decision(effective_on=D(2025, 5, 1))
    )

    message = refused(
        lambda: services.complete_file(actor=None, candidate=candidate, on=DATES[Stage.FILE]),
        candidate,
        "sponsors",
    )
    assert cell.officials[0].full_name in message


def test_a_file_missing_papers_or_a_sponsor_is_refused(cell: Cell) -> None:
    candidate = candidate_at(cell, Stage.COURSE)

    message = refused(
        lambda: services.complete_file(actor=None, candidate=candidate, on=DATES[Stage.FILE]),
        candidate,
        "on",
    )
    assert "Lý lịch người xin vào Đảng".lower() in message.lower()

    services.update_papers(
        actor=None, candidate=candidate, paper_history=True, paper_mass_org=True,
        paper_verification=True,
    )  # fmt: skip
    message = refused(
        lambda: services.complete_file(actor=None, candidate=candidate, on=DATES[Stage.FILE]),
        candidate,
        "sponsors",
    )
    assert "hai đảng viên chính thức" in message


@pytest.mark.parametrize(
    "target", [Stage.FILE, Stage.CELL_RESOLUTION, Stage.DECISION, Stage.CEREMONY]
)
def test_a_skipped_stage_is_refused(cell: Cell, target: str) -> None:
    candidate = CandidateFactory.create(organization=cell.tree.cell_a)

    def skip() -> Any:
        if target == Stage.FILE:  # advance() would tick the papers first
            return services.complete_file(actor=None, candidate=candidate, on=DATES[target])
        return advance(cell, candidate, target)

    message = refused(skip, candidate, "stage")
    assert "Không được bỏ qua" in message
    assert "Học lớp bồi dưỡng nhận thức về Đảng" in message


def test_a_stage_taken_twice_is_refused(cell: Cell) -> None:
    candidate = candidate_at(cell, Stage.COURSE)

    refused(lambda: advance(cell, candidate, Stage.COURSE), candidate, "stage")


def test_a_vote_share_below_two_thirds_of_official_members_is_refused(cell: Cell) -> None:
    candidate = candidate_at(cell, Stage.FILE)

    message = refused(
        lambda: services.pass_cell_resolution(
            actor=None, candidate=candidate, on=DATES[Stage.CELL_RESOLUTION],
            votes_for=1, votes_against=0,
        ),
        candidate,
        "votes_for",
    )  # fmt: skip
    assert "1/3" in message and "2/3" in message and "Điều 4" in message


def test_a_vote_counted_on_a_wrong_number_of_official_members_is_refused(cell: Cell) -> None:
    candidate = candidate_at(cell, Stage.FILE)

    message = refused(
        lambda: services.pass_cell_resolution(
            actor=None, candidate=candidate, on=DATES[Stage.CELL_RESOLUTION],
            votes_for=2, votes_against=0, official_members=2,
        ),
        candidate,
        "official_members",
    )  # fmt: skip
    assert "3 đảng viên chính thức" in message


def test_more_votes_than_official_members_are_refused(cell: Cell) -> None:
    candidate = candidate_at(cell, Stage.FILE)

    refused(
        lambda: services.pass_cell_resolution(
            actor=None, candidate=candidate, on=DATES[Stage.CELL_RESOLUTION],
            votes_for=3, votes_against=1,
        ),
        candidate,
        "votes_against",
    )  # fmt: skip


def test_a_decision_dated_before_the_cell_resolution_is_refused(cell: Cell) -> None:
    candidate = candidate_at(cell, Stage.COMMITTEE)

    message = refused(
        lambda: services.record_admission_decision(
            actor=None, candidate=candidate, on=D(2025, 5, 9), decision_number="12-QĐ/ĐU"
        ),
        candidate,
        "on",
    )
    assert "không được trước ngày nghị quyết của chi bộ (12/05/2025)" in message


def test_a_stage_dated_in_the_future_is_refused(cell: Cell) -> None:
    candidate = CandidateFactory.create(organization=cell.tree.cell_a)

    refused(
        lambda: services.pass_course(
            actor=None, candidate=candidate, course=cell.course, on=D(2026, 7, 2)
        ),
        candidate,
        "on",
    )


def test_a_ceremony_later_than_30_working_days_needs_the_superiors_consent(cell: Cell) -> None:
    candidate = candidate_at(cell, Stage.DECISION)

    message = refused(
        lambda: services.hold_ceremony(actor=None, candidate=candidate, on=D(2025, 8, 1)),
        candidate,
        "on",
    )
    assert "30 ngày làm việc" in message

    done = services.hold_ceremony(
        actor=None, candidate=candidate, on=D(2025, 8, 1), late_approval="15-CV/ĐU"
    )
    assert done.stage == Stage.CEREMONY


def test_the_official_vote_before_probation_ends_is_refused(cell: Cell) -> None:
    candidate = candidate_at(cell, Stage.CEREMONY)

    message = refused(
        lambda: services.hold_official_vote(
            actor=None, candidate=candidate, on=D(2026, 5, 29), votes_for=3, votes_against=0
        ),
        candidate,
        "on",
    )
    assert "02/06/2026" in message


def test_the_official_vote_below_two_thirds_is_refused(cell: Cell) -> None:
    candidate = candidate_at(cell, Stage.CEREMONY)

    refused(
        lambda: services.hold_official_vote(
            actor=None, candidate=candidate, on=DATES[Stage.CELL_VOTE], votes_for=1,
            votes_against=2,
        ),
        candidate,
        "votes_for",
    )  # fmt: skip


def test_identification_outside_a_cell_is_refused(cell: Cell) -> None:
    with pytest.raises(ValidationError) as info:
        CandidateFactory.create(organization=cell.tree.commune)
    assert "không phải chi bộ" in info.value.message_dict["organization"][0]
    assert not Candidate.objects.exists()


def test_a_secretary_cannot_move_a_candidate_of_another_cell(cell: Cell, secretary_a: Any) -> None:
    from django.core.exceptions import PermissionDenied

    candidate = CandidateFactory.create(organization=cell.tree.cell_b)

    with pytest.raises(PermissionDenied):
        services.pass_course(
            actor=secretary_a, candidate=candidate, course=cell.course, on=DATES[Stage.COURSE]
        )
    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.IDENTIFIED
