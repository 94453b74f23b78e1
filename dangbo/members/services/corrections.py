"""Đề nghị đính chính (issue #4 §4): a member asks from their own record; staff who may change
records at the member's unit approve, which writes the correction, or refuse, saying why.

Approving a fact of the record changes it through update_member (its checks apply, e.g. the
age at admission for a birth date) and adds a RECORD_CORRECTED event, so the timeline shows
what was put right and when; approving an event's date or decision writes the correcting
event through correct_event, which replays the history (DESIGN rule 3)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from dangbo.access.policy import Action
from dangbo.access.scoping import can
from dangbo.accounts.models import User
from dangbo.core.clock import today
from dangbo.core.errors import field_error
from dangbo.core.jsonable import jsonable
from dangbo.core.text import nfc
from dangbo.members.correctable import (
    VALUE_FIELD,
    Target,
    as_text,
    current_value,
    find_target,
    parse_value,
    target_label,
)
from dangbo.members.models import (
    CorrectionRequest,
    CorrectionStatus,
    EventKind,
    Member,
    MemberEvent,
)
from dangbo.members.services.base import audit
from dangbo.members.services.lifecycle import correct_event, locked_member, record_event
from dangbo.members.services.records import update_member
from dangbo.orgs.services import Decision

REASON_LIMIT = 2000


def _reason(text: str, field: str, missing: str) -> str:
    cleaned = nfc(text or "").strip()
    if not cleaned:
        raise field_error(field, missing)
    if len(cleaned) > REASON_LIMIT:
        raise field_error(field, f"Không được dài quá {REASON_LIMIT} ký tự.")
    return cleaned


@contextmanager
def _about_the_value() -> Iterator[None]:
    """A refusal by update_member or correct_event names their own field (birth_date,
    effective_on…); here the value in question is the requested one."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {VALUE_FIELD: [m for errors in exc.message_dict.values() for m in errors]}
        ) from None


@transaction.atomic
def request_correction(
    *,
    actor: User,
    member: Member,
    target: str,
    requested_value: str,
    reason: str,
) -> CorrectionRequest:
    """The member (the account linked to this very record, nobody else) asks that `target`
    ("field:full_name", "event:12:effective_on", see members.correctable) read
    `requested_value`, for `reason`."""
    member = locked_member(member)
    if member.user_id is None or member.user_id != actor.pk:
        raise PermissionDenied("Chỉ đảng viên mới đề nghị đính chính hồ sơ của chính mình.")
    found: Target = find_target(member, target)
    value = parse_value(found, requested_value)
    current = current_value(member, found)
    if value == current:
        raise field_error(VALUE_FIELD, "Giá trị đề nghị giống giá trị đang ghi trong hồ sơ.")
    reason = _reason(reason, "reason", "Nhập lý do đề nghị đính chính.")
    duplicate = CorrectionRequest.objects.filter(
        member=member, field=found.field, event=found.event, status=CorrectionStatus.PENDING
    )
    if duplicate.exists():
        raise field_error("field", "Nội dung này đã có đề nghị đang chờ xử lý.")
    correction = CorrectionRequest.objects.create(
        member=member,
        requested_by=actor,
        field=found.field,
        event=found.event,
        current_value=as_text(member, found, current)[:255],
        requested_value=as_text(member, found, value)[:255],
        reason=reason,
    )
    audit(
        actor,
        "member.correction_request",
        correction,
        member,
        after={
            "field": found.field,
            "event": found.event,
            "current_value": correction.current_value,
            "requested_value": correction.requested_value,
            "reason": reason,
        },
    )
    return correction


def _pending(actor: User | None, correction: CorrectionRequest) -> CorrectionRequest:
    correction = CorrectionRequest.objects.select_for_update().get(pk=correction.pk)
    member = correction.member
    if actor is not None:
        if not can(actor, Action.EDIT, member.organization):
            raise PermissionDenied("Bạn không có quyền xử lý đề nghị đính chính của đơn vị này.")
        if correction.requested_by_id == actor.pk or member.user_id == actor.pk:
            raise PermissionDenied("Không tự xử lý đề nghị đính chính hồ sơ của chính mình.")
    if correction.status != CorrectionStatus.PENDING:
        raise field_error(
            "decision_note",
            f"Đề nghị này đã được xử lý ({correction.get_status_display().lower()}).",
        )
    return correction


def _apply_to_record(
    actor: User | None, correction: CorrectionRequest, target: Target, value: Any
) -> MemberEvent:
    member = correction.member
    before = as_text(member, target, current_value(member, target))
    with _about_the_value():
        member = update_member(actor=actor, member=member, data={target.field: value})
    return record_event(
        actor=actor,
        member=locked_member(member),
        kind=EventKind.RECORD_CORRECTED,
        decision=Decision(effective_on=today(), note=correction.reason),
        action="member.correct_record",
        details={
            "field": target.field,
            "label": target_label(target.field, None),
            "before": before,
            "after": as_text(member, target, value),
            "reason": correction.reason,
            "request": correction.pk,
        },
    )


def _apply_to_event(
    actor: User | None, correction: CorrectionRequest, target: Target, value: Any
) -> MemberEvent:
    assert target.event is not None
    with _about_the_value():
        return correct_event(
            actor=actor,
            event=target.event,
            reason=f"Theo đề nghị của đảng viên: {correction.reason}",
            **{target.field: value},
        )


@transaction.atomic
def approve_correction(
    *, actor: User | None, correction: CorrectionRequest, note: str = ""
) -> CorrectionRequest:
    """Đính chính theo đề nghị: staff who may change records at the member's unit (never the
    member themself) write the requested value, re-read and re-checked now."""
    correction = _pending(actor, correction)
    note = nfc(note or "").strip()[:REASON_LIMIT]
    member = correction.member
    code = (
        f"event:{correction.event_id}:{correction.field}"
        if correction.event_id
        else f"field:{correction.field}"
    )
    with _about_the_value():
        target = find_target(member, code)  # the event may have been corrected since
    value = parse_value(target, correction.requested_value)
    if target.event is None:
        written = _apply_to_record(actor, correction, target, value)
    else:
        written = _apply_to_event(actor, correction, target, value)
    correction.status = CorrectionStatus.APPROVED
    correction.decided_by = actor
    correction.decided_at = timezone.now()
    correction.decision_note = note
    correction.correction_event = written
    correction.save()
    audit(
        actor,
        "member.correction_approve",
        correction,
        member,
        before={"status": CorrectionStatus.PENDING},
        after={"status": correction.status, "event": written.pk, "note": note},
    )
    return correction


@transaction.atomic
def refuse_correction(
    *, actor: User | None, correction: CorrectionRequest, reason: str
) -> CorrectionRequest:
    """Không chấp nhận đề nghị, with the reason the member will read."""
    correction = _pending(actor, correction)
    reason = _reason(reason, "decision_note", "Nhập lý do không chấp nhận đề nghị.")
    correction.status = CorrectionStatus.REFUSED
    correction.decided_by = actor
    correction.decided_at = timezone.now()
    correction.decision_note = reason
    correction.save()
    audit(
        actor,
        "member.correction_refuse",
        correction,
        correction.member,
        before={"status": CorrectionStatus.PENDING},
        after=jsonable({"status": correction.status, "reason": reason}),
    )
    return correction
