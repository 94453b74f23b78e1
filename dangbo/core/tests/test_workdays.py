from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangbo.core.models import Holiday
from dangbo.core.workdays import (
    WorkCalendar,
    add_months,
    add_working_days,
    calendar_from,
    is_working_day,
    working_days_between,
)

START = date(2024, 1, 1)
END = date(2030, 12, 31)
days = st.dates(min_value=START, max_value=date(2027, 12, 31))
holiday_sets = st.frozensets(st.dates(min_value=START, max_value=END), max_size=60)


def _calendar(off: frozenset[date]) -> WorkCalendar:
    return calendar_from(START, END, off)


@given(start=days, n=st.integers(min_value=1, max_value=200), off=holiday_sets)
def test_adding_working_days_lands_on_a_working_day(start: date, n: int, off: frozenset) -> None:
    cal = _calendar(off)

    end = cal.add_working_days(start, n)

    assert cal.is_working_day(end)
    assert end > start
    assert cal.working_days_between(start, end) == n


@given(start=days, n=st.integers(min_value=0, max_value=150), off=holiday_sets)
def test_adding_more_working_days_never_ends_earlier(start: date, n: int, off: frozenset) -> None:
    cal = _calendar(off)

    assert cal.add_working_days(start, n) <= cal.add_working_days(start, n + 1)
    assert cal.add_working_days(start, n) <= cal.add_working_days(start + timedelta(days=1), n)


@given(a=days, b=days, off=holiday_sets)
def test_counting_is_antisymmetric(a: date, b: date, off: frozenset) -> None:
    cal = _calendar(off)

    assert cal.working_days_between(a, b) == -cal.working_days_between(b, a)


def test_the_31st_plus_one_month_is_the_last_day_of_the_next_month() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)
    assert add_months(date(2024, 6, 1), 12) == date(2025, 6, 1)


@pytest.mark.django_db
def test_national_day_and_tet_are_days_off_from_the_holiday_table() -> None:
    assert not is_working_day(date(2025, 9, 2))
    assert not is_working_day(date(2025, 9, 1))  # the adjacent day of Quốc khánh 2025
    assert not is_working_day(date(2025, 1, 29))  # Tết Ất Tỵ
    assert is_working_day(date(2025, 9, 3))


@pytest.mark.django_db
def test_a_saturday_worked_to_make_up_a_swap_counts_as_a_working_day() -> None:
    # 26/4/2025 was worked so that 2/5/2025 could be taken off.
    assert is_working_day(date(2025, 4, 26))
    assert not is_working_day(date(2025, 5, 2))


@pytest.mark.django_db
def test_a_new_holiday_row_moves_a_deadline() -> None:
    before = add_working_days(date(2028, 3, 6), 5)
    Holiday.objects.create(date=date(2028, 3, 8), name="Ngày nghỉ thử")

    assert add_working_days(date(2028, 3, 6), 5) == before + timedelta(days=1)
    assert working_days_between(date(2028, 3, 6), before + timedelta(days=1)) == 5


@pytest.mark.django_db
def test_a_long_count_reloads_a_longer_calendar() -> None:
    end = add_working_days(date(2024, 1, 1), 700)

    assert working_days_between(date(2024, 1, 1), end) == 700
