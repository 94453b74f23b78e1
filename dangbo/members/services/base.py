"""What every member service shares: checks of the record, and committing events.

`commit` is the heart of DESIGN rule 3 here: it replays the member's whole history WITH the
new events (members.lifecycle), so an event that cannot happen then is refused before anything
is written, and it rewrites the caches (member state, per-event state) from the replay.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.clock import today
from dangbo.core.errors import field_error
from dangbo.core.formats import format_date
from dangbo.core.jsonable import snapshot
from dangbo.core.text import nfc
from dangbo.members.lifecycle import State, final_state, replay
from dangbo.members.models import Member, MemberEvent, MemberStatus
from dangbo.members.models.member import BIOGRAPHY_FIELDS, QUALIFICATION_FIELDS
from dangbo.members.regulations import probation_end
from dangbo.orgs.models import CELL_KINDS, Organization

# Units that hold members on their roll: cells, not the committees above them.
RECORD_FIELDS = (
    *BIOGRAPHY_FIELDS,
    "birth_year_only",
    "national_id",
    "phone",
    "permanent_address",
    "current_address",
    *QUALIFICATION_FIELDS,
    "admitted_at",
    "sponsor_1",
    "sponsor_1_name",
    "sponsor_2",
    "sponsor_2_name",
    "dossier_number",
    "party_position",
    "government_position",
    "mass_org_position",
    "user",
)
_RECORD_FIELD_SET = frozenset(RECORD_FIELDS)
CACHE_FIELDS = (
    "status",
    "organization",
    "temporary_organization",
    "decision_date",
    "admitted_on",
    "official_on",
)
_NATIONAL_ID = re.compile(r"\d{12}")


def audit(
    actor: User | None,
    action: str,
    target: Any,
    member: Member,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    record(
        actor=actor,
        action=action,
        target=target,
        organization=member.organization,
        before=before,
        after=after,
    )


def member_snapshot(member: Member) -> dict[str, Any]:
    return snapshot(member, (*RECORD_FIELDS, *CACHE_FIELDS, "card_number"))


def check_past(day: date, field: str, now: date | None = None) -> None:
    """`now`: today, when the caller checks thousands of dates (bulk entry)."""
    if day > (now or today()):
        raise field_error(field, "Ngày không được sau ngày hôm nay.")


def check_unit(org: Organization, day: date, field: str = "organization") -> None:
    if org.kind not in CELL_KINDS:
        raise field_error(field, f"{org.name} không phải chi bộ: đảng viên sinh hoạt ở chi bộ.")
    if not org.is_active_on(day):
        raise field_error(field, f"{org.name} không hoạt động vào ngày {format_date(day)}.")


def clean_record(
    data: Mapping[str, Any],
    member: Member | None = None,
    *,
    check_unique: bool = True,
    now: date | None = None,
) -> dict[str, Any]:
    """Normalised record fields, or a ValidationError naming the first bad field. Bulk
    callers check the uniqueness of CCCDs a batch at a time (`check_unique=False`)."""
    if not data.keys() <= _RECORD_FIELD_SET:
        raise ValueError(f"not record fields: {sorted(data.keys() - _RECORD_FIELD_SET)}")
    cleaned = {k: nfc(v).strip() if isinstance(v, str) else v for k, v in data.items()}
    if "full_name" in cleaned and not cleaned["full_name"]:
        raise field_error("full_name", "Nhập họ và tên.")
    if "national_id" in cleaned:
        national_id = cleaned["national_id"] or None
        cleaned["national_id"] = national_id
        if national_id is not None:
            if not _NATIONAL_ID.fullmatch(national_id):
                raise field_error("national_id", "Số CCCD phải gồm đúng 12 chữ số.")
            if check_unique:
                others = Member.objects.filter(national_id=national_id)
                if member is not None and member.pk:
                    others = others.exclude(pk=member.pk)
                if others.exists():
                    raise field_error(
                        "national_id", f"Số CCCD {national_id} đã có ở đảng viên khác."
                    )
    birth = cleaned.get("birth_date")
    if birth is not None and not isinstance(birth, date):
        raise field_error("birth_date", "Ngày sinh không hợp lệ (dd/mm/yyyy).")
    if birth is not None and birth > (now or today()):
        raise field_error("birth_date", "Ngày sinh không được sau ngày hôm nay.")
    return cleaned


def check_sponsors(data: Mapping[str, Any], on: date, member: Member | None = None) -> None:
    """A sponsor in the system must be an official member on the admission decision date."""
    from dangbo.members.queries import status_as_of  # queries read what services write

    for field in ("sponsor_1", "sponsor_2"):
        sponsor = data.get(field)
        if sponsor is None:
            continue
        if member is not None and sponsor.pk == member.pk:
            raise field_error(field, "Đảng viên không thể tự giới thiệu mình.")
        if status_as_of(sponsor, on).status != MemberStatus.OFFICIAL:
            raise field_error(
                field,
                f"Người giới thiệu {sponsor.full_name} không phải đảng viên chính thức "
                f"vào ngày {format_date(on)}.",
            )


def history(member: Member) -> list[MemberEvent]:
    return list(member.events.all()) if member.pk else []


def commit(
    member: Member, new_events: Iterable[MemberEvent], existing: list[MemberEvent] | None = None
) -> State:
    """Validate `new_events` against the member's history, then save them, the event caches
    and the member's cached state. Raises ValidationError before any write."""
    new_events = list(new_events)
    events = (history(member) if existing is None else existing) + new_events
    steps = replay(events, probation_end)
    state = final_state(steps)
    after = {id(event): s for event, s in steps}
    live = {id(event) for event, _ in steps}
    _cache_member(member, state)
    member.save()
    changed: list[MemberEvent] = []
    for event in events:
        event.member = member
        s = after.get(id(event))
        superseded = id(event) not in live
        new_cache: tuple[bool, str, Any] = (
            superseded,
            s.status if s else event.status_after or state.status,
            s.organization_id if s else event.organization_after_id or state.organization_id,
        )
        old_cache = (event.superseded, event.status_after, event.organization_after_id)
        event.superseded, event.status_after, event.organization_after_id = new_cache
        if event.pk is None:
            event.save()
        elif new_cache != old_cache:
            changed.append(event)
    if changed:
        MemberEvent.objects.bulk_update(
            changed, ["superseded", "status_after", "organization_after"]
        )
    return state


def _cache_member(member: Member, state: State) -> None:
    if state.organization_id is None:  # only before the first event, which commit refuses
        raise ValidationError({"effective_on": ["Đảng viên chưa có sự kiện kết nạp."]})
    member.status = state.status
    member.organization_id = state.organization_id
    member.temporary_organization_id = state.temporary_organization_id
    member.decision_date = state.decision_date
    member.admitted_on = state.admitted_on
    member.official_on = state.official_on
