"""Which indicator value is a target's (see dangbo.targets.measured): the sum of a count
over the window, or the latest value of anything else."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dangbo.indicators.models import Indicator
from dangbo.indicators.periods import Period, PeriodKind
from dangbo.targets import progress
from dangbo.targets.services.common import unit_key

PERCENT = "%"


@dataclass(frozen=True)
class Row:
    """One indicator value: its period and figure."""

    period: Period
    value: Decimal


@dataclass(frozen=True)
class Reading:
    """The value chosen for a target, with the series its forecast runs through."""

    value: Decimal
    period: Period
    label: str
    as_of: date
    series: tuple[progress.Point, ...]


def additive(indicator: Indicator) -> bool:
    """A count that adds up over periods (module docstring)."""
    return (
        unit_key(indicator.unit) != PERCENT
        and not indicator.denominator.strip()
        and not indicator.denominator_label.strip()
        and PeriodKind.TERM in (indicator.period_kinds or [])
    )


def _as_of(period: Period, today: date) -> date:
    return min(period.end, today)


def _sum(indicator: Indicator, rows: Sequence[Row], today: date) -> Reading | None:
    kinds = indicator.period_kinds or []
    kind = PeriodKind.YEAR if PeriodKind.YEAR in kinds else PeriodKind.TERM
    parts = sorted((r for r in rows if r.period.kind == kind), key=lambda r: r.period.start)
    if not parts:
        return None
    total, series = Decimal(0), []
    for row in parts:
        total += row.value
        series.append(progress.Point(_as_of(row.period, today), float(total)))
    first, last = parts[0].period, parts[-1].period
    if len(parts) == 1:
        label = last.label
    elif kind == PeriodKind.YEAR:
        label = f"Cộng các năm {first.start.year}–{last.start.year}"
    else:
        label = f"Cộng {len(parts)} nhiệm kỳ"
    return Reading(total, last, label, _as_of(last, today), tuple(series))


def _latest(rows: Sequence[Row], today: date) -> Reading | None:
    if not rows:
        return None
    chosen = max(rows, key=lambda r: (_as_of(r.period, today), r.period.days()))
    kind = chosen.period.kind
    same = sorted((r for r in rows if r.period.kind == kind), key=lambda r: r.period.start)
    series = tuple(progress.Point(_as_of(r.period, today), float(r.value)) for r in same)
    return Reading(
        chosen.value, chosen.period, chosen.period.label, _as_of(chosen.period, today), series
    )


def read(indicator: Indicator, rows: Sequence[Row], today: date) -> Reading | None:
    """The target's value among the rows of its window (module docstring)."""
    if additive(indicator):
        return _sum(indicator, rows, today)
    return _latest(rows, today)
