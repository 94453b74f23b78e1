"""The incremental refresh (only the indicators whose data changed, only recent periods), the
on-demand refresh and the catalog services: bad definitions are refused in Vietnamese and
nothing is written; the drill-down lists who counts and who does not."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from dangbo.audit.models import AuditEvent
from dangbo.four_good.tests.factories import FourGoodAssessmentFactory, FourGoodCriteriaSetFactory
from dangbo.indicators import services
from dangbo.indicators.compute import refresh, refresh_changed
from dangbo.indicators.models import (
    Indicator,
    IndicatorKind,
    IndicatorRefresh,
    IndicatorValue,
    ReportingForm,
    SubmissionState,
)
from dangbo.indicators.periods import PeriodKind, period_of
from dangbo.indicators.queries import drilldown, value_text
from dangbo.indicators.tests.factories import SubmissionFactory, SubmissionValueFactory
from dangbo.members.models import Member, TheoryLevel
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.models import CELL_KINDS, Organization

TODAY_QUARTER = period_of(PeriodKind.QUARTER, dt.date(2026, 12, 1))
YEAR_2026 = period_of(PeriodKind.YEAR, dt.date(2026, 12, 1))


def codes(*names: str) -> list[Indicator]:
    return list(Indicator.objects.filter(code__in=names))


def test_refresh_changed_touches_only_indicators_reading_changed_tables(tree: Any) -> None:
    MemberFactory.create(organization=tree.cell_a)
    chosen = codes("members_on_roll", "meetings_held", "members_theory_intermediate")
    refresh(indicators=chosen)
    Indicator.objects.exclude(pk__in=[i.pk for i in chosen]).update(active=False)
    held = IndicatorValue.objects.filter(indicator__code="meetings_held")
    before = {v.pk: v.computed_at for v in held}
    assert refresh_changed() is None  # nothing happened since

    MemberFactory.create(organization=tree.cell_a, theory_level=TheoryLevel.ADVANCED)
    run = refresh_changed()
    assert run is not None
    assert run.indicators == 2  # the two member indicators, not the meetings
    assert {v.pk: v.computed_at for v in held} == before
    roll = IndicatorValue.objects.get(
        indicator__code="members_on_roll",
        organization=tree.root,
        period_kind=PeriodKind.QUARTER,
        period_start=TODAY_QUARTER.start,
    )
    assert roll.value == 2
    assert run.audit_seq == AuditEvent.objects.order_by("-seq").first().seq  # type: ignore[union-attr]
    assert refresh_changed() is None


def test_first_incremental_run_is_a_full_refresh(tree: Any) -> None:
    Indicator.objects.exclude(code="members_on_roll").update(active=False)
    run = refresh_changed()
    assert run is not None and run.indicators == 1
    assert IndicatorValue.objects.filter(organization=tree.root).count() == 10


def test_edited_definition_is_recomputed(tree: Any, province_admin: Any) -> None:
    indicator = codes("members_on_roll")[0]
    Indicator.objects.exclude(pk=indicator.pk).update(active=False)
    refresh(indicators=[indicator])
    MemberFactory.create(organization=tree.cell_a, theory_level=TheoryLevel.ADVANCED)
    MemberFactory.create(organization=tree.cell_b)
    refresh(indicators=[indicator])
    services.update_indicator(
        actor=province_admin, indicator=indicator, numerator="members where theory_level = advanced"
    )
    run = refresh_changed()
    assert run is not None and run.indicators == 1
    value = IndicatorValue.objects.get(
        indicator=indicator,
        organization=tree.root,
        period_kind="year",
        period_start=YEAR_2026.start,
    )
    assert value.value == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"numerator": "abc"}, "numerator", "Không có nguồn dữ liệu «abc»"),
        ({"denominator": "members where x = 1"}, "denominator", "Trường «x»"),
        ({"numerator": ""}, "numerator", "cần định nghĩa tử số"),
        ({"code": "Có dấu"}, "code", "Mã chỉ gồm"),
        ({"code": "members_on_roll"}, "code", "Đã có chỉ số"),
        ({"period_kinds": []}, "period_kinds", "ít nhất một"),
        ({"period_kinds": ["week"]}, "period_kinds", "Loại kỳ"),
        ({"min_value": "10", "max_value": "1"}, "max_value", "không nhỏ hơn"),
        ({"min_value": "abc"}, "min_value", "Nhập một số"),
        ({"kind": "x"}, "kind", "Chọn loại"),
    ],
)
def test_bad_indicator_is_refused_and_nothing_written(
    tree: Any, province_admin: Any, fields: dict[str, Any], field: str, message: str
) -> None:
    data = {
        "code": "new_rate",
        "name": "Tỷ lệ mới",
        "kind": IndicatorKind.COMPUTED,
        "unit": "%",
        "numerator": "members where sex = female",
        "denominator": "members",
        "period_kinds": ["year"],
        **fields,
    }
    count, events = Indicator.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.create_indicator(actor=province_admin, organization=tree.root, **data)
    assert any(message in m for m in error.value.message_dict[field])
    assert (Indicator.objects.count(), AuditEvent.objects.count()) == (count, events)


def test_create_and_refresh_on_demand_are_audited(tree: Any, province_admin: Any) -> None:
    indicator = services.create_indicator(
        actor=province_admin,
        organization=tree.root,
        code="female_share",
        name="Tỷ lệ đảng viên nữ",
        kind=IndicatorKind.COMPUTED,
        unit="%",
        numerator="members where sex = female",
        denominator="members",
        period_kinds=["year", "quarter"],
    )
    assert indicator.period_kinds == ["quarter", "year"]
    MemberFactory.create(organization=tree.cell_a)
    run = services.refresh_indicators(actor=province_admin, indicators=[indicator])
    assert run.requested_by == province_admin
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"indicators.create", "indicators.refresh"} <= actions
    assert IndicatorRefresh.objects.filter(trigger="on_demand").count() == 1


def test_command_refreshes(tree: Any, capsys: Any) -> None:
    Indicator.objects.exclude(code="members_admitted").update(active=False)
    call_command("refresh_indicators", "--all")
    assert "Đã tính lại 1 chỉ số" in capsys.readouterr().out
    call_command("refresh_indicators")
    assert "Không có dữ liệu thay đổi" in capsys.readouterr().out


def test_a_year_without_four_good_assessments_has_no_value(tree: Any) -> None:
    """Not 0%: the share of the cells assessed, so a target reads the last year assessed."""
    indicator = codes("cells_four_good")[0]
    refresh(indicators=[indicator], periods=[YEAR_2026])
    values = IndicatorValue.objects.filter(indicator=indicator, period_start=YEAR_2026.start)
    assert [v.value for v in values if v.value is not None] == []


def test_drilldown_lists_cells_that_do_not_count(tree: Any) -> None:
    indicator = codes("cells_four_good")[0]
    criteria = FourGoodCriteriaSetFactory.create(organization=tree.root)
    FourGoodAssessmentFactory.create(organization=tree.cell_a, criteria_set=criteria, year=2026)
    FourGoodAssessmentFactory.create(
        organization=tree.cell_b, criteria_set=criteria, year=2026, eligible=False, recognized=False
    )
    refresh(indicators=[indicator], periods=[YEAR_2026])
    drill = drilldown(
        indicator,
        tree.commune,
        YEAR_2026,
        organizations=Organization.objects.all(),
        members=Member.objects.all(),
    )
    assert [o.name for o in drill.counted] == ["Chi bộ Ấp Một"]
    assert [o.name for o in drill.not_counted] == ["Chi bộ Ấp Hai"]
    assert drill.text == "50%"
    assert [c.text for c in drill.children] == ["0%", "100%"]  # Ấp Hai, Ấp Một


def test_drilldown_lists_members_of_a_cell_not_counted(tree: Any) -> None:
    indicator = codes("members_theory_intermediate")[0]
    counted = MemberFactory.create(organization=tree.cell_a, theory_level=TheoryLevel.ADVANCED)
    missing = MemberFactory.create(organization=tree.cell_a, theory_level=TheoryLevel.NONE)
    MemberFactory.create(organization=tree.cell_b, theory_level=TheoryLevel.NONE)
    refresh(indicators=[indicator], periods=[YEAR_2026])
    drill = drilldown(
        indicator,
        tree.cell_a,
        YEAR_2026,
        organizations=Organization.objects.all(),
        members=Member.objects.all(),
    )
    assert drill.members_not_counted is not None
    assert [m.pk for m in drill.members_not_counted] == [missing.pk]
    assert counted.pk not in [m.pk for m in drill.members_not_counted]
    # scoped: a members queryset without cell A's members lists nobody
    hidden = drilldown(
        indicator,
        tree.cell_a,
        YEAR_2026,
        organizations=Organization.objects.all(),
        members=Member.objects.none(),
    )
    assert hidden.members_not_counted is not None and not hidden.members_not_counted.paginator.count


def test_drilldown_of_reported_lists_who_has_not_reported(tree: Any) -> None:
    quarter = period_of(PeriodKind.QUARTER, dt.date(2026, 8, 1))
    submission = SubmissionFactory.create_in(tree.cell_a)
    submission.state = SubmissionState.APPROVED
    submission.save()
    form: ReportingForm = submission.form
    form.org_kinds = list(CELL_KINDS)
    form.save()
    indicator = form.indicators.get()
    SubmissionValueFactory.create(
        submission=submission, indicator=indicator, numerator=3, denominator=4
    )
    refresh(indicators=[indicator], periods=[quarter])
    drill = drilldown(
        indicator,
        tree.commune,
        quarter,
        organizations=Organization.objects.all(),
        members=Member.objects.all(),
    )
    assert [r.organization.name for r in drill.reported] == ["Chi bộ Ấp Một"]
    assert [o.name for o in drill.not_reported] == ["Chi bộ Ấp Hai"]
    assert value_text(indicator, drill.value) == "75%"
    assert drill.value is not None and drill.value.reporting_units == 1


def test_a_broken_stored_definition_does_not_stop_the_others(tree: Any) -> None:
    Indicator.objects.exclude(code__in=["members_on_roll", "members_admitted"]).update(active=False)
    Indicator.objects.filter(code="members_admitted").update(numerator="abc")  # around the service
    run = refresh()
    assert run.indicators == 1
    assert not IndicatorValue.objects.filter(indicator__code="members_admitted").exists()


def test_a_shipped_indicator_keeps_its_code(tree: Any, province_admin: Any) -> None:
    indicator = codes("members_on_roll")[0]
    with pytest.raises(ValidationError) as error:
        services.update_indicator(actor=province_admin, indicator=indicator, code="other_code")
    assert "không đổi được" in error.value.message_dict["code"][0]
    indicator.refresh_from_db()
    assert indicator.code == "members_on_roll"


def test_a_shared_definition_is_counted_once_per_period_and_a_roll_once_per_day(
    tree: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """members_on_roll and the denominators of two other indicators all read `members`; a
    year and its last quarter end the same day: one count of the roll serves all of them."""
    from dangbo.indicators import compute

    MemberFactory.create(organization=tree.cell_a, theory_level=TheoryLevel.ADVANCED)
    MemberFactory.create(organization=tree.cell_b)
    counted: list[str] = []
    real = compute.count_by_unit

    def counting(definition: Any, period: Any) -> dict[int, int]:
        counted.append(definition.source.name)
        return real(definition, period)

    monkeypatch.setattr(compute, "count_by_unit", counting)
    refresh(
        indicators=codes("members_on_roll", "members_theory_intermediate", "members_studied"),
        periods=[TODAY_QUARTER, YEAR_2026],
    )
    # One roll for the day both periods are read on; the theory numerator once (it has only
    # the year), the study numerator once per period.
    assert counted.count("members") == 2  # the roll, and the theory numerator (filtered)
    assert counted.count("study") == 2
    on_roll = IndicatorValue.objects.filter(
        indicator__code="members_on_roll", organization=tree.root
    )
    assert sorted(v.numerator for v in on_roll) == [2, 2]
