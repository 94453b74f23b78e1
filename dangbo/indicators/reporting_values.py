"""Checking the figures of a report before anything is written (issue #9 §2, "Bad input").

Each figure is a numerator and, for an indicator with a denominator, a denominator. The rules:
both are numbers ≥ 0 with at most 4 decimals; for a rate (unit "%") the numerator is at most
the denominator (a cell reporting "chi bộ thực hiện / tổng số chi bộ" for itself writes 1/1 or
0/1); a numerator above 0 needs a denominator above 0; the resulting value lies within the
indicator's min_value..max_value; every indicator of the form is present and no other.

Errors are keyed `numerator_<code>`, `denominator_<code>`, `note_<code>` (the names of the
inputs of the fill-in page and of the API's 400 body), all collected before raising.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from dangbo.core.formats import format_figure, parse_number
from dangbo.indicators.models import Indicator

MAX_WHOLE = Decimal(10) ** 16  # the columns hold 20 digits, 4 after the point
NOTE_MAX = 500


@dataclass(frozen=True)
class ValueInput:
    numerator: Any
    denominator: Any = None
    note: str = ""


Cleaned = tuple[Decimal, Decimal | None, str]


def field_names(indicator: Indicator) -> tuple[str, str, str]:
    code = indicator.code
    return f"numerator_{code}", f"denominator_{code}", f"note_{code}"


def _number(raw: Any) -> Decimal | None:
    """A number from a Decimal, an int or text typed the Vietnamese way; None when empty.
    ValueError when it is not a finite number."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError
    if isinstance(raw, Decimal | int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(str(raw))
    elif isinstance(raw, str):
        value = parse_number(raw)
    else:
        raise ValueError
    if not value.is_finite():
        raise ValueError
    return value


def _size_error(value: Decimal) -> str | None:
    if value < 0:
        return "Không được âm."
    if value >= MAX_WHOLE:
        return "Số quá lớn."
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -4 and value != value.quantize(Decimal("0.0001")):
        return "Tối đa 4 chữ số sau dấu phẩy."
    return None


def value_of(
    indicator: Indicator, numerator: Decimal, denominator: Decimal | None
) -> Decimal | None:
    """The value a unit's figures give: a rate ×100 for "%", a ratio with a denominator, the
    numerator alone without one; None for 0/0."""
    if not indicator.denominator_label:
        return numerator
    if not denominator:
        return None
    ratio = numerator / denominator
    return ratio * 100 if indicator.unit == "%" else ratio


def _range_text(indicator: Indicator) -> str:
    low, high, unit = indicator.min_value, indicator.max_value, indicator.unit
    if low is not None and high is not None:
        return f"từ {format_figure(low)} đến {format_figure(high)} {unit}"
    if low is not None:
        return f"từ {format_figure(low)} {unit} trở lên"
    return f"không quá {format_figure(high or 0)} {unit}"


def _check_one(
    indicator: Indicator, given: ValueInput, errors: dict[str, list[str]]
) -> Cleaned | None:
    num_field, den_field, note_field = field_names(indicator)
    numerator = denominator = None
    try:
        numerator = _number(given.numerator)
    except ValueError:
        errors[num_field] = ["Nhập một số, ví dụ 12 hoặc 1.234,5."]
    else:
        if numerator is None:
            errors[num_field] = [f"Nhập {indicator.numerator_label or 'giá trị'}."]
        elif (problem := _size_error(numerator)) is not None:
            errors[num_field] = [problem]
    if indicator.denominator_label:
        try:
            denominator = _number(given.denominator)
        except ValueError:
            errors[den_field] = ["Nhập một số, ví dụ 12 hoặc 1.234,5."]
        else:
            if denominator is None:
                errors[den_field] = [f"Nhập {indicator.denominator_label}."]
            elif (problem := _size_error(denominator)) is not None:
                errors[den_field] = [problem]
    elif _present(given.denominator):
        errors[den_field] = ["Chỉ số này không có mẫu số; để trống."]
    note = str(given.note or "").strip()
    if len(note) > NOTE_MAX:
        errors[note_field] = [f"Ghi chú dài quá {NOTE_MAX} ký tự."]
    if num_field in errors or den_field in errors or numerator is None:
        return None
    if indicator.denominator_label and denominator is not None:
        if indicator.unit == "%" and numerator > denominator:
            errors[num_field] = [
                f"{indicator.numerator_label or 'Tử số'} ({format_figure(numerator)}) không được "
                f"lớn hơn {indicator.denominator_label.lower()} ({format_figure(denominator)})."
            ]
            return None
        if denominator == 0 and numerator > 0:
            errors[den_field] = ["Mẫu số bằng 0 thì tử số cũng phải bằng 0."]
            return None
    value = value_of(indicator, numerator, denominator)
    low, high = indicator.min_value, indicator.max_value
    if value is not None and (
        (low is not None and value < low) or (high is not None and value > high)
    ):
        errors[num_field] = [
            f"Giá trị {format_figure(value)} {indicator.unit} nằm ngoài khoảng cho phép "
            f"({_range_text(indicator)})."
        ]
        return None
    if note_field in errors:
        return None
    return numerator, denominator, note


def _present(raw: Any) -> bool:
    return raw is not None and not (isinstance(raw, str) and not raw.strip())


def check_values(
    indicators: Sequence[Indicator], values: Mapping[Indicator, ValueInput | tuple[Any, ...]]
) -> dict[int, Cleaned]:
    """The cleaned figures per indicator id, or ValidationError with every problem."""
    errors: dict[str, list[str]] = {}
    wanted = {i.pk for i in indicators}
    extra = [i.name for i in values if i.pk not in wanted]
    if extra:
        errors["values"] = [f"Không thuộc biểu mẫu: {'; '.join(extra)}."]
    given = {i.pk: v for i, v in values.items()}
    cleaned: dict[int, Cleaned] = {}
    for indicator in indicators:
        raw = given.get(indicator.pk)
        if raw is None:
            errors[field_names(indicator)[0]] = [f"Chưa nhập số liệu «{indicator.name}»."]
            continue
        item = raw if isinstance(raw, ValueInput) else ValueInput(*raw)
        result = _check_one(indicator, item, errors)
        if result is not None:
            cleaned[indicator.pk] = result
    if errors:
        raise ValidationError(errors)
    return cleaned
