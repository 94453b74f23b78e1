"""Replaying a member's events into their state: the one place that knows which event may
follow which (regulations §3) and what each does to status, unit, key dates and party age.

Pure: works on saved or unsaved MemberEvent objects, so a service can replay the history WITH
the event it is about to write and refuse it before anything is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from dangbo.core.formats import format_date
from dangbo.members.models import EventKind, MemberEvent, MemberStatus, Sanction

# Kinds that only add to the record; allowed whatever the member's status on the roll.
RECORD_ONLY = {
    EventKind.CARD_ISSUED,
    EventKind.CARD_REISSUED,
    EventKind.BADGE_AWARDED,
    EventKind.POSITION_CHANGED,
    EventKind.COMMENDED,
    EventKind.DISCIPLINED,
}
# Putting the written record right (a name misspelt on paper) is no event in the member's
# life: allowed at any time after admission, also after they died or left the roll.
ANY_TIME = {EventKind.RECORD_CORRECTED}
LEAVING = {
    EventKind.REMOVED: MemberStatus.REMOVED,
    EventKind.EXPELLED: MemberStatus.EXPELLED,
    EventKind.DIED: MemberStatus.DIED,
}
_LEFT_WORDS = {
    MemberStatus.REMOVED: "đã bị xóa tên",
    MemberStatus.EXPELLED: "đã bị khai trừ",
    MemberStatus.DIED: "đã từ trần",
    MemberStatus.TRANSFERRED_OUT: "đã chuyển sinh hoạt ra ngoài hệ thống",
}


@dataclass(frozen=True)
class State:
    """A member's situation after some prefix of their history."""

    status: str = ""
    organization_id: int | None = None
    temporary_organization_id: int | None = None
    decision_date: date | None = None  # first admission decision: the party-age origin
    admitted_on: date | None = None  # latest ceremony (a re-admission starts a new probation)
    official_on: date | None = None
    left_on: date | None = None  # start of the current spell off the roll
    died_on: date | None = None
    # Spells outside party activity (struck off or expelled, until re-admitted): §3.2.
    gaps: tuple[tuple[date, date], ...] = field(default_factory=tuple)
    # (decision date, Sanction) of each discipline short of expulsion: a badge waits (§3.3).
    disciplines: tuple[tuple[date, str], ...] = field(default_factory=tuple)


_STATE_FIELDS = frozenset(State.__dataclass_fields__)


def _evolve(state: State, **changes: Any) -> State:
    """dataclasses.replace(state, **changes) without its look at the class's fields on every
    call: the replay runs for every row of an import (190,000 events per 100,000 members),
    where that look cost more than the transition itself."""
    assert changes.keys() <= _STATE_FIELDS, changes.keys() - _STATE_FIELDS
    new = object.__new__(State)
    attributes = new.__dict__
    attributes.update(state.__dict__)
    attributes.update(changes)
    return new


def _refuse(field_name: str, message: str) -> ValidationError:
    return ValidationError({field_name: [message]})


def live_events(events: Iterable[MemberEvent]) -> list[MemberEvent]:
    """Events that count, in order: not corrected by a later event, and not a voiding."""
    events = list(events)
    corrected = {e.corrects_id for e in events if e.corrects_id is not None}
    live = [
        e for e in events if (e.pk is None or e.pk not in corrected) and e.kind != EventKind.VOIDED
    ]
    return sorted(live, key=lambda e: (e.effective_on, e.pk if e.pk is not None else 2**62))


def apply(state: State, event: MemberEvent, probation_end: Callable[[date], date]) -> State:
    """The state after `event`, or a ValidationError saying why it cannot happen then."""
    kind, day = event.kind, event.effective_on
    status = state.status
    if not status and kind != EventKind.ADMITTED:
        raise _refuse("effective_on", "Đảng viên chưa có sự kiện kết nạp trước ngày này.")
    if kind in ANY_TIME:
        return state
    if status == MemberStatus.DIED:
        if kind == EventKind.BADGE_AWARDED:  # posthumous award; the service checks its timing
            return state
        raise _refuse(
            "effective_on",
            f"Đảng viên đã từ trần ngày {format_date(state.died_on)}: không ghi thêm sự kiện.",
        )
    if status in (MemberStatus.REMOVED, MemberStatus.EXPELLED, MemberStatus.TRANSFERRED_OUT):
        readmission = kind == EventKind.ADMITTED and status != MemberStatus.TRANSFERRED_OUT
        comes_back = kind == EventKind.TRANSFER_IN and status == MemberStatus.TRANSFERRED_OUT
        if not (readmission or comes_back):
            raise _refuse(
                "effective_on",
                f"Đảng viên {_LEFT_WORDS[MemberStatus(status)]} ngày "
                f"{format_date(state.left_on)}: không ghi thêm sự kiện.",
            )
    if kind == EventKind.ADMITTED:
        if status in (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL, MemberStatus.EXEMPT):
            raise _refuse("effective_on", "Đảng viên đang có tên trong danh sách đảng viên.")
        gaps = state.gaps
        if state.left_on is not None:
            gaps = (*gaps, (state.left_on, event.decision_date or day))
        return _evolve(
            state,
            status=MemberStatus.PROBATIONARY,
            organization_id=event.organization_id,
            temporary_organization_id=None,
            decision_date=state.decision_date or event.decision_date or day,
            admitted_on=day,
            official_on=None,
            left_on=None,
            gaps=gaps,
        )
    if kind == EventKind.CONFIRMED_OFFICIAL:
        if status != MemberStatus.PROBATIONARY:
            raise _refuse("official_on", "Chỉ đảng viên dự bị mới được công nhận chính thức.")
        assert state.admitted_on is not None
        earliest = probation_end(state.admitted_on)
        if day < earliest:
            raise _refuse(
                "official_on",
                f"Ngày chính thức phải đủ 12 tháng dự bị kể từ ngày vào Đảng "
                f"{format_date(state.admitted_on)}: sớm nhất là {format_date(earliest)}.",
            )
        return _evolve(state, status=MemberStatus.OFFICIAL, official_on=day)
    if kind == EventKind.EXEMPTED:
        if status not in (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL):
            raise _refuse("effective_on", "Đảng viên đang được miễn công tác và sinh hoạt.")
        return _evolve(state, status=MemberStatus.EXEMPT)
    if kind == EventKind.EXEMPTION_ENDED:
        if status != MemberStatus.EXEMPT:
            raise _refuse("effective_on", "Đảng viên không được miễn công tác và sinh hoạt.")
        back = MemberStatus.OFFICIAL if state.official_on else MemberStatus.PROBATIONARY
        return _evolve(state, status=back)
    if kind == EventKind.TRANSFER_OUT:
        if event.counterpart_id is None:  # out of the system: handed over, off our roll
            return _evolve(
                state,
                status=MemberStatus.TRANSFERRED_OUT,
                temporary_organization_id=None,
                left_on=day,
            )
        # Within the system the member lands at the counterpart; the TRANSFER_IN of the same
        # day says the same, so either event answers "where on that day".
        return _evolve(state, organization_id=event.counterpart_id, temporary_organization_id=None)
    if kind == EventKind.TRANSFER_IN:
        returning: str = status
        if status == MemberStatus.TRANSFERRED_OUT:
            returning = MemberStatus.OFFICIAL if state.official_on else MemberStatus.PROBATIONARY
        return _evolve(
            state,
            status=returning,
            organization_id=event.organization_id,
            temporary_organization_id=None,
            left_on=None,
        )
    if kind == EventKind.MOVED_BY_MERGER:
        return _evolve(state, organization_id=event.organization_id)
    if kind == EventKind.TEMPORARY_TRANSFER_IN:
        return _evolve(state, temporary_organization_id=event.organization_id)
    if kind == EventKind.TEMPORARY_TRANSFER_ENDED:
        return _evolve(state, temporary_organization_id=None)
    if kind in LEAVING:
        new = LEAVING[EventKind(kind)]
        return _evolve(
            state,
            status=new,
            temporary_organization_id=None,
            left_on=day,
            died_on=day if new == MemberStatus.DIED else None,
        )
    if kind == EventKind.DISCIPLINED:
        sanction = (event.details or {}).get("sanction")
        if sanction == Sanction.DISMISSAL and status == MemberStatus.PROBATIONARY:
            # Đảng viên dự bị: only khiển trách or cảnh cáo (§3.9).
            raise _refuse(
                "sanction",
                "Đảng viên dự bị chỉ bị kỷ luật khiển trách hoặc cảnh cáo.",
            )
        if sanction in Sanction.values:
            return _evolve(state, disciplines=(*state.disciplines, (day, sanction)))
        return state
    if kind in RECORD_ONLY or kind == EventKind.TEMPORARY_TRANSFER_OUT:
        return state
    raise ValueError(f"unknown event kind {kind}")


def replay(
    events: Iterable[MemberEvent], probation_end: Callable[[date], date]
) -> list[tuple[MemberEvent, State]]:
    """Each live event with the state right after it, in order."""
    state, steps = State(), []
    for event in live_events(events):
        state = apply(state, event, probation_end)
        steps.append((event, state))
    return steps


def final_state(steps: Sequence[tuple[MemberEvent, State]], on: date | None = None) -> State:
    """The state at the end of day `on` (the latest state when `on` is None)."""
    state = State()
    for event, after in steps:
        if on is not None and event.effective_on > on:
            break
        state = after
    return state
