"""The worked cases of regulations.md §1.6 on the rule rows the migrations load: QĐ 366 for
2025, QĐ 124 for 2024, from the same code."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from dangbo.evaluations.classify import Facts, classify, months_between
from dangbo.evaluations.models import QuotaReading, Rating
from dangbo.evaluations.quota import excellent_cap
from dangbo.evaluations.rules import for_year

pytestmark = pytest.mark.django_db
ADMITTED = dt.date(2010, 5, 19)


def facts(year: int = 2025, **kwargs: object) -> Facts:
    base: dict[str, object] = {
        "year": year,
        "evaluated_on": dt.date(year, 12, 20),
        "admitted_on": ADMITTED,
    }
    base.update(kwargs)
    return Facts(**base)  # type: ignore[arg-type]


def test_the_year_picks_its_rule_set() -> None:
    assert for_year(2025).source.startswith("QĐ 366-QĐ/TW")
    assert for_year(2026).scored
    assert for_year(2024).source.startswith("QĐ 124-QĐ/TW")
    assert not for_year(2024).scored


def test_case_1_ninety_five_points_with_35_percent_exceeding_is_excellent() -> None:
    rules = for_year(2025)
    out = classify(
        rules, facts(score=Decimal(95), tasks_done_pct=Decimal(100), tasks_exceeding_pct=35)
    )
    assert out.rating == Rating.EXCELLENT
    # Only 25% exceeding: not HTXSNV; all tasks on time, so HTTNV.
    out = classify(
        rules,
        facts(score=Decimal(95), tasks_done_pct=Decimal(100), tasks_exceeding_pct=Decimal(25)),
    )
    assert out.rating == Rating.GOOD
    assert "ít nhất 30% vượt mức (đạt 25%)" in out.reasons[-1]


@pytest.mark.parametrize(
    ("score", "rating"),
    [
        ("89.9", Rating.GOOD),
        ("70.0", Rating.GOOD),
        ("69.99", Rating.SATISFACTORY),
        ("50.0", Rating.SATISFACTORY),
        ("49.9", Rating.FAILED),
        ("90", Rating.EXCELLENT),
    ],
)
def test_case_2_score_bands(score: str, rating: str) -> None:
    out = classify(
        for_year(2025),
        facts(score=Decimal(score), tasks_done_pct=Decimal(100), tasks_exceeding_pct=Decimal(40)),
    )
    assert out.rating == rating


def test_good_needs_every_task_on_time_under_qd_366() -> None:
    out = classify(for_year(2025), facts(score=Decimal(80), tasks_on_time=False))
    assert out.rating == Rating.SATISFACTORY
    assert "đúng hạn" in out.reasons[-1]


def test_case_4_and_5_quota_readings() -> None:
    # 12 at HTT or above: both readings allow 2.
    assert excellent_cap(12, QuotaReading.GOOD_ONLY) == 2
    assert excellent_cap(12, QuotaReading.GOOD_OR_BETTER) == 2
    # 15: (A) ⌊15/6⌋ = 2, (B) ⌊0,2 × 15⌋ = 3.
    assert excellent_cap(15, QuotaReading.GOOD_ONLY) == 2
    assert excellent_cap(15, QuotaReading.GOOD_OR_BETTER) == 3
    assert excellent_cap(5, QuotaReading.GOOD_ONLY) == 0


def test_case_6_discipline_in_the_year_fails_under_both_rule_sets() -> None:
    reprimand = dt.date(2025, 3, 12)
    out = classify(for_year(2025), facts(score=Decimal(92), disciplined_on=reprimand))
    assert out.rating == Rating.FAILED
    assert "kỷ luật ngày 12/03/2025" in out.reasons[-1]
    legacy = classify(
        for_year(2024),
        facts(year=2024, proposed=Rating.GOOD, disciplined_on=dt.date(2024, 3, 12)),
    )
    assert legacy.rating == Rating.FAILED


def test_case_7_admitted_under_six_months_is_not_rated() -> None:
    out = classify(for_year(2025), facts(admitted_on=dt.date(2025, 8, 15), score=Decimal(80)))
    assert out.not_rated and out.rating == ""
    assert "chưa đủ 6 tháng" in out.reasons[0]
    assert months_between(dt.date(2025, 8, 15), dt.date(2025, 12, 20)) == 4
    assert months_between(dt.date(2025, 6, 20), dt.date(2025, 12, 20)) == 6


def test_case_8_sick_leave_of_95_days_caps_at_satisfactory() -> None:
    out = classify(
        for_year(2025),
        facts(
            score=Decimal(93),
            tasks_done_pct=Decimal(100),
            tasks_exceeding_pct=Decimal(40),
            sick_leave_days=95,
        ),
    )
    assert out.rating == Rating.SATISFACTORY
    assert "Nghỉ ốm 95 ngày" in out.reasons[-1]
    legacy = classify(for_year(2024), facts(year=2024, proposed=Rating.GOOD, sick_leave_days=95))
    assert legacy.rating == Rating.SATISFACTORY


def test_legacy_rules_take_the_cells_proposal_and_apply_the_triggers() -> None:
    rules = for_year(2024)
    assert classify(rules, facts(year=2024, proposed=Rating.EXCELLENT)).rating == Rating.EXCELLENT
    poor = classify(rules, facts(year=2024, proposed=Rating.GOOD, criteria_poor=True))
    assert poor.rating == Rating.FAILED
    low = classify(rules, facts(year=2024, proposed=Rating.GOOD, tasks_done_pct=Decimal(40)))
    assert low.rating == Rating.FAILED and "dưới 50%" in low.reasons[-1]
    # The poor-criterion trigger is QĐ 124's; QĐ 366 rates on the score.
    assert (
        classify(for_year(2025), facts(score=Decimal(75), criteria_poor=True)).rating == Rating.GOOD
    )


def test_nothing_to_rate_on_gives_no_rating() -> None:
    assert classify(for_year(2025), facts()).rating == ""
    assert classify(for_year(2024), facts(year=2024)).rating == ""


MATERNITY = "Nghỉ thai sản 180 ngày: xếp loại theo kết quả thời gian làm việc thực tế."


def test_maternity_leave_is_never_sick_leave_and_is_rated_on_the_time_worked() -> None:
    """§1.5 (HD 21): a member on maternity leave is rated on the time actually worked; 180 days
    of it do not cap the rating the way 95 days of sick leave do, and the reason says so."""
    out = classify(
        for_year(2025),
        facts(
            score=Decimal(93),
            tasks_done_pct=Decimal(100),
            tasks_exceeding_pct=Decimal(40),
            maternity_leave_days=180,
        ),
    )
    assert out.rating == Rating.EXCELLENT
    assert out.reasons == ["93 điểm: mức HTXSNV.", MATERNITY]
    legacy = classify(
        for_year(2024), facts(year=2024, proposed=Rating.GOOD, maternity_leave_days=180)
    )
    assert legacy.rating == Rating.GOOD and legacy.reasons == [MATERNITY]
    # Sick leave still caps, counted on its own days only.
    both = classify(
        for_year(2025),
        facts(score=Decimal(80), sick_leave_days=89, maternity_leave_days=180),
    )
    assert both.rating == Rating.GOOD and MATERNITY in both.reasons
    capped = classify(
        for_year(2025),
        facts(score=Decimal(80), sick_leave_days=90, maternity_leave_days=180),
    )
    assert capped.rating == Rating.SATISFACTORY and "Nghỉ ốm 90 ngày" in capped.reasons[-1]


def test_no_maternity_reason_without_leave_or_when_the_rule_is_off() -> None:
    rules = for_year(2025)
    assert all("thai sản" not in r for r in classify(rules, facts(score=Decimal(80))).reasons)
    off = dataclasses.replace(rules, maternity_on_time_worked=False)
    out = classify(off, facts(score=Decimal(80), maternity_leave_days=180))
    assert out.rating == Rating.GOOD and out.reasons == ["80 điểm: mức HTTNV."]
    # Not rated (admitted under six months): the only reason is that one.
    young = classify(
        rules, facts(admitted_on=dt.date(2025, 8, 15), score=Decimal(80), maternity_leave_days=30)
    )
    assert young.not_rated and len(young.reasons) == 1


def test_the_rule_sets_carry_their_criteria_groups() -> None:
    groups = for_year(2025).criteria_groups
    assert [(g.code, g.max_points) for g in groups] == [
        ("chung", Decimal(30)),
        ("nhiem_vu", Decimal(70)),
    ]
    assert sum(g.max_points or 0 for g in groups) == for_year(2025).scale_max
    assert [g.max_points for g in for_year(2024).criteria_groups] == [None] * 4
    assert for_year(2024).maternity_on_time_worked and for_year(2025).maternity_on_time_worked
