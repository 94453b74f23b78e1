"""Vietnamese dates and numbers: "05/03/2025", "1.234.567,5", "87,5%".

Vietnamese convention is day/month/year, a dot for thousands and a comma for decimals, which
is the reverse of Python's defaults. Exports, imports and PDF reports all need the same rules
with or without Django's localisation machinery, so they live here in pure Python.
Parsing is deliberately strict: a misread date or amount in a Party record (admission date,
dues paid) is worse than a clear error message asking the user to retype.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext

__all__ = [
    "format_date",
    "format_figure",
    "format_number",
    "format_percent",
    "format_quantity",
    "parse_date",
    "parse_number",
]

# Day-first with one separator used consistently; re.ASCII keeps \d to 0-9.
_DAY_FIRST = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})", re.ASCII)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)

# Spaces people (and spreadsheets) use as thousands separators: space, no-break, narrow no-break,
# thin space.
_SPACES = " \u00a0\u202f\u2009"
_MINUS_SIGNS = "-\u2212"  # ASCII hyphen-minus and the typographic minus pasted from Word
_INT_PLAIN = r"\d+"
_INT_DOTS = r"[1-9]\d{0,2}(?:\.\d{3})+"
_INT_SPACES = rf"[1-9]\d{{0,2}}(?:[{_SPACES}]\d{{3}})+"
_SIGN = rf"([+{re.escape(_MINUS_SIGNS)}]?)"
# Vietnamese: optional grouping by dots or spaces, optional decimal comma.
_NUMBER_VI = re.compile(rf"{_SIGN}({_INT_DOTS}|{_INT_SPACES}|{_INT_PLAIN})(?:,(\d+))?", re.ASCII)
# Decimal point, only tried when the Vietnamese reading failed ("1234.5", "0.500").
_NUMBER_POINT = re.compile(rf"{_SIGN}({_INT_SPACES}|{_INT_PLAIN})\.(\d+)", re.ASCII)
_SEPARATORS = str.maketrans("", "", "." + _SPACES)


def format_date(d: date | None) -> str:
    """Format as dd/mm/yyyy, "" for a missing date so templates and exports need no branching.

    Built by hand rather than strftime, which does not zero-pad years before 1000 on glibc.
    """
    if d is None:
        return ""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def _invalid_date(s: str) -> ValueError:
    return ValueError(f"Ngày không hợp lệ: «{s}». Nhập theo dạng dd/mm/yyyy.")


def parse_date(s: str) -> date:
    """Read dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) or ISO yyyy-mm-dd.

    ISO is accepted because HTML date inputs and spreadsheets send it; two-digit years are not,
    because "05/03/25" could be 1925 or 2025 for members' birth dates.
    """
    text = s.strip()
    if match := _DAY_FIRST.fullmatch(text):
        day, _, month, year = match.groups()
    elif match := _ISO.fullmatch(text):
        year, month, day = match.groups()
    else:
        raise _invalid_date(text)
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise _invalid_date(text) from None


def _to_decimal(x: int | float | Decimal) -> Decimal:
    """Convert to Decimal; floats go through repr so 2.675 rounds like the 2.675 the user saw."""
    if isinstance(x, float):
        value = Decimal(repr(x))
    elif isinstance(x, int):
        value = Decimal(x)
    else:
        value = x
    if not value.is_finite():
        raise ValueError(f"Không định dạng được số: {x!r}.")
    return value


def _quantize(value: Decimal, decimals: int) -> Decimal:
    """Round half up (as taught in school, not banker's rounding) to `decimals` places.

    Precision is raised for the operation so very large amounts never hit InvalidOperation.
    """
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    precision = max(28, value.adjusted() + decimals + 3)
    with localcontext(Context(prec=precision)):
        rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    # "-0,00" reads as a debt that does not exist.
    return rounded.copy_abs() if rounded.is_zero() else rounded


_TO_VIETNAMESE = str.maketrans({",": ".", ".": ","})


def format_number(x: int | float | Decimal, decimals: int = 0) -> str:
    """Format with dot thousands and comma decimals: 1234567 -> "1.234.567", 1234.5 -> "1.234,5"."""
    rounded = _quantize(_to_decimal(x), decimals)
    return f"{rounded:,f}".translate(_TO_VIETNAMESE)


def format_figure(x: int | float | Decimal, max_decimals: int = 2) -> str:
    """A measured figure as people write it, without trailing zeros: 89.90 -> "89,9",
    95.00 -> "95", 1234.567 -> "1.234,57"."""
    text = format_number(x, max_decimals)
    return text.rstrip("0").rstrip(",") if "," in text else text


def format_percent(x: int | float | Decimal, decimals: int = 1) -> str:
    """Format a percentage value (87.5, not the ratio 0.875) as "87,5%".

    Callers compute percentages for reports as count * 100 / total; taking the value as-is
    avoids a hidden multiplication that would be easy to apply twice.
    """
    return f"{format_number(x, decimals)}%"


def format_quantity(x: int | float | Decimal | None, unit: str, max_decimals: int = 1) -> str:
    """A figure with its unit, the one way targets, indicators and dashboards write it:
    "96,3%" (a percent sign sticks to the number), "12 đảng viên", "—" for nothing."""
    if x is None:
        return "—"
    unit = unit.strip()
    if unit in ("%", "\uff05"):
        return format_figure(x, max_decimals) + "%"
    return f"{format_figure(x, max_decimals)} {unit}".rstrip()


def parse_number(s: str) -> Decimal:
    """Read a number typed the Vietnamese way, tolerating the common English-style decimal point.

    "1.234" is one thousand two hundred thirty-four (Vietnamese grouping), while "1234.5" or
    "0.500" can only be a decimal point. Anything ambiguous or malformed, such as "1,234.5" or
    "1.2.3", is refused rather than guessed.
    """
    text = s.strip()
    match = _NUMBER_VI.fullmatch(text) or _NUMBER_POINT.fullmatch(text)
    if match is None:
        raise ValueError(f"Số không hợp lệ: «{text}». Nhập theo dạng 1.234,5.")
    sign, integer, fraction = match.groups()
    digits = integer.translate(_SEPARATORS)
    if fraction:
        digits = f"{digits}.{fraction}"
    try:
        value = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the regexes only let digits through
        raise ValueError(f"Số không hợp lệ: «{text}».") from None
    if sign and sign in _MINUS_SIGNS and not value.is_zero():
        value = value.copy_negate()
    return value
