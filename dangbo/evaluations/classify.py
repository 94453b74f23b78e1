"""What the rules allow for one member: pure functions over the facts of the year, so the
worked cases of regulations.md §1.6 are tested without a database.

`classify` returns the best rating the rules allow and every reason that capped it; the cell
may propose that rating or a lower one (with a reason), never a higher one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from dangbo.core.formats import format_date, format_figure
from dangbo.evaluations.models import RANK, SHORT, Rating
from dangbo.evaluations.rules import RuleSet


@dataclass(frozen=True)
class Facts:
    year: int
    evaluated_on: date  # the day the cell rates (the round's cell deadline, else 31/12)
    admitted_on: date | None
    score: Decimal | None = None  # the cell's agreed score, on rules with a scale
    proposed: str = ""  # the cell's proposal, on rules without a scale
    tasks_done_pct: Decimal | None = None
    tasks_exceeding_pct: Decimal | None = None
    tasks_on_time: bool = True
    criteria_poor: bool = False
    sick_leave_days: int = 0
    # Maternity leave never counts as sick leave; the rating reflects the time actually worked.
    maternity_leave_days: int = 0
    disciplined_on: date | None = None  # a discipline of the year not counted before


@dataclass
class Outcome:
    rating: str  # "" when not rated, or when nothing was given to rate on
    not_rated: bool = False
    reasons: list[str] = field(default_factory=list)

    def cap(self, ceiling: str, reason: str) -> None:
        if self.rating and RANK[Rating(self.rating)] > RANK[Rating(ceiling)]:
            self.rating = ceiling
            self.reasons.append(reason)


def months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end` (15/8 → 14/12 is 3, → 15/2 next year is 6)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (end.day < start.day)


def classify(rules: RuleSet, facts: Facts) -> Outcome:
    if facts.admitted_on is not None and (
        months_between(facts.admitted_on, facts.evaluated_on) < rules.min_months_since_admission
    ):
        return Outcome(
            "",
            not_rated=True,
            reasons=[
                f"Kết nạp ngày {format_date(facts.admitted_on)}, chưa đủ "
                f"{rules.min_months_since_admission} tháng: không xếp loại, vẫn kiểm điểm."
            ],
        )
    outcome = _start(rules, facts)
    if facts.maternity_leave_days > 0 and rules.maternity_on_time_worked:
        outcome.reasons.append(
            f"Nghỉ thai sản {facts.maternity_leave_days} ngày: xếp loại theo kết quả thời gian "
            "làm việc thực tế."
        )
    if not outcome.rating:
        return outcome
    _excellent_conditions(rules, facts, outcome)
    if rules.good_needs_on_time and not facts.tasks_on_time:
        outcome.cap(Rating.SATISFACTORY, "Có nhiệm vụ chưa hoàn thành đúng hạn: tối đa HTNV.")
    if rules.sick_leave_cap_days is not None and facts.sick_leave_days >= rules.sick_leave_cap_days:
        outcome.cap(
            Rating.SATISFACTORY,
            f"Nghỉ ốm {facts.sick_leave_days} ngày trong năm (từ {rules.sick_leave_cap_days} "
            "ngày): không xếp loại HTTNV trở lên.",
        )
    _failed_triggers(rules, facts, outcome)
    return outcome


def _start(rules: RuleSet, facts: Facts) -> Outcome:
    if rules.scored:
        if facts.score is None:
            return Outcome("", reasons=["Chưa có điểm chi bộ thống nhất."])
        rating = rules.rating_for_score(facts.score)
        return Outcome(
            rating, reasons=[f"{format_figure(facts.score)} điểm: mức {SHORT[Rating(rating)]}."]
        )
    if not facts.proposed:
        return Outcome("", reasons=["Chưa có mức chi bộ đề xuất."])
    return Outcome(facts.proposed, reasons=[])


def _excellent_conditions(rules: RuleSet, facts: Facts, outcome: Outcome) -> None:
    if outcome.rating != Rating.EXCELLENT or rules.excellent_min_exceeding_pct is None:
        return
    need = rules.excellent_min_exceeding_pct
    done_all = facts.tasks_done_pct is None or facts.tasks_done_pct >= 100
    exceeding = facts.tasks_exceeding_pct or Decimal(0)
    if done_all and facts.tasks_on_time and exceeding >= need:
        return
    fallback = Rating.GOOD if done_all and facts.tasks_on_time else Rating.SATISFACTORY
    outcome.cap(
        fallback,
        f"HTXSNV cần hoàn thành 100% nhiệm vụ đúng hạn, trong đó ít nhất "
        f"{format_figure(need)}% vượt mức (đạt {format_figure(exceeding)}%).",
    )


def _failed_triggers(rules: RuleSet, facts: Facts, outcome: Outcome) -> None:
    if rules.failed_if_disciplined and facts.disciplined_on is not None:
        outcome.cap(
            Rating.FAILED,
            f"Bị thi hành kỷ luật ngày {format_date(facts.disciplined_on)} trong năm.",
        )
    low = rules.failed_below_tasks_pct
    if low is not None and facts.tasks_done_pct is not None and facts.tasks_done_pct < low:
        outcome.cap(
            Rating.FAILED,
            f"Chỉ hoàn thành {format_figure(facts.tasks_done_pct)}% nhiệm vụ "
            f"(dưới {format_figure(low)}%).",
        )
    if rules.failed_if_criterion_poor and facts.criteria_poor:
        outcome.cap(Rating.FAILED, "Có tiêu chí bị đánh giá mức kém.")
