"""Factories for indicators, their values and the reporting forms (scope contract:
tests/test_scope_contract.py finds them; `markers` are texts unique to the object that a page
or the API would show)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from dangbo.core.formats import format_figure
from dangbo.indicators.models import (
    FormReminder,
    Indicator,
    IndicatorKind,
    IndicatorValue,
    ReminderKind,
    ReportingForm,
    Submission,
    SubmissionState,
    SubmissionValue,
    ValueSource,
)
from dangbo.indicators.periods import PeriodKind
from dangbo.orgs.models import CELL_KINDS, Organization

QUARTER_START = dt.date(2026, 7, 1)
QUARTER_END = dt.date(2026, 9, 30)


class IndicatorFactory(DjangoModelFactory[Indicator]):
    """A reported rate, in the catalog every unit reads (not scoped)."""

    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"kiem-thu-{n:04d}")
    name = factory.Sequence(lambda n: f"Tỷ lệ chi bộ kiểm thử {n:04d}")
    kind = IndicatorKind.REPORTED
    unit = "%"
    numerator_label = "Số chi bộ thực hiện"
    denominator_label = "Tổng số chi bộ"
    period_kinds = factory.LazyFunction(lambda: [PeriodKind.QUARTER, PeriodKind.YEAR])
    min_value = Decimal(0)
    max_value = Decimal(100)


def _figure_markers(value: Decimal) -> list[str]:
    """A figure as a page prints it and as the API writes it."""
    return [format_figure(value), f"{value:.4f}"]


class IndicatorValueFactory(DjangoModelFactory[IndicatorValue]):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    organization: Any = None
    period_kind = PeriodKind.QUARTER
    period_start = QUARTER_START
    period_end = QUARTER_END
    numerator = factory.Sequence(lambda n: Decimal(731_000 + n))
    denominator = factory.LazyAttribute(lambda o: o.numerator * 2)
    value = Decimal(50)
    source = ValueSource.REPORTED
    computed_at = factory.LazyFunction(timezone.now)

    @classmethod
    def create_in(cls, org: Organization) -> IndicatorValue:
        return cls.create(organization=org)

    @classmethod
    def markers(cls, value: IndicatorValue) -> list[str]:
        return _figure_markers(value.numerator)


class ReportingFormFactory(DjangoModelFactory[ReportingForm]):
    class Meta:
        model = ReportingForm

    code = factory.Sequence(lambda n: f"bieu-kiem-thu-{n:04d}")
    name = factory.Sequence(lambda n: f"Biểu báo cáo kiểm thử {n:04d}")
    issuer: Any = None
    period_kind = PeriodKind.QUARTER
    org_kinds = factory.LazyFunction(lambda: list(CELL_KINDS))

    @classmethod
    def create_in(cls, org: Organization) -> ReportingForm:
        form = cls.create(issuer=org)
        form.indicators.add(IndicatorFactory.create())
        return form

    @classmethod
    def markers(cls, form: ReportingForm) -> list[str]:
        return [form.name, form.code]


class SubmissionFactory(DjangoModelFactory[Submission]):
    """A report sent by `organization` on a form its parent issued, waiting for approval."""

    class Meta:
        model = Submission

    form: Any = None
    organization: Any = None
    period_kind = PeriodKind.QUARTER
    period_start = QUARTER_START
    period_end = QUARTER_END
    due_on = dt.date(2026, 10, 10)
    state = SubmissionState.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    review_comment = factory.Sequence(lambda n: f"Ý kiến duyệt kiểm thử {n:04d}")

    @classmethod
    def create_in(cls, org: Organization) -> Submission:
        issuer = Organization.objects.get_parent(org) or org
        return cls.create(form=ReportingFormFactory.create_in(issuer), organization=org)

    @classmethod
    def markers(cls, submission: Submission) -> list[str]:
        return [submission.review_comment]


class SubmissionValueFactory(DjangoModelFactory[SubmissionValue]):
    class Meta:
        model = SubmissionValue

    submission: Any = None
    indicator = factory.SubFactory(IndicatorFactory)
    numerator = factory.Sequence(lambda n: Decimal(742_000 + n))
    denominator = factory.LazyAttribute(lambda o: o.numerator * 2)
    note = factory.Sequence(lambda n: f"Ghi chú số liệu kiểm thử {n:04d}")

    @classmethod
    def create_in(cls, org: Organization) -> SubmissionValue:
        submission = SubmissionFactory.create_in(org)
        return cls.create(submission=submission, indicator=submission.form.indicators.get())

    @classmethod
    def markers(cls, value: SubmissionValue) -> list[str]:
        return [value.note, *_figure_markers(value.numerator)]


class FormReminderFactory(DjangoModelFactory[FormReminder]):
    class Meta:
        model = FormReminder

    form: Any = None
    organization: Any = None
    period_start = QUARTER_START
    due_on = dt.date(2026, 10, 10)
    kind = ReminderKind.OVERDUE
    raised_on = dt.date(2026, 10, 11)

    @classmethod
    def create_in(cls, org: Organization) -> FormReminder:
        issuer = Organization.objects.get_parent(org) or org
        return cls.create(form=ReportingFormFactory.create_in(issuer), organization=org)

    @classmethod
    def markers(cls, reminder: FormReminder) -> list[str]:
        return []
