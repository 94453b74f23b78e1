"""What a member may ask to have corrected on their own record (đề nghị đính chính), how the
value on file reads, and how the value they type becomes the value to store.

A member types the right value as text, as they would write it on paper ("Khơ-me", "Trung
cấp", "05/03/1970"); it is read here when they ask, so a value that cannot be stored is
refused at once rather than when staff approve. Personal fields (CCCD, addresses, phone) are
not offered: the member's role does not read them (docs/permissions.md), and staff without
that right would read them in the request; the office corrects them directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.db import models
from django.utils.text import capfirst

from dangbo.core.clock import today
from dangbo.core.errors import field_error
from dangbo.core.formats import format_date, parse_date
from dangbo.core.text import fold, nfc
from dangbo.members.models import EventKind, Member, MemberEvent
from dangbo.members.models.catalogs import Catalog
from dangbo.members.models.member import BIOGRAPHY_FIELDS, QUALIFICATION_FIELDS

VALUE_FIELD = "requested_value"
VALUE_LIMIT = 255

# Facts of mẫu 2-HSĐV the member knows best. Dates of admission and positions are events.
RECORD_FIELDS = (
    *BIOGRAPHY_FIELDS,
    *QUALIFICATION_FIELDS,
    "admitted_at",
)
# What correct_event can change on an event.
EVENT_FIELDS = {
    "effective_on": "Ngày hiệu lực",
    "decision_number": "Số quyết định",
    "decision_date": "Ngày quyết định",
}
EVENT_DATE_FIELDS = ("effective_on", "decision_date")
# Events a member may ask about: not a voiding, not a correction of the record itself.
NOT_CORRECTABLE_KINDS = {EventKind.VOIDED, EventKind.RECORD_CORRECTED}
KIND_LABELS = dict(EventKind.choices)


@dataclass(frozen=True)
class Target:
    """A field of the record (`event` None) or of one event."""

    field: str
    event: MemberEvent | None = None

    @property
    def code(self) -> str:
        """How a form's select names it: "field:full_name" or "event:12:effective_on"."""
        if self.event is None:
            return f"field:{self.field}"
        return f"event:{self.event.pk}:{self.field}"


def _member_field(name: str) -> models.Field[Any, Any]:
    # Only concrete fields of RECORD_FIELDS come here, never a reverse relation.
    return cast("models.Field[Any, Any]", Member._meta.get_field(name))


def record_label(field: str) -> str:
    return str(capfirst(_member_field(field).verbose_name))


def event_label(event: MemberEvent) -> str:
    return f"{KIND_LABELS.get(event.kind, event.kind)} ngày {format_date(event.effective_on)}"


def target_label(field: str, event: MemberEvent | None) -> str:
    if event is None:
        return record_label(field)
    return f"{event_label(event)}: {EVENT_FIELDS.get(field, field).lower()}"


def correctable_events(member: Member) -> list[MemberEvent]:
    """The member's events that count now (not corrected, not a voiding), oldest first."""
    return [
        e
        for e in member.events.filter(superseded=False).order_by("effective_on", "id")
        if e.kind not in NOT_CORRECTABLE_KINDS
    ]


def targets(member: Member) -> list[tuple[str, list[tuple[str, str]]]]:
    """Choices of a form's select, grouped: the record's fields, then each event's."""
    record = [(Target(f).code, record_label(f)) for f in RECORD_FIELDS]
    events = [
        (Target(f, e).code, target_label(f, e))
        for e in correctable_events(member)
        for f in EVENT_FIELDS
    ]
    return [("Thông tin hồ sơ", record), ("Quá trình (sự kiện)", events)]


def find_target(member: Member, code: str) -> Target:
    """The target a select's value names, on this member only; a ValidationError otherwise."""
    parts = code.split(":")
    if len(parts) == 2 and parts[0] == "field" and parts[1] in RECORD_FIELDS:
        return Target(parts[1])
    if len(parts) == 3 and parts[0] == "event" and parts[2] in EVENT_FIELDS:
        if parts[1].isdigit() and len(parts[1]) <= 18:
            event = next((e for e in correctable_events(member) if e.pk == int(parts[1])), None)
            if event is not None:
                return Target(parts[2], event)
        raise field_error(
            "event",
            "Không có sự kiện này trong quá trình của đảng viên, hoặc sự kiện đã được đính chính.",
        )
    raise field_error("field", "Chọn nội dung cần đính chính trong danh sách.")


def current_value(member: Member, target: Target) -> Any:
    source: models.Model = target.event if target.event is not None else member
    return getattr(source, target.field)


def as_text(member: Member, target: Target, value: Any) -> str:
    """A stored value as the member reads it."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return format_date(value)
    if target.event is None:
        field = _member_field(target.field)
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _date(text: str) -> date:
    try:
        day = parse_date(text)
    except ValueError as exc:
        raise field_error(VALUE_FIELD, str(exc)) from None
    if day > today():
        raise field_error(VALUE_FIELD, "Ngày không được sau ngày hôm nay.")
    return day


def _choice(field: models.Field, text: str) -> str:
    wanted = fold(text)
    for value, label in field.flatchoices:
        if wanted in (fold(str(label)), fold(str(value))):
            return str(value)
    labels = ", ".join(str(label) for _, label in field.flatchoices)
    raise field_error(VALUE_FIELD, f"Nhập một trong các giá trị: {labels}.")


def _catalog(field: models.Field[Any, Any], text: str) -> Catalog:
    wanted = fold(text)
    catalog = cast("type[Catalog]", field.related_model)
    for row in catalog._default_manager.all():
        spellings = [row.name, *(v for v in row.variants.split(",") if v.strip())]
        if any(fold(s.strip()) == wanted for s in spellings):
            return row
    raise field_error(
        VALUE_FIELD, f"Không có {catalog._meta.verbose_name} «{text}» trong danh mục."
    )


def parse_value(target: Target, text: str) -> Any:
    """The value to store for what the member typed, or a ValidationError on requested_value."""
    text = nfc(text or "").strip()
    if not text:
        raise field_error(VALUE_FIELD, "Nhập giá trị đúng cần ghi vào hồ sơ.")
    if len(text) > VALUE_LIMIT:
        raise field_error(VALUE_FIELD, f"Không được dài quá {VALUE_LIMIT} ký tự.")
    if target.event is not None:
        if target.field in EVENT_DATE_FIELDS:
            return _date(text)
        if len(text) > 64:
            raise field_error(VALUE_FIELD, "Số quyết định không được dài quá 64 ký tự.")
        return text
    field = _member_field(target.field)
    if isinstance(field, models.DateField):
        return _date(text)
    if isinstance(field, models.ForeignKey):
        return _catalog(field, text)
    if field.choices:
        return _choice(field, text)
    limit = getattr(field, "max_length", None) or VALUE_LIMIT
    if len(text) > limit:
        raise field_error(VALUE_FIELD, f"Không được dài quá {limit} ký tự.")
    return text
