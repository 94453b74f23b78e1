"""The one entry of pages and API: the step into a stage, routed to its service."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from dangbo.accounts.models import User
from dangbo.admissions.models import (
    AwarenessCourse,
    Candidate,
    Stage,
)
from dangbo.admissions.services.base import (
    past,
)
from dangbo.admissions.services.transitions import (
    approve_by_committee,
    complete_file,
    hold_ceremony,
    hold_official_vote,
    pass_cell_resolution,
    pass_course,
    recognise_official,
    record_admission_decision,
)
from dangbo.core.errors import field_error


def _votes(votes_for: int | None, votes_against: int | None) -> tuple[int, int]:
    if votes_for is None:
        raise field_error("votes_for", "Nhập số phiếu tán thành.")
    if votes_against is None:
        raise field_error("votes_against", "Nhập số phiếu không tán thành.")
    return votes_for, votes_against


@transaction.atomic
def advance_candidate(
    *,
    actor: User | None,
    candidate: Candidate,
    stage: str,
    on: date | None,
    course: AwarenessCourse | None = None,
    decision_number: str = "",
    received_on: date | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    official_members: int | None = None,
    late_approval: str = "",
    over_age_approval: str = "",
    note: str = "",
) -> Candidate:
    """The one entry of pages and API: the step into `stage`, with what that step needs."""
    if stage not in Stage.values:
        raise field_error("stage", "Chọn bước.")
    day = past(on)
    if stage == Stage.COURSE:
        if course is None:
            raise field_error("course", "Chọn lớp bồi dưỡng nhận thức về Đảng đã học.")
        return pass_course(actor=actor, candidate=candidate, course=course, on=day)
    if stage == Stage.FILE:
        return complete_file(actor=actor, candidate=candidate, on=day, note=note)
    if stage == Stage.CELL_RESOLUTION:
        for_, against = _votes(votes_for, votes_against)
        return pass_cell_resolution(
            actor=actor, candidate=candidate, on=day, votes_for=for_, votes_against=against,
            official_members=official_members, decision_number=decision_number,
            over_age_approval=over_age_approval, note=note,
        )  # fmt: skip
    if stage == Stage.COMMITTEE:
        return approve_by_committee(
            actor=actor, candidate=candidate, on=day, decision_number=decision_number, note=note
        )
    if stage == Stage.DECISION:
        return record_admission_decision(
            actor=actor, candidate=candidate, on=day, decision_number=decision_number,
            received_on=received_on, note=note,
        )  # fmt: skip
    if stage == Stage.CEREMONY:
        return hold_ceremony(
            actor=actor, candidate=candidate, on=day, late_approval=late_approval,
            over_age_approval=over_age_approval, note=note,
        )  # fmt: skip
    if stage == Stage.CELL_VOTE:
        for_, against = _votes(votes_for, votes_against)
        return hold_official_vote(
            actor=actor, candidate=candidate, on=day, votes_for=for_, votes_against=against,
            official_members=official_members, note=note,
        )  # fmt: skip
    return recognise_official(
        actor=actor, candidate=candidate, on=day, decision_number=decision_number, note=note
    )
