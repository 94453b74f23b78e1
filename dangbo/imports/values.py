"""Read one spreadsheet cell into a typed value, or say in Vietnamese why it cannot be read.

Rolls were typed by hand over many years: the same column holds 05/03/1975, 5-3-75, a year alone,
an Excel serial number or "ngày 05 tháng 3 năm 1975"; identity numbers lost their leading zeros
when Excel took them for numbers. Each reader here accepts what people really type and refuses
anything it would have to guess, raising ValueError with a complete Vietnamese reason that quotes
the value as the user sees it. Pure Python: these run on 100,000 rows x ~25 columns, so the common
cases (a date cell, a "dd/mm/yyyy" string) are settled by one isinstance or one compiled regex.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import TypeAlias

from dangbo.core.formats import format_date, parse_number
from dangbo.core.text import fold

__all__ = [
    "CellValue",
    "code",
    "day",
    "number",
    "text",
]

CellValue: TypeAlias = str | int | float | bool | date | datetime | time | None

# --- text ------------------------------------------------------------------------------------


def _float_text(x: float) -> str:
    # Below 1e15 every integral float is exact, so "12345678901.0" can be shown as the digits.
    if math.isfinite(x) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def _time_text(t: time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}" + (f":{t.second:02d}" if t.second else "")


_ESCAPED_FORMULA = re.compile(r"'[=+\-@]")


def text(raw: CellValue) -> str:
    """The cell as text, whitespace runs collapsed: pasted names carry double, no-break spaces."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        text_ = " ".join(raw.split())
        if text_[:1] == "'" and _ESCAPED_FORMULA.match(text_):
            # "'=1+2": the apostrophe our CSV exports (and spreadsheets) put before text that
            # would otherwise be run as a formula; the text is what follows it.
            return text_[1:]
        return text_
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"  # what Excel shows for a logical cell
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        return _float_text(raw)
    if isinstance(raw, datetime):
        if raw.time() == time(0):
            return format_date(raw)
        return f"{format_date(raw)} {_time_text(raw.time())}"
    if isinstance(raw, date):
        return format_date(raw)
    return _time_text(raw)


# --- codes -----------------------------------------------------------------------------------

# Spaces, dots and dashes people put inside long numbers to read them ("012.345.678.901").
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:([.,\u00a0 ])\d{3})(?:\1\d{3})+", re.ASCII)
_CODE_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015]+")
# A number Excel showed in scientific form and a CSV export kept that way: "1,23457E+11".
_SCIENTIFIC = re.compile(r"(\d)(?:[.,](\d+))?[eE]\+?(\d{1,2})", re.ASCII)
_DIGITS_PATTERN = re.compile(r"\\d\{(\d+)\}")


# Excel keeps 15 significant digits: a longer number in a numeric cell has lost its tail.
_EXCEL_DIGITS = 15


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _code_error(label: str, shown: str) -> ValueError:
    return ValueError(f"{label} «{shown}» không đúng định dạng.")


def _digits_lost(label: str, shown: str) -> ValueError:
    return ValueError(
        f"{label} «{shown}» đã bị Excel đổi thành số và mất chữ số: "
        "định dạng cột này là Văn bản (Text), nhập lại đúng số rồi lưu lại tệp."
    )


def _from_scientific(match: re.Match[str], shown: str, label: str) -> str:
    lead, fraction, exponent = match.group(1), match.group(2) or "", int(match.group(3))
    if len(fraction) != exponent:
        # Fewer digits than the exponent means Excel rounded the number for display and the
        # CSV kept the rounded text: the lost digits cannot be recovered.
        raise _digits_lost(label, shown)
    return lead + fraction


def code(
    raw: CellValue,
    *,
    digits: int | None = None,
    pattern: str | None = None,
    label: str,
    expected: str | None = None,
) -> str:
    """An identifier made of digits (party card, CCCD, phone) that must keep its leading zeros.

    Excel turns "012345678901" into the number 12345678901 unless the column was formatted as
    text. Only numeric cells are padded back to `digits`: a text cell of digits is what the user
    typed, zeros and all, and a short one is an error to report, not to fix. `pattern` is a regex
    the result must fullmatch; `expected` completes the refusal "… phải <expected>." (by default
    derived from a plain r"\\d{n}" pattern, else "không đúng định dạng").
    """
    numeric = False
    if raw is None:
        return ""
    if isinstance(raw, str) and raw.isascii() and raw.isdigit():
        shown = value = raw  # the common case: digits typed into a text column
    elif isinstance(raw, str):
        shown = " ".join(raw.split())
        # A leading apostrophe is how people force text in Excel; it leaks into CSV exports.
        value = shown.removeprefix("'").strip()
        if not value:
            return ""
        squeezed = _CODE_SEPARATORS.sub("", value)
        if squeezed.isascii() and squeezed.isdigit():
            # "84.176.410.645" is a number Excel formatted with thousands separators (and
            # so dropped its leading zero): padded like a numeric cell.
            numeric = bool(_GROUPED_NUMBER.fullmatch(value))
            value = squeezed
        elif match := _SCIENTIFIC.fullmatch(value):
            value, numeric = _from_scientific(match, shown, label), True
    elif isinstance(raw, bool | date | time):
        raise _code_error(label, text(raw))
    elif isinstance(raw, int):
        shown = value = str(raw)
        numeric = True
    else:
        shown = _float_text(raw)
        if not (math.isfinite(raw) and raw.is_integer()):
            raise _code_error(label, shown)
        value, numeric = str(int(raw)), True
    if numeric:
        if value.startswith("-"):
            raise _code_error(label, shown)
        if len(value) > _EXCEL_DIGITS:
            raise _digits_lost(label, shown)
        if digits is not None and len(value) < digits:
            value = value.zfill(digits)
    if pattern is not None and _compiled(pattern).fullmatch(value) is None:
        if expected is None and (plain := _DIGITS_PATTERN.fullmatch(pattern)):
            expected = f"gồm đúng {plain.group(1)} chữ số"
        if expected is None:
            raise _code_error(label, shown)
        raise ValueError(f"{label} «{shown}» phải {expected}.")
    return value


# --- dates -----------------------------------------------------------------------------------

_TIME_TAIL = r"(?:[ Tt]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"  # exports of datetimes: "… 00:00:00"
_DMY = re.compile(rf"(\d{{1,2}})([/.-])(\d{{1,2}})\2(\d{{4}}){_TIME_TAIL}", re.ASCII)
_YMD = re.compile(rf"(\d{{4}})([/.-])(\d{{1,2}})\2(\d{{1,2}}){_TIME_TAIL}", re.ASCII)
_DMY_SHORT = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2})", re.ASCII)
_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{4})", re.ASCII)
_YEAR_MONTH = re.compile(r"(\d{4})[/.-](\d{1,2})", re.ASCII)
_YEAR = re.compile(r"\d{4}", re.ASCII)
# "ngày 05 tháng 3 năm 1975" once folded: the words become separators.
_DATE_WORDS = re.compile(r"\s*(?:ngay|thang|nam|,)\s*")
_SLASHES = re.compile(r"/+")

# Day 0 of Excel's 1900 date system as counted from March 1900 on; earlier serials are off by
# one for Excel's fictional 29/02/1900, and are refused as before 1900 anyway.
_EXCEL_EPOCH = date(1899, 12, 30)
_MAX_SERIAL = 2958465  # 31/12/9999
_MIN_YEAR = 1900
_MIN_DATE = date(_MIN_YEAR, 1, 1)


def _unreadable_date(shown: str) -> ValueError:
    return ValueError(f"Không đọc được ngày «{shown}»: nhập dd/mm/yyyy.")


def _make_date(year: int, month: int, day_: int, shown: str) -> date:
    try:
        return date(year, month, day_)
    except ValueError:
        raise ValueError(f"Ngày «{shown}» không có thật.") from None


def _checked(value: date, partial: bool, shown: str, today: date) -> tuple[date, bool]:
    if value.year < _MIN_YEAR:
        raise ValueError(f"Ngày «{shown}» trước năm {_MIN_YEAR}: kiểm tra lại năm.")
    if value > today:
        raise ValueError(f"Ngày «{shown}» sau ngày hôm nay.")
    return value, partial


def _short_year(yy: int, today: date) -> int:
    return 2000 + yy if 2000 + yy <= today.year else 1900 + yy


def _day_from_number(value: int, fraction: bool, shown: str, today: date) -> tuple[date, bool]:
    # A four-digit number is far more often a year typed alone than a serial of 1902-1927.
    if not fraction and 1000 <= value <= today.year:
        return _checked(_make_date(value, 1, 1, shown), True, shown, today)
    if 1 <= value <= _MAX_SERIAL:
        return _checked(_EXCEL_EPOCH + timedelta(days=value), False, shown, today)
    raise _unreadable_date(shown)


def _day_from_text(s: str, today: date) -> tuple[date, bool]:
    if match := _DMY.fullmatch(s):
        d, _, m, y = match.groups()
        return _checked(_make_date(int(y), int(m), int(d), s), False, s, today)
    compact = s
    if any(ch.isalpha() for ch in s):
        compact = _DATE_WORDS.sub("/", fold(s))
        compact = _SLASHES.sub("/", compact).strip("/ ")
        if match := _DMY.fullmatch(compact):
            d, _, m, y = match.groups()
            return _checked(_make_date(int(y), int(m), int(d), s), False, s, today)
    if match := _YMD.fullmatch(compact):
        y, _, m, d = match.groups()
        return _checked(_make_date(int(y), int(m), int(d), s), False, s, today)
    if match := _DMY_SHORT.fullmatch(compact):
        d, _, m, yy = match.groups()
        year = _short_year(int(yy), today)
        return _checked(_make_date(year, int(m), int(d), s), False, s, today)
    if match := _MONTH_YEAR.fullmatch(compact):
        m, y = match.groups()
        return _checked(_make_date(int(y), int(m), 1, s), True, s, today)
    if match := _YEAR_MONTH.fullmatch(compact):
        y, m = match.groups()
        return _checked(_make_date(int(y), int(m), 1, s), True, s, today)
    if _YEAR.fullmatch(compact):
        return _checked(_make_date(int(compact), 1, 1, s), True, s, today)
    raise _unreadable_date(s)


def day(raw: CellValue, *, today: date) -> tuple[date, bool] | None:
    """(date, partial) for a date cell, None when blank; partial means only the year or the
    month and year were known, and the date is the first day of that period.

    Two-digit years are read as 20yy unless that lies after today's year, then 19yy.
    """
    if raw is None:
        return None
    # Date cells are the common case in xlsx: settle them before formatting any message.
    if isinstance(raw, datetime):
        value = raw.date()
        if _MIN_DATE <= value <= today:
            return value, False
        return _checked(value, False, text(raw), today)
    if isinstance(raw, date):
        if _MIN_DATE <= raw <= today:
            return raw, False
        return _checked(raw, False, format_date(raw), today)
    if isinstance(raw, str):
        s = raw.strip()
        if not s:
            return None
        return _day_from_text(s, today)
    if isinstance(raw, bool | time):
        raise _unreadable_date(text(raw))
    if isinstance(raw, int):
        return _day_from_number(raw, False, str(raw), today)
    shown = _float_text(raw)
    if not math.isfinite(raw):
        raise _unreadable_date(shown)
    # The fraction of a serial is the time of day, which no date field keeps.
    return _day_from_number(math.floor(raw), not raw.is_integer(), shown, today)


# --- numbers ---------------------------------------------------------------------------------


def _not_a_number(shown: str) -> ValueError:
    return ValueError(f"Không đọc được số «{shown}»: nhập dạng 1.234,5.")


def number(raw: CellValue) -> Decimal | None:
    """A quantity; None when blank. Floats go through repr so 0.1 stays 0.1."""
    if raw is None:
        return None
    if isinstance(raw, bool | date | time):
        raise _not_a_number(text(raw))
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise _not_a_number(repr(raw))
        return Decimal(repr(raw))
    s = raw.strip()
    if not s:
        return None
    try:
        return parse_number(s)
    except ValueError:
        raise _not_a_number(s) from None
