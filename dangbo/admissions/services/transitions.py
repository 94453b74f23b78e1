"""One service per stage transition (Điều lệ Art. 4–5, QĐ 24/294; regulations.md §3.1)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from dangbo.accounts.models import User
from dangbo.admissions.models import (
    AwarenessCourse,
    Candidate,
    CourseEnrolment,
    CourseResult,
    SponsorRole,
    Stage,
    StageRecord,
)
from dangbo.admissions.services.base import (
    DATE_FIELD,
    allowed,
    audit,
    clean_text,
    locked,
    past,
)
from dangbo.admissions.services.candidates import check_sponsor
from dangbo.admissions.stages import next_stage, stage_label
from dangbo.admissions.votes import check_votes
from dangbo.core.clock import today
from dangbo.core.errors import field_error
from dangbo.core.formats import format_date
from dangbo.core.rules import rule
from dangbo.members import services as member_services
from dangbo.members.regulations import probation_end
from dangbo.members.services.records import check_admission_age
from dangbo.orgs.services import Decision

# --- Stage transitions -----------------------------------------------------------------------


def _check_step(candidate: Candidate, stage: str) -> None:
    """One step at a time, in the order of Điều lệ Art. 4–5: none skipped, none repeated."""
    expected = next_stage(candidate.stage)
    if expected != stage:
        now = stage_label(candidate.stage)
        if expected is None:
            raise field_error("stage", f"Hồ sơ đã hoàn tất («{now}»).")
        raise field_error(
            "stage",
            f"Không được bỏ qua hoặc lặp lại bước: đang ở «{now}», bước tiếp theo là "
            f"«{stage_label(expected)}».",
        )


def _check_after_previous(candidate: Candidate, on: date) -> None:
    before: date = getattr(candidate, DATE_FIELD[candidate.stage])
    if on < before:
        raise field_error(
            "on",
            f"Ngày không được trước ngày của bước trước «{stage_label(candidate.stage)}» "
            f"({format_date(before)}).",
        )


def _advance(
    actor: User | None,
    candidate: Candidate,
    stage: str,
    on: date,
    *,
    decision_number: str = "",
    votes: tuple[int, int, int] | None = None,
    note: str = "",
) -> Candidate:
    setattr(candidate, DATE_FIELD[stage], on)
    candidate.stage = stage
    candidate.save()
    for_, against, total = votes or (None, None, None)
    StageRecord.objects.create(
        candidate=candidate,
        stage=stage,
        on=on,
        decision_number=decision_number,
        votes_for=for_,
        votes_against=against,
        votes_total=total,
        note=note,
        recorded_by=actor,
    )
    audit(
        actor, "candidate.advance", candidate, candidate.organization,
        stage=stage, on=on, decision_number=decision_number, votes=list(votes or ()), note=note,
    )  # fmt: skip
    return candidate


def _prepare(actor: User | None, candidate: Candidate, stage: str, on: date | None) -> Candidate:
    candidate = locked(candidate)
    allowed(actor, candidate.organization)
    _check_step(candidate, stage)
    _check_after_previous(candidate, past(on))
    return candidate


@transaction.atomic
def pass_course(
    *, actor: User | None, candidate: Candidate, course: AwarenessCourse, on: date
) -> Candidate:
    """The candidate passed the awareness course; `on` is the certificate date."""
    candidate = _prepare(actor, candidate, Stage.COURSE, on)
    if on < course.ends_on:
        raise field_error(
            "on",
            "Ngày cấp giấy chứng nhận không được trước ngày bế giảng "
            f"({format_date(course.ends_on)}).",
        )
    enrolment, _ = CourseEnrolment.objects.get_or_create(course=course, candidate=candidate)
    enrolment.result, enrolment.certificate_on = CourseResult.PASSED, on
    enrolment.save()
    return _advance(actor, candidate, Stage.COURSE, on, note=course.title)


@transaction.atomic
def complete_file(
    *, actor: User | None, candidate: Candidate, on: date, note: str = ""
) -> Candidate:
    """The file is complete: lý lịch, two sponsors who are official members of the cell on
    that day (Điều lệ Art. 4 khoản 2), the mass organisation's opinion, the verification."""
    candidate = _prepare(actor, candidate, Stage.FILE, on)
    missing = [
        str(Candidate._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
        for name in ("paper_history", "paper_mass_org", "paper_verification")
        if not getattr(candidate, name)
    ]
    if missing:
        raise field_error("on", "Hồ sơ còn thiếu: " + "; ".join(missing) + ".")
    sponsors = list(candidate.sponsors.select_related("member"))
    if len(sponsors) < 2:
        raise field_error("sponsors", "Cần hai đảng viên chính thức trong chi bộ giới thiệu.")
    for sponsor in sponsors:
        check_sponsor(candidate, sponsor.member, on, "sponsors")
    return _advance(actor, candidate, Stage.FILE, on, note=clean_text(note, "note", 5000))


def _vote(
    actor: User | None,
    candidate: Candidate,
    stage: str,
    on: date,
    votes_for: int,
    votes_against: int,
    official_members: int | None,
    decision_number: str,
    note: str,
) -> Candidate:
    key = (
        "admissions.resolution_vote_share"
        if stage == Stage.CELL_RESOLUTION
        else ("admissions.official_vote_share")
    )
    total = check_votes(candidate.organization, key, on, votes_for, votes_against, official_members)
    return _advance(
        actor, candidate, stage, on,
        decision_number=clean_text(decision_number, "decision_number", 64),
        votes=(votes_for, votes_against, total), note=clean_text(note, "note", 5000),
    )  # fmt: skip


@transaction.atomic
def pass_cell_resolution(
    *,
    actor: User | None,
    candidate: Candidate,
    on: date,
    votes_for: int,
    votes_against: int,
    official_members: int | None = None,
    decision_number: str = "",
    over_age_approval: str = "",
    note: str = "",
) -> Candidate:
    """Chi bộ xét và đề nghị kết nạp (Điều lệ Art. 4 khoản 3): the candidate is full 18 to
    full 60 years old counted in months on that day (rule «admission_age», QĐ 24/294), and
    at least the rule's share of the cell's official members vote in favour."""
    candidate = _prepare(actor, candidate, Stage.CELL_RESOLUTION, on)
    check_admission_age(
        candidate.birth_date, on, rule("admission_age", on), over_age_ok=bool(over_age_approval)
    )
    return _vote(
        actor, candidate, Stage.CELL_RESOLUTION, on, votes_for, votes_against,
        official_members, decision_number, note,
    )  # fmt: skip


@transaction.atomic
def approve_by_committee(
    *, actor: User | None, candidate: Candidate, on: date, decision_number: str = "",
    note: str = "",
) -> Candidate:  # fmt: skip
    """Đảng ủy cơ sở xét, đề nghị cấp ủy có thẩm quyền (Điều lệ Art. 4 khoản 3)."""
    candidate = _prepare(actor, candidate, Stage.COMMITTEE, on)
    return _advance(
        actor, candidate, Stage.COMMITTEE, on,
        decision_number=clean_text(decision_number, "decision_number", 64),
        note=clean_text(note, "note", 5000),
    )  # fmt: skip


@transaction.atomic
def record_admission_decision(
    *,
    actor: User | None,
    candidate: Candidate,
    on: date,
    decision_number: str,
    received_on: date | None = None,
    note: str = "",
) -> Candidate:
    """Quyết định kết nạp: signed on `on` (party-age origin, Điều lệ Art. 5), never before the
    cell's resolution; the ceremony deadline counts from `received_on` (QĐ 24/294)."""
    current = locked(candidate)
    if on is not None and current.resolution_on is not None and on < current.resolution_on:
        raise field_error(
            "on",
            "Ngày quyết định kết nạp không được trước ngày nghị quyết của chi bộ "
            f"({format_date(current.resolution_on)}).",
        )
    candidate = _prepare(actor, current, Stage.DECISION, on)
    number = clean_text(decision_number, "decision_number", 64)
    if not number:
        raise field_error("decision_number", "Nhập số quyết định kết nạp.")
    if received_on is not None and (received_on < on or received_on > today()):
        raise field_error("received_on", "Ngày nhận quyết định phải từ ngày ký đến hôm nay.")
    candidate.decision_number = number
    candidate.decision_received_on = received_on
    return _advance(
        actor, candidate, Stage.DECISION, on, decision_number=number,
        note=clean_text(note, "note", 5000),
    )  # fmt: skip


def _member_errors(call: Callable[[], Any]) -> Any:
    """Member services name the ceremony date `effective_on`; here the field is `on`."""
    try:
        return call()
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        renamed = {
            {"effective_on": "on", "decision_date": "on"}.get(k, k): v
            for k, v in exc.message_dict.items()
        }
        raise ValidationError(renamed) from exc


@transaction.atomic
def hold_ceremony(
    *,
    actor: User | None,
    candidate: Candidate,
    on: date,
    late_approval: str = "",
    over_age_approval: str = "",
    note: str = "",
) -> Candidate:
    """Lễ kết nạp: the candidate becomes a probationary Member through members.services
    .admit_member, which checks the 30-working-day deadline from the decision (QĐ 24/294) and
    writes the admission event; probation runs 12 months from this day (Điều lệ Art. 5)."""
    candidate = _prepare(actor, candidate, Stage.CEREMONY, on)
    sponsors = {s.role: s.member for s in candidate.sponsors.select_related("member")}
    decided_on = candidate.decision_on
    assert decided_on is not None  # the DECISION step set it
    member = _member_errors(
        lambda: member_services.admit_member(
            actor=actor,
            organization=candidate.organization,
            data={
                "full_name": candidate.full_name,
                "sex": candidate.sex,
                "birth_date": candidate.birth_date,
                "national_id": candidate.national_id or "",
                "sponsor_1": sponsors.get(SponsorRole.FIRST),
                "sponsor_2": sponsors.get(SponsorRole.SECOND),
            },
            decision=Decision(
                effective_on=on, number=candidate.decision_number, decided_on=decided_on
            ),
            decision_received_on=candidate.decision_received_on,
            late_ceremony_approval=clean_text(late_approval, "late_approval", 255),
            over_age_approval=clean_text(over_age_approval, "over_age_approval", 255),
        )
    )
    candidate.member = member
    return _advance(actor, candidate, Stage.CEREMONY, on, note=clean_text(note, "note", 5000))


@transaction.atomic
def hold_official_vote(
    *,
    actor: User | None,
    candidate: Candidate,
    on: date,
    votes_for: int,
    votes_against: int,
    official_members: int | None = None,
    note: str = "",
) -> Candidate:
    """Chi bộ xét công nhận chính thức (Điều lệ Art. 5): after the 12 months of probation,
    with at least the rule's share (two-thirds) of official members in favour (§3.1)."""
    candidate = _prepare(actor, candidate, Stage.CELL_VOTE, on)
    assert candidate.ceremony_on is not None  # the CEREMONY step set it
    end = probation_end(candidate.ceremony_on)
    if on < end:
        raise field_error("on", f"Chưa hết thời gian dự bị: chi bộ xét từ ngày {format_date(end)}.")
    return _vote(
        actor, candidate, Stage.CELL_VOTE, on, votes_for, votes_against, official_members, "",
        note,
    )  # fmt: skip


@transaction.atomic
def recognise_official(
    *, actor: User | None, candidate: Candidate, on: date, decision_number: str,
    note: str = "",
) -> Candidate:  # fmt: skip
    """Quyết định công nhận chính thức, through members.services.confirm_official: the official
    date is the end of probation even when the decision is late (§3.1)."""
    candidate = _prepare(actor, candidate, Stage.OFFICIAL, on)
    number = clean_text(decision_number, "decision_number", 64)
    if not number:
        raise field_error("decision_number", "Nhập số quyết định công nhận đảng viên chính thức.")
    member = candidate.member
    assert member is not None  # the CEREMONY step set it
    _member_errors(
        lambda: member_services.confirm_official(
            actor=actor, member=member, decision_number=number, decided_on=on
        )
    )
    member.refresh_from_db()
    official = member.official_on or on
    candidate = _advance(
        actor, candidate, Stage.OFFICIAL, on, decision_number=number,
        note=clean_text(note, "note", 5000),
    )  # fmt: skip
    # The stage date is the decision; the official date is probation's end (§3.1).
    candidate.official_on = official
    candidate.save(update_fields=["official_on"])
    return candidate
