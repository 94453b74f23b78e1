"""Values of the catalog's indicators against hand counts on the fixed tree, rolled up to
every level (root, commune, cells A and B), and the formula num/den × 100."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from dangbo.evaluations.models import Rating
from dangbo.evaluations.tests.factories import (
    EvaluationRoundFactory,
    MemberEvaluationFactory,
    OrganizationEvaluationFactory,
)
from dangbo.indicators.compute import compute_values, refresh, value_from
from dangbo.indicators.models import Indicator, IndicatorValue, SubmissionState
from dangbo.indicators.periods import PeriodKind, period_of
from dangbo.indicators.tests.factories import (
    IndicatorFactory,
    SubmissionFactory,
    SubmissionValueFactory,
)
from dangbo.meetings.models import Mark, MeetingStatus
from dangbo.meetings.tests.factories import AttendanceFactory, MeetingFactory
from dangbo.members import services as member_services
from dangbo.members.models import TheoryLevel
from dangbo.members.tests.factories import MemberFactory
from dangbo.study.tests.factories import StudyAttendanceFactory, StudySessionFactory

YEAR_2026 = period_of(PeriodKind.YEAR, dt.date(2026, 6, 1))
QUARTER = period_of(PeriodKind.QUARTER, dt.date(2026, 8, 1))


def ind(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def at(values: dict[int, Any], tree: Any, name: str) -> Any:
    return values[getattr(tree, name).pk]


def members(org: Any, n: int, **fields: Any) -> list[Any]:
    return [MemberFactory.create(organization=org, **fields) for _ in range(n)]


def test_members_on_roll_rolls_up_to_every_level(tree: Any) -> None:
    members(tree.cell_a, 3)
    members(tree.cell_b, 2)
    values = compute_values(ind("members_on_roll"), YEAR_2026)
    assert at(values, tree, "cell_a") == (3, None)
    assert at(values, tree, "cell_b") == (2, None)
    assert at(values, tree, "commune") == (5, None)
    assert at(values, tree, "root") == (5, None)
    assert at(values, tree, "agencies") == (0, None)


def test_theory_rate(tree: Any) -> None:
    members(tree.cell_a, 1, theory_level=TheoryLevel.INTERMEDIATE)
    members(tree.cell_a, 1, theory_level=TheoryLevel.ADVANCED)
    members(tree.cell_a, 2, theory_level=TheoryLevel.ELEMENTARY)
    members(tree.cell_b, 1, theory_level=TheoryLevel.BACHELOR)
    values = compute_values(ind("members_theory_intermediate"), YEAR_2026)
    assert at(values, tree, "cell_a") == (2, 4)
    assert at(values, tree, "cell_b") == (1, 1)
    assert at(values, tree, "root") == (3, 5)
    assert at(values, tree, "agencies") == (0, 0)


def test_member_ratings_use_decision_else_proposal(tree: Any) -> None:
    round_ = EvaluationRoundFactory.create(organization=tree.commune, year=2026)
    old = EvaluationRoundFactory.create(organization=tree.commune, year=2025)
    ratings = [(Rating.EXCELLENT, ""), (Rating.SATISFACTORY, Rating.GOOD), (Rating.GOOD, "")]
    for proposed, decided in ratings:
        member = MemberFactory.create(organization=tree.cell_a)
        MemberEvaluationFactory.create(
            round=round_,
            member=member,
            organization=tree.cell_a,
            proposed_rating=proposed,
            rating=decided,
        )
    failed = MemberFactory.create(organization=tree.cell_b)
    MemberEvaluationFactory.create(
        round=round_, member=failed, organization=tree.cell_b, proposed_rating=Rating.FAILED
    )
    MemberEvaluationFactory.create(  # another year: not counted
        round=old, member=failed, organization=tree.cell_b, proposed_rating=Rating.GOOD
    )
    good = compute_values(ind("member_rating_good"), YEAR_2026)
    assert at(good, tree, "cell_a") == (3, 3)
    assert at(good, tree, "cell_b") == (0, 1)
    assert at(good, tree, "root") == (3, 4)
    assert at(compute_values(ind("member_rating_excellent"), YEAR_2026), tree, "root") == (1, 4)
    assert at(compute_values(ind("member_rating_failed"), YEAR_2026), tree, "root") == (1, 4)


def test_cell_rating_counts_cells_only(tree: Any) -> None:
    round_ = EvaluationRoundFactory.create(organization=tree.root, year=2026)
    OrganizationEvaluationFactory.create(round=round_, organization=tree.cell_a)
    OrganizationEvaluationFactory.create(
        round=round_, organization=tree.cell_b, proposed_rating=Rating.SATISFACTORY
    )
    OrganizationEvaluationFactory.create(round=round_, organization=tree.commune)
    cells = compute_values(ind("cell_rating_good"), YEAR_2026)
    orgs = compute_values(ind("org_rating_good"), YEAR_2026)
    assert at(cells, tree, "root") == (1, 2)
    assert at(orgs, tree, "root") == (2, 3)
    assert at(orgs, tree, "commune") == (2, 3)
    assert at(orgs, tree, "cell_b") == (0, 1)


def test_meetings_held_and_attendance(tree: Any) -> None:
    held = MeetingFactory.create(organization=tree.cell_a, date=dt.date(2026, 8, 5))
    MeetingFactory.create(
        organization=tree.cell_a, date=dt.date(2026, 9, 5), status=MeetingStatus.PLANNED
    )
    MeetingFactory.create(organization=tree.cell_b, date=dt.date(2026, 7, 5))
    MeetingFactory.create(organization=tree.cell_b, date=dt.date(2026, 5, 5))  # other quarter
    values = compute_values(ind("meetings_held"), QUARTER)
    assert at(values, tree, "cell_a") == (1, 2)
    assert at(values, tree, "commune") == (2, 3)
    for mark in (Mark.PRESENT, Mark.PRESENT, Mark.EXCUSED):
        AttendanceFactory.create(
            meeting=held, member=MemberFactory.create(organization=tree.cell_a), mark=mark
        )
    AttendanceFactory.create(
        meeting=held,
        member=MemberFactory.create(organization=tree.cell_a),
        mark=Mark.UNEXCUSED,
        exempt=True,
    )
    attendance = compute_values(ind("meeting_attendance"), QUARTER)
    assert at(attendance, tree, "cell_a") == (2, 3)
    assert at(attendance, tree, "root") == (2, 3)


def test_members_studied_counts_each_member_once(tree: Any) -> None:
    studied = MemberFactory.create(organization=tree.cell_a)
    members(tree.cell_a, 1)
    for day in (dt.date(2026, 7, 10), dt.date(2026, 8, 10)):
        session = StudySessionFactory.create(organization=tree.cell_a, held_on=day)
        StudyAttendanceFactory.create(session=session, member=studied)
    values = compute_values(ind("members_studied"), QUARTER)
    assert at(values, tree, "cell_a") == (1, 2)
    assert at(values, tree, "root") == (1, 2)


def test_reported_values_sum_approved_submissions(tree: Any) -> None:
    indicator = IndicatorFactory.create(period_kinds=[PeriodKind.QUARTER])
    for org, state, num, den in (
        (tree.cell_a, SubmissionState.APPROVED, 3, 4),
        (tree.cell_b, SubmissionState.APPROVED, 1, 4),
        (tree.agencies, SubmissionState.SUBMITTED, 9, 9),
    ):
        submission = SubmissionFactory.create_in(org)
        submission.state = state
        submission.save()
        SubmissionValueFactory.create(
            submission=submission, indicator=indicator, numerator=num, denominator=den
        )
    run = refresh(indicators=[indicator], periods=[QUARTER])
    assert run.values == 4  # cells A and B, the commune and the root
    root = IndicatorValue.objects.get(indicator=indicator, organization=tree.root)
    assert (root.numerator, root.denominator, root.value) == (4, 8, 50)
    assert root.reporting_units == 2
    assert not IndicatorValue.objects.filter(indicator=indicator, organization=tree.agencies)


@pytest.mark.parametrize(
    ("unit", "num", "den", "value"),
    [
        ("%", 87, 100, Decimal(87)),
        ("%", 1, 3, Decimal("33.3333")),
        ("mô hình/chi bộ", 7, 2, Decimal("3.5")),
        ("đảng viên", 12, None, Decimal(12)),
        ("%", 0, 0, None),
    ],
)
def test_value_formula(unit: str, num: int, den: int | None, value: Decimal | None) -> None:
    indicator = Indicator(unit=unit)
    found = value_from(indicator, Decimal(num), None if den is None else Decimal(den))
    assert found == value


def test_refresh_writes_every_period_of_the_term(tree: Any) -> None:
    members(tree.cell_a, 2)
    run = refresh(indicators=[ind("members_on_roll")])
    rows = IndicatorValue.objects.filter(indicator__code="members_on_roll", organization=tree.root)
    # quarters 2025-Q1 … 2026-Q4 and the years 2025, 2026
    assert rows.count() == 8 + 2
    assert run.indicators == 1
    latest = rows.get(period_kind=PeriodKind.QUARTER, period_start=dt.date(2026, 10, 1))
    assert latest.value == 2
    refresh(indicators=[ind("members_on_roll")])  # again: replaced, not doubled
    assert rows.count() == 10


def test_members_on_roll_in_a_past_period_reads_the_events(tree: Any) -> None:
    stays, dies = members(tree.cell_a, 2)
    member_services.record_death(actor=None, member=dies, died_on=dt.date(2026, 3, 1))
    indicator = ind("members_on_roll")
    before = compute_values(indicator, period_of(PeriodKind.QUARTER, dt.date(2025, 12, 1)))
    after = compute_values(indicator, period_of(PeriodKind.QUARTER, dt.date(2026, 6, 1)))
    assert at(before, tree, "cell_a") == (2, None)
    assert at(after, tree, "cell_a") == (1, None)
    assert stays.status in ("official", "probationary")
