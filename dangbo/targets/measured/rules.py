"""The rules of a measured target, from plain values: the status, the forecast and the
sentence that shows them with their numbers (see dangbo.targets.measured)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dangbo.core.formats import format_date, format_quantity
from dangbo.indicators.models import Indicator
from dangbo.targets import progress
from dangbo.targets.measured.reading import PERCENT, Reading
from dangbo.targets.models import Comparator, Target
from dangbo.targets.services.common import unit_key

AT_RISK_GAP = Decimal("0.1")  # a forecast missing by at most 10% of the target is at risk
SYMBOLS: dict[str, str] = {
    Comparator.AT_LEAST: "≥",
    Comparator.MORE_THAN: ">",
    Comparator.AT_MOST: "≤",
    Comparator.LESS_THAN: "<",
    Comparator.EQUAL: "≥",  # "khoảng": read as its lower bound, as targets.progress does
}
NEGATIONS = {"≥": "<", ">": "≤", "≤": ">", "<": "≥"}


class Status:
    MET = "met"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"


STATUS_LABELS = {
    Status.MET: "Đạt",
    Status.ON_TRACK: "Đúng tiến độ",
    Status.AT_RISK: "Có nguy cơ",
    Status.OFF_TRACK: "Chậm tiến độ",
    Status.NO_DATA: "Chưa có số liệu",
}
STATUS_COLOURS = {
    Status.MET: "primary",
    Status.ON_TRACK: "success",
    Status.AT_RISK: "warning",
    Status.OFF_TRACK: "danger",
    Status.NO_DATA: "secondary",
}
RULE = (
    "Đạt: giá trị hiện tại đã đạt chỉ tiêu. Đúng tiến độ: dự báo đến hạn đạt chỉ tiêu và giá "
    "trị hiện tại không kém mức cần đạt (đầu kỳ + (chỉ tiêu − đầu kỳ) × phần thời gian đã "
    "qua). Có nguy cơ: dự báo đạt nhưng hiện tại kém mức cần đạt, hoặc dự báo thiếu không quá "
    "10% chỉ tiêu. Chậm tiến độ: các trường hợp còn lại."
)


def figure(value: Decimal | float | None, unit: str) -> str:
    """96.25 "%" → "96,3%", and "phần trăm" reads as "%" too; "—" for nothing."""
    return format_quantity(value, PERCENT if unit_key(unit) == PERCENT else unit)


def falling(target: Target) -> bool:
    return target.comparator in progress.FALLING


def satisfies(target: Target, value: Decimal) -> bool:
    return progress.met(target, float(value))


def _clamp(target: Target, indicator: Indicator, value: Decimal) -> Decimal:
    low = indicator.min_value if indicator.min_value is not None else Decimal(0)
    high = indicator.max_value
    if unit_key(target.unit) == PERCENT:
        high = Decimal(100) if high is None else min(high, Decimal(100))
    value = max(low, value)
    return value if high is None else min(high, value)


def forecast(
    target: Target, indicator: Indicator, reading: Reading, horizon: date, today: date
) -> tuple[Decimal, str]:
    """The value expected at `horizon` and how it was drawn (module docstring)."""
    unit, when = target.unit, format_date(horizon)
    series = reading.series
    if today >= horizon:
        return reading.value, f"Đã hết kỳ ({when}): lấy giá trị hiện tại."
    if len(series) >= 2:
        slope, intercept = progress.least_squares(series)
        raw = intercept + slope * (horizon - series[0].on).days
        method = (
            f"Đường thẳng bình phương tối thiểu qua {len(series)} kỳ số liệu, kéo dài đến {when}."
        )
    elif (
        target.baseline is not None
        and target.baseline_on is not None
        and target.baseline_on < reading.as_of
    ):
        base = float(target.baseline)
        days = (reading.as_of - target.baseline_on).days
        slope = (float(reading.value) - base) / days
        raw = float(reading.value) + slope * (horizon - reading.as_of).days
        method = (
            f"Đường thẳng từ giá trị đầu kỳ {figure(target.baseline, unit)} "
            f"({format_date(target.baseline_on)}) qua {figure(reading.value, unit)} "
            f"({format_date(reading.as_of)}), kéo dài đến {when}."
        )
    else:
        return reading.value, (
            "Chưa đủ số liệu để tính xu hướng (cần 2 kỳ hoặc giá trị đầu kỳ có ngày): "
            "lấy giá trị hiện tại."
        )
    value = Decimal(repr(raw)).quantize(Decimal("0.01"))
    return _clamp(target, indicator, value), method


def status(target: Target, value: Decimal, expected_now: Decimal, projected: Decimal) -> str:
    """The status of the module docstring, from plain numbers."""
    if satisfies(target, value):
        return Status.MET
    if satisfies(target, projected):
        ahead = value <= expected_now if falling(target) else value >= expected_now
        return Status.ON_TRACK if ahead else Status.AT_RISK
    if abs(target.value - projected) <= AT_RISK_GAP * abs(target.value):
        return Status.AT_RISK
    return Status.OFF_TRACK


def formula(
    target: Target,
    state: str,
    reading: Reading,
    expected_now: Decimal,
    projected: Decimal,
    horizon: date,
) -> str:
    """The rule applied, with the numbers: «Dự báo đến 31/12/2030: 96,2% ≥ 95% và hiện đạt
    93% ≥ mức cần đạt 92,1% → Đúng tiến độ»."""
    unit = target.unit
    sym = SYMBOLS.get(target.comparator, "≥")
    goal, now, then = (
        figure(target.value, unit),
        figure(reading.value, unit),
        figure(projected, unit),
    )
    need = figure(expected_now, unit)
    ahead = "≤" if falling(target) else "≥"
    label = STATUS_LABELS[state]
    if state == Status.MET:
        return f"Hiện đạt {now} {sym} {goal} ({reading.label}) → {label}"
    head = f"Dự báo đến {format_date(horizon)}: {then}"
    if state == Status.ON_TRACK:
        return f"{head} {sym} {goal} và hiện đạt {now} {ahead} mức cần đạt {need} → {label}"
    if satisfies(target, projected):
        return (
            f"{head} {sym} {goal} nhưng hiện đạt {now} {NEGATIONS[ahead]} mức cần đạt "
            f"{need} → {label}"
        )
    gap = figure(abs(target.value - projected), unit)
    tenth = figure(AT_RISK_GAP * abs(target.value), unit)
    within = "không quá" if state == Status.AT_RISK else "quá"
    return (
        f"{head} {NEGATIONS[sym]} {goal}, cách chỉ tiêu {gap} ({within} 10% chỉ tiêu = "
        f"{tenth}) → {label}"
    )
