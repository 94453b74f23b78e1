"""Shared set-up for the evaluation tests: a cell of members and a refusal that changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dangbo.audit.models import AuditEvent
from dangbo.evaluations import services
from dangbo.evaluations.models import EvaluationRound, MemberEvaluation
from dangbo.evaluations.services import GridInput
from dangbo.members.models import Member
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.models import Organization


def members_of(cell: Organization, count: int) -> list[Member]:
    return [MemberFactory.create(organization=cell) for _ in range(count)]


def open_for(org: Organization, year: int = 2025, **kwargs: object) -> EvaluationRound:
    return services.open_round(
        actor=None,
        organization=org,
        year=year,
        cell_due=dt.date(year, 12, 20),
        **kwargs,  # type: ignore[arg-type]
    )


def to_cell_stage(round_: EvaluationRound) -> EvaluationRound:
    return services.advance_round(actor=None, round_=round_, stage="cell")


def line(score: int | str | None, exceeding: int = 0, **kwargs: object) -> GridInput:
    return GridInput(
        score=None if score is None else Decimal(str(score)),
        tasks_done_pct=Decimal(100),
        tasks_exceeding_pct=Decimal(exceeding),
        **kwargs,  # type: ignore[arg-type]
    )


def _counts() -> tuple[int, ...]:
    return (
        EvaluationRound.objects.count(),
        MemberEvaluation.objects.count(),
        AuditEvent.objects.count(),
        sum(1 for _ in MemberEvaluation.objects.values_list("proposed_rating", "rating")),
    )


@contextmanager
def refused(field: str, words: str = "") -> Iterator[None]:
    """The block must raise a ValidationError on `field` (containing `words`), write nothing."""
    before = _counts()
    snapshot = list(MemberEvaluation.objects.values_list("pk", "proposed_rating", "rating"))
    with pytest.raises(ValidationError) as info:
        yield
    errors = info.value.message_dict
    assert field in errors, errors
    assert words in " ".join(errors[field]), errors
    assert _counts() == before
    assert list(MemberEvaluation.objects.values_list("pk", "proposed_rating", "rating")) == snapshot
