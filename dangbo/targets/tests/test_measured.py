"""Targets measured from indicator values (issue #9 §3): which value, the expected value, the
forecast and the status, with hand-computed numbers; linking an indicator."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.indicators.models import Indicator
from dangbo.indicators.periods import PeriodKind, period_of
from dangbo.indicators.tests.factories import IndicatorFactory, IndicatorValueFactory
from dangbo.orgs.models import Organization
from dangbo.targets import measured, services
from dangbo.targets.measured import Status, measure, measure_all
from dangbo.targets.models import Target
from dangbo.targets.tests.factories import TargetFactory

D = dt.date
JULY = D(2026, 7, 1)
BASE_ON = D(2025, 12, 31)
DEADLINE = D(2030, 12, 31)


def value(indicator: Indicator, org: Organization, kind: str, day: D, figure: str) -> None:
    period = period_of(kind, day)
    IndicatorValueFactory.create(
        indicator=indicator,
        organization=org,
        period_kind=kind,
        period_start=period.start,
        period_end=period.end,
        numerator=Decimal(figure),
        denominator=None,
        value=Decimal(figure),
    )


def quarters(indicator: Indicator, org: Organization, *figures: str) -> None:
    """Q1, Q2, … of 2026."""
    for index, figure in enumerate(figures):
        value(indicator, org, PeriodKind.QUARTER, D(2026, 3 * index + 1, 1), figure)


@pytest.fixture
def rate(db: None) -> Indicator:
    return IndicatorFactory.create(name="Tỷ lệ chi bộ thực hiện kiểm thử")


def rate_target(tree: Tree, indicator: Indicator | None, **fields: object) -> Target:
    """95% trở lên by 31/12/2030 from 90% on 31/12/2025, for the commune."""
    defaults: dict[str, object] = dict(
        document=DocumentFactory.create(issuer=tree.commune),
        value=Decimal("95"),
        baseline=Decimal("90"),
        baseline_on=BASE_ON,
        deadline=DEADLINE,
        responsible=tree.commune,
        indicator=indicator,
    )
    defaults.update(fields)
    return TargetFactory.create(**defaults)


# Window 31/12/2025 → 31/12/2030 is 1826 days; by 01/07/2026, 182 have passed.
SHARE_JULY = Decimal(182) / Decimal(1826)


def test_target_without_indicator_is_not_measured(tree: Tree) -> None:
    assert measure(rate_target(tree, None), JULY) is None


def test_rate_on_track_forecast_by_least_squares_clamped_to_100(
    tree: Tree, rate: Indicator
) -> None:
    target = rate_target(tree, rate)
    quarters(rate, tree.commune, "91", "92")
    m = measure(target, JULY)
    assert m is not None
    # Latest: quarter II (the finest, most recent); expected 90 + 5 × 182/1826 = 90,498 → 90,5.
    assert m.value == Decimal("92")
    assert m.period is not None and m.period.label == "Quý II/2026"
    assert m.expected == Decimal("90.5") == (90 + 5 * SHARE_JULY).quantize(Decimal("0.1"))
    # +1 point per 91 days: far above 100 by 2030, clamped to 100 for "%".
    assert m.forecast == Decimal("100")
    assert m.status == Status.ON_TRACK
    assert m.status_label == "Đúng tiến độ"
    assert m.formula == (
        "Dự báo đến 31/12/2030: 100% ≥ 95% và hiện đạt 92% ≥ mức cần đạt 90,5% → Đúng tiến độ"
    )
    assert "bình phương tối thiểu qua 2 kỳ" in m.method
    assert m.value_text == "92%"


def test_forecast_of_three_points_is_the_least_squares_line(tree: Tree, rate: Indicator) -> None:
    target = rate_target(tree, rate, period="annual", baseline=None, baseline_on=None)
    quarters(rate, tree.commune, "90", "92", "93")
    m = measure(target, D(2026, 10, 15))
    assert m is not None
    # x = days from 31/03: 0, 91, 183; y = 90, 92, 93.
    # mean x = 91,333, mean y = 91,667; Sxx = 16.744,67, Sxy = 274,33 → slope 0,016383/day,
    # intercept 90,1704; at 31/12/2026 (x = 275): 90,1704 + 0,016383 × 275 = 94,676.
    assert m.forecast == Decimal("94.68")
    # Misses 95 by 0,32 ≤ 9,5 (10% of 95): at risk.
    assert m.status == Status.AT_RISK
    assert "cách chỉ tiêu 0,3% (không quá 10% chỉ tiêu = 9,5%)" in m.formula


def test_rate_behind_expected_with_good_forecast_is_at_risk(tree: Tree, rate: Indicator) -> None:
    target = rate_target(tree, rate, baseline=Decimal("80"))
    value(rate, tree.commune, PeriodKind.QUARTER, D(2026, 4, 1), "82")
    today = D(2026, 12, 1)
    m = measure(target, today)
    assert m is not None
    # One value: the line from 80 (31/12/2025) through 82 (30/06/2026, 181 days later),
    # 2/181 per day, 1645 days more to 31/12/2030: 82 + 18,18 = 100,18 → 100.
    assert m.forecast == Decimal("100")
    assert "Đường thẳng từ giá trị đầu kỳ 80% (31/12/2025) qua 82% (30/06/2026)" in m.method
    # Expected: 80 + 15 × 335/1826 = 82,75 → 82,8; 82 is behind.
    assert m.expected == Decimal("82.8")
    assert m.status == Status.AT_RISK
    assert m.formula == (
        "Dự báo đến 31/12/2030: 100% ≥ 95% nhưng hiện đạt 82% < mức cần đạt 82,8% → Có nguy cơ"
    )


def test_flat_rate_missing_by_more_than_a_tenth_is_off_track(tree: Tree, rate: Indicator) -> None:
    target = rate_target(tree, rate)
    quarters(rate, tree.commune, "80", "80")
    m = measure(target, JULY)
    assert m is not None
    assert m.forecast == Decimal("80")
    assert m.status == Status.OFF_TRACK
    assert m.colour == "danger"
    assert m.formula == (
        "Dự báo đến 31/12/2030: 80% < 95%, cách chỉ tiêu 15% (quá 10% chỉ tiêu = 9,5%) "
        "→ Chậm tiến độ"
    )


def test_flat_rate_missing_by_a_tenth_or_less_is_at_risk(tree: Tree, rate: Indicator) -> None:
    target = rate_target(tree, rate)
    quarters(rate, tree.commune, "86", "86")
    m = measure(target, JULY)
    assert m is not None
    assert (m.forecast, m.status) == (Decimal("86"), Status.AT_RISK)  # 9 ≤ 9,5


def test_current_value_satisfying_the_target_is_met(tree: Tree, rate: Indicator) -> None:
    target = rate_target(tree, rate)
    quarters(rate, tree.commune, "94", "96")
    m = measure(target, JULY)
    assert m is not None
    assert (m.status, m.status_label, m.met) == (Status.MET, "Đạt", True)
    assert m.formula == "Hiện đạt 96% ≥ 95% (Quý II/2026) → Đạt"


@pytest.fixture
def poor(db: None) -> Indicator:
    return IndicatorFactory.create(name="Tỷ lệ hộ nghèo kiểm thử", higher_is_better=False)


def poor_target(tree: Tree, indicator: Indicator) -> Target:
    """Hộ nghèo dưới mức 3% (≤) by 2030, from 6% at the end of 2025."""
    return rate_target(tree, indicator, value=Decimal("3"), baseline=Decimal("6"), comparator="<=")


def test_falling_target_on_track_when_below_expected(tree: Tree, poor: Indicator) -> None:
    target = poor_target(tree, poor)
    quarters(poor, tree.commune, "5.5", "5")
    m = measure(target, JULY)
    assert m is not None
    # Expected 6 + (3 − 6) × 182/1826 = 5,70; forecast falls below 0, clamped to 0.
    assert (m.expected, m.forecast) == (Decimal("5.7"), Decimal("0"))
    assert m.status == Status.ON_TRACK
    assert m.formula == (
        "Dự báo đến 31/12/2030: 0% ≤ 3% và hiện đạt 5% ≤ mức cần đạt 5,7% → Đúng tiến độ"
    )


def test_falling_target_rising_is_off_track(tree: Tree, poor: Indicator) -> None:
    target = poor_target(tree, poor)
    quarters(poor, tree.commune, "6", "6.2")
    m = measure(target, JULY)
    assert m is not None
    # 6 at 31/03, +0,2 per 91 days, 1736 days to 31/12/2030: 6 + 3,815 = 9,82.
    assert m.forecast == Decimal("9.82")
    assert m.status == Status.OFF_TRACK
    assert m.formula == (
        "Dự báo đến 31/12/2030: 9,8% > 3%, cách chỉ tiêu 6,8% (quá 10% chỉ tiêu = 0,3%) "
        "→ Chậm tiến độ"
    )


def test_falling_target_flat_just_above_is_at_risk_and_met_below(
    tree: Tree, poor: Indicator
) -> None:
    target = poor_target(tree, poor)
    quarters(poor, tree.commune, "3.2", "3.2")
    m = measure(target, JULY)
    assert m is not None
    assert m.status == Status.AT_RISK  # 0,2 ≤ 0,3
    value(poor, tree.commune, PeriodKind.QUARTER, D(2026, 7, 1), "2.9")
    m = measure(target, D(2026, 10, 1))
    assert m is not None
    assert (m.status, m.formula) == (Status.MET, "Hiện đạt 2,9% ≤ 3% (Quý III/2026) → Đạt")


def test_annual_target_reads_only_the_current_year(tree: Tree, rate: Indicator) -> None:
    target = rate_target(tree, rate, period="annual", baseline=None, baseline_on=None)
    value(rate, tree.commune, PeriodKind.YEAR, D(2025, 1, 1), "97")
    quarters(rate, tree.commune, "80")
    m = measure(target, JULY)
    assert m is not None
    assert m.window is not None and m.window.label == "Năm 2026"
    assert (m.value, m.period_label) == (Decimal("80"), "Quý I/2026")
    # Expected from 0 (no baseline): 95 × 181/364 = 47,2; the horizon is the end of the year.
    assert m.expected == Decimal("47.2")
    assert "31/12/2026" in m.formula
    # The term target over the same values reads the same latest quarter.
    term = rate_target(tree, rate, baseline_on=D(2025, 1, 1))
    assert measure(term, JULY).value == Decimal("80")  # type: ignore[union-attr]


def test_of_a_year_and_its_last_quarter_the_year_so_far_is_read(
    tree: Tree, rate: Indicator
) -> None:
    """In December the year so far holds more of the data than a quarter barely begun."""
    target = rate_target(tree, rate)
    value(rate, tree.commune, PeriodKind.YEAR, D(2026, 1, 1), "96")
    value(rate, tree.commune, PeriodKind.QUARTER, D(2026, 10, 1), "40")
    m = measure(target, D(2026, 12, 1))
    assert m is not None
    assert (m.value, m.period_label) == (Decimal("96"), "Năm 2026")


def test_annual_target_of_a_later_document_has_no_data_yet(tree: Tree, rate: Indicator) -> None:
    document = DocumentFactory.create(issuer=tree.commune, issued_on=D(2027, 1, 10))
    target = rate_target(tree, rate, document=document, period="annual")
    quarters(rate, tree.commune, "96")
    m = measure(target, JULY)
    assert m is not None
    assert (m.status, m.value, m.status_label) == (Status.NO_DATA, None, "Chưa có số liệu")
    assert "trong kỳ năm 2027" in m.formula


@pytest.fixture
def admitted(db: None) -> Indicator:
    return IndicatorFactory.create(
        name="Đảng viên kết nạp kiểm thử",
        kind="computed",
        unit="đảng viên",
        numerator="admissions",
        numerator_label="Đảng viên kết nạp",
        denominator_label="",
        period_kinds=["quarter", "year", "term"],
        max_value=None,
    )


def test_count_is_summed_over_the_years_of_the_window(tree: Tree, admitted: Indicator) -> None:
    target = rate_target(
        tree,
        admitted,
        value=Decimal("400"),
        unit="đảng viên",
        baseline=Decimal("0"),
        baseline_on=D(2025, 1, 1),
    )
    value(admitted, tree.commune, PeriodKind.YEAR, D(2025, 1, 1), "70")
    value(admitted, tree.commune, PeriodKind.YEAR, D(2026, 1, 1), "45")
    value(admitted, tree.commune, PeriodKind.QUARTER, D(2026, 4, 1), "20")  # not added twice
    value(admitted, tree.cell_a, PeriodKind.YEAR, D(2026, 1, 1), "9")  # another unit
    m = measure(target, JULY)
    assert m is not None
    assert (m.value, m.period_label) == (Decimal("115"), "Cộng các năm 2025–2026")
    assert m.value_text == "115 đảng viên"
    # 400 × 546/2190 days = 99,7 expected; cumulative 70 (31/12/2025) → 115 (01/07/2026):
    # 45 per 182 days, 1644 days more: 115 + 406,48 = 521,48.
    assert m.expected == Decimal("99.7")
    assert m.forecast == Decimal("521.48")
    assert m.status == Status.ON_TRACK
    assert m.formula == (
        "Dự báo đến 31/12/2030: 521,5 đảng viên ≥ 400 đảng viên và hiện đạt 115 đảng viên "
        "≥ mức cần đạt 99,7 đảng viên → Đúng tiến độ"
    )


def test_annual_admission_target_reads_the_year_value(tree: Tree, admitted: Indicator) -> None:
    target = rate_target(
        tree,
        admitted,
        value=Decimal("12"),
        unit="đảng viên",
        period="annual",
        baseline=Decimal("0"),
        baseline_on=D(2026, 1, 1),
        deadline=D(2026, 12, 31),
    )
    value(admitted, tree.commune, PeriodKind.YEAR, D(2025, 1, 1), "30")
    value(admitted, tree.commune, PeriodKind.YEAR, D(2026, 1, 1), "5")
    m = measure(target, JULY)
    assert m is not None
    # 12 × 181/364 = 5,97 → 6,0 expected. The line from 0 (01/01) through 5 (01/07, 181 days)
    # reaches 5 + 5 × 183/181 = 10,06 by 31/12: it misses 12 by 1,94 > 1,2 (10%).
    assert (m.value, m.expected) == (Decimal("5"), Decimal("6.0"))
    assert m.forecast == Decimal("10.06")
    assert m.status == Status.OFF_TRACK


def test_linked_target_without_values_has_no_data(tree: Tree, rate: Indicator) -> None:
    m = measure(rate_target(tree, rate), JULY)
    assert m is not None
    assert (m.status, m.value_text, m.colour) == (Status.NO_DATA, "—", "secondary")
    assert m.formula == (
        "Chưa có số liệu của chỉ số «Tỷ lệ chi bộ thực hiện kiểm thử» cho Đảng bộ xã An Bình "
        "trong kỳ từ 31/12/2025 đến 31/12/2030."
    )


def test_value_of_the_issuer_when_no_unit_is_responsible(tree: Tree, rate: Indicator) -> None:
    target = rate_target(tree, rate, responsible=None)
    quarters(rate, tree.commune, "93")
    m = measure(target, JULY)
    assert m is not None
    assert (m.organization, m.value) == (tree.commune, Decimal("93"))
    assert f"to_chuc={tree.commune.pk}" in m.indicator_url
    assert "ky=quarter%3A2026-01-01" in m.indicator_url


def test_measure_all_takes_two_queries_whatever_the_number(
    tree: Tree, rate: Indicator, django_assert_num_queries: object
) -> None:
    targets = [rate_target(tree, rate, responsible=org) for org in (tree.cell_a, tree.cell_b)]
    targets += [rate_target(tree, rate) for _ in range(4)] + [rate_target(tree, None)]
    quarters(rate, tree.cell_a, "96")
    quarters(rate, tree.commune, "91", "92")
    with django_assert_num_queries(2):  # type: ignore[operator]
        found = measure_all(targets, JULY)
    assert len(found) == 6
    assert found[targets[0].pk].status == Status.MET
    assert found[targets[1].pk].status == Status.NO_DATA
    assert found[targets[2].pk].status == Status.ON_TRACK


# --- Linking ------------------------------------------------------------------------------


def test_link_and_unlink_are_audited(tree: Tree, rate: Indicator, commune_secretary: User) -> None:
    target = rate_target(tree, None)
    services.link_indicator(actor=commune_secretary, target=target, indicator=rate)
    target.refresh_from_db()
    assert target.indicator == rate
    services.link_indicator(actor=commune_secretary, target=target, indicator=None)
    target.refresh_from_db()
    assert target.indicator is None
    events = AuditEvent.objects.filter(action="target.link_indicator").order_by("pk")
    assert [(e.before, e.after) for e in events] == [
        ({"indicator": None}, {"indicator": rate.code}),
        ({"indicator": rate.code}, {"indicator": None}),
    ]


@pytest.mark.parametrize(
    ("target_unit", "indicator_unit", "ok"),
    [
        ("%", "%", True),
        ("phần trăm", "%", True),
        ("Đảng viên", "đảng viên", True),
        ("mô hình", "mô hình/chi bộ", True),
        ("%", "đảng viên", False),
        ("đảng viên", "%", False),
        ("%", "%/chi bộ", False),
        ("mô hình", "chi bộ", False),
    ],
)
def test_compatible_units(target_unit: str, indicator_unit: str, ok: bool) -> None:
    assert services.compatible_units(target_unit, indicator_unit) is ok


def test_incompatible_indicator_is_refused_in_vietnamese_and_nothing_written(
    tree: Tree, admitted: Indicator, commune_secretary: User
) -> None:
    target = rate_target(tree, None)
    with pytest.raises(ValidationError) as exc:
        services.link_indicator(actor=commune_secretary, target=target, indicator=admitted)
    assert exc.value.message_dict["indicator"] == [
        "Chỉ số «Đảng viên kết nạp kiểm thử» tính theo đơn vị «đảng viên», chỉ tiêu tính theo "
        "«%»: hai đơn vị không khớp nên không đo được chỉ tiêu bằng chỉ số này."
    ]
    target.refresh_from_db()
    assert target.indicator is None
    assert not AuditEvent.objects.filter(action="target.link_indicator").exists()


def test_inactive_indicator_is_refused(tree: Tree, commune_secretary: User) -> None:
    retired = IndicatorFactory.create(name="Chỉ số cũ", active=False)
    with pytest.raises(ValidationError, match="đã thôi sử dụng"):
        services.link_indicator(
            actor=commune_secretary, target=rate_target(tree, None), indicator=retired
        )


def test_cell_secretary_cannot_link_a_commune_target(
    tree: Tree, rate: Indicator, secretary_a: User
) -> None:
    target = rate_target(tree, None)
    with pytest.raises(PermissionDenied):
        services.link_indicator(actor=secretary_a, target=target, indicator=rate)
    target.refresh_from_db()
    assert target.indicator is None


def test_figure_is_written_the_vietnamese_way() -> None:
    assert measured.figure(Decimal("96.25"), "%") == "96,3%"
    assert measured.figure(Decimal("1234.5"), "đảng viên") == "1.234,5 đảng viên"
    assert measured.figure(None, "%") == "—"
