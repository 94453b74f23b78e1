"""Every write of the evaluation round (DESIGN rule 1): validate, write, audit, in one
transaction; a refused call raises ValidationError with a Vietnamese message and changes
nothing. Who may call them is checked at the web edge (access, Action.EDIT on the unit)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.clock import today
from dangbo.core.errors import field_error
from dangbo.core.formats import format_date, format_figure
from dangbo.core.rules import rule_row
from dangbo.evaluations import review_text
from dangbo.evaluations import rules as rule_sets
from dangbo.evaluations.classify import Facts, classify
from dangbo.evaluations.models import (
    RANK,
    SHORT,
    STAGE_ORDER,
    EvaluationRound,
    MemberEvaluation,
    OrganizationEvaluation,
    QuotaReading,
    Rating,
    RoundStage,
    SelfReviewForm,
)
from dangbo.evaluations.queries import (
    evaluated_on,
    rated_roll,
    uncounted_disciplines,
)
from dangbo.evaluations.quota import check_excellent_quota, reading_text
from dangbo.members.models import Member
from dangbo.orgs.models import CELL_KINDS, Organization

GRID_STAGES = (RoundStage.SELF_REVIEW, RoundStage.CELL)


@transaction.atomic
def open_round(
    *,
    actor: User | None,
    organization: Organization,
    year: int,
    quota_reading: str = QuotaReading.GOOD_ONLY,
    self_review_due: date | None = None,
    cell_due: date | None = None,
    committee_due: date | None = None,
) -> EvaluationRound:
    if not 2000 <= year <= today().year + 1:
        raise field_error("year", f"Năm đánh giá phải từ 2000 đến {today().year + 1}.")
    if not rule_sets.has_rules(year):
        raise field_error("year", f"Chưa có quy định đánh giá, xếp loại áp dụng cho năm {year}.")
    if quota_reading not in QuotaReading.values:
        raise field_error("quota_reading", "Chọn cách tính tỷ lệ HTXSNV: A hoặc B.")
    if not organization.is_active_on(date(year, 12, 31)) and not organization.is_active_on(
        date(year, 1, 1)
    ):
        raise field_error("organization", f"{organization.name} không hoạt động trong năm {year}.")
    dues = [d for d in (self_review_due, cell_due, committee_due) if d is not None]
    if dues != sorted(dues):
        raise field_error(
            "committee_due",
            "Các hạn phải theo thứ tự: tự kiểm điểm, chi bộ đánh giá, rồi cấp ủy quyết định.",
        )
    if any(d.year < year for d in dues):
        raise field_error("self_review_due", f"Các hạn phải từ năm {year} trở đi.")
    overlap = (
        EvaluationRound.objects.filter(year=year)
        .select_related("organization")
        .filter(organization__path__in=prefixes(organization.path))
        .first()
    ) or (
        EvaluationRound.objects.filter(year=year, organization__path__startswith=organization.path)
        .select_related("organization")
        .first()
    )
    if overlap is not None:
        raise field_error(
            "organization",
            f"Đã có đợt đánh giá năm {year} của {overlap.organization.name} bao gồm đơn vị "
            "này: mỗi đảng viên chỉ được xếp loại một lần trong năm.",
        )
    round_ = EvaluationRound.objects.create(
        organization=organization,
        year=year,
        quota_reading=quota_reading,
        self_review_due=self_review_due,
        cell_due=cell_due,
        committee_due=committee_due,
        rules_source=rule_row(rule_sets.KEY, date(year, 12, 31)).source,
        created_by=actor,
    )
    record(
        actor=actor,
        action="evaluation.round_open",
        target=round_,
        organization=organization,
        after={"year": year, "rules": round_.rules_source, "quota_reading": quota_reading},
    )
    return round_


def prefixes(path: str, step: int = 4) -> list[str]:
    """The paths of the ancestors of a node and the node itself (treebeard steps of 4)."""
    return [path[:end] for end in range(step, len(path) + 1, step)]


@transaction.atomic
def advance_round(*, actor: User | None, round_: EvaluationRound, stage: str) -> EvaluationRound:
    """Move the round to the next stage; stages are never skipped nor walked back."""
    if stage not in STAGE_ORDER:
        raise field_error("stage", "Bước không hợp lệ.")
    here = STAGE_ORDER.index(round_.stage)
    if STAGE_ORDER.index(stage) != here + 1:
        raise field_error(
            "stage",
            f"Đợt đang ở bước «{round_.get_stage_display()}»: chỉ chuyển sang bước kế tiếp.",
        )
    before = round_.stage
    round_.stage = stage
    round_.save(update_fields=["stage"])
    record(
        actor=actor,
        action="evaluation.round_stage",
        target=round_,
        organization=round_.organization,
        before={"stage": before},
        after={"stage": stage},
    )
    return round_


@dataclass(frozen=True)
class GridInput:
    """One member's line of the secretary's grid."""

    score: Decimal | None = None
    self_score: Decimal | None = None
    self_rating: str = ""
    tasks_done_pct: Decimal | None = None
    tasks_exceeding_pct: Decimal | None = None
    tasks_on_time: bool = True
    criteria_poor: bool = False
    sick_leave_days: int = 0
    proposed_rating: str = ""  # "" takes what the rules give
    votes_for: int | None = None  # the cell's vote on the proposal: agreeing / voting
    votes_cast: int | None = None
    override_reason: str = ""
    notes: str = ""
    maternity_leave_days: int = 0  # rated on the time actually worked, never sick leave


def line_facts(
    line: GridInput, *, year: int, day: date, admitted_on: date | None, disciplined_on: date | None
) -> Facts:
    """What the rules read of one grid or spreadsheet line (rules.classify)."""
    return Facts(
        year=year,
        evaluated_on=day,
        admitted_on=admitted_on,
        score=line.score,
        proposed=line.proposed_rating,
        tasks_done_pct=line.tasks_done_pct,
        tasks_exceeding_pct=line.tasks_exceeding_pct,
        tasks_on_time=line.tasks_on_time,
        criteria_poor=line.criteria_poor,
        sick_leave_days=line.sick_leave_days,
        maternity_leave_days=line.maternity_leave_days,
        disciplined_on=disciplined_on,
    )


def _check_cell(round_: EvaluationRound, cell: Organization) -> None:
    if cell.kind not in CELL_KINDS:
        raise field_error("organization", "Bảng đánh giá, xếp loại đảng viên lập theo chi bộ.")
    if not cell.path.startswith(round_.organization.path):
        raise field_error(
            "organization", f"{cell.name} không thuộc đợt đánh giá của {round_.organization.name}."
        )


def check_open(round_: EvaluationRound, stages: tuple[str, ...], who: str) -> None:
    if round_.is_locked:
        raise field_error("round", "Đợt đánh giá đã khóa sổ: không sửa được kết quả.")
    if round_.stage not in stages:
        raise field_error(
            "round", f"Đợt đang ở bước «{round_.get_stage_display()}»: {who} không sửa được."
        )


def check_range(label: str, value: Decimal | None, top: Decimal, field: str = "rows") -> None:
    if value is not None and not Decimal(0) <= value <= top:
        raise field_error(field, f"{label} phải từ 0 đến {format_figure(top)}.")


def _check_input(name: str, row: GridInput, scale_max: Decimal, roll: int) -> None:
    check_range(f"{name}: điểm chi bộ thống nhất", row.score, scale_max)
    check_range(f"{name}: điểm tự chấm", row.self_score, scale_max)
    check_range(f"{name}: % nhiệm vụ hoàn thành", row.tasks_done_pct, Decimal(100))
    check_range(f"{name}: % nhiệm vụ vượt mức", row.tasks_exceeding_pct, Decimal(100))
    if not 0 <= row.sick_leave_days <= 366:
        raise field_error("rows", f"{name}: số ngày nghỉ ốm phải từ 0 đến 366.")
    if not 0 <= row.maternity_leave_days <= 366:
        raise field_error("rows", f"{name}: số ngày nghỉ thai sản phải từ 0 đến 366.")
    if row.sick_leave_days + row.maternity_leave_days > 366:
        raise field_error(
            "rows",
            f"{name}: số ngày nghỉ ốm và nghỉ thai sản cộng lại "
            f"({row.sick_leave_days + row.maternity_leave_days}) không được quá 366.",
        )
    _check_votes(name, row.votes_for, row.votes_cast, roll)
    for value in (row.self_rating, row.proposed_rating):
        if value and value not in Rating.values:
            raise field_error("rows", f"{name}: mức xếp loại không hợp lệ.")


def _check_votes(name: str, agreeing: int | None, voting: int | None, roll: int) -> None:
    """The cell's vote: both figures or neither; at least one member voting, no more than the
    cell's roll, and no more agreeing than voting."""
    if agreeing is None and voting is None:
        return
    if agreeing is None or voting is None:
        raise field_error(
            "rows", f"{name}: biểu quyết ghi số tán thành/số biểu quyết, ví dụ 15/16."
        )
    if not 1 <= voting <= roll:
        raise field_error(
            "rows", f"{name}: số đảng viên biểu quyết phải từ 1 đến {roll} (số đảng viên chi bộ)."
        )
    if not 0 <= agreeing <= voting:
        raise field_error(
            "rows",
            f"{name}: số tán thành ({agreeing}) không được lớn hơn số biểu quyết ({voting}).",
        )


@transaction.atomic
def save_grid(
    *,
    actor: User | None,
    round_: EvaluationRound,
    cell: Organization,
    rows: Mapping[int, GridInput],
) -> list[MemberEvaluation]:
    """Save the cell's grid in one go: each line is classified by the rules of the year, a
    proposal above what the rules allow is refused, one below needs a reason, and the HTXSNV
    quota is checked over the whole cell. Lines not sent keep what was saved before."""
    check_open(round_, GRID_STAGES, "chi bộ")
    _check_cell(round_, cell)
    rules = rule_sets.for_year(round_.year)
    roll = {m.pk: m for m in rated_roll(round_, cell)}
    strangers = [pk for pk in rows if pk not in roll]
    if strangers:
        raise field_error(
            "rows",
            f"Có {len(strangers)} người không có tên trong danh sách đảng viên phải xếp loại "
            f"của {cell.name} ngày {format_date(evaluated_on(round_))}.",
        )
    # By member, not by cell: a transfer recorded late (back to a day before the rating day)
    # moves a member whose line another cell saved; the line moves with them.
    existing = {
        e.member_id: e
        for e in MemberEvaluation.objects.select_for_update().filter(
            round=round_, member_id__in=list(roll), current=True
        )
    }
    disciplines = uncounted_disciplines(list(rows), round_.year, round_)
    day = evaluated_on(round_)
    saved: list[MemberEvaluation] = []
    for member_id, line in rows.items():
        member = roll[member_id]
        _check_input(member.full_name, line, rules.scale_max, len(roll))
        discipline = disciplines.get(member_id)
        facts = line_facts(
            line,
            year=round_.year,
            day=day,
            admitted_on=member.admitted_on,
            disciplined_on=discipline.effective_on if discipline else None,
        )
        outcome = classify(rules, facts)
        # Without a score scale (QĐ 124) the proposal is what classify capped; with one, a
        # proposal is the cell's choice against the band the score gives.
        proposed = (
            proposal(member.full_name, line, outcome.rating, outcome.not_rated)
            if rules.scored
            else outcome.rating
        )
        row = existing.get(member_id) or MemberEvaluation(
            round=round_, member=member, organization=cell
        )
        row.organization = cell
        row.score = line.score
        # What the member handed in themselves stays theirs; the secretary types the self score
        # and level only for a member who has not.
        if row.self_reviewed_at is None:
            row.self_score, row.self_rating = line.self_score, line.self_rating
        row.tasks_done_pct, row.tasks_exceeding_pct = line.tasks_done_pct, line.tasks_exceeding_pct
        row.tasks_on_time, row.criteria_poor = line.tasks_on_time, line.criteria_poor
        row.sick_leave_days = line.sick_leave_days
        row.maternity_leave_days = line.maternity_leave_days
        row.not_rated, row.rule_rating = outcome.not_rated, outcome.rating
        row.rule_reasons = outcome.reasons
        row.proposed_rating = proposed
        row.votes_for, row.votes_cast = line.votes_for, line.votes_cast
        row.override_reason, row.notes = line.override_reason.strip(), line.notes.strip()
        row.discipline_event = discipline if outcome.rating == Rating.FAILED else None
        saved.append(row)
    kept = [e for pk, e in existing.items() if pk not in rows]
    check_quota(round_, cell, [*saved, *kept], "proposed_rating", rules.excellent_share)
    _write_lines(saved)
    counts = {SHORT[Rating(r)]: sum(1 for s in saved if s.proposed_rating == r) for r in Rating}
    record(
        actor=actor,
        action="evaluation.grid_save",
        target=round_,
        organization=cell,
        after={"cell": cell.name, "members": len(saved), "proposed": counts},
    )
    return saved


def check_proposal(
    name: str, wanted: str, allowed: str, reason: str, *, lower_needs_reason: bool = True
) -> None:
    """A proposal may not go above what the rules allow; one below it gives a reason."""
    if RANK[Rating(wanted)] > RANK[Rating(allowed)]:
        raise field_error(
            "rows",
            f"{name}: theo quy định chỉ được xếp tối đa {SHORT[Rating(allowed)]}, không được "
            f"đề xuất {SHORT[Rating(wanted)]}.",
        )
    if lower_needs_reason and wanted != allowed and not reason.strip():
        raise field_error(
            "rows",
            f"{name}: đề xuất {SHORT[Rating(wanted)]} thấp hơn mức theo quy định "
            f"({SHORT[Rating(allowed)]}): ghi lý do.",
        )


def proposal(name: str, line: GridInput, allowed: str, not_rated: bool) -> str:
    """The cell's proposal for a member: what the rules allow unless the grid says otherwise."""
    if not_rated:
        return ""
    wanted = line.proposed_rating or allowed
    if wanted and allowed:
        check_proposal(name, wanted, allowed, line.override_reason)
    return wanted


# The columns of a line the grid writes (bulk_update sets only these).
GRID_FIELDS = [
    "organization",
    "score",
    "self_score",
    "self_rating",
    "tasks_done_pct",
    "tasks_exceeding_pct",
    "tasks_on_time",
    "criteria_poor",
    "sick_leave_days",
    "maternity_leave_days",
    "not_rated",
    "votes_for",
    "votes_cast",
    "rule_rating",
    "rule_reasons",
    "proposed_rating",
    "override_reason",
    "notes",
    "discipline_event",
    "updated_at",
]


def _write_lines(rows: list[MemberEvaluation]) -> None:
    """A whole grid in two statements, new lines inserted and saved ones updated, instead of
    one per member (a cell of 60: 2 queries, not 60)."""
    now = timezone.now()
    for row in rows:
        row.updated_at = now
    MemberEvaluation.objects.bulk_create([r for r in rows if r.pk is None])
    MemberEvaluation.objects.bulk_update([r for r in rows if r.pk is not None], GRID_FIELDS)


def check_quota(
    round_: EvaluationRound,
    cell: Organization,
    rows: list[MemberEvaluation],
    attr: str,
    share: Fraction,
) -> None:
    """The cell's HTXSNV cap (quota.check_excellent_quota) over its lines' `attr` rating,
    else the proposal."""
    check_excellent_quota(
        cell.name,
        "đảng viên",
        [
            ((getattr(r, attr) or r.proposed_rating), r.override_reason)
            for r in rows
            if not r.not_rated
        ],
        round_.quota_reading,
        share,
        reading_text(round_.quota_reading, share),
    )


@transaction.atomic
def decide(
    *,
    actor: User | None,
    round_: EvaluationRound,
    cell: Organization,
    decisions: Mapping[int, tuple[str, str]],
) -> list[MemberEvaluation]:
    """The committee's decision for members of `cell`: {member id: (rating, reason)}. A rating
    other than the cell's proposal needs a reason; none may exceed what the rules allow."""
    check_open(round_, (RoundStage.COMMITTEE,), "cấp ủy")
    _check_cell(round_, cell)
    rows = {
        e.member_id: e
        for e in MemberEvaluation.objects.select_for_update()
        .select_related("member")
        .filter(round=round_, organization=cell, current=True)
    }
    missing = [pk for pk in decisions if pk not in rows]
    if missing:
        raise field_error("rows", "Có đảng viên chưa được chi bộ đánh giá, đề xuất.")
    now = timezone.now()
    changed: list[MemberEvaluation] = []
    for member_id, (rating, reason) in decisions.items():
        row = rows[member_id]
        name = row.member.full_name
        if row.not_rated:
            raise field_error("rows", f"{name}: thuộc trường hợp không xếp loại.")
        if rating not in Rating.values:
            raise field_error("rows", f"{name}: chọn một trong bốn mức xếp loại.")
        if row.rule_rating and RANK[Rating(rating)] > RANK[Rating(row.rule_rating)]:
            raise field_error(
                "rows",
                f"{name}: theo quy định chỉ được xếp tối đa {SHORT[Rating(row.rule_rating)]}.",
            )
        if rating != row.proposed_rating and not reason.strip():
            raise field_error("rows", f"{name}: quyết định khác mức chi bộ đề xuất cần ghi lý do.")
        row.rating = rating
        if reason.strip():
            row.override_reason = reason.strip()
        row.decided_by, row.decided_at = actor, now
        changed.append(row)
    check_quota(
        round_, cell, list(rows.values()), "rating", rule_sets.for_year(round_.year).excellent_share
    )
    for row in changed:
        row.save()
    record(
        actor=actor,
        action="evaluation.decide",
        target=round_,
        organization=cell,
        after={
            "cell": cell.name,
            "decided": {str(r.member_id): SHORT[Rating(r.rating)] for r in changed},
        },
    )
    return changed


@transaction.atomic
def correct_evaluation(
    *, actor: User | None, evaluation: MemberEvaluation, rating: str, reason: str
) -> MemberEvaluation:
    """After publication, a correction is a new decision pointing at the old one."""
    return correct_result(
        actor=actor,
        model=MemberEvaluation,
        pk=evaluation.pk,
        rating=rating,
        reason=reason,
        action="evaluation.correct",
        not_rated="Đảng viên thuộc trường hợp không xếp loại.",
    )


Result = TypeVar("Result", MemberEvaluation, OrganizationEvaluation)


def correct_result(
    *,
    actor: User | None,
    model: type[Result],
    pk: int,
    rating: str,
    reason: str,
    action: str,
    not_rated: str,
) -> Result:
    """A published result of a member or an organization corrected: the old row stops being
    current and a new one points at it (DESIGN rule 3). Call inside a transaction."""
    # Read again under lock: the caller's copy may predate another correction.
    evaluation = (
        model.objects.select_for_update().select_related("round", "organization").get(pk=pk)
    )
    check_open(evaluation.round, (RoundStage.PUBLISHED,), "việc đính chính")
    if not evaluation.current:
        raise field_error("rating", "Kết quả này đã được đính chính trước đó.")
    if evaluation.not_rated:
        raise field_error("rating", not_rated)
    if rating not in Rating.values:
        raise field_error("rating", "Chọn một trong bốn mức xếp loại.")
    if not reason.strip():
        raise field_error("reason", "Ghi lý do đính chính (số, ngày văn bản của cấp ủy).")
    if evaluation.rule_rating and RANK[Rating(rating)] > RANK[Rating(evaluation.rule_rating)]:
        raise field_error(
            "rating",
            f"Theo quy định chỉ được xếp tối đa {SHORT[Rating(evaluation.rule_rating)]}.",
        )
    old_rating = evaluation.final_rating
    model.objects.filter(pk=evaluation.pk).update(current=False)
    new = model.objects.get(pk=evaluation.pk)
    new.pk = None
    new.current, new.corrects_id = True, evaluation.pk
    new.rating, new.override_reason = rating, reason.strip()
    new.decided_by, new.decided_at = actor, timezone.now()
    new.save(force_insert=True)
    record(
        actor=actor,
        action=action,
        target=new,
        organization=evaluation.organization,
        before={"rating": old_rating},
        after={"rating": rating, "reason": new.override_reason},
    )
    return new


@transaction.atomic
def submit_self_review(
    *,
    actor: User | None,
    round_: EvaluationRound,
    member: Member,
    text: str = "",
    self_score: Decimal | None = None,
    self_rating: str = "",
    form: str = "",
    criteria: Mapping[str, Decimal] | None = None,
    sections: Mapping[str, str] | None = None,
) -> MemberEvaluation:
    """A member hands in their own review (bản tự kiểm điểm) while the round is at the
    self-review stage: the form they use (2A, 2B, 2C), the parts of the review (`sections`,
    {code: text} of review_text.SECTIONS, kept in `self_review` under their headings; or one
    `text`), their points per criteria group of the year's rules (`criteria`, whose sum is the
    self score; none on rules without a score scale) and the level they give themselves. The
    cell's grid later shows it; nothing the member writes sets a rating."""
    check_open(round_, (RoundStage.SELF_REVIEW,), "đảng viên tự kiểm điểm")
    cell = member.organization
    if cell is None or not cell.path.startswith(round_.organization.path):
        raise field_error("member", "Đảng viên không thuộc đợt đánh giá này.")
    if not rated_roll(round_, cell).filter(pk=member.pk).exists():
        raise field_error(
            "member", "Đồng chí không có tên trong danh sách đảng viên phải xếp loại năm nay."
        )
    text = _review_text(text, sections)
    rules = rule_sets.for_year(round_.year)
    if rules.criteria_groups and not form:
        raise field_error("form", "Chọn mẫu bản tự kiểm điểm: 2A, 2B hoặc 2C.")
    if form and form not in SelfReviewForm.values:
        raise field_error("form", "Mẫu bản tự kiểm điểm không hợp lệ: chọn 2A, 2B hoặc 2C.")
    points = _self_points(rules, round_.year, criteria or {})
    if any(g.max_points is not None for g in rules.criteria_groups):
        total = sum(points.values(), Decimal(0))
        if self_score is not None and self_score != total:
            raise field_error(
                "self_score", "Điểm tự chấm là tổng điểm các nhóm tiêu chí, không nhập riêng."
            )
        self_score = total
    elif self_score is not None and not rules.scored:
        raise field_error(
            "self_score",
            f"Quy định áp dụng năm {round_.year} không chấm điểm: chỉ tự nhận mức xếp loại.",
        )
    check_range("Điểm tự chấm", self_score, rules.scale_max, "self_score")
    if self_rating and self_rating not in Rating.values:
        raise field_error("self_rating", "Chọn một trong bốn mức xếp loại.")
    if rules.criteria_groups and not self_rating:
        raise field_error("self_rating", "Tự nhận mức xếp loại chất lượng.")
    row = (
        MemberEvaluation.objects.select_for_update()
        .filter(round=round_, member=member, current=True)
        .first()
    ) or MemberEvaluation(round=round_, member=member, organization=cell)
    row.self_review, row.self_score, row.self_rating = text, self_score, self_rating
    row.self_review_form = form
    row.self_criteria = {code: _json_number(value) for code, value in points.items()}
    row.self_reviewed_at = timezone.now()
    row.save()
    record(
        actor=actor,
        action="evaluation.self_review",
        target=row,
        organization=cell,
        after={
            "year": round_.year,
            "form": form,
            "criteria": row.self_criteria,
            "self_score": self_score,
            "self_rating": self_rating,
        },
    )
    return row


REVIEW_LIMIT = 20_000


def _review_text(text: str, sections: Mapping[str, str] | None) -> str:
    if sections is None:
        text = text.replace("\x00", "").strip()
        if not text:
            raise field_error(
                "text", "Viết bản tự kiểm điểm: ưu điểm, khuyết điểm, hướng khắc phục."
            )
    else:
        unknown = sorted(set(sections) - set(review_text.CODES))
        if unknown:
            raise field_error("text", f"Bản tự kiểm điểm không có phần «{unknown[0][:40]}».")
        for section in review_text.SECTIONS:
            if section.required and not (sections.get(section.code) or "").strip():
                raise field_error(section.code, f"Viết phần «{section.heading}».")
        text = review_text.join_sections(sections)
    if len(text) > REVIEW_LIMIT:
        raise field_error(
            "text", f"Bản tự kiểm điểm dài quá {format_figure(REVIEW_LIMIT)} ký tự: viết gọn lại."
        )
    return text


def _self_points(
    rules: rule_sets.RuleSet, year: int, criteria: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    """The member's points per criteria group, checked against the year's groups: every scored
    group within 0..its maximum, at most two decimals; no points where the rules have none."""
    groups = {g.code: g for g in rules.criteria_groups}
    unknown = sorted(code for code in criteria if code not in groups)
    if unknown:
        raise field_error(
            "criteria",
            f"Nhóm tiêu chí «{str(unknown[0])[:40]}» không có trong quy định áp dụng năm {year}.",
        )
    points: dict[str, Decimal] = {}
    for group in rules.criteria_groups:
        field = f"points_{group.code}"
        value = criteria.get(group.code)
        if group.max_points is None:
            if value is not None:
                raise field_error(
                    field,
                    f"Quy định áp dụng năm {year} không chấm điểm nhóm «{group.label}»: chỉ tự "
                    "nhận mức xếp loại.",
                )
            continue
        if value is None:
            raise field_error(field, f"Tự chấm điểm nhóm «{group.label}».")
        if not value.is_finite() or not Decimal(0) <= value <= group.max_points:
            raise field_error(
                field,
                f"Điểm nhóm «{group.label}» phải từ 0 đến {format_figure(group.max_points)}.",
            )
        if value != value.quantize(Decimal("0.01")):
            raise field_error(field, f"Điểm nhóm «{group.label}»: tối đa hai chữ số thập phân.")
        points[group.code] = value
    return points


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
