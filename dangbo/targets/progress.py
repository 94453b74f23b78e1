"""How far a target has come and where its trend leads: the published rules.

Every number the board shows is computed here, from plain values, with the formula written
out in Vietnamese next to it so a committee can check it by hand:

* Progress of a target with its own reports (`target_percent`):
  rising targets (≥, >, =):  (kết quả mới nhất − đầu kỳ) / (chỉ tiêu − đầu kỳ) × 100,
  with đầu kỳ = 0 when no baseline is given;
  falling targets (≤, <):   (đầu kỳ − kết quả mới nhất) / (đầu kỳ − chỉ tiêu) × 100.
  Clamped to 0–100. An annual target (kỳ "hằng năm") is judged on its latest period only.
* Progress of a parent target (`parent_percent`): the weighted mean of its children,
  Σ(trọng số × tiến độ con) / Σ trọng số; a child with no report counts 0%. A parent with no
  children uses its own reports.
* Forecast (`forecast`): a straight line fitted by least squares through the reported values
  (and the baseline, when dated), extended to the deadline; on track when the projected
  value reaches the target, at risk when it reaches at least 90% of the way, off track below.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from dangbo.core.formats import (
    format_date,
    format_figure,
    format_number,
    format_percent,
    format_quantity,
)
from dangbo.targets.models import Comparator, Period, Target

AT_RISK_FROM = 90.0  # % of the way reached by the deadline on the trend: "at risk", not "off"
FALLING = frozenset({Comparator.AT_MOST, Comparator.LESS_THAN})
PARENT_RULE = "Tiến độ chỉ tiêu cha = Σ(trọng số × tiến độ con) / Σ trọng số"
OWN_RULE_RISING = "Tiến độ = (kết quả mới nhất − giá trị đầu kỳ) / (chỉ tiêu − giá trị đầu kỳ)"
OWN_RULE_FALLING = "Tiến độ = (giá trị đầu kỳ − kết quả mới nhất) / (giá trị đầu kỳ − chỉ tiêu)"
DAYS_PER_MONTH = 30.4375


class Outlook:
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    ACHIEVED = "achieved"
    UNKNOWN = "unknown"


OUTLOOK_LABELS = {
    Outlook.ON_TRACK: "Đúng tiến độ",
    Outlook.AT_RISK: "Có nguy cơ chậm",
    Outlook.OFF_TRACK: "Chậm tiến độ",
    Outlook.ACHIEVED: "Đã đạt",
    Outlook.UNKNOWN: "Chưa đủ số liệu",
}
# Bootstrap colours of the badge for each outlook.
OUTLOOK_COLOURS = {
    Outlook.ON_TRACK: "success",
    Outlook.AT_RISK: "warning",
    Outlook.OFF_TRACK: "danger",
    Outlook.ACHIEVED: "primary",
    Outlook.UNKNOWN: "secondary",
}


@dataclass(frozen=True)
class Point:
    """One reported value (or the dated baseline)."""

    on: date
    value: float


@dataclass(frozen=True)
class Forecast:
    outlook: str
    explanation: str
    projected: float | None = None

    @property
    def label(self) -> str:
        return OUTLOOK_LABELS[self.outlook]

    @property
    def colour(self) -> str:
        return OUTLOOK_COLOURS[self.outlook]


@dataclass(frozen=True)
class Result:
    """The progress of one target, with the formula and numbers that produced it."""

    percent: float | None
    formula: str
    explanation: str
    forecast: Forecast
    latest: Point | None = None
    from_children: bool = False
    parts: tuple[tuple[Target, float, float], ...] = field(default=())  # child, weight, %

    @property
    def bar(self) -> int:
        """Whole percent for a progress bar."""
        return round(self.percent or 0)

    @property
    def percent_text(self) -> str:
        return "—" if self.percent is None else format_percent(self.percent)


def _num(x: float | Decimal) -> str:
    return format_figure(x)


SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "≈"}


def quantity(value: float | Decimal | None, unit: str) -> str:
    """A figure of a target with its unit, as everywhere: "95%", "400 đảng viên"."""
    return format_quantity(value, unit, 2)


def goal_text(target: Target) -> str:
    """The commitment in figures: "≥ 95%", "≥ 400 đảng viên", "≤ 2–3%"."""
    goal = quantity(target.value, target.unit)
    if target.value_max is not None:
        goal = f"{_num(target.value)}–{quantity(target.value_max, target.unit)}"
    return f"{SYMBOLS.get(target.comparator, '')} {goal}".strip()


def _clamp(x: float) -> float:
    return max(0.0, min(100.0, x))


def _baseline(target: Target) -> float:
    return float(target.baseline) if target.baseline is not None else 0.0


def percent_of(target: Target, value: float) -> float:
    """Progress (0–100) that `value` represents for this target; see the module docstring."""
    goal, base = float(target.value), _baseline(target)
    if target.comparator in FALLING:
        if target.baseline is None or base == goal:
            return 100.0 if met(target, value) else 0.0
        return _clamp((base - value) / (base - goal) * 100)
    if goal == base:
        return 100.0 if met(target, value) else 0.0
    return _clamp((value - base) / (goal - base) * 100)


def met(target: Target, value: float) -> bool:
    goal = float(target.value)
    outcomes: dict[str, bool] = {
        Comparator.AT_LEAST: value >= goal,
        Comparator.MORE_THAN: value > goal,
        Comparator.AT_MOST: value <= goal,
        Comparator.LESS_THAN: value < goal,
        Comparator.EQUAL: value >= goal,  # "khoảng", a range "từ … đến …": the lower bound
    }
    return outcomes.get(target.comparator, value >= goal)


def _explain(target: Target, latest: Point) -> tuple[str, str]:
    base, goal = _baseline(target), float(target.value)
    raw_percent = percent_of(target, latest.value)
    if target.comparator in FALLING:
        if target.baseline is None:
            return (
                "Chỉ tiêu giảm chưa có giá trị đầu kỳ: tiến độ là 100% khi đạt, 0% khi chưa đạt",
                f"Kết quả {_num(latest.value)} {target.unit} "
                f"{'đạt' if met(target, latest.value) else 'chưa đạt'} "
                f"chỉ tiêu {target.get_comparator_display()} {_num(goal)} {target.unit}.",
            )
        return OWN_RULE_FALLING, (
            f"({_num(base)} − {_num(latest.value)}) / ({_num(base)} − {_num(goal)}) "
            f"= {format_percent(raw_percent)} (tính đến {format_date(latest.on)})"
        )
    if goal == base:
        return OWN_RULE_RISING, "Chỉ tiêu bằng giá trị đầu kỳ: tiến độ 100% khi đạt."
    unclamped = (latest.value - base) / (goal - base) * 100
    text = (
        f"({_num(latest.value)} − {_num(base)}) / ({_num(goal)} − {_num(base)}) "
        f"= {format_percent(unclamped)}"
    )
    if unclamped != raw_percent:
        text += f", tính là {format_percent(raw_percent)}"
    note = "" if target.baseline is not None else "; chưa có giá trị đầu kỳ nên lấy 0"
    return OWN_RULE_RISING, f"{text} (tính đến {format_date(latest.on)}{note})"


def least_squares(points: Sequence[Point]) -> tuple[float, float]:
    """Slope (per day) and intercept (at the first point's day) of the fitted line."""
    origin = points[0].on
    xs = [(p.on - origin).days for p in points]
    ys = [p.value for p in points]
    n = len(points)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if sxx == 0:
        return 0.0, mean_y
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    return slope, mean_y - slope * mean_x


def _horizon(target: Target, latest: Point) -> date | None:
    """The day the trend is judged at: the deadline; for an annual target, the end of the
    latest report's year when that comes first."""
    if target.period == Period.ANNUAL:
        year_end = date(latest.on.year, 12, 31)
        return min(year_end, target.deadline) if target.deadline else year_end
    return target.deadline


def forecast(target: Target, points: Sequence[Point], today: date) -> Forecast:
    """Where the trend of reported values leads by the deadline (see the module docstring)."""
    if not points:
        return Forecast(Outlook.UNKNOWN, "Chưa có kết quả báo cáo.")
    latest = points[-1]
    reached = met(target, latest.value)
    horizon = _horizon(target, latest)
    goal = f"{target.get_comparator_display()} {quantity(target.value, target.unit)}"
    if horizon is None:
        if reached:
            return Forecast(Outlook.ACHIEVED, f"Kết quả mới nhất đã đạt chỉ tiêu {goal}.")
        return Forecast(Outlook.UNKNOWN, "Chỉ tiêu chưa có thời hạn nên không dự báo được.")
    if horizon < today or (target.period == Period.ANNUAL and latest.on >= horizon):
        outlook = Outlook.ACHIEVED if reached else Outlook.OFF_TRACK
        return Forecast(
            outlook,
            f"Đã đến hạn {format_date(horizon)}: kết quả {_num(latest.value)} {target.unit} "
            f"{'đạt' if reached else 'không đạt'} chỉ tiêu {goal}.",
            latest.value,
        )
    series = _trend_points(target, points)
    if len(series) < 2:
        if reached:
            return Forecast(
                Outlook.ON_TRACK,
                f"Kết quả {quantity(latest.value, target.unit)} đã đạt chỉ tiêu {goal}; "
                "cần thêm kỳ báo cáo để tính xu hướng.",
                latest.value,
            )
        return Forecast(
            Outlook.UNKNOWN, "Cần ít nhất 2 kỳ báo cáo (hoặc giá trị đầu kỳ có ngày) để dự báo."
        )
    slope, intercept = least_squares(series)
    days = (horizon - series[0].on).days
    projected = intercept + slope * days
    projected_percent = percent_of(target, projected)
    if met(target, projected):
        outlook = Outlook.ON_TRACK
    elif projected_percent >= AT_RISK_FROM:
        outlook = Outlook.AT_RISK
    else:
        outlook = Outlook.OFF_TRACK
    per_month = slope * DAYS_PER_MONTH
    direction = "tăng" if per_month > 0 else "giảm" if per_month < 0 else "đi ngang"
    explanation = (
        f"Đường xu hướng (bình phương tối thiểu qua {len(series)} điểm số liệu): "
        f"{direction} {_num(abs(per_month))} {target.unit}/tháng. "
        f"Dự báo đến {format_date(horizon)}: {_num(projected)} {target.unit} "
        f"(tiến độ {format_percent(projected_percent)}) so với chỉ tiêu {goal} → "
        f"{OUTLOOK_LABELS[outlook].lower()}. Có nguy cơ chậm khi dự báo đạt từ "
        f"{format_number(AT_RISK_FROM)}% đến dưới 100% tiến độ."
    )
    return Forecast(outlook, explanation, projected)


def _trend_points(target: Target, points: Sequence[Point]) -> list[Point]:
    """The values the trend runs through: annual targets only this year's, others all, and
    the baseline when it has a date before the first report."""
    latest = points[-1]
    if target.period == Period.ANNUAL:
        return [p for p in points if p.on.year == latest.on.year]
    series = list(points)
    if target.baseline is not None and target.baseline_on and target.baseline_on < points[0].on:
        series.insert(0, Point(target.baseline_on, float(target.baseline)))
    return series


def own_result(target: Target, points: Sequence[Point], today: date) -> Result:
    """Progress of a target from its own reports (points in date order)."""
    fc = forecast(target, points, today)
    if not points:
        rule = OWN_RULE_FALLING if target.comparator in FALLING else OWN_RULE_RISING
        return Result(None, rule, "Chưa có kết quả báo cáo.", fc)
    latest = points[-1]
    formula, explanation = _explain(target, latest)
    return Result(percent_of(target, latest.value), formula, explanation, fc, latest)


def parent_percent(parts: Iterable[tuple[float, float | None]]) -> float | None:
    """Σ(trọng số × tiến độ con) / Σ trọng số over (weight, percent) of the children; a child
    without a report counts 0%. None when there are no children."""
    rows = [(w, p or 0.0) for w, p in parts]
    total = sum(w for w, _ in rows)
    if not rows or total <= 0:
        return None
    return sum(w * p for w, p in rows) / total


def parent_result(target: Target, children: Sequence[tuple[Target, Result]], own: Result) -> Result:
    parts = tuple((child, float(child.weight), r.percent or 0.0) for child, r in children)
    percent = parent_percent((w, p) for _, w, p in parts)
    terms = " + ".join(f"{_num(w)} × {format_percent(p)}" for _, w, p in parts)
    total = sum(w for _, w, _ in parts)
    explanation = f"({terms}) / {_num(total)} = {format_percent(percent or 0)}"
    if any(r.percent is None for _, r in children):
        explanation += "; chỉ tiêu con chưa có báo cáo tính 0%"
    outlooks = [r.forecast.outlook for _, r in children]
    worst = next(
        (o for o in (Outlook.OFF_TRACK, Outlook.AT_RISK, Outlook.UNKNOWN) if o in outlooks),
        Outlook.ON_TRACK,
    )
    if all(o == Outlook.ACHIEVED for o in outlooks):
        worst = Outlook.ACHIEVED
    fc = Forecast(worst, "Dự báo của chỉ tiêu cha là dự báo kém nhất trong các chỉ tiêu con.")
    return Result(percent, PARENT_RULE, explanation, fc, own.latest, True, parts)


def results(
    targets: Sequence[Target],
    points_of: Mapping[int, Sequence[Point]],
    today: date,
) -> dict[int, Result]:
    """Progress of every target of a document: leaves from their reports, parents by the
    weighted rule. `points_of[target.pk]` are its reported values in date order."""
    by_parent: dict[int | None, list[Target]] = {}
    for target in targets:
        by_parent.setdefault(target.parent_id, []).append(target)
    done: dict[int, Result] = {}

    def visit(target: Target, depth: int) -> Result:
        if target.pk in done:
            return done[target.pk]
        own = own_result(target, points_of.get(target.pk, ()), today)
        kids = by_parent.get(target.pk, [])
        if kids and depth < 20:  # depth guard: parents are checked acyclic by the services
            result = parent_result(target, [(k, visit(k, depth + 1)) for k in kids], own)
        else:
            result = own
        done[target.pk] = result
        return result

    for target in targets:
        visit(target, 0)
    return done
