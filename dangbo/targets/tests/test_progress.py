"""The published progress and forecast rules, checked by hand-computed numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dangbo.targets import progress
from dangbo.targets.models import Target
from dangbo.targets.progress import Outlook, Point

TODAY = dt.date(2026, 7, 1)


def target(pk: int = 1, **fields: object) -> Target:
    base: dict[str, object] = {
        "value": Decimal("95"),
        "unit": "%",
        "comparator": ">=",
        "deadline": dt.date(2030, 12, 31),
        "period": "term",
        "weight": Decimal("1"),
    }
    return Target(pk=pk, **(base | fields))


def test_rising_target_counts_from_zero_without_baseline() -> None:
    t = target()
    result = progress.own_result(t, [Point(dt.date(2026, 6, 30), 76.0)], TODAY)
    assert result.percent == pytest.approx(80.0)
    assert "(76 − 0) / (95 − 0)" in result.explanation
    assert "lấy 0" in result.explanation


def test_rising_target_from_baseline_and_clamped() -> None:
    t = target(value=Decimal("400"), unit="đảng viên", baseline=Decimal("100"))
    assert progress.percent_of(t, 250) == pytest.approx(50.0)
    assert progress.percent_of(t, 50) == 0.0
    assert progress.percent_of(t, 900) == 100.0


def test_falling_target_uses_baseline() -> None:
    t = target(value=Decimal("2"), comparator="<=", baseline=Decimal("6"), unit="%")
    assert progress.percent_of(t, 4) == pytest.approx(50.0)
    assert progress.percent_of(t, 1.5) == 100.0
    result = progress.own_result(t, [Point(dt.date(2026, 1, 1), 4.0)], TODAY)
    assert result.formula == progress.OWN_RULE_FALLING
    assert "(6 − 4) / (6 − 2)" in result.explanation


def test_falling_target_without_baseline_is_met_or_not() -> None:
    t = target(value=Decimal("2"), comparator="<")
    assert progress.percent_of(t, 1) == 100.0
    assert progress.percent_of(t, 3) == 0.0


def test_least_squares_fits_a_line() -> None:
    points = [
        Point(dt.date(2026, 1, 1), 10),
        Point(dt.date(2026, 1, 11), 20),
        Point(dt.date(2026, 1, 21), 30),
    ]
    slope, intercept = progress.least_squares(points)
    assert slope == pytest.approx(1.0)
    assert intercept == pytest.approx(10.0)


def test_forecast_on_track_at_risk_off_track() -> None:
    t = target(value=Decimal("400"), unit="đảng viên", deadline=dt.date(2027, 1, 1))
    start = dt.date(2026, 1, 1)
    # 0 → 200 in half a year: the line reaches ~400 by 01/01/2027.
    rising = [Point(start, 0), Point(dt.date(2026, 7, 2), 201)]
    assert progress.forecast(t, rising, TODAY).outlook == Outlook.ON_TRACK
    slower = [Point(start, 0), Point(dt.date(2026, 7, 2), 185)]
    fc = progress.forecast(t, slower, TODAY)
    assert fc.outlook == Outlook.AT_RISK
    assert "Dự báo đến 01/01/2027" in fc.explanation and "bình phương tối thiểu" in fc.explanation
    flat = [Point(start, 0), Point(dt.date(2026, 7, 2), 50)]
    assert progress.forecast(t, flat, TODAY).outlook == Outlook.OFF_TRACK


def test_forecast_needs_two_points_unless_met() -> None:
    t = target()
    assert progress.forecast(t, [], TODAY).outlook == Outlook.UNKNOWN
    assert progress.forecast(t, [Point(TODAY, 50)], TODAY).outlook == Outlook.UNKNOWN
    assert progress.forecast(t, [Point(TODAY, 96)], TODAY).outlook == Outlook.ON_TRACK


def test_dated_baseline_counts_as_a_trend_point() -> None:
    t = target(
        value=Decimal("400"),
        unit="đảng viên",
        baseline=Decimal("0"),
        baseline_on=dt.date(2026, 1, 1),
        deadline=dt.date(2027, 1, 1),
    )
    fc = progress.forecast(t, [Point(dt.date(2026, 7, 2), 201)], TODAY)
    assert fc.outlook == Outlook.ON_TRACK


def test_past_deadline_is_judged_on_latest() -> None:
    t = target(deadline=dt.date(2026, 1, 1))
    assert (
        progress.forecast(t, [Point(dt.date(2025, 12, 1), 96)], TODAY).outlook == Outlook.ACHIEVED
    )
    assert (
        progress.forecast(t, [Point(dt.date(2025, 12, 1), 90)], TODAY).outlook == Outlook.OFF_TRACK
    )


def test_annual_target_uses_this_year_only() -> None:
    t = target(period="annual")
    points = [
        Point(dt.date(2025, 12, 31), 99),
        Point(dt.date(2026, 3, 31), 80),
        Point(dt.date(2026, 6, 30), 85),
    ]
    result = progress.own_result(t, points, TODAY)
    assert result.percent == pytest.approx(85 / 95 * 100)
    fc = result.forecast
    assert "31/12/2026" in fc.explanation  # judged at the end of the latest report's year
    assert fc.outlook == Outlook.ON_TRACK  # 80 → 85 a quarter: ~95 by year end


def test_parent_is_weighted_mean_of_children() -> None:
    parent = target(pk=1)
    a = target(pk=2, parent_id=1, weight=Decimal("3"))
    b = target(pk=3, parent_id=1, weight=Decimal("1"))
    points = {2: [Point(dt.date(2026, 6, 1), 95)], 3: []}
    results = progress.results([parent, a, b], points, TODAY)
    assert results[1].from_children
    assert results[1].percent == pytest.approx((3 * 100 + 1 * 0) / 4)
    assert results[1].formula == progress.PARENT_RULE
    assert "chưa có báo cáo tính 0%" in results[1].explanation
    assert results[2].percent == 100.0 and results[3].percent is None


def test_parent_percent_rule() -> None:
    assert progress.parent_percent([(2, 50), (2, 100)]) == 75
    assert progress.parent_percent([(1, None), (1, 100)]) == 50
    assert progress.parent_percent([]) is None
