"""Factories for meetings and attendance (scope contract: tests/test_scope_contract.py finds
them; `markers` are texts unique to the object that a page or the API would show)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from factory.django import DjangoModelFactory

from dangbo.meetings.models import Attendance, Mark, Meeting, MeetingKind, MeetingStatus
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.models import Organization


class MeetingFactory(DjangoModelFactory[Meeting]):
    """A held regular meeting of a cell in 2025."""

    class Meta:
        model = Meeting

    organization: Any = None
    kind = MeetingKind.REGULAR
    date = dt.date(2025, 3, 10)
    place = factory.Sequence(lambda n: f"Hội trường ấp kiểm thử {n:04d}")
    agenda = factory.Sequence(lambda n: f"Chủ đề sinh hoạt kiểm thử {n:04d}")
    status = MeetingStatus.HELD

    @classmethod
    def create_in(cls, org: Organization) -> Meeting:
        return cls.create(organization=org)

    @classmethod
    def markers(cls, meeting: Meeting) -> list[str]:
        return [meeting.agenda]


class AttendanceFactory(DjangoModelFactory[Attendance]):
    class Meta:
        model = Attendance

    meeting: Any = None
    member: Any = None
    mark = Mark.EXCUSED
    reason = factory.Sequence(lambda n: f"Lý do vắng kiểm thử {n:04d}")

    @classmethod
    def create_in(cls, org: Organization) -> Attendance:
        return cls.create(
            meeting=MeetingFactory.create(organization=org),
            member=MemberFactory.create(organization=org),
        )

    @classmethod
    def markers(cls, attendance: Attendance) -> list[str]:
        return [attendance.reason]
