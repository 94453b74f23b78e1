"""Numbers and dates of the target pages, written the Vietnamese way (1.234,5; dd/mm/yyyy)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import template

from dangbo.core.formats import format_date, format_figure

register = template.Library()


@register.filter
def num(value: int | float | Decimal | None) -> str:
    """95 → "95", 96.5 → "96,5", 1234.25 → "1.234,25"; "" for nothing."""
    if value is None or value == "":
        return ""
    return format_figure(value)


@register.filter
def dmy(day: date | None) -> str:
    return format_date(day)
