"""Factories for study sessions, attendance and reflections, made through the services.

Scope contract (tests/test_scope_contract.py): `create_in(org)` (org a cell) and `markers(obj)`,
texts unique to the object that a page or the API would show.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from dangbo.documents.tests.factories import DocumentFactory
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.models import Organization
from dangbo.study import services
from dangbo.study.models import Reflection, StudyAttendance, StudyLevel, StudySession

HELD = dt.date(2025, 12, 10)


class StudySessionFactory(DjangoModelFactory[StudySession]):
    """A cell's session on a document the cell issued itself (`document=` to choose)."""

    class Meta:
        model = StudySession

    document: Any = None
    organization: Any = None
    held_on = HELD
    level = StudyLevel.CELL
    place = factory.Sequence(lambda n: f"Hội trường kiểm thử {n:04d}")
    notes = factory.Sequence(lambda n: f"Ghi chú học tập kiểm thử {n:04d}")

    @classmethod
    def _create(cls, model_class: type[StudySession], *args: Any, **kwargs: Any) -> StudySession:
        org = kwargs.pop("organization")
        document = kwargs.pop("document") or DocumentFactory.create(issuer=org)
        return services.create_study_session(
            actor=None, document=document, organization=org, **kwargs
        )

    @classmethod
    def create_in(cls, org: Organization) -> StudySession:
        return cls.create(organization=org)

    @classmethod
    def markers(cls, session: StudySession) -> list[str]:
        return [session.place, session.notes]


class StudyAttendanceFactory(DjangoModelFactory[StudyAttendance]):
    """A member of the session's unit marked present (the whole sheet is that one member)."""

    class Meta:
        model = StudyAttendance

    session: Any = None

    @classmethod
    def _create(
        cls, model_class: type[StudyAttendance], *args: Any, **kwargs: Any
    ) -> StudyAttendance:
        session = kwargs["session"]
        member = kwargs.get("member") or MemberFactory.create(organization=session.organization)
        services.record_attendance(actor=None, session=session, member_ids=[member.pk])
        return StudyAttendance.objects.get(session=session, member=member)

    @classmethod
    def create_in(cls, org: Organization) -> StudyAttendance:
        return cls.create(session=StudySessionFactory.create(organization=org))

    @classmethod
    def markers(cls, attendance: StudyAttendance) -> list[str]:
        return [attendance.member.full_name]


class ReflectionFactory(DjangoModelFactory[Reflection]):
    class Meta:
        model = Reflection

    member: Any = None
    document: Any = None
    name = factory.Sequence(lambda n: f"bai-thu-hoach-kiem-thu-{n:04d}.txt")

    @classmethod
    def _create(cls, model_class: type[Reflection], *args: Any, **kwargs: Any) -> Reflection:
        member = kwargs["member"]
        document = kwargs.get("document") or DocumentFactory.create(issuer=member.organization)
        upload = ContentFile("Kế hoạch hành động cá nhân kiểm thử.".encode(), kwargs["name"])
        return services.upload_reflection(
            actor=None,
            member=member,
            document=document,
            file=upload,
            submitted_on=kwargs.get("submitted_on") or HELD,
        )

    @classmethod
    def create_in(cls, org: Organization) -> Reflection:
        return cls.create(member=MemberFactory.create(organization=org))

    @classmethod
    def markers(cls, reflection: Reflection) -> list[str]:
        return [reflection.name]
