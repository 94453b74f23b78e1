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
