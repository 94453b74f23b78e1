"""Looking up regulation values by key and date (DESIGN rule 4)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from dangbo.core.clock import today
from dangbo.core.models import Rule


def rule_row(key: str, on: date | None = None) -> Rule:
    """The rule row for `key` in force on `on` (today by default)."""
    day = on or today()
    row = (
        Rule.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day), key=key)
        .filter(valid_from__lte=day)
        .order_by("-valid_from")
        .first()
    )
    if row is None:
        # A missing rule is a deployment error, not bad user input: fail loudly.
        raise ImproperlyConfigured(f"Không có quy định «{key}» hiệu lực ngày {day:%d/%m/%Y}.")
    return row


def rule(key: str, on: date | None = None) -> Any:
    """The value of rule `key` in force on `on` (today by default)."""
    return rule_row(key, on).value


class RuleTable:
    """The rows of one rule key, read once; `value(day)` is what core.rules.rule(key, day)
    returns (the row in force that day with the latest start), without a query per day: the
    roll asks for thousands of different days."""

    def __init__(self, key: str) -> None:
        self.key = key
        self._rows = sorted(
            Rule.objects.filter(key=key).values_list("valid_from", "valid_to", "value"),
            key=lambda row: row[0],
            reverse=True,
        )
        self.first: date | None = self._rows[-1][0] if self._rows else None

    def value(self, day: date) -> Any:
        for valid_from, valid_to, value in self._rows:
            if valid_from <= day and (valid_to is None or valid_to > day):
                return value
        # The same failure as core.rules.rule: a missing rule is a deployment error.
        return rule(self.key, day)
