"""Shared test helpers: a refusal that changes nothing, and admitting with sensible defaults."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from dangbo.audit.models import AuditEvent
from dangbo.members import services
from dangbo.members.models import CorrectionRequest, Member, MemberEvent, Transfer
from dangbo.orgs.models import Organization
from dangbo.orgs.services import Decision


def _counts() -> tuple[int, ...]:
    return (
        Member.objects.count(),
        MemberEvent.objects.count(),
        Transfer.objects.count(),
        AuditEvent.objects.count(),
        CorrectionRequest.objects.count(),
    )


@contextmanager
def refused(field: str, words: str = "") -> Iterator[None]:
    """The block must raise a ValidationError on `field` (containing `words`) and write nothing."""
    before = _counts()
    with pytest.raises(ValidationError) as info:
        yield
    errors = info.value.message_dict
    assert field in errors, errors
    assert words in " ".join(errors[field]), errors
    assert _counts() == before


def admit(
    org: Organization,
    decided_on: date = date(2024, 5, 10),
    ceremony: date = date(2024, 6, 1),
    **data: Any,
) -> Member:
    fields = {"full_name": "Nguyễn Văn Mới", "sex": "male", "birth_date": date(1995, 1, 1)}
    fields.update(data)
    return services.admit_member(
        actor=None,
        organization=org,
        data=fields,
        decision=Decision(effective_on=ceremony, number="12-QĐ/ĐU", decided_on=decided_on),
    )
