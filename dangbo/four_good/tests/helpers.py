"""Shared set-up for the four-good tests: the criteria set "Tỉnh X 2025" (regulations.md §2
test cases) and a cell whose data meets every automatic criterion of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dangbo.audit.models import AuditEvent
from dangbo.evaluations.models import OrganizationEvaluation, Rating
from dangbo.evaluations.tests.factories import EvaluationRoundFactory, MemberEvaluationFactory
from dangbo.four_good import services
from dangbo.four_good.models import (
    FourGoodAssessment,
    FourGoodCriteriaSet,
    FourGoodCriterion,
    Group,
    Measure,
)
from dangbo.four_good.services import ManualAnswer, SetInput
from dangbo.meetings.models import MeetingKind
from dangbo.meetings.tests.factories import MeetingFactory
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.models import Organization

YEAR = 2025


def province_set(issuer: Organization, *, meetings: int = 12) -> FourGoodCriteriaSet:
    """ "Tỉnh X 2025": two criteria per content, six of them measured from the data."""
    s = services.create_set(
        actor=None,
        organization=issuer,
        data=SetInput(
            name="Tiêu chí chi bộ bốn tốt Tỉnh X 2025",
            source="948-QĐ/TU ngày 03/11/2023",
            valid_from=YEAR,
        ),
    )
    rows: list[tuple[int, str, str, Decimal | None]] = [
        (Group.LEADERSHIP, "", Measure.ORG_RATING, None),
        (Group.LEADERSHIP, "Hoàn thành các chỉ tiêu nghị quyết chi bộ đề ra", Measure.MANUAL, None),
        (
            Group.MEETINGS,
            "Sinh hoạt thường kỳ đủ 12 kỳ",
            Measure.REGULAR_MEETINGS,
            Decimal(meetings),
        ),
        (Group.MEETINGS, "", Measure.THEMATIC_QUARTERLY, None),
        (Group.UNITY, "", Measure.NO_DISCIPLINE, None),
        (Group.UNITY, "Nội bộ đoàn kết, thống nhất", Measure.MANUAL, None),
        (Group.CADRES, "80% đảng viên HTTNV trở lên", Measure.MEMBER_GOOD_SHARE, Decimal(80)),
        (Group.CADRES, "Kết nạp ít nhất 1 đảng viên", Measure.ADMISSIONS, Decimal(1)),
    ]
    for group, label, measure, threshold in rows:
        services.add_criterion(
            actor=None,
            criteria_set=s,
            group=group,
            label=label,
            measure_kind=measure,
            threshold=threshold,
        )
    return s


def good_cell(cell: Organization, round_org: Organization, *, months: int = 12) -> None:
    """Data of a cell that meets every automatic criterion of "Tỉnh X 2025" (with `months` of
    the 12 regular meetings held)."""
    for month in range(1, months + 1):
        MeetingFactory.create(organization=cell, date=dt.date(YEAR, month, 5))
    for month in (2, 5, 8, 11):
        MeetingFactory.create(
            organization=cell, kind=MeetingKind.THEMATIC, date=dt.date(YEAR, month, 20)
        )
    round_ = EvaluationRoundFactory.create(organization=round_org, year=YEAR)
    OrganizationEvaluation.objects.create(round=round_, organization=cell, rating=Rating.GOOD)
    for rating in (Rating.EXCELLENT, Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.SATISFACTORY):
        MemberEvaluationFactory.create(
            round=round_,
            member=MemberFactory.create(organization=cell),
            organization=cell,
            proposed_rating=rating,
        )
    MemberFactory.create(
        organization=cell,
        decision_date=dt.date(YEAR, 5, 2),
        admitted_on=dt.date(YEAR, 5, 19),
        official_on=None,
    )


def manual_yes(s: FourGoodCriteriaSet) -> dict[int, ManualAnswer]:
    return {
        c.pk: ManualAnswer(True, f"Biên bản, báo cáo số {c.pk}")
        for c in s.criteria.filter(measure=Measure.MANUAL)
    }


def _counts() -> tuple[int, ...]:
    return (
        FourGoodCriteriaSet.objects.count(),
        FourGoodCriterion.objects.count(),
        FourGoodAssessment.objects.count(),
        FourGoodAssessment.objects.filter(recognized=True).count(),
        AuditEvent.objects.count(),
    )


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
