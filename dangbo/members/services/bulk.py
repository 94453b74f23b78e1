"""The member roll written in bulk: records brought in from spreadsheets (and the demo roll).

`create_member` replays one member's history and audits it: right for a person typing one
record, far too slow for a province's 150,000. The functions here keep the same promises for
thousands of rows at a time:

- `plan_entry` makes every check `create_member` makes, without a query: required facts, the
  form of the CCCD, dates not in the future, admission age, and the replay of the admission
  (and recognition) events through `members.lifecycle.replay`, the function the services use;
  uniqueness of CCCD and card numbers is the caller's, checked against the database a batch
  at a time;
- `enter_members` writes the planned rows with the cached fields the replay computed and what
  `Member.save()` computes (`name_folded`, `name_sort`), ids reserved from the database's own
  sequence so concurrent single writes never collide, and ONE audit event for the batch;
- `update_member_facts` rewrites facts of existing records (never status, unit or dates:
  those change by events), with one audit event for the batch.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.bulk_rows import TableWriter
from dangbo.core.clock import today
from dangbo.core.errors import field_error
from dangbo.core.text import fold
from dangbo.members.lifecycle import State, apply
from dangbo.members.models import CorrectionRequest, EventKind, Member, MemberEvent, Transfer
from dangbo.members.models.sorting import name_sort_string
from dangbo.members.services.base import clean_record
from dangbo.members.services.records import check_admission_age, check_entry_dates
from dangbo.orgs.models import Organization

FACTS = (
    "full_name", "other_name", "sex", "birth_date", "birth_place", "hometown", "ethnicity_id",
    "religion_id", "national_id", "phone", "permanent_address", "current_address",
    "occupation", "general_education", "education_level", "specialty", "academic_title",
    "theory_level", "foreign_language", "it_skill", "government_position",
    "mass_org_position", "admitted_at", "card_number", "dossier_number", "party_position",
    "user_id", "sponsor_1_id", "sponsor_1_name", "sponsor_2_id", "sponsor_2_name",
    "birth_year_only",
)  # fmt: skip
MEMBER_COLUMNS = (
    "id", *FACTS, "status", "organization_id", "temporary_organization_id", "decision_date",
    "admitted_on", "official_on", "name_folded", "name_sort",
)  # fmt: skip
EVENT_COLUMNS = (
    "id", "member_id", "kind", "effective_on", "decision_number", "decision_date",
    "organization_id", "counterpart_id", "counterpart_name", "details", "note", "recorded_at",
    "superseded", "status_after", "organization_after_id",
)  # fmt: skip
# Facts an import may set, by attname (foreign keys by id).
_FACT_DEFAULTS: dict[str, Any] = {
    name: None if name.endswith("_id") or name in ("national_id", "card_number") else ""
    for name in FACTS
}
_FACT_DEFAULTS["theory_level"] = "none"
_FACT_DEFAULTS["birth_year_only"] = False
_FIELD_NAMES = {f.attname: f.name for f in Member._meta.concrete_fields}
# The facts that are foreign keys, by attname ("national_id" ends alike and is not one).
_FOREIGN_KEY_IDS = frozenset(
    f.attname for f in Member._meta.concrete_fields if f.is_relation and f.attname in FACTS
)
_FOREIGN_KEYS = frozenset(name.removesuffix("_id") for name in _FOREIGN_KEY_IDS)


@dataclass(slots=True)
class PlannedEvent:
    """A MemberEvent to write. members.lifecycle replays these as it replays unsaved events:
    it reads kind, effective_on, decision_date, organization_id, counterpart_id, pk and
    corrects_id."""

    kind: str
    effective_on: date
    organization_id: int | None = None
    counterpart_id: int | None = None
    counterpart_name: str = ""
    decision_number: str = ""
    decision_date: date | None = None
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    pk: int | None = None
    corrects_id: int | None = None


@dataclass(slots=True)
class NewMember:
    """A record to enter: its facts (attnames of FACTS) and its replayed events."""

    facts: dict[str, Any]
    steps: list[tuple[PlannedEvent, State]]

    @property
    def state(self) -> State:
        return self.steps[-1][1]


@lru_cache(maxsize=2**18)
def name_keys(full_name: str, other_name: str = "") -> tuple[str, str]:
    """What Member.save() writes to name_folded and name_sort; names repeat a lot."""
    return fold(f"{full_name} {other_name}")[:128], name_sort_string(full_name)


def plan_entry(
    *,
    organization_id: int,
    data: Mapping[str, Any],
    decision_date: date,
    admitted_on: date,
    official_on: date | None,
    decision_number: str = "",
    probation_end: Callable[[date], date],
    admission_ages: Mapping[str, int],
    now: date | None = None,
) -> NewMember:
    """The record of someone already a member, checked as `create_member` checks it (without
    the uniqueness of CCCD and card number, which the caller checks a batch at a time).
    `data` holds record fields by name, foreign keys as instances or ids (`ethnicity_id`)."""
    ids: dict[str, Any] = {}
    record: dict[str, Any] = {}
    for name, value in data.items():
        (ids if name in _FOREIGN_KEY_IDS else record)[name] = value
    now = now or today()
    cleaned = clean_record(record, check_unique=False, now=now)
    for name in ("full_name", "sex", "birth_date"):
        if not cleaned.get(name):
            raise field_error(name, "Trường này là bắt buộc.")
    check_entry_dates(decision_date, admitted_on, official_on, now)
    check_admission_age(cleaned["birth_date"], decision_date, admission_ages, over_age_ok=True)
    for name in _FOREIGN_KEYS.intersection(cleaned):  # instances, not ids: stored by pk
        value = cleaned.pop(name)
        cleaned[f"{name}_id"] = value.pk if value is not None else None
    facts = {**_FACT_DEFAULTS, **cleaned, **ids}
    events = [
        PlannedEvent(
            kind=EventKind.ADMITTED,
            effective_on=admitted_on,
            organization_id=organization_id,
            decision_number=decision_number,
            decision_date=decision_date,
            details={"entered_from": "tệp nhập"},
        )
    ]
    if official_on is not None:
        events.append(
            PlannedEvent(
                kind=EventKind.CONFIRMED_OFFICIAL,
                effective_on=official_on,
                organization_id=organization_id,
            )
        )
    # The same transitions `replay` makes (PlannedEvent has every attribute lifecycle reads
    # of a MemberEvent); the events are already in order and none corrects another, so the
    # sorting and correction filter of `replay` are skipped: this runs per imported row.
    steps: list[tuple[PlannedEvent, State]] = []
    state = State()
    for event in events:
        state = apply(state, cast(Any, event), probation_end)
        steps.append((event, state))
    return NewMember(facts=facts, steps=steps)


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys for explicit inserts. PostgreSQL hands them out from the
    table's sequence, so a member created meanwhile by a person cannot take one; SQLite
    serialises writers (IMMEDIATE transactions), so the ids after the highest one are free
    until this transaction ends."""
    if count <= 0:
        return []
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
    top = model._default_manager.aggregate(top=Max("id"))["top"] or 0
    return list(range(top + 1, top + count + 1))


def member_row(member_id: int, facts: Mapping[str, Any], state: Any) -> tuple[Any, ...]:
    """A row of MEMBER_COLUMNS: the record's facts and the state its events end in."""
    return (
        member_id,
        *(facts[name] for name in FACTS),
        str(state.status),
        state.organization_id,
        state.temporary_organization_id,
        state.decision_date,
        state.admitted_on,
        state.official_on,
        *name_keys(facts["full_name"], facts["other_name"]),
    )


# One encoder for every event: json.dumps(…, ensure_ascii=False) builds a new one per call,
# which costs more than encoding an event's few details (190,000 events per 100,000 rows).
_DETAILS = json.JSONEncoder(ensure_ascii=False)


def event_row(
    event_id: int, member_id: int, event: Any, after: Any, recorded_at: Any
) -> tuple[Any, ...]:
    """A row of EVENT_COLUMNS: a planned event and the state right after it."""
    return (
        event_id,
        member_id,
        str(event.kind),
        event.effective_on,
        event.decision_number,
        event.decision_date,
        event.organization_id,
        event.counterpart_id,
        event.counterpart_name,
        _DETAILS.encode(event.details),
        event.note,
        recorded_at,
        False,
        str(after.status),
        after.organization_id,
    )


@transaction.atomic
def enter_members(
    *,
    actor: User | None,
    entries: Sequence[NewMember],
    organization: Organization,
    source: Mapping[str, Any],
    batch_size: int = 5000,
) -> list[int]:
    """Write planned records and their events; one audit event "member.bulk_create" names
    `source` (the import job) and the counts. Returns the new members' ids, in order."""
    member_ids = reserve_ids(Member, len(entries))
    event_ids = iter(reserve_ids(MemberEvent, sum(len(e.steps) for e in entries)))
    recorded_at = connection.ops.adapt_datetimefield_value(timezone.now())
    actor_id = actor.pk if actor is not None else None
    members = TableWriter(Member, MEMBER_COLUMNS, batch_size)
    events = TableWriter(MemberEvent, (*EVENT_COLUMNS, "recorded_by_id"), batch_size)
    for member_id, entry in zip(member_ids, entries, strict=True):
        facts, state = entry.facts, entry.state
        members.add(member_row(member_id, facts, state))
        for event, after in entry.steps:
            events.add(
                (*event_row(next(event_ids), member_id, event, after, recorded_at), actor_id)
            )
    members.flush()
    events.flush()
    record(
        actor=actor,
        action="member.bulk_create",
        target=organization,
        organization=organization,
        after={"members": len(member_ids), "events": events.written, **source},
    )
    return member_ids


@transaction.atomic
def update_member_facts(
    *,
    actor: User | None,
    changes: Sequence[tuple[int, Mapping[str, Any]]],
    organization: Organization,
    source: Mapping[str, Any],
    batch_size: int = 2000,
) -> None:
    """Rewrite facts (attnames of FACTS) of existing records: `changes` pairs a member id
    with its new values, already checked. One audit event "member.bulk_update"."""
    unknown = {name for _, values in changes for name in values} - set(FACTS)
    if unknown:
        raise ValueError(f"not facts of the record: {sorted(unknown)}")
    for start in range(0, len(changes), batch_size):
        batch = changes[start : start + batch_size]
        members = Member.objects.in_bulk([pk for pk, _ in batch])
        fields: set[str] = set()
        for pk, values in batch:
            member = members[pk]
            for name, value in values.items():
                setattr(member, name, value)
            fields.update(values)
            member.name_folded, member.name_sort = name_keys(member.full_name, member.other_name)
        names = [*sorted(_FIELD_NAMES[f] for f in fields), "name_folded", "name_sort"]
        Member.objects.bulk_update(list(members.values()), names)
    record(
        actor=actor,
        action="member.bulk_update",
        target=organization,
        organization=organization,
        after={"members": len(changes), **source},
    )


__all__ = [
    "EVENT_COLUMNS",
    "FACTS",
    "MEMBER_COLUMNS",
    "NewMember",
    "PlannedEvent",
    "enter_members",
    "name_keys",
    "plan_entry",
    "reserve_ids",
    "revert_entries",
    "update_member_facts",
]


# Events an import writes; any other event on an imported record is newer work that a
# revert must not throw away.
_ENTRY_KINDS = (EventKind.ADMITTED, EventKind.CONFIRMED_OFFICIAL)


def _newer_work(created: QuerySet[Any]) -> list[str]:
    """Why the records in `created` (a query of member ids) cannot be removed, if anything
    recorded since depends on them."""
    reasons = []
    events = MemberEvent.objects.filter(member__in=created)
    if events.exclude(kind__in=_ENTRY_KINDS).exists() or events.filter(superseded=True).exists():
        reasons.append("có đảng viên đã được ghi thêm quá trình (sự kiện) sau lần nhập")
    if Transfer.objects.filter(member__in=created).exists():
        reasons.append("có đảng viên đã có giấy chuyển sinh hoạt")
    if CorrectionRequest.objects.filter(member__in=created).exists():
        reasons.append("có đảng viên đã gửi đề nghị đính chính")
    members = Member.objects.filter(pk__in=created)
    if members.exclude(user=None).exists() or members.exclude(photo="").exists():
        reasons.append("có đảng viên đã được gắn tài khoản hoặc ảnh")
    sponsors = Q(sponsor_1__in=created) | Q(sponsor_2__in=created)
    if Member.objects.filter(sponsors).exclude(pk__in=created).exists():
        reasons.append("có đảng viên được ghi là người giới thiệu của đảng viên khác")
    return reasons


@transaction.atomic
def revert_entries(
    *,
    actor: User | None,
    created: QuerySet[Any],
    restored: Sequence[tuple[int, Mapping[str, Any], Mapping[str, Any]]],
    organization: Organization,
    source: Mapping[str, Any],
) -> None:
    """Undo a bulk entry: remove the records `created` (a query of member ids) with their
    entry events, and put back the facts of `restored` (id, before, after). Refused as a
    whole while anything recorded since depends on them: a later event, a transfer, a
    changed fact. The records never had a life of their own, so they go (docs/adr/0002)."""
    reasons = _newer_work(created)
    current = Member.objects.in_bulk([pk for pk, _, _ in restored])
    for pk, _before, after in restored:
        member = current.get(pk)
        if member is None or any(getattr(member, k) != _stored(k, v) for k, v in after.items()):
            reasons.append("có hồ sơ đã được sửa lại sau lần nhập")
            break
    if reasons:
        raise ValidationError("Không hoàn tác được: " + "; ".join(reasons) + ".")
    removed_events, _ = MemberEvent.objects.filter(member__in=created).delete()
    removed, _ = Member.objects.filter(pk__in=created).delete()
    for pk, before, _after in restored:
        member = current[pk]
        for name, value in before.items():
            setattr(member, name, _stored(name, value))
        member.name_folded, member.name_sort = name_keys(member.full_name, member.other_name)
    if current:
        fields = {_FIELD_NAMES[k] for _, before, _ in restored for k in before}
        Member.objects.bulk_update(
            list(current.values()), [*sorted(fields), "name_folded", "name_sort"], batch_size=2000
        )
    record(
        actor=actor,
        action="member.bulk_revert",
        target=organization,
        organization=organization,
        before={"members": removed, "events": removed_events, "restored": len(restored)},
        after=dict(source),
    )


def _stored(name: str, value: Any) -> Any:
    """A value kept as JSON (dates as ISO text) back in the field's type."""
    if name in ("birth_date",) and isinstance(value, str):
        return date.fromisoformat(value)
    return value
