"""seed_demo's reporting forms: Biểu 01/BC-ĐU of the Đảng ủy MTTQ tỉnh with three approved
quarters of every cell (one report returned once), Q4 not yet due; the commune's yearly
poor-household form for 2025; and the values they give the Đảng bộ."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from dangbo.audit.models import AuditEvent
from dangbo.audit.verify import verify_chain
from dangbo.demo.party_life.reporting import (
    COMMUNE_FORM,
    FRONT_FORM,
    FRONT_NAME,
    RETURN_COMMENT,
)
from dangbo.indicators.models import (
    IndicatorValue,
    ReportingForm,
    Submission,
    SubmissionState,
    SubmissionValue,
)
from dangbo.indicators.periods import PeriodKind, period_of
from dangbo.indicators.reporting_queries import completeness
from dangbo.orgs.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> str:
    out = io.StringIO()
    call_command("seed_demo", size="small", seed=2025, without_party_life=True, stdout=out)
    return out.getvalue()


def test_the_front_form_has_three_approved_quarters_of_every_cell(demo: str) -> None:
    form = ReportingForm.objects.get(code=FRONT_FORM)
    assert form.name == FRONT_NAME and form.issuer.code == "CM.MTTQ"
    assert sorted(form.indicators.values_list("code", flat=True)) == [
        "cell_models",
        "cells_digital",
        "cells_qd144",
        "digital_literacy",
    ]
    cells = Organization.objects.filter(
        path__startswith=form.issuer.path, depth=form.issuer.depth + 1
    )
    reports = Submission.objects.filter(form=form)
    assert reports.count() == 3 * cells.count() == 15
    assert set(reports.values_list("state", flat=True)) == {SubmissionState.APPROVED}
    assert sorted({str(d) for d in reports.values_list("period_start", flat=True)}) == [
        "2026-01-01",
        "2026-04-01",
        "2026-07-01",
    ]
    events = AuditEvent.objects.filter(action="reporting.submission_return")
    assert events.count() == 1 and events.get().after["comment"] == RETURN_COMMENT
    returned = reports.get(pk=events.get().object_id)
    assert returned.period_start == date(2026, 7, 1)
    assert returned.submitted_at is not None and returned.submitted_at.date() <= returned.due_on
    assert "Biểu mẫu báo cáo: 2 biểu" in demo and "(1 lần trả lại)" in demo
    assert verify_chain().intact


def test_figures_rise_with_the_program_and_q4_is_not_yet_due(demo: str) -> None:
    form = ReportingForm.objects.get(code=FRONT_FORM)
    front = form.issuer
    quarters = [period_of(PeriodKind.QUARTER, date(2026, m, 1)) for m in (1, 4, 7, 10)]
    qd144 = [
        IndicatorValue.objects.get(
            indicator__code="cells_qd144", organization=front, period_start=q.start
        ).value
        for q in quarters[:3]
    ]
    assert qd144 == [Decimal(80), Decimal(100), Decimal(100)]  # 4/5, 5/5, 5/5 cells
    literacy = [
        IndicatorValue.objects.get(
            indicator__code="digital_literacy", organization=front, period_start=q.start
        ).value
        or Decimal(0)
        for q in quarters[:3]
    ]
    assert Decimal(0) < literacy[0] < literacy[1] < literacy[2]
    # A cell reports for itself: 1 or 0 of 1 cell.
    figures = SubmissionValue.objects.filter(
        submission__form=form, indicator__code__in=["cells_qd144", "cells_digital"]
    )
    assert set(figures.values_list("denominator", flat=True)) == {Decimal(1)}
    heat = completeness(form, front, quarters, Organization.objects.all())
    assert [t.label for t in heat.totals] == [
        "5/5 đơn vị đã nộp, 1 trễ hạn",
        "5/5 đơn vị đã nộp",
        "5/5 đơn vị đã nộp",
        "0/5 đơn vị đã nộp",
    ]
    assert {c.state for r in heat.rows for c in r.cells[3:]} == {"pending"}


def test_the_commune_form_has_2025_approved_for_its_cells(demo: str) -> None:
    form = ReportingForm.objects.get(code=COMMUNE_FORM)
    assert form.period_kind == PeriodKind.YEAR
    reports = Submission.objects.filter(form=form)
    cells = Organization.objects.filter(
        path__startswith=form.issuer.path, depth=form.issuer.depth + 1, kind__in=form.org_kinds
    )
    assert reports.count() == cells.count() > 0
    assert set(reports.values_list("state", "period_start")) == {
        (SubmissionState.APPROVED, date(2025, 1, 1))
    }
    value = IndicatorValue.objects.get(
        indicator__code="poor_households", organization=form.issuer, period_start=date(2025, 1, 1)
    )
    assert value.value is not None and Decimal(1) < value.value < Decimal(6)
    assert value.reporting_units == cells.count()
