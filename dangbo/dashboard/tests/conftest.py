"""A small world for the dashboard: members, meetings, a program of the commune with a measured
and a reported target, an overdue task, a published evaluation round and indicator values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import Tree
from dangbo.core.clock import today
from dangbo.documents.models import Document
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.evaluations.models import EvaluationRound, Rating, RoundStage
from dangbo.evaluations.tests.factories import EvaluationRoundFactory, MemberEvaluationFactory
from dangbo.indicators.models import Indicator, IndicatorValue, ValueSource
from dangbo.indicators.periods import PeriodKind, period_of
from dangbo.indicators.tests.factories import IndicatorFactory
from dangbo.meetings.models import MeetingStatus
from dangbo.meetings.tests.factories import MeetingFactory
from dangbo.members.models import Member
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.models import Organization
from dangbo.targets.models import Target, Task, TaskStatus
from dangbo.targets.tests.factories import TargetFactory, TaskFactory


@dataclass
class World:
    tree: Tree
    program: Document
    measured: Target
    reported: Target
    indicator: Indicator
    overdue: Task
    round: EvaluationRound
    members: list[Member]


def put_value(
    indicator: Indicator, org: Organization, kind: str, start: dt.date, value: str
) -> None:
    period = period_of(kind, start)
    IndicatorValue.objects.update_or_create(
        indicator=indicator,
        organization=org,
        period_kind=kind,
        period_start=period.start,
        defaults={
            "period_end": period.end,
            "numerator": Decimal(value),
            "denominator": Decimal(100),
            "value": Decimal(value),
            "source": ValueSource.REPORTED,
            "computed_at": timezone.now(),
        },
    )


@pytest.fixture
def world(tree: Tree) -> World:
    return make_world(tree)


def make_world(tree: Tree) -> World:
    day = today()
    members = [MemberFactory.create(organization=tree.cell_a) for _ in range(3)]
    members.append(MemberFactory.create(organization=tree.cell_a, official_on=None))
    members += [MemberFactory.create(organization=tree.cell_b) for _ in range(2)]
    this_year = dt.date(day.year, 1, 15)
    MeetingFactory.create(organization=tree.cell_a, date=this_year)
    MeetingFactory.create(organization=tree.cell_b, date=this_year, status=MeetingStatus.PLANNED)

    program = DocumentFactory.create(issuer=tree.commune, title="Chương trình hành động số 02")
    indicator = IndicatorFactory.create(
        name="Tỷ lệ chi bộ thử nghiệm đạt chuẩn", period_kinds=[PeriodKind.QUARTER]
    )
    measured = TargetFactory.create(
        document=program, label="Chi bộ đạt chuẩn", indicator=indicator, value=Decimal(90)
    )
    reported = TargetFactory.create(
        document=program, label="Kết nạp đảng viên mới", unit="đảng viên", value=Decimal(40)
    )
    for quarter, value in ((dt.date(day.year, 4, 1), "70"), (dt.date(day.year, 7, 1), "80")):
        put_value(indicator, tree.commune, PeriodKind.QUARTER, quarter, value)
        put_value(indicator, tree.cell_a, PeriodKind.QUARTER, quarter, "95")
    overdue = TaskFactory.create(
        document=program,
        lead=tree.cell_a,
        title="Rà soát hồ sơ đảng viên quá hạn",
        deadline=day - dt.timedelta(days=10),
        status=TaskStatus.IN_PROGRESS,
    )
    TaskFactory.create(document=program, lead=tree.cell_b, deadline=day + dt.timedelta(days=30))

    round_ = EvaluationRoundFactory.create(
        organization=tree.commune, year=day.year - 1, stage=RoundStage.PUBLISHED
    )
    EvaluationRoundFactory.create(organization=tree.commune, year=day.year)  # still open
    for member, rating in zip(
        members,
        [
            Rating.GOOD,
            Rating.EXCELLENT,
            Rating.GOOD,
            Rating.SATISFACTORY,
            Rating.GOOD,
            Rating.FAILED,
        ],
        strict=True,
    ):
        MemberEvaluationFactory.create(
            round=round_, member=member, organization=member.organization, proposed_rating=rating
        )
    return World(tree, program, measured, reported, indicator, overdue, round_, members)
