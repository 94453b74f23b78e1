"""Shared set-up for the meetings tests: a cell with members, one of them exempted, and a
refusal that changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError

from dangbo.audit.models import AuditEvent
from dangbo.meetings import services
from dangbo.meetings.models import Attendance, Mark, Meeting
from dangbo.members import services as member_services
from dangbo.members.models import Member
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.models import Organization
from dangbo.orgs.services import Decision

MEETING_DAY = dt.date(2025, 3, 10)


@dataclass
class Cell:
    org: Organization
    members: list[Member]  # must attend
    exempt: Member  # miễn sinh hoạt since 2024


def cell_with_members(org: Organization, count: int = 4) -> Cell:
    members = [MemberFactory.create(organization=org) for _ in range(count)]
    exempt = MemberFactory.create(organization=org)
    member_services.exempt_member(
        actor=None,
        member=exempt,
        decision=Decision(effective_on=dt.date(2024, 5, 1), number="05-QĐ/CB"),
        reason="Tuổi cao, sức yếu",
    )
    return Cell(org, members, exempt)


def plan(cell: Cell, day: dt.date = MEETING_DAY, **kwargs: object) -> Meeting:
    defaults: dict[str, object] = {
        "agenda": "Sinh hoạt thường kỳ tháng 3",
        "place": "Nhà văn hóa ấp",
        "chair": cell.members[0],
        "minute_taker": cell.members[1],
    }
    defaults.update(kwargs)
    return services.create_meeting(
        actor=None,
        organization=cell.org,
        date=day,
        **defaults,  # type: ignore[arg-type]
    )


def sheet(cell: Cell, *marks: str) -> dict[int, tuple[str, str]]:
    """Marks for the members in order; the rest present."""
    rows: dict[int, tuple[str, str]] = {}
    for i, member in enumerate(cell.members):
        mark = marks[i] if i < len(marks) else Mark.PRESENT
        rows[member.pk] = (mark, "Đi công tác" if mark == Mark.EXCUSED else "")
    return rows


def _counts() -> tuple[int, ...]:
    return (Meeting.objects.count(), Attendance.objects.count(), AuditEvent.objects.count())


@contextmanager
def refused(field: str, words: str = "") -> Iterator[None]:
    """The block must raise a ValidationError on `field` (containing `words`), write nothing."""
    before = _counts()
    with pytest.raises(ValidationError) as info:
        yield
    errors = info.value.message_dict
    assert field in errors, errors
    assert words in " ".join(errors[field]), errors
    assert _counts() == before
