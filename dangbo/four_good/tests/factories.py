"""Factories for criteria sets, criteria and assessments (scope contract:
tests/test_scope_contract.py finds them; `markers` are texts unique to the object that a page
or the API would show)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from factory.django import DjangoModelFactory

from dangbo.four_good.models import (
    AppliesTo,
    FourGoodAssessment,
    FourGoodCriteriaSet,
    FourGoodCriterion,
    Group,
    Measure,
)
from dangbo.orgs.models import Organization


class FourGoodCriteriaSetFactory(DjangoModelFactory[FourGoodCriteriaSet]):
    class Meta:
        model = FourGoodCriteriaSet

    organization: Any = None
    name = factory.Sequence(lambda n: f"Bộ tiêu chí bốn tốt kiểm thử {n:04d}")
    source = factory.Sequence(lambda n: f"{n:04d}-QĐ/TU kiểm thử")
    valid_from = 2025
    applies_to = AppliesTo.CELL

    @classmethod
    def create_in(cls, org: Organization) -> FourGoodCriteriaSet:
        return cls.create(organization=org)

    @classmethod
    def markers(cls, criteria_set: FourGoodCriteriaSet) -> list[str]:
        return [criteria_set.name]


class FourGoodCriterionFactory(DjangoModelFactory[FourGoodCriterion]):
    class Meta:
        model = FourGoodCriterion

    criteria_set: Any = None
    group = Group.LEADERSHIP
    label = factory.Sequence(lambda n: f"Tiêu chí bốn tốt kiểm thử {n:04d}")
    measure = Measure.MANUAL

    @classmethod
    def create_in(cls, org: Organization) -> FourGoodCriterion:
        return cls.create(criteria_set=FourGoodCriteriaSetFactory.create(organization=org))

    @classmethod
    def markers(cls, criterion: FourGoodCriterion) -> list[str]:
        return [criterion.label]


class FourGoodAssessmentFactory(DjangoModelFactory[FourGoodAssessment]):
    """A recognized assessment of `organization` for 2025 with an empty snapshot."""

    class Meta:
        model = FourGoodAssessment

    organization: Any = None
    criteria_set: Any = None
    year = 2025
    set_name = factory.LazyAttribute(lambda o: o.criteria_set.name)
    set_source = factory.LazyAttribute(lambda o: o.criteria_set.source)
    groups = factory.LazyFunction(lambda: {str(g): True for g in Group.values})
    eligible = True
    recognized = True
    decision_number = factory.Sequence(lambda n: f"{n:04d}-QĐ/ĐU kiểm thử")
    decision_date = dt.date(2026, 1, 15)

    @classmethod
    def create_in(cls, org: Organization) -> FourGoodAssessment:
        return cls.create(
            organization=org, criteria_set=FourGoodCriteriaSetFactory.create(organization=org)
        )

    @classmethod
    def markers(cls, assessment: FourGoodAssessment) -> list[str]:
        return [assessment.decision_number]
