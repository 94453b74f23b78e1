"""Reads of the reporting forms: who must report, and completeness and timeliness per unit and
period (issue #9 §2), the heat table of the form's page and of the dashboard.

`completeness(form, unit, periods, organizations)` answers in a bounded number of queries
whatever the size of the tree: for a unit whose reporting units are its direct children (a
commune and its cells) one row per reporting unit with the state of its report; for a unit
higher up, one row per child unit with its subtree counted in SQL (GROUP BY the path prefix):
"x/y đơn vị đã nộp, z trễ hạn".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, QuerySet, Value, When
from django.db.models.functions import Substr

from dangbo.core.clock import today as local_today
from dangbo.core.formats import format_date
from dangbo.core.text import text_sort_key
from dangbo.indicators.models import FormReminder, ReportingForm, Submission, SubmissionState
from dangbo.indicators.periods import Period
from dangbo.orgs.models import Organization

# A report the unit has sent (or that was approved): it ends the reminders of its period.
SENT = (SubmissionState.SUBMITTED, SubmissionState.APPROVED)

ROWS_LIMIT = 500
SENT = (SubmissionState.SUBMITTED, SubmissionState.APPROVED)

# (state, css, label) for the legend; "missing" is split by whether the deadline has passed.
LEGEND = (
    ("approved", "text-bg-success", "Đã duyệt"),
    ("submitted", "text-bg-info", "Đã gửi, chờ duyệt"),
    ("returned", "text-bg-warning", "Bị trả lại"),
    ("draft", "text-bg-secondary", "Đang nhập"),
    ("missing", "text-bg-danger", "Chưa nộp, quá hạn"),
    ("pending", "text-bg-light", "Chưa nộp, chưa đến hạn"),
)
_CSS = {state: css for state, css, _ in LEGEND}
_LABEL = {state: label for state, _, label in LEGEND}


def due_on(form: ReportingForm, period: Period) -> date:
    """The deadline of a period's report: `due_days` after the period's last day."""
    return period.end + timedelta(days=form.due_days)


def reporting_units(form: ReportingForm) -> QuerySet[Organization]:
    """Today's units that must fill in `form`: of its kinds, strictly below the issuer."""
    issuer = form.issuer
    return Organization.objects.filter(
        path__startswith=issuer.path,
        depth__gt=issuer.depth,
        kind__in=form.org_kinds,
        active_to__isnull=True,
    )


@dataclass(frozen=True)
class HeatCell:
    state: str  # approved, submitted, returned, draft, missing, pending; "summary" when rolled up
    label: str
    css: str
    late: bool = False
    submission_id: int | None = None
    sent: int = 0  # rolled up: units that sent (submitted or approved)
    total: int = 0  # rolled up: units that must report
    late_count: int = 0


@dataclass(frozen=True)
class HeatRow:
    organization: Organization
    cells: list[HeatCell]
    units: int = 1  # reporting units this row stands for


@dataclass(frozen=True)
class Heat:
    form: ReportingForm
    unit: Organization
    columns: list[Period]
    rows: list[HeatRow]
    rolled_up: bool
    totals: list[HeatCell] = field(default_factory=list)
    truncated: bool = False
    legend: tuple[tuple[str, str, str], ...] = LEGEND

    @property
    def due_dates(self) -> list[str]:
        return [format_date(due_on(self.form, p)) for p in self.columns]


def _summary(sent: int, total: int, late: int, overdue: bool) -> HeatCell:
    if total == 0:
        css = "text-bg-light"
    elif sent == total:
        css = "text-bg-success" if late == 0 else "text-bg-info"
    elif not overdue:
        css = "text-bg-light"
    elif sent == 0:
        css = "text-bg-danger"
    else:
        css = "text-bg-warning"
    label = f"{sent}/{total} đơn vị đã nộp" + (f", {late} trễ hạn" if late else "")
    return HeatCell("summary", label, css, late > 0, None, sent, total, late)


def _unit_cell(row: Mapping[str, Any] | None, deadline: date, day: date) -> HeatCell:
    overdue = day > deadline
    if row is None:
        state = "missing" if overdue else "pending"
        label = _LABEL[state] if overdue else f"Chưa nộp (hạn {format_date(deadline)})"
        return HeatCell(state, label, _CSS[state], overdue)
    state = row["state"]
    if state in SENT:
        sent_on = row["submitted_at"]
        late = sent_on is not None and sent_on.date() > deadline
    else:
        late = overdue
    label = _LABEL[state] + (" (trễ hạn)" if late else "")
    sent = 1 if state in SENT else 0
    return HeatCell(state, label, _CSS[state], late, row["id"], sent, 1, int(late))


def _units_below(
    form: ReportingForm, unit: Organization, organizations: QuerySet[Organization]
) -> QuerySet[Organization]:
    return reporting_units(form).filter(
        path__startswith=unit.path, pk__in=organizations.values("pk")
    )


def completeness(
    form: ReportingForm,
    unit: Organization,
    periods: Sequence[Period],
    organizations: QuerySet[Organization],
    *,
    today: date | None = None,
) -> Heat:
    """The heat table of `form` below `unit` for `periods`; `organizations` is the caller's
    scope (scope(user, Organization)): units outside it are neither shown nor counted."""
    day = today or local_today()
    columns = list(periods)
    units = _units_below(form, unit, organizations)
    deepest = units.order_by("-depth").values_list("depth", flat=True).first()
    if deepest is None or deepest <= unit.depth + 1:
        heat = _per_unit(form, unit, columns, units, day)
    else:
        heat = _rolled_up(form, unit, columns, units, day)
    return heat


def _per_unit(
    form: ReportingForm,
    unit: Organization,
    columns: list[Period],
    units: QuerySet[Organization],
    day: date,
) -> Heat:
    orgs = sorted(units[: ROWS_LIMIT + 1], key=lambda o: text_sort_key(o.name))
    truncated = len(orgs) > ROWS_LIMIT
    orgs = orgs[:ROWS_LIMIT]
    found = {
        (r["organization_id"], r["period_start"]): r
        for r in Submission.objects.filter(
            form=form,
            organization__in=[o.pk for o in orgs],
            period_start__in=[p.start for p in columns],
        ).values("id", "organization_id", "period_start", "state", "submitted_at")
    }
    deadlines = [due_on(form, p) for p in columns]
    rows = [
        HeatRow(
            org,
            [
                _unit_cell(found.get((org.pk, p.start)), deadline, day)
                for p, deadline in zip(columns, deadlines, strict=True)
            ],
        )
        for org in orgs
    ]
    totals = [
        _summary(
            sum(r.cells[i].sent for r in rows),
            len(rows),
            sum(r.cells[i].late for r in rows),
            day > deadlines[i],
        )
        for i in range(len(columns))
    ]
    return Heat(form, unit, columns, rows, False, totals, truncated)


def _rolled_up(
    form: ReportingForm,
    unit: Organization,
    columns: list[Period],
    units: QuerySet[Organization],
    day: date,
) -> Heat:
    width = (unit.depth + 1) * Organization.steplen
    prefix = Substr("path", 1, width)
    totals_by = dict(
        units.annotate(prefix=prefix)
        .order_by()
        .values("prefix")
        .annotate(n=Count("id"))
        .values_list("prefix", "n")
    )
    late = Case(
        When(submitted_at__date__gt=F("due_on"), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    counts: dict[tuple[str, date], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows_sql = (
        Submission.objects.filter(
            form=form,
            period_start__in=[p.start for p in columns],
            organization__in=units,
        )
        .annotate(prefix=Substr("organization__path", 1, width), late=late)
        .order_by()
        .values("prefix", "period_start", "state", "late")
        .annotate(n=Count("id"))
    )
    for r in rows_sql:
        bucket = counts[(r["prefix"], r["period_start"])]
        if r["state"] in SENT:
            bucket["sent"] += r["n"]
            bucket["late_sent"] += r["n"] if r["late"] else 0
    orgs = {o.path: o for o in Organization.objects.filter(path__in=list(totals_by))}
    ordered = sorted(orgs.values(), key=lambda o: (o.path != unit.path, text_sort_key(o.name)))
    deadlines = [due_on(form, p) for p in columns]
    rows = []
    for org in ordered[:ROWS_LIMIT]:
        total = totals_by[org.path]
        cells = []
        for p, deadline in zip(columns, deadlines, strict=True):
            bucket = counts.get((org.path, p.start), {})
            sent = bucket.get("sent", 0)
            overdue = day > deadline
            late_count = bucket.get("late_sent", 0) + (total - sent if overdue else 0)
            cells.append(_summary(sent, total, late_count, overdue))
        rows.append(HeatRow(org, cells, total))
    totals = [
        _summary(
            sum(r.cells[i].sent for r in rows),
            sum(r.units for r in rows),
            sum(r.cells[i].late_count for r in rows),
            day > deadlines[i],
        )
        for i in range(len(columns))
    ]
    return Heat(form, unit, columns, rows, True, totals, len(ordered) > ROWS_LIMIT)


def open_reminders(reminders: QuerySet[FormReminder]) -> int:
    """How many reports the reminders still ask for: one per form, unit and period of an
    active form that the unit has not sent (a report sent or approved ends its reminders)."""
    sent = Submission.objects.filter(
        form=OuterRef("form"),
        organization=OuterRef("organization"),
        period_start=OuterRef("period_start"),
        state__in=SENT,
    )
    return (
        reminders.filter(form__active=True)
        .exclude(Exists(sent))
        .order_by()
        .values("form_id", "organization_id", "period_start")
        .distinct()
        .count()
    )
