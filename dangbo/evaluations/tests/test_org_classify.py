"""Rating party organizations on the rule rows migration 0006 loads: §1.6 case 3 and case 10,
2024 (QĐ 124) and 2025 (QĐ 366) from the same code, and the organizations not yet rated."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dangbo.core.models import Rule
from dangbo.evaluations.models import Rating
from dangbo.evaluations.org_classify import Distribution, OrgFacts, classify_organization
from dangbo.evaluations.org_rules import KEY, for_year, from_row

pytestmark = pytest.mark.django_db
FOUNDED = dt.date(2015, 3, 2)
# A chi bộ of 10 whose members are all HTTNV or better: meets HD 21.
ALL_GOOD = Distribution(of_members=True, rated=10, satisfactory_or_better=10, good_or_better=10)


def facts(year: int = 2025, /, **kwargs: object) -> OrgFacts:
    base: dict[str, object] = {
        "year": year,
        "evaluated_on": dt.date(year, 12, 20),
        "founded_on": FOUNDED,
        "tasks_done_pct": Decimal(100),
        "tasks_exceeding_pct": Decimal(40),
        "distribution": ALL_GOOD,
    }
    base.update(kwargs)
    return OrgFacts(**base)  # type: ignore[arg-type]


def test_the_year_picks_its_rule_set_and_both_rows_say_where_they_come_from() -> None:
    assert for_year(2025).source.startswith("QĐ 366-QĐ/TW")
    assert for_year(2025).scored and not for_year(2024).scored
    assert for_year(2024).source.startswith("QĐ 124-QĐ/TW")
    rows = Rule.objects.filter(key=KEY).order_by("valid_from")
    assert [(r.valid_from, r.confidence) for r in rows] == [
        (dt.date(2023, 10, 4), "high"),
        (dt.date(2025, 8, 30), "medium"),
    ]


def test_92_points_with_40_percent_exceeding_and_nothing_against_is_excellent() -> None:
    out = classify_organization(for_year(2025), facts(score=Decimal(92)))
    assert out.rating == Rating.EXCELLENT
    assert out.reasons == ["92 điểm: mức HTXSNV."]


def test_case_3_a_subordinate_disciplined_caps_92_points_at_good() -> None:
    """§1.6 case 3: 92 points, one of ten subordinate units disciplined → at most HTTNV."""
    out = classify_organization(
        for_year(2025),
        facts(score=Decimal(92), subordinates_disciplined=1, subordinate_count=10),
    )
    assert out.rating == Rating.GOOD
    assert "1 đơn vị trực thuộc bị kỷ luật" in out.reasons[-1]


def test_a_disciplined_leadership_member_also_caps_at_good_under_qd_366() -> None:
    out = classify_organization(
        for_year(2025), facts(score=Decimal(95), leadership_disciplined=True)
    )
    assert out.rating == Rating.GOOD


def test_under_qd_124_the_disciplined_leadership_collective_fails() -> None:
    out = classify_organization(for_year(2024), facts(2024, leadership_disciplined=True))
    assert out.rating == Rating.FAILED
    assert out.reasons == ["Tập thể lãnh đạo, quản lý bị xử lý kỷ luật trong năm."]


def test_case_10_eight_good_and_two_satisfactory_meets_the_legacy_precondition() -> None:
    met = Distribution(of_members=True, rated=10, satisfactory_or_better=10, good_or_better=8)
    out = classify_organization(for_year(2024), facts(2024, distribution=met))
    assert out.rating == Rating.EXCELLENT


def test_case_10_one_failed_member_misses_the_legacy_precondition() -> None:
    failed = Distribution(of_members=True, rated=10, satisfactory_or_better=9, good_or_better=8)
    out = classify_organization(for_year(2024), facts(2024, distribution=failed))
    assert out.rating == Rating.GOOD
    assert "100% đảng viên HTNV trở lên, trong đó từ 80% HTTNV" in out.reasons[-1]
    assert "đạt 90% và 80%" in out.reasons[-1]


def test_a_dang_bo_needs_the_same_over_its_direct_subordinates() -> None:
    seven_of_ten = Distribution(
        of_members=False, rated=10, satisfactory_or_better=10, good_or_better=7
    )
    out = classify_organization(for_year(2025), facts(score=Decimal(95), distribution=seven_of_ten))
    assert out.rating == Rating.GOOD
    assert "tổ chức đảng trực thuộc" in out.reasons[-1]


def test_excellent_is_not_given_while_members_still_lack_a_rating() -> None:
    pending = Distribution(
        of_members=True, rated=8, satisfactory_or_better=8, good_or_better=8, missing=2
    )
    out = classify_organization(for_year(2025), facts(score=Decimal(95), distribution=pending))
    assert out.rating == Rating.GOOD
    assert "2 chưa có mức" in out.reasons[-1]


def test_2024_and_2025_differ_on_the_same_facts() -> None:
    """Under 25% behind schedule: QĐ 366 fails it (over 20%), QĐ 124 has no such rule."""
    late: dict[str, object] = {"tasks_behind_pct": Decimal(25), "tasks_on_time": False}
    assert classify_organization(for_year(2025), facts(score=Decimal(80), **late)).rating == (
        Rating.FAILED
    )
    assert classify_organization(for_year(2024), facts(2024, **late)).rating == Rating.EXCELLENT
    poor: dict[str, object] = {"criteria_poor": True}
    assert classify_organization(for_year(2024), facts(2024, **poor)).rating == Rating.FAILED
    assert classify_organization(for_year(2025), facts(score=Decimal(80), **poor)).rating == (
        Rating.GOOD
    )


def test_good_needs_every_task_on_time_and_satisfactory_tolerates_a_fifth_behind() -> None:
    out = classify_organization(
        for_year(2025), facts(score=Decimal(85), tasks_behind_pct=Decimal(20))
    )
    assert out.rating == Rating.SATISFACTORY
    assert "đúng hạn" in out.reasons[-1]


def test_over_a_fifth_of_subordinates_disciplined_fails_both_years() -> None:
    three_of_ten: dict[str, object] = {"subordinates_disciplined": 3, "subordinate_count": 10}
    assert classify_organization(for_year(2024), facts(2024, **three_of_ten)).rating == (
        Rating.FAILED
    )
    out = classify_organization(for_year(2025), facts(score=Decimal(95), **three_of_ten))
    assert out.rating == Rating.FAILED
    assert "3/10 đơn vị trực thuộc" in out.reasons[-1]


def test_under_half_the_tasks_fails_only_with_key_targets_missed() -> None:
    low: dict[str, object] = {"tasks_done_pct": Decimal(45)}
    assert classify_organization(for_year(2024), facts(2024, **low)).rating != Rating.FAILED
    out = classify_organization(for_year(2024), facts(2024, key_targets_missed=True, **low))
    assert out.rating == Rating.FAILED


def test_an_organization_founded_under_six_months_is_not_rated() -> None:
    out = classify_organization(
        for_year(2025), facts(score=Decimal(95), founded_on=dt.date(2025, 7, 1))
    )
    assert out.not_rated and out.rating == ""
    assert "chưa đủ 6 tháng" in out.reasons[0]
    grown = classify_organization(
        for_year(2025), facts(score=Decimal(95), founded_on=dt.date(2025, 6, 20))
    )
    assert not grown.not_rated


def test_a_province_row_can_switch_the_distribution_rule_off() -> None:
    row = Rule.objects.get(key=KEY, valid_from=dt.date(2025, 8, 30))
    row.value = {**row.value, "excellent_distribution": None}
    rules = from_row(row)
    weak = Distribution(of_members=True, rated=10, satisfactory_or_better=9, good_or_better=5)
    assert classify_organization(rules, facts(score=Decimal(95), distribution=weak)).rating == (
        Rating.EXCELLENT
    )
