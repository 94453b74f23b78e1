"""Every write of rating party organizations (DESIGN rule 1): validate, write, audit, in one
transaction; a refused call raises ValidationError with a Vietnamese message and changes
nothing. Who may call them is checked at the web edge: the organization's own committee for
its self-review, Action.EDIT on the superior (`parent`) for the assessment and the decision.

Steps (QĐ 124 Art. 11–12, HD 43): the collective reviews itself (Mẫu 01) while the round is at
the self-review or cell stage; the direct superior assesses its subordinates on one grid at
the same stages; its committee decides at the committee stage; after publication a result is
corrected by a new row pointing at the old one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.utils import timezone

from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.errors import field_error
from dangbo.core.formats import format_date
from dangbo.evaluations import org_rules
from dangbo.evaluations.models import (
    RANK,
    SHORT,
    EvaluationRound,
    OrganizationEvaluation,
    QuotaReading,
    Rating,
    RoundStage,
)
from dangbo.evaluations.org_classify import OrgFacts, classify_organization
from dangbo.evaluations.org_queries import (
    assessed_organizations,
    distributions,
    in_round,
    is_root_parent,
)
from dangbo.evaluations.queries import evaluated_on
from dangbo.evaluations.quota import check_excellent_quota
from dangbo.evaluations.services import (
    GRID_STAGES,
    check_open,
    check_proposal,
    check_range,
    correct_result,
)
from dangbo.orgs.models import Organization, OrgKind

REVIEW_STAGES = (RoundStage.SELF_REVIEW, RoundStage.CELL)


@dataclass(frozen=True)
class OrgInput:
    """One organization's line of the superior's grid."""

    score: Decimal | None = None
    tasks_done_pct: Decimal | None = None
    tasks_exceeding_pct: Decimal | None = None
    tasks_behind_pct: Decimal | None = None
    tasks_on_time: bool = True
    key_targets_missed: bool = False
    criteria_poor: bool = False
    leadership_disciplined: bool = False
    subordinates_disciplined: int = 0
    proposed_rating: str = ""  # on scored rules "" takes what the rules give
    override_reason: str = ""
    notes: str = ""


def org_quota_text(reading: str, share: Fraction = Fraction(1, 5)) -> str:
    percent = f"{float(share) * 100:g}%"
    if reading == QuotaReading.GOOD_ONLY:
        return f"không quá {percent} số tổ chức đảng xếp loại HTTNV (cách tính A)"
    return f"không quá {percent} số tổ chức đảng xếp loại HTTNV trở lên (cách tính B)"


def _check_parent(round_: EvaluationRound, parent: Organization) -> list[Organization]:
    if not in_round(round_, parent) and not is_root_parent(round_, parent):
        raise field_error(
            "parent",
            f"{parent.name} không đánh giá tổ chức đảng nào trong đợt của "
            f"{round_.organization.name}.",
        )
    return assessed_organizations(round_, parent)


def _check_line(name: str, line: OrgInput, scale_max: Decimal, units: int) -> None:
    check_range(f"{name}: điểm cấp trên thẩm định", line.score, scale_max)
    check_range(f"{name}: % nhiệm vụ hoàn thành", line.tasks_done_pct, Decimal(100))
    check_range(f"{name}: % nhiệm vụ vượt mức", line.tasks_exceeding_pct, Decimal(100))
    check_range(f"{name}: % nhiệm vụ chưa bảo đảm tiến độ", line.tasks_behind_pct, Decimal(100))
    if not 0 <= line.subordinates_disciplined <= units:
        raise field_error(
            "rows",
            f"{name}: số đơn vị trực thuộc bị kỷ luật phải từ 0 đến {units} "
            f"(số đơn vị trực thuộc).",
        )
    if line.proposed_rating and line.proposed_rating not in Rating.values:
        raise field_error("rows", f"{name}: mức xếp loại không hợp lệ.")


def _proposal(name: str, line: OrgInput, allowed: str, scored: bool) -> str:
    """What the superior proposes: at most what the rules allow. With a score scale, "" takes
    the band and a lower rating needs a reason; without one the superior picks the rating."""
    wanted = line.proposed_rating or (allowed if scored else "")
    if not wanted:
        return ""
    if not allowed:
        raise field_error("rows", f"{name}: nhập điểm thẩm định trước khi đề xuất mức xếp loại.")
    check_proposal(name, wanted, allowed, line.override_reason, lower_needs_reason=scored)
    return wanted


def _check_quota(
    round_: EvaluationRound, parent: Organization, rows: list[OrganizationEvaluation], attr: str
) -> None:
    """HTXSNV among the organizations decided together over the cap is refused, unless every
    HTXSNV line gives a reason (as for members, regulations.md §1.3)."""
    share = org_rules.for_year(round_.year).excellent_share
    check_excellent_quota(
        parent.name,
        "tổ chức đảng",
        [
            ((getattr(r, attr) or r.proposed_rating), r.override_reason)
            for r in rows
            if not r.not_rated
        ],
        round_.quota_reading,
        share,
        org_quota_text(round_.quota_reading, share),
    )


@transaction.atomic
def submit_org_review(
    *,
    actor: User | None,
    round_: EvaluationRound,
    organization: Organization,
    text: str,
    self_score: Decimal | None = None,
    self_rating: str = "",
) -> OrganizationEvaluation:
    """The collective's own review (bản kiểm điểm tập thể, Mẫu 01 of HD 43) with the score and
    the level it gives itself. Nothing the collective writes sets a rating."""
    check_open(round_, REVIEW_STAGES, "tập thể tự kiểm điểm")
    if not in_round(round_, organization) or organization.kind == OrgKind.GROUP:
        raise field_error(
            "organization",
            f"{organization.name} không thuộc đợt đánh giá của {round_.organization.name}.",
        )
    text = text.strip()
    if not text:
        raise field_error(
            "text",
            "Viết bản kiểm điểm tập thể: ưu điểm, hạn chế, khuyết điểm, nguyên nhân, hướng "
            "khắc phục.",
        )
    rules = org_rules.for_year(round_.year)
    check_range("Điểm tự chấm", self_score, rules.scale_max, "self_score")
    if self_rating and self_rating not in Rating.values:
        raise field_error("self_rating", "Chọn một trong bốn mức xếp loại.")
    row = (
        OrganizationEvaluation.objects.select_for_update()
        .filter(round=round_, organization=organization, current=True)
        .first()
    ) or OrganizationEvaluation(round=round_, organization=organization)
    row.self_review, row.self_score, row.self_rating = text, self_score, self_rating
    row.save()
    record(
        actor=actor,
        action="evaluation.org_self_review",
        target=row,
        organization=organization,
        after={"year": round_.year, "self_score": self_score, "self_rating": self_rating},
    )
    return row


@transaction.atomic
def assess_organizations(
    *,
    actor: User | None,
    round_: EvaluationRound,
    parent: Organization,
    rows: Mapping[int, OrgInput],
) -> list[OrganizationEvaluation]:
    """Save the superior's grid of its direct subordinates in one go: each line is classified
    by the year's organization rules (with its members' or subordinates' results), a proposal
    above what the rules allow is refused, one below needs a reason, and the HTXSNV quota is
    checked over the organizations decided together. Lines not sent keep what was saved."""
    check_open(round_, GRID_STAGES, "cấp trên")
    orgs = {o.pk: o for o in _check_parent(round_, parent)}
    strangers = [pk for pk in rows if pk not in orgs]
    if strangers:
        raise field_error(
            "rows",
            f"Có {len(strangers)} tổ chức không thuộc danh sách tổ chức đảng trực thuộc "
            f"{parent.name} phải xếp loại ngày {format_date(evaluated_on(round_))}.",
        )
    rules = org_rules.for_year(round_.year)
    existing = {
        e.organization_id: e
        for e in OrganizationEvaluation.objects.select_for_update().filter(
            round=round_, organization__in=list(orgs), current=True
        )
    }
    dists, units = distributions(round_, [orgs[pk] for pk in rows])
    day = evaluated_on(round_)
    saved: list[OrganizationEvaluation] = []
    for org_id, line in rows.items():
        org = orgs[org_id]
        _check_line(org.name, line, rules.scale_max, units[org_id])
        facts = OrgFacts(
            year=round_.year,
            evaluated_on=day,
            founded_on=org.active_from,
            score=line.score,
            tasks_done_pct=line.tasks_done_pct,
            tasks_exceeding_pct=line.tasks_exceeding_pct,
            tasks_behind_pct=line.tasks_behind_pct,
            tasks_on_time=line.tasks_on_time,
            key_targets_missed=line.key_targets_missed,
            criteria_poor=line.criteria_poor,
            leadership_disciplined=line.leadership_disciplined,
            subordinates_disciplined=line.subordinates_disciplined,
            subordinate_count=units[org_id],
            distribution=dists[org_id],
        )
        outcome = classify_organization(rules, facts)
        proposed = (
            "" if outcome.not_rated else _proposal(org.name, line, outcome.rating, rules.scored)
        )
        row = existing.get(org_id) or OrganizationEvaluation(round=round_, organization=org)
        row.score = line.score
        row.tasks_done_pct, row.tasks_exceeding_pct = line.tasks_done_pct, line.tasks_exceeding_pct
        row.tasks_behind_pct, row.tasks_on_time = line.tasks_behind_pct, line.tasks_on_time
        row.key_targets_missed, row.criteria_poor = line.key_targets_missed, line.criteria_poor
        row.leadership_disciplined = line.leadership_disciplined
        row.subordinates_disciplined = line.subordinates_disciplined
        row.not_rated, row.rule_rating = outcome.not_rated, outcome.rating
        row.rule_reasons = outcome.reasons
        row.proposed_rating = proposed
        row.override_reason, row.notes = line.override_reason.strip(), line.notes.strip()
        saved.append(row)
    kept = [e for pk, e in existing.items() if pk not in rows]
    _check_quota(round_, parent, [*saved, *kept], "proposed_rating")
    for row in saved:
        row.save()
    counts = {SHORT[Rating(r)]: sum(1 for s in saved if s.proposed_rating == r) for r in Rating}
    record(
        actor=actor,
        action="evaluation.org_assess",
        target=round_,
        organization=parent,
        after={"parent": parent.name, "organizations": len(saved), "proposed": counts},
    )
    return saved


@transaction.atomic
def decide_organizations(
    *,
    actor: User | None,
    round_: EvaluationRound,
    parent: Organization,
    decisions: Mapping[int, tuple[str, str]],
) -> list[OrganizationEvaluation]:
    """The superior committee's decision: {organization id: (rating, reason)}. A rating other
    than the proposal needs a reason; none may exceed what the rules allow."""
    check_open(round_, (RoundStage.COMMITTEE,), "cấp ủy cấp trên")
    orgs = {o.pk: o for o in _check_parent(round_, parent)}
    rows = {
        e.organization_id: e
        for e in OrganizationEvaluation.objects.select_for_update()
        .select_related("organization")
        .filter(round=round_, organization__in=list(orgs), current=True)
    }
    if any(pk not in orgs for pk in decisions):
        raise field_error("rows", f"Có tổ chức không trực thuộc {parent.name} trong đợt này.")
    if any(pk not in rows for pk in decisions):
        raise field_error("rows", "Có tổ chức đảng chưa được cấp trên thẩm định, đề xuất.")
    now = timezone.now()
    changed: list[OrganizationEvaluation] = []
    for org_id, (rating, reason) in decisions.items():
        row = rows[org_id]
        name = row.organization.name
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
            raise field_error("rows", f"{name}: quyết định khác mức đề xuất cần ghi lý do.")
        row.rating = rating
        if reason.strip():
            row.override_reason = reason.strip()
        row.decided_by, row.decided_at = actor, now
        changed.append(row)
    _check_quota(round_, parent, list(rows.values()), "rating")
    for row in changed:
        row.save()
    record(
        actor=actor,
        action="evaluation.org_decide",
        target=round_,
        organization=parent,
        after={
            "parent": parent.name,
            "decided": {r.organization.name: SHORT[Rating(r.rating)] for r in changed},
        },
    )
    return changed


@transaction.atomic
def correct_org_evaluation(
    *, actor: User | None, evaluation: OrganizationEvaluation, rating: str, reason: str
) -> OrganizationEvaluation:
    """After publication, a correction is a new decision pointing at the old one."""
    return correct_result(
        actor=actor,
        model=OrganizationEvaluation,
        pk=evaluation.pk,
        rating=rating,
        reason=reason,
        action="evaluation.org_correct",
        not_rated="Tổ chức thuộc trường hợp không xếp loại.",
    )
