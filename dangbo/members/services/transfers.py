"""Chuyển sinh hoạt đảng (QĐ 294 point 6.3.1, §3.4) and members following a merger.

A transfer moves the member only when the receiving unit records receipt; until then the
member stays on the sender's roll and the sender sees the transfer pending.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Max

from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.errors import field_error
from dangbo.core.formats import format_date
from dangbo.core.jsonable import snapshot
from dangbo.core.rules import rule
from dangbo.core.text import nfc
from dangbo.members.models import (
    ON_ROLL,
    EventKind,
    Member,
    MemberEvent,
    TemporaryReason,
    Transfer,
    TransferStatus,
)
from dangbo.members.regulations import transfer_deadline, transfer_process_deadline
from dangbo.members.services.base import audit, check_past, check_unit, commit
from dangbo.members.services.lifecycle import record_event
from dangbo.orgs import services as org_services
from dangbo.orgs.models import Organization
from dangbo.orgs.services import Decision

TRANSFER_FIELDS = (
    "member",
    "from_organization",
    "to_organization",
    "to_outside",
    "temporary",
    "temporary_reason",
    "expected_months",
    "letter_issued_on",
    "deadline",
    "received_on",
    "status",
)


def _deadline(compute: Callable[[date], date], day: date, field: str) -> date:
    """A deadline from the rule rows; a day before the first row (an old letter typed in) is
    refused on its field rather than failing the request."""
    try:
        return compute(day)
    except ImproperlyConfigured:
        raise field_error(
            field,
            f"Chưa có quy định về thời hạn chuyển sinh hoạt áp dụng cho ngày {format_date(day)}.",
        ) from None


def _check_temporary(reason: str, months: int | None, on: date) -> None:
    """Temporary only for 3 months to under a year (residence, work) or 3 months to 2 years of
    study in Vietnam; anything longer is an official transfer (§3.4)."""
    if reason not in TemporaryReason.values:
        raise field_error("temporary_reason", "Chọn lý do chuyển sinh hoạt tạm thời.")
    if months is None:
        raise field_error("expected_months", "Nhập thời gian dự kiến (số tháng).")
    limits: dict[str, int] = rule("temporary_transfer", on)[reason]
    if months < limits["min_months"]:
        raise field_error(
            "expected_months",
            f"Dưới {limits['min_months']} tháng không cần chuyển sinh hoạt tạm thời.",
        )
    if months > limits["max_months"]:
        raise field_error(
            "expected_months",
            f"{TemporaryReason(reason).label} quá {limits['max_months']} tháng: phải chuyển "
            "sinh hoạt đảng chính thức.",
        )


@transaction.atomic
def start_transfer(
    *,
    actor: User | None,
    member: Member,
    letter_issued_on: date,
    to_organization: Organization | None = None,
    to_outside: str = "",
    temporary: bool = False,
    temporary_reason: str = "",
    expected_months: int | None = None,
    cause_effective_on: date | None = None,
    late_reason: str = "",
    letter_number: str = "",
    note: str = "",
) -> Transfer:
    """Issue a transfer letter. Its deadline to be presented is computed from the rule rows
    and the working-day calendar."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    to_outside = nfc(to_outside).strip()
    check_past(letter_issued_on, "letter_issued_on")
    if member.status not in ON_ROLL:
        raise field_error(
            "member", f"Đảng viên {member.get_status_display().lower()}: không chuyển sinh hoạt."
        )
    if (to_organization is None) == (not to_outside):
        raise field_error(
            "to_organization", "Chọn một nơi đến trong hệ thống hoặc ghi nơi đến ngoài hệ thống."
        )
    if to_organization is not None:
        if to_organization.pk in (member.organization_id, member.temporary_organization_id):
            raise field_error("to_organization", "Nơi đến trùng với nơi đảng viên đang sinh hoạt.")
        check_unit(to_organization, letter_issued_on, "to_organization")
    if Transfer.objects.filter(member=member, status=TransferStatus.PENDING).exists():
        raise field_error("member", "Đảng viên đang có giấy chuyển sinh hoạt chờ tiếp nhận.")
    if temporary:
        _check_temporary(temporary_reason, expected_months, letter_issued_on)
    process_deadline = None
    if cause_effective_on is not None:
        if cause_effective_on > letter_issued_on:
            raise field_error(
                "cause_effective_on", "Ngày quyết định có hiệu lực sau ngày cấp giấy."
            )
        process_deadline = _deadline(
            transfer_process_deadline, cause_effective_on, "cause_effective_on"
        )
        if letter_issued_on > process_deadline and not nfc(late_reason).strip():
            raise field_error(
                "late_reason",
                f"Quá hạn làm thủ tục ({format_date(process_deadline)}, 60 ngày làm việc): "
                "ghi rõ lý do chậm.",
            )
    deadline = _deadline(transfer_deadline, letter_issued_on, "letter_issued_on")
    transfer = Transfer.objects.create(
        member=member,
        from_organization=member.organization,
        to_organization=to_organization,
        to_outside=to_outside,
        temporary=temporary,
        temporary_reason=temporary_reason if temporary else "",
        expected_months=expected_months if temporary else None,
        cause_effective_on=cause_effective_on,
        process_deadline=process_deadline,
        late_reason=nfc(late_reason).strip(),
        letter_number=nfc(letter_number).strip(),
        letter_issued_on=letter_issued_on,
        deadline=deadline,
        note=nfc(note).strip(),
        created_by=actor,
    )
    audit(
        actor, "member.start_transfer", transfer, member, after=snapshot(transfer, TRANSFER_FIELDS)
    )
    return transfer


def _pending(transfer: Transfer) -> Transfer:
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status != TransferStatus.PENDING:
        raise field_error(
            "status", f"Giấy chuyển sinh hoạt đã {transfer.get_status_display().lower()}."
        )
    return transfer


@transaction.atomic
def receive_transfer(*, actor: User | None, transfer: Transfer, received_on: date) -> Transfer:
    """The receiving unit takes the member in (or, out of the system, the sender records the
    hand-over): the member moves on `received_on`."""
    transfer = _pending(transfer)
    member = Member.objects.select_for_update().get(pk=transfer.member_id)
    check_past(received_on, "received_on")
    if received_on < transfer.letter_issued_on:
        raise field_error("received_on", "Ngày tiếp nhận trước ngày cấp giấy giới thiệu.")
    sender, receiver = transfer.from_organization, transfer.to_organization
    if receiver is not None:
        check_unit(receiver, received_on, "to_organization")
    common = {
        "effective_on": received_on,
        "decision_number": transfer.letter_number,
        "decision_date": transfer.letter_issued_on,
        "recorded_by": actor,
        "details": {"transfer": transfer.pk},
    }
    if transfer.temporary:
        out_kind, in_kind = EventKind.TEMPORARY_TRANSFER_OUT, EventKind.TEMPORARY_TRANSFER_IN
    else:
        out_kind, in_kind = EventKind.TRANSFER_OUT, EventKind.TRANSFER_IN
    events = [
        MemberEvent(
            kind=out_kind,
            organization=sender,
            counterpart=receiver,
            counterpart_name=transfer.to_outside,
            **common,
        )
    ]
    if receiver is not None:
        events.append(
            MemberEvent(kind=in_kind, organization=receiver, counterpart=sender, **common)
        )
    commit(member, events)
    transfer.status, transfer.received_on = TransferStatus.RECEIVED, received_on
    transfer.save(update_fields=["status", "received_on"])
    audit(
        actor,
        "member.receive_transfer",
        transfer,
        member,
        before={"status": TransferStatus.PENDING, "organization": sender.pk},
        after={
            "status": transfer.status,
            "received_on": received_on,
            "organization": member.organization_id,
        },
    )
    return transfer


@transaction.atomic
def cancel_transfer(*, actor: User | None, transfer: Transfer, reason: str) -> Transfer:
    transfer = _pending(transfer)
    reason = nfc(reason).strip()
    if not reason:
        raise field_error("reason", "Nhập lý do hủy giấy chuyển sinh hoạt.")
    transfer.status = TransferStatus.CANCELLED
    transfer.note = f"{transfer.note}\nHủy: {reason}".strip()
    transfer.save(update_fields=["status", "note"])
    audit(
        actor,
        "member.cancel_transfer",
        transfer,
        transfer.member,
        before={"status": TransferStatus.PENDING},
        after={"status": transfer.status, "reason": reason},
    )
    return transfer


@transaction.atomic
def end_temporary_transfer(*, actor: User | None, member: Member, ended_on: date) -> MemberEvent:
    """The member returns from temporary activity elsewhere to their own unit only."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.temporary_organization_id is None:
        raise field_error("member", "Đảng viên không sinh hoạt tạm thời ở đơn vị khác.")
    # The replay accepts an end dated before the arrival (the arrival then reopens it), so the
    # order is checked here: an end before the stay began is a typing mistake.
    started = (
        member.events.filter(kind=EventKind.TEMPORARY_TRANSFER_IN, superseded=False)
        .order_by("-effective_on", "-id")
        .values_list("effective_on", flat=True)
        .first()
    )
    if started is not None and ended_on < started:
        raise field_error(
            "effective_on",
            f"Ngày kết thúc trước ngày bắt đầu sinh hoạt tạm thời ({format_date(started)}).",
        )
    return record_event(
        actor=actor,
        member=member,
        kind=EventKind.TEMPORARY_TRANSFER_ENDED,
        decision=Decision(effective_on=ended_on),
        action="member.end_temporary_transfer",
        counterpart_id=member.temporary_organization_id,
    )


@transaction.atomic
def move_members_for_merge(
    *, actor: User | None, sources: list[Organization], target: Organization, decision: Decision
) -> int:
    """Members on the roll of `sources` move to `target` on the merger's date, each with a
    MOVED_BY_MERGER event. Bulk when their history ends before the merger (the usual case: the
    event only changes the unit), a full replay for the few with later events."""
    day = decision.effective_on
    check_past(day, "effective_on")
    source_ids = [s.pk for s in sources]
    members = list(
        Member.objects.select_for_update()
        .filter(organization_id__in=source_ids, status__in=ON_ROLL)
        .order_by("pk")
    )
    if not members:  # e.g. committees merged: their cells move in the tree, members with them
        return 0
    check_unit(target, day, "target")
    # Separate from the locking query: PostgreSQL refuses FOR UPDATE with GROUP BY.
    last_on = dict(
        MemberEvent.objects.filter(member__in=members, superseded=False)
        .values("member")
        .annotate(last=Max("effective_on"))
        .values_list("member", "last")
    )
    fast = [m for m in members if last_on.get(m.pk) is None or last_on[m.pk] <= day]
    slow = [m for m in members if m not in fast]

    def event_for(member: Member) -> MemberEvent:
        return MemberEvent(
            member=member,
            kind=EventKind.MOVED_BY_MERGER,
            effective_on=day,
            decision_number=decision.number,
            decision_date=decision.decided_on,
            note=decision.note,
            organization=target,
            counterpart_id=member.organization_id,
            recorded_by=actor,
            status_after=member.status,
            organization_after=target,
        )

    MemberEvent.objects.bulk_create([event_for(m) for m in fast], batch_size=1000)
    Member.objects.filter(pk__in=[m.pk for m in fast]).update(organization=target)
    for member in slow:
        commit(member, [event_for(member)])
    for source in sources:
        moved = sorted(m.pk for m in members if m.organization_id == source.pk)
        if not moved:
            continue
        # One audit event per merged unit, listing the members: the chain stays short.
        record(
            actor=actor,
            action="member.move_for_merge",
            target=source,
            organization=target,
            before={"organization": source.pk, "members": moved},
            after={"organization": target.pk, "members": moved},
        )
    return len(members)


@transaction.atomic
def merge_organizations_with_members(
    *, actor: User | None, sources: list[Organization], target: Organization, decision: Decision
) -> Organization:
    """orgs.services.merge_organizations, then the members of the sources follow (members sits
    above orgs in the layers, so the wrapper lives here)."""
    merged = org_services.merge_organizations(
        actor=actor, sources=sources, target=target, decision=decision
    )
    move_members_for_merge(actor=actor, sources=sources, target=merged, decision=decision)
    return merged
