"""Vietnamese date and number formats: dd/mm/yyyy, dot thousands, comma decimals (no Django)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangbo.core.formats import (
    format_date,
    format_figure,
    format_number,
    format_percent,
    parse_date,
    parse_number,
)

# --- dates -----------------------------------------------------------------------------------


def test_dates_are_shown_day_first_with_zero_padding() -> None:
    assert format_date(date(2025, 3, 5)) == "05/03/2025"


def test_a_missing_date_is_shown_as_empty_text() -> None:
    assert format_date(None) == ""


def test_a_datetime_is_shown_by_its_date_only() -> None:
    assert format_date(datetime(2025, 12, 31, 23, 59)) == "31/12/2025"


def test_early_years_keep_four_digits() -> None:
    assert format_date(date(5, 1, 9)) == "09/01/0005"


@pytest.mark.parametrize(
    "text",
    ["05/03/2025", "5/3/2025", "05-03-2025", "05.03.2025", "2025-03-05", "  05/03/2025\t"],
)
def test_dates_are_read_in_every_accepted_spelling(text: str) -> None:
    assert parse_date(text) == date(2025, 3, 5)


def test_a_leap_day_is_accepted_in_a_leap_year() -> None:
    assert parse_date("29/02/2024") == date(2024, 2, 29)


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2025",  # impossible day
        "29/02/2025",  # not a leap year
        "05/13/2025",  # month 13: probably typed month-first
        "00/01/2025",
        "05/03/25",  # two-digit year is ambiguous for birth dates
        "05/03-2025",  # mixed separators
        "2025/03/05",
        "2025-3-5",
        "5 tháng 3 năm 2025",
        "",
        "hôm nay",
    ],
)
def test_anything_else_is_refused_with_a_vietnamese_message(text: str) -> None:
    with pytest.raises(ValueError, match="Ngày không hợp lệ") as error:
        parse_date(text)
    assert "dd/mm/yyyy" in str(error.value)


def test_the_error_message_quotes_what_the_user_typed() -> None:
    with pytest.raises(ValueError) as error:
        parse_date(" 31/02/2025 ")
    assert str(error.value) == "Ngày không hợp lệ: «31/02/2025». Nhập theo dạng dd/mm/yyyy."


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_every_formatted_date_reads_back_as_the_same_date(d: date) -> None:
    assert parse_date(format_date(d)) == d


# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234567, 0, "1.234.567"),
        (1234.5, 1, "1.234,5"),
        (Decimal("1234.5"), 2, "1.234,50"),
        (-1234567.891, 2, "-1.234.567,89"),
        (999, 0, "999"),
        (0, 0, "0"),
        (0.5, 0, "1"),
        (2.675, 2, "2,68"),
        (Decimal("-0.001"), 2, "0,00"),
        (Decimal("1E+3"), 0, "1.000"),
    ],
)
def test_numbers_use_dot_thousands_and_comma_decimals(
    value: int | float | Decimal, decimals: int, expected: str
) -> None:
    assert format_number(value, decimals) == expected


def test_halves_round_up_as_taught_in_school_not_to_even() -> None:
    assert format_number(Decimal("2.5")) == "3"
    assert format_number(Decimal("-2.5")) == "-3"


def test_very_large_amounts_are_formatted_exactly() -> None:
    assert format_number(Decimal("12345678901234567890123456789.5"), 1) == (
        "12.345.678.901.234.567.890.123.456.789,5"
    )


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("NaN")])
def test_numbers_that_are_not_finite_cannot_be_formatted(value: float | Decimal) -> None:
    with pytest.raises(ValueError):
        format_number(value)


def test_negative_decimal_places_are_a_programming_error() -> None:
    with pytest.raises(ValueError):
        format_number(1, -1)


def test_percentages_take_the_percent_value_and_show_one_decimal() -> None:
    assert format_percent(87.5) == "87,5%"
    assert format_percent(Decimal("100")) == "100,0%"
    assert format_percent(33.333, 2) == "33,33%"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,5", "1234.5"),
        ("1234,5", "1234.5"),
        ("1 234,5", "1234.5"),
        ("1\u00a0234\u00a0567", "1234567"),
        ("1234", "1234"),
        ("-12,25", "-12.25"),
        ("\u22123,5", "-3.5"),
        ("+7", "7"),
        ("  42 ", "42"),
        ("1.234", "1234"),
        ("1.234.567", "1234567"),
        ("1.234.567,891", "1234567.891"),
        ("1234.5", "1234.5"),
        ("1.23", "1.23"),
        ("0.500", "0.5"),
        ("12345.678", "12345.678"),
        ("1,234", "1.234"),
        ("-0", "0"),
    ],
)
def test_numbers_are_read_the_vietnamese_way(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)


def test_a_single_dot_before_exactly_three_digits_groups_thousands() -> None:
    assert parse_number("1.234") == 1234
    assert parse_number("1.2345") == Decimal("1.2345")


@pytest.mark.parametrize(
    "text",
    ["", "abc", "1,234.5", "1.2.3", "12 34", "1.234,", ",5", "1..2", "1,2,3", "- 5", "12a", "5%"],
)
def test_garbage_numbers_are_refused_with_a_vietnamese_message(text: str) -> None:
    with pytest.raises(ValueError, match="Số không hợp lệ"):
        parse_number(text)


def test_non_ascii_digits_are_refused() -> None:
    with pytest.raises(ValueError):
        parse_number("١٢٣")


decimals_to_format = st.decimals(
    min_value=Decimal("-1e15"), max_value=Decimal("1e15"), allow_nan=False, allow_infinity=False
)


@given(decimals_to_format)
def test_every_formatted_number_reads_back_as_the_rounded_value(x: Decimal) -> None:
    rounded = x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert parse_number(format_number(x, 2)) == rounded


@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_every_formatted_integer_reads_back_unchanged(n: int) -> None:
    assert parse_number(format_number(n)) == n


def test_a_figure_drops_trailing_zeros_the_way_people_write_it() -> None:
    assert format_figure(Decimal("89.90")) == "89,9"
    assert format_figure(Decimal("95.00")) == "95"
    assert format_figure(97.5) == "97,5"
    assert format_figure(1234.567) == "1.234,57"
    assert format_figure(1000) == "1.000"
    assert format_figure(Decimal("0.004")) == "0"
