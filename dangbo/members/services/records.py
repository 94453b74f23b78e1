"""Putting members on the roll, and editing the facts of their record."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction

from dangbo.accounts.models import User
from dangbo.core.clock import today
from dangbo.core.errors import field_error
from dangbo.core.formats import format_date
from dangbo.core.jsonable import changed
from dangbo.core.rules import rule
from dangbo.members.models import EventKind, Member, MemberEvent
from dangbo.members.regulations import age_in_months, ceremony_deadline
from dangbo.members.services.base import (
    audit,
    check_past,
    check_sponsors,
    check_unit,
    clean_record,
    commit,
    member_snapshot,
)
from dangbo.orgs.models import Organization
from dangbo.orgs.services import Decision


def check_admission_age(
    birth_date: date, on: date, ages: Mapping[str, int], *, over_age_ok: bool = False
) -> None:
    """Full 18 to full 60 years, counted in months, when the cell considers admission (§3.1);
    `ages` is the rule row "admission_age" in force on `on`. Over the limit needs the
    approval of the committee under the Central Committee (`over_age_ok`)."""
    months = age_in_months(birth_date, on)
    if months < 12 * ages["min_years"]:
        raise field_error(
            "birth_date",
            f"Chưa đủ {ages['min_years']} tuổi vào ngày kết nạp {format_date(on)}.",
        )
    if months > 12 * ages["max_years"] and not over_age_ok:
        raise field_error(
            "birth_date",
            f"Quá {ages['max_years']} tuổi vào ngày kết nạp: cần ý kiến của cấp ủy trực thuộc "
            "Trung ương (nhập số văn bản đồng ý).",
        )


def _check_age(birth_date: date, on: date, over_age_approval: str = "") -> None:
    check_admission_age(
        birth_date, on, rule("admission_age", on), over_age_ok=bool(over_age_approval)
    )


def check_entry_dates(
    decision_date: date, admitted_on: date, official_on: date | None, now: date | None = None
) -> None:
    """The dates of a record entered from paper: none in the future, the ceremony not before
    the decision. Probation and recognition are checked by the replay of the events."""
    now = now or today()
    check_past(admitted_on, "admitted_on", now)
    if official_on is not None:
        check_past(official_on, "official_on", now)
    if admitted_on < decision_date:
        raise field_error("admitted_on", "Ngày vào Đảng không được trước ngày quyết định kết nạp.")
    if official_on is not None and official_on < admitted_on:
        raise field_error("official_on", "Ngày chính thức không được trước ngày vào Đảng.")


def _admission_event(
    actor: User | None, organization: Organization, decision: Decision, **details: Any
) -> MemberEvent:
    return MemberEvent(
        kind=EventKind.ADMITTED,
        effective_on=decision.effective_on,
        decision_number=decision.number,
        decision_date=decision.decided_on,
        organization=organization,
        note=decision.note,
        details={k: v for k, v in details.items() if v},
        recorded_by=actor,
    )


def _new_member(data: Mapping[str, Any]) -> Member:
    for field in ("full_name", "sex", "birth_date"):
        if not data.get(field):
            raise field_error(field, "Trường này là bắt buộc.")
    cleaned = clean_record(data)
    return Member(**cleaned)


@transaction.atomic
def admit_member(
    *,
    actor: User | None,
    organization: Organization,
    data: Mapping[str, Any],
    decision: Decision,
    decision_received_on: date | None = None,
    late_ceremony_approval: str = "",
    over_age_approval: str = "",
) -> Member:
    """Kết nạp: a new probationary member. `decision.decided_on` is the admission decision
    (party-age origin), `decision.effective_on` the ceremony (ngày vào Đảng)."""
    if decision.decided_on is None:
        raise field_error("decision_date", "Nhập ngày ký quyết định kết nạp.")
    ceremony = decision.effective_on
    check_past(ceremony, "effective_on")
    if ceremony < decision.decided_on:
        raise field_error("effective_on", "Lễ kết nạp không được trước ngày quyết định.")
    received = decision_received_on or decision.decided_on
    deadline = ceremony_deadline(received)
    if ceremony > deadline and not late_ceremony_approval:
        raise field_error(
            "effective_on",
            f"Lễ kết nạp quá hạn {format_date(deadline)} (30 ngày làm việc kể từ ngày nhận "
            "quyết định): cần văn bản đồng ý của cấp ủy cấp trên trực tiếp.",
        )
    check_unit(organization, ceremony)
    member = _new_member(data)
    _check_age(member.birth_date, decision.decided_on, over_age_approval)
    check_sponsors(data, decision.decided_on)
    event = _admission_event(
        actor,
        organization,
        decision,
        late_ceremony_approval=late_ceremony_approval,
        over_age_approval=over_age_approval,
    )
    commit(member, [event], existing=[])
    audit(actor, "member.admit", member, member, after=member_snapshot(member))
    return member


@transaction.atomic
def create_member(
    *,
    actor: User | None,
    organization: Organization,
    data: Mapping[str, Any],
    decision_date: date,
    admitted_on: date,
    official_on: date | None = None,
    decision_number: str = "",
    note: str = "",
) -> Member:
    """Enter the record of someone already a member (from the paper roll): their admission and,
    if official, their recognition become the first events. Later history (transfers in,
    positions) is entered with the other services."""
    check_entry_dates(decision_date, admitted_on, official_on)
    # The cell is where the member is now; a paper record may predate it (the place of
    # admission is kept as text in `admitted_at`).
    check_unit(organization, today())
    member = _new_member(data)
    _check_age(member.birth_date, decision_date, over_age_approval="hồ sơ cũ")
    check_sponsors(data, decision_date)
    events = [
        _admission_event(
            actor,
            organization,
            Decision(effective_on=admitted_on, number=decision_number, decided_on=decision_date),
            entered_from="hồ sơ",
        )
    ]
    if official_on is not None:
        events.append(
            MemberEvent(
                kind=EventKind.CONFIRMED_OFFICIAL,
                effective_on=official_on,
                organization=organization,
                note=note,
                recorded_by=actor,
            )
        )
    # Errors from the replay name the event's date field; here the form calls it official_on.
    commit(member, events, existing=[])
    audit(actor, "member.create", member, member, after=member_snapshot(member))
    return member


@transaction.atomic
def readmit_member(
    *,
    actor: User | None,
    member: Member,
    organization: Organization,
    decision: Decision,
    late_ceremony_approval: str = "",
) -> Member:
    """Kết nạp lại a member struck off or expelled: a new probation on the same record; party
    age keeps its first origin minus the time away (§3.2)."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if decision.decided_on is None:
        raise field_error("decision_date", "Nhập ngày ký quyết định kết nạp lại.")
    check_past(decision.effective_on, "effective_on")
    check_unit(organization, decision.effective_on)
    deadline = ceremony_deadline(decision.decided_on)
    if decision.effective_on > deadline and not late_ceremony_approval:
        raise field_error(
            "effective_on",
            f"Lễ kết nạp quá hạn {format_date(deadline)}: cần văn bản đồng ý của cấp ủy cấp trên.",
        )
    before = member_snapshot(member)
    event = _admission_event(actor, organization, decision, readmission=True)
    commit(member, [event])
    old, new = changed(before, member_snapshot(member))
    audit(actor, "member.readmit", event, member, before=old, after=new)
    return member


@transaction.atomic
def update_member(*, actor: User | None, member: Member, data: Mapping[str, Any]) -> Member:
    """Correct or complete the facts of the record (address, education, …). Status, unit and
    dates change only through events."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    cleaned = clean_record(data, member)
    if "birth_date" in cleaned and member.decision_date:
        _check_age(cleaned["birth_date"], member.decision_date, over_age_approval="hồ sơ cũ")
    origin = member.decision_date or member.admitted_on
    if origin is not None and ("sponsor_1" in cleaned or "sponsor_2" in cleaned):
        check_sponsors(cleaned, origin, member)
    if "birth_date" in cleaned and "birth_year_only" not in cleaned:
        # A full date typed in replaces a year-only one.
        cleaned["birth_year_only"] = False
    before = member_snapshot(member)
    for name, value in cleaned.items():
        setattr(member, name, value)
    member.save()
    old, new = changed(before, member_snapshot(member))
    if new:
        audit(actor, "member.update", member, member, before=old, after=new)
    return member
