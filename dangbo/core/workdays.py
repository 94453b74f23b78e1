"""The Vietnamese working-day calendar, for deadlines counted "trong thời hạn N ngày làm việc".

A working day is Monday–Friday, except public holidays and swapped days off, plus the
Saturdays worked to make up a swap. The exceptions are DATA: rows of `dangbo.core.models.Holiday`
(loaded for 2024–2027 by the migration core.0002; Tết and Giỗ Tổ Hùng Vương follow the lunar
calendar and the yearly swap notices, so each year is entered as dated rows, never computed).

Counting: `add_working_days(start, n)` is the n-th working day AFTER `start` (the start day itself
is not counted, as "kể từ ngày" deadlines are read), and `working_days_between(a, b)` counts the
working days d with a < d ≤ b, so `working_days_between(a, add_working_days(a, n)) == n`.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """Same day `months` later; the 31st becomes the month's last day (31/1 + 1 → 28/2)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


class CalendarTooShort(Exception):
    """A computation walked past the dates the calendar was loaded for."""


@dataclass(frozen=True)
class WorkCalendar:
    """Working days between `starts` and `ends` (inclusive), given the exceptions in that span."""

    starts: date
    ends: date
    days_off: frozenset[date] = field(default_factory=frozenset)
    working_weekend_days: frozenset[date] = field(default_factory=frozenset)

    def _check(self, day: date) -> None:
        if not self.starts <= day <= self.ends:
            raise CalendarTooShort(day)

    def is_working_day(self, day: date) -> bool:
        self._check(day)
        if day in self.working_weekend_days:
            return True
        return day.weekday() < 5 and day not in self.days_off

    def add_working_days(self, start: date, n: int) -> date:
        if n < 0:
            raise ValueError("n must be ≥ 0")
        day = start
        while n > 0:
            day += ONE_DAY
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Working days d with a < d ≤ b (negative when b is before a)."""
        if b < a:
            return -self.working_days_between(b, a)
        count, day = 0, a
        while day < b:
            day += ONE_DAY
            count += self.is_working_day(day)
        return count


def calendar_from(
    starts: date, ends: date, days_off: Iterable[date], working_weekend_days: Iterable[date] = ()
) -> WorkCalendar:
    return WorkCalendar(starts, ends, frozenset(days_off), frozenset(working_weekend_days))


def load_calendar(starts: date, ends: date) -> WorkCalendar:
    """The calendar for [starts, ends] from the Holiday table: one query."""
    from dangbo.core.models import Holiday  # models need the app registry; this module not

    off: list[date] = []
    worked: list[date] = []
    for day, is_off in Holiday.objects.filter(date__range=(starts, ends)).values_list(
        "date", "is_day_off"
    ):
        (off if is_off else worked).append(day)
    return calendar_from(starts, ends, off, worked)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start`, by the Holiday table."""
    span = 2 * n + 31  # 5 of every 7 days work; a Tết week and its neighbours fit in the margin
    while True:
        try:
            return load_calendar(start, start + timedelta(days=span)).add_working_days(start, n)
        except CalendarTooShort:
            span *= 2


def working_days_between(a: date, b: date) -> int:
    low, high = min(a, b), max(a, b)
    return load_calendar(low, high).working_days_between(a, b)


def is_working_day(day: date) -> bool:
    return load_calendar(day, day).is_working_day(day)
