"""The refresh: values of every indicator for every organization × period (issue #9 §1).

A unit's value is that of its whole subtree. For a computed indicator each of the numerator
and the denominator is one SQL statement for the whole tree: the definition's rows grouped by
the unit holding them, counting distinct subjects (GROUP BY organization id). Each subject is
held by one unit, so a subtree's count is the sum of its units' counts; the roll-up to every
depth adds each unit's count to the prefixes of its materialized path
(path[:4], path[:8], …, as SUBSTR(path, 1, 4 × d) would) over the few thousand grouped rows
in Python, which keeps the statement identical on SQLite and PostgreSQL and its cost that of
one scan of the source.

A reported indicator sums the approved submissions' figures of the period over the subtree;
`reporting_units` counts the approved submissions in it.

Values are written per indicator × period in one transaction (delete, then bulk insert), so a
reader never sees half a refresh; other periods stay as they were (history is kept). The
incremental refresh (`refresh_changed`) reads the audit events after the last refresh's
watermark, maps their models to the sources that read them, and recomputes only those
indicators, for the current and previous period of each of their kinds.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Max, Sum
from django.utils import timezone

from dangbo.audit.models import AuditEvent
from dangbo.core.bulk_rows import TableWriter
from dangbo.core.clock import today
from dangbo.indicators.definition import Definition, DefinitionError, parse
from dangbo.indicators.models import (
    Indicator,
    IndicatorKind,
    IndicatorRefresh,
    IndicatorValue,
    RefreshTrigger,
    SubmissionState,
    SubmissionValue,
    ValueSource,
)
from dangbo.indicators.periods import Period, PeriodKind, period_of, periods_between
from dangbo.indicators.sources import REPORTED_DEPENDS_ON, on_day, sources_reading
from dangbo.orgs.models import Organization

logger = logging.getLogger(__name__)
STEP = Organization.steplen
HUNDRED = Decimal(100)
PLACES = Decimal("0.0001")
INDICATOR_LABEL = "indicators.indicator"


@dataclass
class Figures:
    """What the roll-up gives a unit: its subtree's numerator and denominator (None without
    one), and how many units reported (reported indicators)."""

    numerator: Decimal
    denominator: Decimal | None
    reporting_units: int | None = None


def definitions(indicator: Indicator) -> tuple[Definition, Definition | None]:
    numerator = parse(indicator.numerator)
    denominator = parse(indicator.denominator) if indicator.denominator.strip() else None
    return numerator, denominator


def count_by_unit(definition: Definition, period: Period) -> dict[int, int]:
    """{organization id: distinct subjects of the definition's rows held by it}: one statement."""
    source = definition.source
    rows = (
        definition.rows(period)
        .order_by()
        .values(unit_id=F(source.unit))
        .annotate(n=Count(source.subject, distinct=True))
    )
    return {row["unit_id"]: row["n"] for row in rows if row["unit_id"] is not None}


class Tree:
    """The organizations' paths, read once per refresh, to roll counts up by path prefix."""

    def __init__(self) -> None:
        rows = Organization.objects.order_by().values_list("id", "path")
        self.path_of: dict[int, str] = dict(rows)
        self.id_of: dict[str, int] = {path: pk for pk, path in self.path_of.items()}
        # Indicators share definitions (the members on the roll are the numerator of one and
        # the denominator of two more): within one refresh each is counted once per period,
        # and a state read on a day once per day (a year and its last quarter end together).
        self._subtree_counts: dict[tuple[str, Any], dict[int, Any]] = {}

    def subtree_counts(self, text: str, definition: Definition, period: Period) -> dict[int, Any]:
        """The rolled-up counts of the definition written as `text`, counted once per run."""
        when = on_day(period) if definition.source.read_on_day else (period.start, period.end)
        key = (" ".join(text.split()), when)
        if key not in self._subtree_counts:
            self._subtree_counts[key] = self.roll_up(count_by_unit(definition, period))
        return self._subtree_counts[key]

    def roll_up(self, counts: dict[int, Any]) -> dict[int, Any]:
        """{organization id: sum of `counts` over its subtree}, for the units with any."""
        totals: dict[int, Any] = defaultdict(int)
        for unit_id, n in counts.items():
            path = self.path_of.get(unit_id)
            if path is None:
                continue
            for end in range(STEP, len(path) + 1, STEP):
                ancestor = self.id_of.get(path[:end])
                if ancestor is not None:
                    totals[ancestor] += n
        return totals


def _computed(indicator: Indicator, period: Period, tree: Tree) -> dict[int, Figures]:
    numerator, denominator = definitions(indicator)
    num = tree.subtree_counts(indicator.numerator, numerator, period)
    if denominator is None:
        return {pk: Figures(Decimal(num.get(pk, 0)), None) for pk in tree.path_of}
    den = tree.subtree_counts(indicator.denominator, denominator, period)
    return {
        pk: Figures(Decimal(num.get(pk, 0)), Decimal(den.get(pk, 0))) for pk in set(num) | set(den)
    }


def _reported(indicator: Indicator, period: Period, tree: Tree) -> dict[int, Figures]:
    """Sums of the approved submissions' figures of the period, per subtree: one statement."""
    rows = (
        SubmissionValue.objects.filter(
            indicator=indicator,
            submission__state=SubmissionState.APPROVED,
            submission__period_kind=period.kind,
            submission__period_start=period.start,
        )
        .order_by()
        .values(unit_id=F("submission__organization_id"))
        .annotate(
            num=Sum("numerator"),
            den=Sum("denominator"),
            has_den=Count("denominator"),
            units=Count("submission", distinct=True),
        )
    )
    num, den, units = {}, {}, {}
    for row in rows:
        num[row["unit_id"]] = row["num"] or Decimal(0)
        if row["has_den"]:
            den[row["unit_id"]] = row["den"]
        units[row["unit_id"]] = row["units"]
    num, den, units = tree.roll_up(num), tree.roll_up(den), tree.roll_up(units)
    return {
        pk: Figures(Decimal(num[pk]), Decimal(den[pk]) if pk in den else None, units[pk])
        for pk in units
    }


def figures_of(
    indicator: Indicator, period: Period, tree: Tree | None = None
) -> dict[int, Figures]:
    tree = tree or Tree()
    if indicator.kind == IndicatorKind.REPORTED:
        return _reported(indicator, period, tree)
    return _computed(indicator, period, tree)


def compute_values(
    indicator: Indicator, period: Period
) -> dict[int, tuple[Decimal, Decimal | None]]:
    """{organization id: (numerator, denominator)} for every organization of the tree (a unit
    with nothing counted has a zero numerator); no writes."""
    found = figures_of(indicator, period)
    zero_den = (
        None
        if indicator.kind == IndicatorKind.COMPUTED and not indicator.denominator.strip()
        else Decimal(0)
    )
    return {
        pk: (found[pk].numerator, found[pk].denominator) if pk in found else (Decimal(0), zero_den)
        for pk in Organization.objects.values_list("pk", flat=True)
    }


def value_from(
    indicator: Indicator, numerator: Decimal, denominator: Decimal | None
) -> Decimal | None:
    """num/den × 100 for "%", num/den for other units with a denominator, num without one;
    None when the denominator is 0."""
    if denominator is None:
        return numerator
    if not denominator:
        return None
    value = numerator / denominator
    if indicator.unit.strip() == "%":
        value *= HUNDRED
    return value.quantize(PLACES)


def default_periods(indicator: Indicator, day: Any = None) -> list[Period]:
    """Every period of the indicator's kinds from the start of the current term to today."""
    day = day or today()
    start = period_of(PeriodKind.TERM, day).start
    kinds = [k for k in indicator.period_kinds if k in PeriodKind.values]
    return [p for kind in kinds for p in periods_between(kind, start, day)]


def recent_periods(indicator: Indicator, day: Any = None) -> list[Period]:
    """The current and previous period of each of the indicator's kinds."""
    day = day or today()
    found = []
    for kind in indicator.period_kinds:
        if kind in PeriodKind.values:
            current = period_of(kind, day)
            found += [current.previous(), current]
    return found


# The columns `_write` fills, as dangbo.core.bulk_rows.TableWriter takes them (attnames).
_COLUMNS = (
    "indicator_id",
    "organization_id",
    "period_kind",
    "period_start",
    "period_end",
    "numerator",
    "denominator",
    "value",
    "reporting_units",
    "source",
    "computed_at",
)
BATCH = 5000


def _write(indicator: Indicator, period: Period, found: dict[int, Figures], now: Any) -> int:
    """Replace the indicator's values of the period by `found`, in one transaction (rows of
    database-ready values: the period and time adapted once for all the rows)."""
    source = (
        ValueSource.REPORTED if indicator.kind == IndicatorKind.REPORTED else ValueSource.COMPUTED
    )
    ops = connection.ops
    start, end = ops.adapt_datefield_value(period.start), ops.adapt_datefield_value(period.end)
    stamp = ops.adapt_datetimefield_value(now)
    rows = [
        (
            indicator.pk,
            pk,
            period.kind,
            start,
            end,
            figures.numerator,
            figures.denominator,
            value_from(indicator, figures.numerator, figures.denominator),
            figures.reporting_units,
            source,
            stamp,
        )
        for pk, figures in found.items()
    ]
    with transaction.atomic():
        IndicatorValue.objects.filter(
            indicator=indicator, period_kind=period.kind, period_start=period.start
        ).delete()
        # COPY on PostgreSQL, executemany on SQLite: a province writes about 100,000 values
        # per full refresh, and bulk_create (a model per row, ~90 rows a statement on SQLite)
        # took three quarters of the refresh.
        writer = TableWriter(IndicatorValue, _COLUMNS, BATCH)
        for row in rows:
            writer.add(row)
        writer.flush()
    return len(rows)


def _watermark() -> int:
    return AuditEvent.objects.aggregate(seq=Max("seq"))["seq"] or 0


def _run(
    plan: Iterable[tuple[Indicator, list[Period]]],
    *,
    trigger: str,
    requested_by: Any,
    watermark: int,
) -> IndicatorRefresh:
    run = IndicatorRefresh.objects.create(
        trigger=trigger, requested_by=requested_by, started_at=timezone.now(), audit_seq=watermark
    )
    tree = Tree()
    indicators = values = 0
    for indicator, periods in plan:
        try:
            found = [(p, figures_of(indicator, p, tree)) for p in periods]
        except DefinitionError as error:
            # Only a definition written around the service (which refuses it) gets here: one
            # broken indicator must not stop the others' refresh.
            logger.warning("Chỉ số %s có định nghĩa lỗi, bỏ qua: %s", indicator.code, error)
            continue
        indicators += 1
        for period, figures in found:
            values += _write(indicator, period, figures, timezone.now())
    run.indicators, run.values, run.finished_at = indicators, values, timezone.now()
    run.save(update_fields=["indicators", "values", "finished_at"])
    return run


def _own_periods(indicator: Indicator, periods: Iterable[Period] | None) -> list[Period]:
    if periods is None:
        return default_periods(indicator)
    return [p for p in periods if p.kind in indicator.period_kinds]


def refresh(
    *,
    indicators: Iterable[Indicator] | None = None,
    periods: Iterable[Period] | None = None,
    trigger: str = RefreshTrigger.COMMAND,
    requested_by: Any = None,
) -> IndicatorRefresh:
    """Recompute the given indicators (default: every active one) for the given periods
    (default: every period of their kinds this term), writing their values."""
    watermark = _watermark()
    chosen = list(Indicator.objects.filter(active=True) if indicators is None else indicators)
    periods = None if periods is None else list(periods)
    plan = [(i, _own_periods(i, periods)) for i in chosen]
    return _run(plan, trigger=trigger, requested_by=requested_by, watermark=watermark)


def _depends_on(indicator: Indicator, labels: set[str]) -> bool:
    if indicator.kind == IndicatorKind.REPORTED:
        return bool(labels.intersection(REPORTED_DEPENDS_ON))
    try:
        numerator, denominator = definitions(indicator)
    except ValueError:
        return False
    reading = sources_reading(labels)
    return numerator.source.name in reading or (
        denominator is not None and denominator.source.name in reading
    )


def refresh_changed(*, trigger: str = RefreshTrigger.TASK) -> IndicatorRefresh | None:
    """Recompute only what the audit events since the last refresh touched: None when nothing
    happened since. An indicator whose own definition changed is recomputed for the whole term."""
    last = IndicatorRefresh.objects.filter(finished_at__isnull=False).order_by("-audit_seq").first()
    if last is None:
        return refresh(trigger=trigger)
    watermark = _watermark()
    if watermark <= last.audit_seq:
        return None
    events = AuditEvent.objects.filter(seq__gt=last.audit_seq, seq__lte=watermark)
    labels = set(events.order_by().values_list("object_type", flat=True).distinct())
    edited = set(
        events.filter(object_type=INDICATOR_LABEL).order_by().values_list("object_id", flat=True)
    )
    plan = []
    for indicator in Indicator.objects.filter(active=True):
        if str(indicator.pk) in edited:
            plan.append((indicator, default_periods(indicator)))
        elif _depends_on(indicator, labels):
            plan.append((indicator, recent_periods(indicator)))
    return _run(plan, trigger=trigger, requested_by=None, watermark=watermark)


__all__ = ["compute_values", "refresh", "refresh_changed", "value_from"]
