"""Factories for the admissions pipeline, made through the services (scope contract:
tests/test_scope_contract.py discovers them; `markers` are texts unique to the object)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from factory.django import DjangoModelFactory

from dangbo.admissions import services
from dangbo.admissions.models import (
    AwarenessCourse,
    Candidate,
    CourseEnrolment,
    Sponsor,
    SponsorRole,
    StageRecord,
)
from dangbo.members.models import Sex
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.models import Organization

IDENTIFIED = dt.date(2025, 3, 3)


class CandidateFactory(DjangoModelFactory[Candidate]):
    class Meta:
        model = Candidate

    full_name = factory.Sequence(lambda n: f"Quần chúng kiểm thử {n:04d}")
    birth_date = dt.date(2000, 5, 20)
    sex = Sex.MALE
    organization: Any = None
    identified_on = IDENTIFIED

    @classmethod
    def _create(cls, model_class: type[Candidate], *args: Any, **kwargs: Any) -> Candidate:
        return services.identify_candidate(actor=None, **kwargs)

    @classmethod
    def create_in(cls, org: Organization) -> Candidate:
        return cls.create(organization=org)

    @classmethod
    def markers(cls, candidate: Candidate) -> list[str]:
        return [candidate.full_name]


class AwarenessCourseFactory(DjangoModelFactory[AwarenessCourse]):
    class Meta:
        model = AwarenessCourse

    organization: Any = None
    title = factory.Sequence(lambda n: f"Lớp nhận thức kiểm thử {n:04d}")
    starts_on = dt.date(2025, 4, 7)
    ends_on = dt.date(2025, 4, 11)

    @classmethod
    def _create(cls, model_class: type[AwarenessCourse], *args: Any, **kwargs: Any) -> Any:
        return services.create_course(actor=None, **kwargs)

    @classmethod
    def create_in(cls, org: Organization) -> AwarenessCourse:
        return cls.create(organization=org)

    @classmethod
    def markers(cls, course: AwarenessCourse) -> list[str]:
        return [course.title]


class CourseEnrolmentFactory(DjangoModelFactory[CourseEnrolment]):
    class Meta:
        model = CourseEnrolment

    @classmethod
    def _create(cls, model_class: type[CourseEnrolment], *args: Any, **kwargs: Any) -> Any:
        return services.enrol_candidate(actor=None, **kwargs)

    @classmethod
    def create_in(cls, org: Organization) -> CourseEnrolment:
        return cls.create(
            course=AwarenessCourseFactory.create(organization=org),
            candidate=CandidateFactory.create(organization=org),
        )

    @classmethod
    def markers(cls, enrolment: CourseEnrolment) -> list[str]:
        return [enrolment.candidate.full_name]


class SponsorFactory(DjangoModelFactory[Sponsor]):
    class Meta:
        model = Sponsor

    @classmethod
    def _create(cls, model_class: type[Sponsor], *args: Any, **kwargs: Any) -> Sponsor:
        return services.add_sponsor(actor=None, **kwargs)

    @classmethod
    def create_in(cls, org: Organization) -> Sponsor:
        return cls.create(
            candidate=CandidateFactory.create(organization=org),
            member=MemberFactory.create(organization=org),
            role=SponsorRole.FIRST,
            since=IDENTIFIED,
        )

    @classmethod
    def markers(cls, sponsor: Sponsor) -> list[str]:
        return [sponsor.candidate.full_name]


class StageRecordFactory(DjangoModelFactory[StageRecord]):
    """The identification record every candidate gets."""

    class Meta:
        model = StageRecord

    @classmethod
    def create_in(cls, org: Organization) -> StageRecord:
        candidate = CandidateFactory.create(organization=org)
        return candidate.records.get()

    @classmethod
    def markers(cls, record: StageRecord) -> list[str]:
        return [record.candidate.full_name]
