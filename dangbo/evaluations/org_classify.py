"""What the rules allow for one party organization: pure functions over the facts of the year,
so the worked cases of regulations.md §1.6 (case 3, case 10) are tested without a database.

`classify_organization` returns the best rating the rules allow (the ceiling) and every reason
that capped it. With a score scale (QĐ 366) the ceiling starts from the score's band; without
one (QĐ 124) it starts from HTXSNV and only the conditions and triggers lower it. The superior
may propose that rating or a lower one, never a higher one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dangbo.core.formats import format_date, format_figure
from dangbo.evaluations.classify import Outcome, months_between
from dangbo.evaluations.models import SHORT, Rating
from dangbo.evaluations.org_rules import OrgRuleSet


@dataclass(frozen=True)
class Distribution:
    """The results an organization's HTXSNV rests on (HD 21): its members' for a chi bộ, its
    direct subordinate organizations' for a đảng bộ. `missing` are still without a rating."""

    of_members: bool
    rated: int = 0
    satisfactory_or_better: int = 0
    good_or_better: int = 0
    missing: int = 0

    @property
    def noun(self) -> str:
        return "đảng viên" if self.of_members else "tổ chức đảng trực thuộc"

    def pct(self, count: int) -> Decimal:
        return Decimal(100) * count / self.rated if self.rated else Decimal(0)


@dataclass(frozen=True)
class OrgFacts:
    year: int
    evaluated_on: date  # the rating day (the round's cell deadline, else 31/12)
    founded_on: date | None
    score: Decimal | None = None  # the superior's score, on rules with a scale
    tasks_done_pct: Decimal | None = None
    tasks_exceeding_pct: Decimal | None = None
    tasks_behind_pct: Decimal | None = None
    tasks_on_time: bool = True
    key_targets_missed: bool = False
    criteria_poor: bool = False
    leadership_disciplined: bool = False
    subordinates_disciplined: int = 0
    subordinate_count: int = 0  # direct subordinate units, the base of the 20% trigger
    distribution: Distribution | None = None


def _pct(value: Decimal) -> str:
    return f"{format_figure(value)}%"


def classify_organization(rules: OrgRuleSet, facts: OrgFacts) -> Outcome:
    if facts.founded_on is not None and (
        months_between(facts.founded_on, facts.evaluated_on) < rules.min_months_since_founded
    ):
        return Outcome(
            "",
            not_rated=True,
            reasons=[
                f"Thành lập ngày {format_date(facts.founded_on)}, chưa đủ "
                f"{rules.min_months_since_founded} tháng: không xếp loại, vẫn kiểm điểm."
            ],
        )
    outcome = _start(rules, facts)
    if not outcome.rating:
        return outcome
    _excellent_conditions(rules, facts, outcome)
    on_time = facts.tasks_on_time and not (facts.tasks_behind_pct or 0) > 0
    if rules.good_needs_on_time and not on_time:
        outcome.cap(
            Rating.SATISFACTORY, "HTTNV cần hoàn thành 100% nhiệm vụ đúng hạn: tối đa HTNV."
        )
    most = rules.satisfactory_max_behind_pct
    if most is not None and facts.tasks_behind_pct is not None and facts.tasks_behind_pct > most:
        outcome.cap(
            Rating.FAILED,
            f"{_pct(facts.tasks_behind_pct)} nhiệm vụ chưa bảo đảm tiến độ (quá {_pct(most)}).",
        )
    _failed_triggers(rules, facts, outcome)
    return outcome


def _start(rules: OrgRuleSet, facts: OrgFacts) -> Outcome:
    if rules.scored:
        if facts.score is None:
            return Outcome("", reasons=["Chưa có điểm cấp trên thẩm định."])
        rating = rules.rating_for_score(facts.score)
        return Outcome(
            rating, reasons=[f"{format_figure(facts.score)} điểm: mức {SHORT[Rating(rating)]}."]
        )
    return Outcome(Rating.EXCELLENT, reasons=[])


def _excellent_conditions(rules: OrgRuleSet, facts: OrgFacts, outcome: Outcome) -> None:
    if outcome.rating != Rating.EXCELLENT:
        return
    need = rules.excellent_min_exceeding_pct
    if need is not None:
        done_all = facts.tasks_done_pct is None or facts.tasks_done_pct >= 100
        on_time = facts.tasks_on_time and not (facts.tasks_behind_pct or 0) > 0
        exceeding = facts.tasks_exceeding_pct or Decimal(0)
        if not (done_all and on_time and exceeding >= need):
            outcome.cap(
                Rating.GOOD,
                f"HTXSNV cần hoàn thành 100% nhiệm vụ đúng hạn, trong đó ít nhất {_pct(need)} "
                f"vượt mức (đạt {_pct(exceeding)}).",
            )
    if rules.excellent_needs_no_discipline and (
        facts.subordinates_disciplined or facts.leadership_disciplined
    ):
        which = (
            f"{facts.subordinates_disciplined} đơn vị trực thuộc"
            if facts.subordinates_disciplined
            else "thành viên tập thể lãnh đạo"
        )
        outcome.cap(
            Rating.GOOD,
            f"Có {which} bị kỷ luật trong năm: không xếp loại HTXSNV (tối đa HTTNV).",
        )
    _distribution(rules, facts.distribution, outcome)


def _distribution(rules: OrgRuleSet, given: Distribution | None, outcome: Outcome) -> None:
    """HD 21: 100% of the members (subordinates) HTNV or better, at least 80% HTTNV or better."""
    low, good = rules.excellent_satisfactory_pct, rules.excellent_good_pct
    if outcome.rating != Rating.EXCELLENT or (low is None and good is None) or given is None:
        return
    if given.missing or not given.rated:
        outcome.cap(
            Rating.GOOD,
            f"Chưa đủ kết quả xếp loại {given.noun} ({given.missing} chưa có mức): chưa xét "
            "được HTXSNV.",
        )
        return
    short_low = low is not None and given.pct(given.satisfactory_or_better) < low
    short_good = good is not None and given.pct(given.good_or_better) < good
    if short_low or short_good:
        outcome.cap(
            Rating.GOOD,
            f"HTXSNV cần {_pct(low or Decimal(0))} {given.noun} HTNV trở lên, trong đó từ "
            f"{_pct(good or Decimal(0))} HTTNV trở lên (đạt "
            f"{_pct(given.pct(given.satisfactory_or_better).quantize(Decimal('0.1')))} và "
            f"{_pct(given.pct(given.good_or_better).quantize(Decimal('0.1')))}).",
        )


def _failed_triggers(rules: OrgRuleSet, facts: OrgFacts, outcome: Outcome) -> None:
    if rules.failed_if_criterion_poor and facts.criteria_poor:
        outcome.cap(Rating.FAILED, "Có tiêu chí bị đánh giá mức kém.")
    if rules.failed_if_leadership_disciplined and facts.leadership_disciplined:
        outcome.cap(Rating.FAILED, "Tập thể lãnh đạo, quản lý bị xử lý kỷ luật trong năm.")
    over = rules.failed_subordinates_disciplined_over_pct
    if over is not None and facts.subordinates_disciplined and facts.subordinate_count:
        share = Decimal(100) * facts.subordinates_disciplined / facts.subordinate_count
        if share > over:
            outcome.cap(
                Rating.FAILED,
                f"{facts.subordinates_disciplined}/{facts.subordinate_count} đơn vị trực thuộc "
                f"bị kỷ luật trong năm (trên {_pct(over)}).",
            )
    low = rules.failed_below_tasks_pct
    done = facts.tasks_done_pct
    needs_missed = rules.failed_below_tasks_needs_key_targets_missed
    if (
        low is not None
        and done is not None
        and done < low
        and (facts.key_targets_missed or not needs_missed)
    ):
        missed = " và có chỉ tiêu chủ yếu không đạt" if facts.key_targets_missed else ""
        outcome.cap(
            Rating.FAILED,
            f"Chỉ hoàn thành {_pct(done)} chỉ tiêu, nhiệm vụ (dưới {_pct(low)}){missed}.",
        )
