"""Khen thưởng và kỷ luật đảng viên: each one dated event with the decision behind it, shown
on the "Khen thưởng / kỷ luật" tab of the profile. Khai trừ, the heaviest sanction, takes the
member off the roll and is its own service (lifecycle.expel_member)."""

from __future__ import annotations

from django.db import transaction

from dangbo.accounts.models import User
from dangbo.core.errors import field_error
from dangbo.core.text import nfc
from dangbo.members.models import EventKind, Member, MemberEvent, Sanction
from dangbo.members.services.lifecycle import locked_member, record_event
from dangbo.orgs.services import Decision

TEXT_LIMIT = 255
REASON_LIMIT = 2000


def _text(value: str, field: str, missing: str, limit: int = TEXT_LIMIT) -> str:
    cleaned = nfc(value or "").strip()
    if not cleaned and missing:
        raise field_error(field, missing)
    if len(cleaned) > limit:
        raise field_error(field, f"Không được dài quá {limit} ký tự.")
    return cleaned


def _check_decision(decision: Decision) -> None:
    """Khen thưởng and kỷ luật are both decided in writing: the number and the date it was
    signed, which cannot follow the day it takes effect."""
    if not nfc(decision.number).strip():
        raise field_error("decision_number", "Nhập số quyết định.")
    if decision.decided_on is not None and decision.decided_on > decision.effective_on:
        raise field_error("decision_date", "Ngày ký quyết định không được sau ngày hiệu lực.")


@transaction.atomic
def commend_member(
    *,
    actor: User | None,
    member: Member,
    decision: Decision,
    form: str,
    authority: str,
    achievement: str = "",
) -> MemberEvent:
    """Khen thưởng: `form` is the kind of award (Giấy khen, Bằng khen…), `authority` who gave
    it (Ban Thường vụ Đảng ủy xã…), `achievement` what for."""
    form = _text(form, "form", "Nhập hình thức khen thưởng (ví dụ: Giấy khen, Bằng khen).")
    authority = _text(authority, "authority", "Nhập cấp, cơ quan quyết định khen thưởng.")
    achievement = _text(achievement, "achievement", "", REASON_LIMIT)
    _check_decision(decision)
    return record_event(
        actor=actor,
        member=locked_member(member),
        kind=EventKind.COMMENDED,
        decision=decision,
        action="member.commend",
        details={"form": form, "authority": authority, "achievement": achievement},
    )


@transaction.atomic
def discipline_member(
    *,
    actor: User | None,
    member: Member,
    decision: Decision,
    sanction: str,
    authority: str,
    reason: str,
    position: str = "",
) -> MemberEvent:
    """Kỷ luật: khiển trách, cảnh cáo or cách chức (`position`: the post taken away). A
    probationary member may only be reprimanded or warned (§3.9), which the replay checks at
    the decision's date. Expulsion (khai trừ) is expel_member."""
    if sanction not in Sanction.values:
        raise field_error("sanction", "Chọn hình thức kỷ luật: khiển trách, cảnh cáo, cách chức.")
    authority = _text(authority, "authority", "Nhập cấp, tổ chức quyết định kỷ luật.")
    reason = _text(reason, "reason", "Nhập nội dung vi phạm.", REASON_LIMIT)
    position = _text(position, "position", "")
    if sanction == Sanction.DISMISSAL and not position:
        raise field_error("position", "Nhập chức vụ bị cách.")
    _check_decision(decision)
    details = {"sanction": sanction, "authority": authority, "reason": reason}
    if position:
        details["position"] = position
    return record_event(
        actor=actor,
        member=locked_member(member),
        kind=EventKind.DISCIPLINED,
        decision=decision,
        action="member.discipline",
        details=details,
    )
