"""The bithu's commune rated its members (issue #8): three rounds, through the services only.

- 2024, under QĐ 124 (no score scale): each cell proposes a level per member; the results
  (the proposals, no separate decision) are published, then locked. The ward itself was
  founded on 01/07/2025 (the new structure) and open_round refuses a year it did not exist
  in; its khóm cells did exist (under Phường 1, 2 and 9, now dissolved, whose paths no longer
  hold them), so the 2024 round is opened at the province and only the ward's cells are
  rated in it.
- 2025, under QĐ 366 (100 points): scores and task figures per member, a few HTXSNV within the
  quota read the strict way (A), one member KHTNV for a discipline of 2025 (recorded here
  through the member services: the roll has none), members admitted less than six months before
  the rating day not rated (the rules see to it); the committee decides; published, locked.
- 2026, opened on the demo's day (01/12/2026) at the self-review stage, with a few members'
  own reviews handed in.

Choices come from a generator of their own seeded with a constant, so the party-life choices
made before are untouched and the same roll always gives the same results. In 2025 the
commune also rates its cells (organisation ratings): scores and task figures, what the rules
allow from the members' results, and the committee's decisions.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from dangbo.demo.party_life.context import Context, child_cells
from dangbo.evaluations import org_services, services
from dangbo.evaluations import rules as rule_sets
from dangbo.evaluations.models import (
    SHORT,
    EvaluationRound,
    MemberEvaluation,
    OrganizationEvaluation,
    QuotaReading,
    Rating,
    RoundStage,
    SelfReviewForm,
)
from dangbo.evaluations.org_services import OrgInput
from dangbo.evaluations.queries import rated_roll
from dangbo.evaluations.quota import excellent_cap
from dangbo.evaluations.services import GridInput
from dangbo.members import services as member_services
from dangbo.members.models import Member, MemberStatus, Sanction
from dangbo.orgs.models import Organization
from dangbo.orgs.services import Decision

SEED = 366
LEGACY_YEAR, SCORED_YEAR, OPEN_YEAR = 2024, 2025, 2026
DUES = {
    LEGACY_YEAR: (date(2024, 11, 30), date(2024, 12, 15), date(2024, 12, 25)),
    SCORED_YEAR: (date(2025, 11, 30), date(2025, 12, 15), date(2025, 12, 25)),
    OPEN_YEAR: (date(2026, 12, 10), date(2026, 12, 20), date(2026, 12, 28)),
}
# The Đảng bộ MTTQ tỉnh, set up on 01/07/2025, rated its 2025 in January 2026, as many
# committees do: its cells then had the six months of activity the rules ask before an
# organisation is rated (regulations.md §1), so its program's rating targets have a measure.
FRONT_DUES = (date(2025, 12, 31), date(2026, 1, 8), date(2026, 1, 15))
# The discipline planted in 2025: one official member of the second cell of the commune.
DISCIPLINE_ON = date(2025, 6, 12)
DISCIPLINE_NUMBER = "15-QĐ/ĐU"
SELF_REVIEWS = 4  # members of the bithu's cell who already handed in their 2026 review
# The parts of the review (evaluations.review_text.SECTIONS) a resident member writes.
SELF_REVIEW = {
    "uu_diem": (
        "Giữ vững lập trường tư tưởng, chấp hành nghiêm nghị quyết của chi bộ, tham gia đầy đủ "
        "sinh hoạt; hoàn thành nhiệm vụ được giao ở khu dân cư."
    ),
    "han_che": "Có lúc chưa sâu sát hộ khó khăn; việc tự học lý luận chính trị chưa đều.",
    "phuong_huong": (
        "Dành thời gian nắm tình hình dân trong khóm, tích cực học tập nâng cao trình độ lý "
        "luận chính trị."
    ),
}


@dataclass
class EvaluationStats:
    rounds: list[EvaluationRound] = field(default_factory=list)
    # Final ratings of the 2025 round (not rated under ""), as planted.
    counts: Counter[str] = field(default_factory=Counter)
    disciplined: Member | None = None
    # Proposals (then decisions) for the commune's cells in 2025.
    cell_counts: Counter[str] = field(default_factory=Counter)
    self_reviews: int = 0

    def summary(self) -> str:
        counts = ", ".join(
            f"{self.counts[r]} {SHORT[Rating(r)]}" for r in Rating.values if self.counts[r]
        )
        cells = ", ".join(
            f"{self.cell_counts[r]} {SHORT[Rating(r)]}"
            for r in Rating.values
            if self.cell_counts[r]
        )
        return (
            f"đánh giá, xếp loại: năm {SCORED_YEAR} {counts}, {self.counts['']} không xếp loại"
            f" (chi bộ: {cells}); đợt năm {OPEN_YEAR} đang tự kiểm điểm "
            f"({self.self_reviews} bản đã nộp)"
        )


def seed_evaluations(ctx: Context) -> EvaluationStats:
    """The three rounds of the bithu's commune; nothing when the commune already has one."""
    stats = EvaluationStats()
    if EvaluationRound.objects.filter(organization__path__startswith=ctx.commune.path).exists():
        return stats
    # Demo data, not secrets: a seeded generator is what makes the results reproducible.
    rng = random.Random(SEED)  # noqa: S311
    cells = child_cells(ctx.commune)
    stats.disciplined = _plant_discipline(ctx, cells)
    province = Organization.objects.get_parent(ctx.commune) or ctx.commune
    legacy = _open(ctx, LEGACY_YEAR, province)
    _rate_legacy(ctx, legacy, cells, rng)
    # Each save and decision is a row of its own in the services: 2024 skips the decisions.
    for stage in (RoundStage.COMMITTEE, RoundStage.PUBLISHED, RoundStage.LOCKED):
        services.advance_round(actor=ctx.office, round_=legacy, stage=stage)
    scored = _open(ctx, SCORED_YEAR, ctx.commune)
    stats.counts = _rate_scored(ctx, scored, cells, rng)
    stats.cell_counts = _rate_cells(ctx, scored, ctx.commune, cells, rng)
    _decide_and_lock(ctx, scored, ctx.commune, cells)
    _rate_front(ctx, rng)
    current = _open(ctx, OPEN_YEAR, ctx.commune)
    stats.self_reviews = _self_reviews(ctx, current, rng)
    stats.rounds = [legacy, scored, current]
    return stats


def _rate_front(ctx: Context, rng: random.Random) -> None:
    """The 2025 round of the Đảng bộ MTTQ tỉnh, rated, decided and locked as the commune's
    is: the targets of its program 02-CTr/ĐU on ratings are measured from it (issue #9)."""
    front = ctx.front
    if front is None or front.path.startswith(ctx.commune.path):
        return
    cells = child_cells(front)
    round_ = _open(ctx, SCORED_YEAR, front, FRONT_DUES)
    _rate_scored(ctx, round_, cells, rng)
    _rate_cells(ctx, round_, front, cells, rng)
    _decide_and_lock(ctx, round_, front, cells)


def _rate_cells(
    ctx: Context,
    round_: EvaluationRound,
    parent: Organization,
    cells: list[Organization],
    rng: random.Random,
) -> Counter[str]:
    """The commune's grid of its cells for 2025: as many cells with HTXSNV figures as the
    quota allows (at least one, with the commune's reason), the others between 72 and 89
    points; the rules cap a cell whose members' results do not allow HTXSNV."""
    excellent = max(excellent_cap(len(cells), QuotaReading.GOOD_ONLY), 1)
    chosen = set(rng.sample([c.pk for c in cells], min(excellent, len(cells))))
    rows = {}
    for cell in cells:
        top = cell.pk in chosen
        rows[cell.pk] = OrgInput(
            score=Decimal(rng.randint(90, 96) if top else rng.randint(72, 89)),
            tasks_done_pct=Decimal(100),
            tasks_exceeding_pct=Decimal(rng.randint(30, 45) if top else rng.randint(0, 25)),
            # A small commune's quota may round down to none: the commune says why.
            override_reason="Chi bộ tiêu biểu phong trào «Dân vận khéo» năm 2025" if top else "",
            notes="Hoàn thành các chỉ tiêu nghị quyết chi bộ năm 2025.",
        )
    saved = org_services.assess_organizations(
        actor=ctx.office, round_=round_, parent=parent, rows=rows
    )
    return Counter(row.proposed_rating for row in saved)


def _open(
    ctx: Context,
    year: int,
    organization: Organization,
    dues: tuple[date, date, date] | None = None,
) -> EvaluationRound:
    self_due, cell_due, committee_due = dues or DUES[year]
    return services.open_round(
        actor=ctx.office,
        organization=organization,
        year=year,
        quota_reading=QuotaReading.GOOD_ONLY,
        self_review_due=self_due,
        cell_due=cell_due,
        committee_due=committee_due,
    )


def _plant_discipline(ctx: Context, cells: list[Organization]) -> Member | None:
    """A reprimand of 2025 for one official member of a cell other than the bithu's."""
    others = [c for c in cells if c.pk != ctx.bithu_cell.pk] or cells
    if not others:
        return None
    day = DUES[SCORED_YEAR][1]
    roll = [
        m
        for m in rated_roll(_round_stub(SCORED_YEAR, day), others[0]).order_by("name_sort", "id")
        if m.status_on == MemberStatus.OFFICIAL  # type: ignore[attr-defined]
        and m.official_on is not None
        and m.official_on < DISCIPLINE_ON
        and m.party_position == ""
    ]
    if not roll:
        return None
    member = roll[len(roll) // 2]
    member_services.discipline_member(
        actor=ctx.office,
        member=member,
        decision=Decision(effective_on=DISCIPLINE_ON, number=DISCIPLINE_NUMBER),
        sanction=Sanction.REPRIMAND,
        authority=f"Đảng ủy {ctx.commune.name.removeprefix('Đảng bộ ')}",
        reason="Vi phạm quy định về những điều đảng viên không được làm (tham gia cá độ).",
    )
    return member


def _round_stub(year: int, cell_due: date) -> EvaluationRound:
    """An unsaved round to read a roll on the rating day with (queries.rated_roll)."""
    return EvaluationRound(year=year, cell_due=cell_due)


def _rate_legacy(
    ctx: Context, round_: EvaluationRound, cells: list[Organization], rng: random.Random
) -> None:
    """QĐ 124: the cell proposes a level; a few HTXSNV within the quota, some HTNV."""
    services.advance_round(actor=ctx.office, round_=round_, stage=RoundStage.CELL)
    share = rule_sets.for_year(round_.year).excellent_share
    for cell in cells:
        roll = list(rated_roll(round_, cell).order_by("name_sort", "id"))
        if not roll:
            continue
        levels = [Rating.SATISFACTORY if rng.random() < 0.15 else Rating.GOOD for _ in roll]
        good = [i for i, r in enumerate(levels) if r == Rating.GOOD]
        cap = excellent_cap(len(good), round_.quota_reading, share)
        for i in rng.sample(good, min(cap, 1 + (len(good) >= 18))):
            levels[i] = Rating.EXCELLENT
        services.save_grid(
            actor=ctx.actor_for(cell),
            round_=round_,
            cell=cell,
            rows={m.pk: GridInput(proposed_rating=r) for m, r in zip(roll, levels, strict=True)},
        )


def _scored_line(rating: str, rng: random.Random) -> GridInput:
    """Figures that give `rating` under QĐ 366: bands 90/70/50, HTXSNV with 30% exceeding."""
    if rating == Rating.EXCELLENT:
        score, exceeding = rng.randint(90, 97), rng.randint(30, 45)
    elif rating == Rating.GOOD:
        score, exceeding = rng.randint(72, 88), rng.choice((0, 0, 10, 15, 20))
    else:
        score, exceeding = rng.randint(56, 68), 0
    points = Decimal(score) + Decimal(rng.choice((0, 5))) / 10
    return GridInput(
        score=points,
        self_score=min(points + rng.choice((0, 1, 2)), Decimal(100)),
        tasks_done_pct=Decimal(100),
        tasks_exceeding_pct=Decimal(exceeding),
        tasks_on_time=True,
    )


def _rate_scored(
    ctx: Context, round_: EvaluationRound, cells: list[Organization], rng: random.Random
) -> Counter[str]:
    """QĐ 366: scores and task figures; the rules rate, the quota (A) bounds HTXSNV."""
    services.advance_round(actor=ctx.office, round_=round_, stage=RoundStage.CELL)
    share = rule_sets.for_year(round_.year).excellent_share
    for cell in cells:
        roll = list(rated_roll(round_, cell).order_by("name_sort", "id"))
        if not roll:
            continue
        levels = [Rating.SATISFACTORY if rng.random() < 0.12 else Rating.GOOD for _ in roll]
        good = [i for i, r in enumerate(levels) if r == Rating.GOOD]
        cap = excellent_cap(len(good), round_.quota_reading, share)
        for i in rng.sample(good, min(cap, 1 + (len(good) >= 18))):
            levels[i] = Rating.EXCELLENT
        rows = {m.pk: _scored_line(r, rng) for m, r in zip(roll, levels, strict=True)}
        services.save_grid(actor=ctx.actor_for(cell), round_=round_, cell=cell, rows=rows)
    final = MemberEvaluation.objects.filter(round=round_, current=True)
    counts: Counter[str] = Counter()
    for proposed, not_rated in final.values_list("proposed_rating", "not_rated"):
        counts["" if not_rated else proposed] += 1
    return counts


def _decide_and_lock(
    ctx: Context, round_: EvaluationRound, parent: Organization, cells: list[Organization]
) -> None:
    """The committee decides every rated member as the cell proposed; then the results are
    published and the book closed."""
    services.advance_round(actor=ctx.office, round_=round_, stage=RoundStage.COMMITTEE)
    rows = MemberEvaluation.objects.filter(round=round_, current=True, not_rated=False)
    by_cell: dict[int, dict[int, tuple[str, str]]] = {}
    for cell_id, member_id, proposed in rows.values_list(
        "organization_id", "member_id", "proposed_rating"
    ):
        if proposed:
            by_cell.setdefault(cell_id, {})[member_id] = (proposed, "")
    for cell in cells:
        if cell.pk in by_cell:
            services.decide(actor=ctx.office, round_=round_, cell=cell, decisions=by_cell[cell.pk])
    proposals = OrganizationEvaluation.objects.filter(round=round_, current=True, not_rated=False)
    org_services.decide_organizations(
        actor=ctx.office,
        round_=round_,
        parent=parent,
        decisions={
            pk: (rating, "")
            for pk, rating in proposals.values_list("organization_id", "proposed_rating")
        },
    )
    services.advance_round(actor=ctx.office, round_=round_, stage=RoundStage.PUBLISHED)
    services.advance_round(actor=ctx.office, round_=round_, stage=RoundStage.LOCKED)


def _self_reviews(ctx: Context, round_: EvaluationRound, rng: random.Random) -> int:
    """A few members of the bithu's cell handed in their review of 2026 (the demo's member
    login first, when it is one of them)."""
    roll = list(rated_roll(round_, ctx.bithu_cell).order_by("name_sort", "id"))
    if not roll:
        return 0
    chosen = rng.sample(roll, min(SELF_REVIEWS, len(roll)))
    rules = rule_sets.for_year(round_.year)
    for member in chosen:
        share = Decimal(rng.randint(80, 95)) / 100
        # Points per criteria group of the year's rules; their sum is the self score.
        criteria = {
            g.code: (g.max_points * share).quantize(Decimal(1))
            for g in rules.criteria_groups
            if g.max_points is not None
        }
        total = sum(criteria.values(), Decimal(0))
        services.submit_self_review(
            actor=member.user if member.user_id else ctx.actor_for(ctx.bithu_cell),
            round_=round_,
            member=member,
            sections=SELF_REVIEW,
            form=SelfReviewForm.OUTSIDE,
            criteria=criteria,
            self_rating=Rating.EXCELLENT if total >= 90 else Rating.GOOD,
        )
    return len(chosen)
