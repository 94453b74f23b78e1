"""Events in a member's life after admission: recognition, exemption, leaving the roll, cards,
badges, positions, and corrections. Each is one MemberEvent, validated by replay (base.commit)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from dangbo.accounts.models import User
from dangbo.core.errors import field_error
from dangbo.core.jsonable import jsonable
from dangbo.core.text import nfc
from dangbo.members.lifecycle import final_state, replay
from dangbo.members.models import EventKind, Member, MemberEvent
from dangbo.members.regulations import EarlyReason, check_badge_award, probation_end
from dangbo.members.services.base import audit, check_past, commit, history, member_snapshot
from dangbo.orgs.services import Decision

POSITION_FIELDS = ("party_position", "government_position", "mass_org_position")


def locked_member(member: Member) -> Member:
    # One writer per member at a time: two events replayed concurrently could both pass.
    return Member.objects.select_for_update().get(pk=member.pk)


def record_event(
    *,
    actor: User | None,
    member: Member,
    kind: str,
    decision: Decision,
    action: str,
    details: dict[str, Any] | None = None,
    **fields: Any,
) -> MemberEvent:
    """Write one event of `kind` at the member's unit (unless `fields` says where)."""
    check_past(decision.effective_on, "effective_on")
    before = member_snapshot(member)
    event = MemberEvent(
        kind=kind,
        effective_on=decision.effective_on,
        decision_number=decision.number,
        decision_date=decision.decided_on,
        note=decision.note,
        details=jsonable(details or {}),
        recorded_by=actor,
        **{"organization_id": member.organization_id, **fields},
    )
    commit(member, [event])
    after = member_snapshot(member)
    audit(
        actor,
        action,
        event,
        member,
        before={k: v for k, v in before.items() if after.get(k) != v},
        after={
            "kind": kind,
            "effective_on": decision.effective_on,
            "decision_number": decision.number,
            **{k: v for k, v in after.items() if before.get(k) != v},
            **(details or {}),
        },
    )
    return event


@transaction.atomic
def confirm_official(
    *,
    actor: User | None,
    member: Member,
    decision_number: str,
    decided_on: date,
    official_on: date | None = None,
) -> MemberEvent:
    """Công nhận chính thức. The official date is the end of probation even when the cell
    meets or the superior approves late (§3.1), so it defaults to that; an earlier one is
    refused by the replay."""
    member = locked_member(member)
    check_past(decided_on, "decision_date")
    if official_on is None:
        if member.admitted_on is None:
            raise field_error("official_on", "Đảng viên chưa có ngày vào Đảng.")
        official_on = probation_end(member.admitted_on)
    return record_event(
        actor=actor,
        member=member,
        kind=EventKind.CONFIRMED_OFFICIAL,
        decision=Decision(effective_on=official_on, number=decision_number, decided_on=decided_on),
        action="member.confirm_official",
    )


def _decided(
    actor: User | None, member: Member, kind: str, decision: Decision, action: str, reason: str
) -> MemberEvent:
    reason = nfc(reason).strip()
    return record_event(
        actor=actor,
        member=locked_member(member),
        kind=kind,
        decision=decision,
        action=action,
        details={"reason": reason} if reason else None,
    )


@transaction.atomic
def exempt_member(
    *, actor: User | None, member: Member, decision: Decision, reason: str = ""
) -> MemberEvent:
    """Miễn công tác và sinh hoạt đảng, decided by the cell (§3.5); still on the roll."""
    return _decided(actor, member, EventKind.EXEMPTED, decision, "member.exempt", reason)


@transaction.atomic
def end_exemption(
    *, actor: User | None, member: Member, decision: Decision, reason: str = ""
) -> MemberEvent:
    return _decided(
        actor, member, EventKind.EXEMPTION_ENDED, decision, "member.end_exemption", reason
    )


@transaction.atomic
def remove_member(
    *, actor: User | None, member: Member, decision: Decision, reason: str = ""
) -> MemberEvent:
    """Xóa tên (§3.6). The record stays, with its last unit; a re-admission may follow."""
    return _decided(actor, member, EventKind.REMOVED, decision, "member.remove", reason)


@transaction.atomic
def expel_member(
    *, actor: User | None, member: Member, decision: Decision, reason: str = ""
) -> MemberEvent:
    """Khai trừ. Wrongly expelled and rehabilitated: void this event (correct_event), which
    keeps the party age continuous (§3.2)."""
    return _decided(actor, member, EventKind.EXPELLED, decision, "member.expel", reason)


@transaction.atomic
def record_death(
    *, actor: User | None, member: Member, died_on: date, note: str = ""
) -> MemberEvent:
    return record_event(
        actor=actor,
        member=locked_member(member),
        kind=EventKind.DIED,
        decision=Decision(effective_on=died_on, note=note),
        action="member.record_death",
    )


@transaction.atomic
def issue_card(
    *,
    actor: User | None,
    member: Member,
    card_number: str,
    issued_on: date,
    decision_number: str = "",
    reissue: bool = False,
) -> MemberEvent:
    """Phát (or cấp lại) thẻ đảng viên; the number is unique across the roll."""
    member = locked_member(member)
    card_number = nfc(card_number).strip()
    if not card_number:
        raise field_error("card_number", "Nhập số thẻ đảng viên.")
    if Member.objects.filter(card_number=card_number).exclude(pk=member.pk).exists():
        raise field_error("card_number", f"Số thẻ {card_number} đã cấp cho đảng viên khác.")
    if not reissue and member.card_number:
        raise field_error("card_number", "Đảng viên đã có thẻ: chọn cấp lại thẻ.")
    member.card_number = card_number
    return record_event(
        actor=actor,
        member=member,
        kind=EventKind.CARD_REISSUED if reissue else EventKind.CARD_ISSUED,
        decision=Decision(effective_on=issued_on, number=decision_number),
        action="member.issue_card",
        details={"card_number": card_number},
    )


@transaction.atomic
def award_badge(
    *,
    actor: User | None,
    member: Member,
    years: int,
    awarded_on: date,
    decision_number: str = "",
    early_reason: str = EarlyReason.NONE,
) -> MemberEvent:
    """Tặng Huy hiệu Đảng `years` năm, checked against the due date and the early-award rules
    (§3.3). A posthumous award may follow the member's death."""
    member = locked_member(member)
    events = history(member)
    state = final_state(replay(events, probation_end))
    if any(
        e.kind == EventKind.BADGE_AWARDED and e.details.get("years") == years and not e.superseded
        for e in events
    ):
        raise field_error("years", f"Đảng viên đã được tặng Huy hiệu {years} năm tuổi Đảng.")
    due = check_badge_award(state, years, awarded_on, early_reason)
    return record_event(
        actor=actor,
        member=member,
        kind=EventKind.BADGE_AWARDED,
        decision=Decision(effective_on=awarded_on, number=decision_number),
        action="member.award_badge",
        details={"years": years, "due_on": due, "early_reason": early_reason},
    )


@transaction.atomic
def change_position(
    *,
    actor: User | None,
    member: Member,
    decision: Decision,
    party_position: str | None = None,
    government_position: str | None = None,
    mass_org_position: str | None = None,
) -> MemberEvent:
    """A new position (None leaves that one as it is); the event keeps old and new."""
    member = locked_member(member)
    wanted = {
        "party_position": party_position,
        "government_position": government_position,
        "mass_org_position": mass_org_position,
    }
    changes = {k: nfc(v).strip() for k, v in wanted.items() if v is not None}
    changes = {k: v for k, v in changes.items() if getattr(member, k) != v}
    if not changes:
        raise field_error("party_position", "Chức vụ không thay đổi.")
    old = {k: getattr(member, k) for k in changes}
    for name, value in changes.items():
        setattr(member, name, value)
    return record_event(
        actor=actor,
        member=member,
        kind=EventKind.POSITION_CHANGED,
        decision=decision,
        action="member.change_position",
        details={"before": old, "after": changes},
    )


@transaction.atomic
def correct_event(
    *,
    actor: User | None,
    event: MemberEvent,
    reason: str,
    void: bool = False,
    effective_on: date | None = None,
    decision_number: str | None = None,
    decision_date: date | None = None,
) -> MemberEvent:
    """Đính chính: a new event that replaces `event` (same kind, corrected date or decision),
    or voids it (`void=True`, the event should never have been recorded). The corrected event
    stays in the history, superseded; every derivation ignores it."""
    member = locked_member(event.member)
    event.refresh_from_db()
    reason = nfc(reason).strip()
    if not reason:
        raise field_error("reason", "Nhập lý do đính chính.")
    if event.superseded or event.kind == EventKind.VOIDED:
        raise field_error("corrects", "Sự kiện này đã được đính chính; hãy đính chính bản mới.")
    if not void and effective_on is None and decision_number is None and decision_date is None:
        raise field_error("effective_on", "Không có gì thay đổi để đính chính.")
    new_day = event.effective_on if effective_on is None else effective_on
    new_decided = event.decision_date if decision_date is None else decision_date
    if not void and event.kind == EventKind.ADMITTED and new_decided and new_day < new_decided:
        # The same rule as at admission: the ceremony follows the admission decision.
        raise field_error("effective_on", "Lễ kết nạp không được trước ngày quyết định.")
    return record_event(
        actor=actor,
        member=member,
        kind=EventKind.VOIDED if void else event.kind,
        decision=Decision(
            effective_on=event.effective_on if effective_on is None else effective_on,
            number=event.decision_number if decision_number is None else decision_number,
            decided_on=event.decision_date if decision_date is None else decision_date,
            note=reason,
        ),
        action="member.correct_event",
        details={**event.details, "reason": reason},
        corrects=event,
        organization_id=event.organization_id,
        counterpart_id=event.counterpart_id,
        counterpart_name=event.counterpart_name,
    )
