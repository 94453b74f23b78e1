"""Reporting periods: month, quarter, half-year, year and term, each a pair of dates (both
included) with the label a Vietnamese report prints ("Quý IV/2026", "6 tháng đầu năm 2026").

A term (nhiệm kỳ) is five years from a year ending in 0 or 5: the congresses of 2025 open the
term 2025–2030 and those of 2030 the next one, so as a period the term holds the years
2025–2029 (from 01/01/2025 to 31/12/2029) and periods never overlap; its label is
"Nhiệm kỳ 2025–2030".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models

ROMAN = ("I", "II", "III", "IV")
TERM_YEARS = 5


class PeriodKind(models.TextChoices):
    MONTH = "month", "Tháng"
    QUARTER = "quarter", "Quý"
    HALF = "half", "6 tháng"
    YEAR = "year", "Năm"
    TERM = "term", "Nhiệm kỳ"


# Months per period, for the kinds that are a whole number of months.
_MONTHS = {
    PeriodKind.MONTH: 1,
    PeriodKind.QUARTER: 3,
    PeriodKind.HALF: 6,
    PeriodKind.YEAR: 12,
    PeriodKind.TERM: 12 * TERM_YEARS,
}


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # included
    kind: str

    @property
    def label(self) -> str:
        kind, start = self.kind, self.start
        if kind == PeriodKind.MONTH:
            return f"Tháng {start.month:02d}/{start.year}"
        if kind == PeriodKind.QUARTER:
            return f"Quý {ROMAN[(start.month - 1) // 3]}/{start.year}"
        if kind == PeriodKind.HALF:
            half = "đầu" if start.month == 1 else "cuối"
            return f"6 tháng {half} năm {start.year}"
        if kind == PeriodKind.YEAR:
            return f"Năm {start.year}"
        return f"Nhiệm kỳ {start.year}–{start.year + TERM_YEARS}"

    @property
    def key(self) -> str:
        """The period in a URL or an API: "quarter:2026-10-01"."""
        return f"{self.kind}:{self.start.isoformat()}"

    def days(self) -> int:
        return (self.end - self.start).days + 1

    def elapsed_share(self, day: date) -> float:
        """How much of the period has passed by `day` (0 before it starts, 1 after it ends)."""
        if day < self.start:
            return 0.0
        if day >= self.end:
            return 1.0
        return ((day - self.start).days + 1) / self.days()

    def previous(self) -> Period:
        return period_of(self.kind, self.start - timedelta(days=1))

    def next(self) -> Period:
        return period_of(self.kind, self.end + timedelta(days=1))


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_of(kind: str, day: date) -> Period:
    """The period of `kind` that holds `day`."""
    if kind not in _MONTHS:
        raise ValueError(f"Loại kỳ không hợp lệ: {kind}")
    if kind == PeriodKind.TERM:
        first = day.year - day.year % TERM_YEARS
        return Period(date(first, 1, 1), date(first + TERM_YEARS - 1, 12, 31), kind)
    months = _MONTHS[PeriodKind(kind)]
    start = date(day.year, (day.month - 1) // months * months + 1, 1)
    return Period(start, _add_months(start, months) - timedelta(days=1), kind)


def periods_between(kind: str, start: date, end: date) -> Iterator[Period]:
    """Every period of `kind` that overlaps [start, end], in order."""
    period = period_of(kind, start)
    while period.start <= end:
        yield period
        period = period_of(kind, period.end + timedelta(days=1))


def parse_period(key: str) -> Period:
    """The period of a key ("quarter:2026-10-01", or "year:2026"); ValueError with a Vietnamese
    message when it does not parse."""
    kind, _, when = key.partition(":")
    if kind not in _MONTHS:
        raise ValueError(
            f"Kỳ «{key}» không hợp lệ: loại kỳ phải là một trong {', '.join(_MONTHS)}."
        )
    try:
        day = date.fromisoformat(when) if len(when) > 4 else date(int(when), 1, 1)
    except ValueError:
        raise ValueError(f"Kỳ «{key}» không hợp lệ: ngày phải viết yyyy-mm-dd.") from None
    return period_of(kind, day)
