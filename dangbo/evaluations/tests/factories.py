"""Factories for rounds and member evaluations (scope contract: tests/test_scope_contract.py
finds them; `markers` are texts unique to the object that a page or the API would show)."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from dangbo.evaluations.models import (
    EvaluationRound,
    MemberEvaluation,
    OrganizationEvaluation,
    Rating,
)
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.models import Organization


class EvaluationRoundFactory(DjangoModelFactory[EvaluationRound]):
    class Meta:
        model = EvaluationRound

    organization: Any = None
    # A different year each time, so one unit can hold several rounds; every year from 2024
    # has rules (the migrations load QĐ 124 from 2023 and QĐ 366 from 2025).
    year = factory.Sequence(lambda n: 2024 + n % 100)
    rules_source = factory.Sequence(lambda n: f"Quy định kiểm thử {n:04d}")

    @classmethod
    def create_in(cls, org: Organization) -> EvaluationRound:
        return cls.create(organization=org)

    @classmethod
    def markers(cls, round_: EvaluationRound) -> list[str]:
        return [round_.rules_source]


class MemberEvaluationFactory(DjangoModelFactory[MemberEvaluation]):
    class Meta:
        model = MemberEvaluation

    round: Any = None
    member: Any = None
    organization: Any = None
    proposed_rating = Rating.GOOD
    notes = factory.Sequence(lambda n: f"Nhận xét kiểm thử {n:04d}")

    @classmethod
    def create_in(cls, org: Organization) -> MemberEvaluation:
        return cls.create(
            round=EvaluationRoundFactory.create(organization=org),
            member=MemberFactory.create(organization=org),
            organization=org,
        )

    @classmethod
    def markers(cls, evaluation: MemberEvaluation) -> list[str]:
        return [evaluation.notes]


class OrganizationEvaluationFactory(DjangoModelFactory[OrganizationEvaluation]):
    class Meta:
        model = OrganizationEvaluation

    round: Any = None
    organization: Any = None
    proposed_rating = Rating.GOOD
    notes = factory.Sequence(lambda n: f"Nhận xét tổ chức kiểm thử {n:04d}")

    @classmethod
    def create_in(cls, org: Organization) -> OrganizationEvaluation:
        return cls.create(round=EvaluationRoundFactory.create(organization=org), organization=org)

    @classmethod
    def markers(cls, evaluation: OrganizationEvaluation) -> list[str]:
        return [evaluation.notes]
