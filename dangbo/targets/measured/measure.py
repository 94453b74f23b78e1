"""Measuring targets: the figure of each, its expected value, forecast and status, read in
two queries for any number of targets (see dangbo.targets.measured)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode

from dangbo.core.formats import format_date, format_percent
from dangbo.indicators.models import Indicator, IndicatorValue
from dangbo.indicators.periods import Period
from dangbo.orgs.models import Organization
from dangbo.targets import progress
from dangbo.targets.measured.reading import Row, read
from dangbo.targets.measured.rules import (
    STATUS_COLOURS,
    STATUS_LABELS,
    Status,
    figure,
    forecast,
    formula,
    status,
)
from dangbo.targets.models import Target
from dangbo.targets.windows import Window, expected, window


@dataclass(frozen=True)
class Measured:
    target: Target
    indicator: Indicator
    organization: Organization
    window: Window | None
    period: Period | None
    period_label: str
    value: Decimal | None
    expected: Decimal | None
    forecast: Decimal | None
    status: str
    formula: str
    method: str  # how the forecast was drawn
    expected_rule: str  # how the expected value was computed

    @property
    def value_text(self) -> str:
        return figure(self.value, self.target.unit)

    @property
    def expected_text(self) -> str:
        return figure(self.expected, self.target.unit)

    @property
    def forecast_text(self) -> str:
        return figure(self.forecast, self.target.unit)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.status]

    @property
    def met(self) -> bool:
        return self.status == Status.MET

    @property
    def bar(self) -> int:
        """Whole percent of the way from the baseline to the target (targets.progress)."""
        if self.value is None:
            return 0
        return round(progress.percent_of(self.target, float(self.value)))

    @property
    def indicator_url(self) -> str:
        return self._url("indicators:detail")

    @property
    def drilldown_url(self) -> str:
        return self._url("indicators:drilldown")

    def _url(self, name: str) -> str:
        base = reverse(name, args=[self.indicator.pk])
        query: dict[str, str | int] = {"to_chuc": self.organization.pk}
        if self.period is not None:
            query["ky"] = self.period.key
        return f"{base}?{urlencode(query)}"


def _no_data(target: Target, organization: Organization, span: Window | None, why: str) -> Measured:
    assert target.indicator is not None
    return Measured(
        target=target,
        indicator=target.indicator,
        organization=organization,
        window=span,
        period=None,
        period_label=span.label if span else "—",
        value=None,
        expected=None,
        forecast=None,
        status=Status.NO_DATA,
        formula=why,
        method="",
        expected_rule="",
    )


def _expected_rule(target: Target, span: Window, today: date, value: Decimal) -> str:
    unit = target.unit
    base = target.baseline if target.baseline is not None else Decimal(0)
    share = format_percent(span.elapsed_share(today) * 100)
    note = "" if target.baseline is not None else " (chưa có giá trị đầu kỳ: tính từ 0)"
    return (
        f"Mức cần đạt đến {format_date(today)} = {figure(base, unit)} + "
        f"({figure(target.value, unit)} − {figure(base, unit)}) × {share} thời gian của kỳ "
        f"{span.label.lower()} = {figure(value, unit)}{note}"
    )


def measure_one(target: Target, span: Window | None, rows: Sequence[Row], today: date) -> Measured:
    """The target measured from its rows (already restricted to its indicator and unit)."""
    indicator = target.indicator
    assert indicator is not None
    organization = target.responsible or target.document.issuer
    if span is None:
        return _no_data(
            target,
            organization,
            None,
            "Chưa xác định được kỳ của chỉ tiêu (cần thời hạn và ngày ban hành văn bản hoặc "
            "giá trị đầu kỳ có ngày): chưa đo được.",
        )
    reading = read(indicator, rows, today)
    if reading is None:
        return _no_data(
            target,
            organization,
            span,
            f"Chưa có số liệu của chỉ số «{indicator.name}» cho {organization.name} trong kỳ "
            f"{span.label.lower()}.",
        )
    expected_now = expected(target.value, span, today, target.baseline)
    projected, method = forecast(target, indicator, reading, span.ends_on, today)
    state = status(target, reading.value, expected_now, projected)
    return Measured(
        target=target,
        indicator=indicator,
        organization=organization,
        window=span,
        period=reading.period,
        period_label=reading.label,
        value=reading.value,
        expected=expected_now,
        forecast=projected,
        status=state,
        formula=formula(target, state, reading, expected_now, projected, span.ends_on),
        method=method,
        expected_rule=_expected_rule(target, span, today, expected_now),
    )


def _rows(
    targets: Sequence[Target], spans: dict[int, Window | None], today: date
) -> dict[tuple[int, int], list[Row]]:
    """The values of every target's indicator and unit in its window, in one query."""
    clauses = Q()
    for target in targets:
        span = spans[target.pk]
        if span is None:
            continue
        org = target.responsible_id or target.document.issuer_id
        clauses |= Q(
            indicator_id=target.indicator_id,
            organization_id=org,
            period_start__lte=min(today, span.ends_on),
            period_end__gte=span.starts_on,
        )
    if not clauses:
        return {}
    found: dict[tuple[int, int], list[Row]] = {}
    values = (
        IndicatorValue.objects.filter(clauses, value__isnull=False)
        .order_by("period_start")
        .values_list("indicator_id", "organization_id", "period_kind", "period_start",
                     "period_end", "value")
    )  # fmt: skip
    for indicator_id, org_id, kind, start, end, value in values:
        assert value is not None  # filtered above
        row = Row(Period(start, end, kind), value)
        found.setdefault((indicator_id, org_id), []).append(row)
    return found


def _in_window(rows: Iterable[Row], span: Window, today: date) -> list[Row]:
    last = min(today, span.ends_on)
    return [r for r in rows if r.period.start <= last and r.period.end >= span.starts_on]


def measure_all(targets: Iterable[Target], today: date) -> dict[int, Measured]:
    """Every target linked to an indicator, measured: two queries whatever their number (the
    targets with what they need, then all their values)."""
    ids = [t.pk for t in targets if t.indicator_id is not None]
    if not ids:
        return {}
    loaded = list(
        Target.objects.filter(pk__in=ids).select_related(
            "indicator", "responsible", "document__issuer", "document__term"
        )
    )
    spans = {t.pk: window(t, today) for t in loaded}
    rows = _rows(loaded, spans, today)
    measured: dict[int, Measured] = {}
    for target in loaded:
        span = spans[target.pk]
        org = target.responsible_id or target.document.issuer_id
        own = rows.get((target.indicator_id, org), [])  # type: ignore[arg-type]
        measured[target.pk] = measure_one(
            target, span, _in_window(own, span, today) if span else [], today
        )
    return measured


def measure(target: Target, today: date) -> Measured | None:
    """The target measured from its indicator; None when it has no indicator."""
    if target.indicator_id is None:
        return None
    return measure_all([target], today).get(target.pk)
