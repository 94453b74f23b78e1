"""The current program of a unit, its targets as measured from the data, and the overdue tasks.

The current program is the latest issued program or plan with targets whose issuer is the
unit or its nearest ancestor that has one (a cell works to its commune's program). When no
unit above has one, a program issued below the unit stands in (the province sees the
program of its Đảng bộ MTTQ): the highest issuer's, a program of action before a yearly
plan, then the latest; the page says whose it is.

Each target shows the measure of dangbo.targets.measured (the indicator's value for the
responsible unit, its expected value, forecast and status, with the formula); a target
without an indicator shows its reported progress (targets.progress), as on the board. The
progress bar is targets.progress.percent_of the value: the board's published rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse

from dangbo.core.formats import format_date, format_figure
from dangbo.dashboard.header import ancestor_paths
from dangbo.dashboard.text import forecast_text, goal_text, target_name
from dangbo.dashboard.visible import Visible
from dangbo.documents.models import DocKind, DocStatus, Document
from dangbo.orgs.models import Organization
from dangbo.targets import measured, progress, queries
from dangbo.targets.measured import Measured, measure_all
from dangbo.targets.models import Target, Task

PROGRAM_KINDS = (DocKind.PROGRAM, DocKind.PLAN)
OVERDUE_SHOWN = 10


def current_program(visible: Visible, unit: Organization) -> tuple[Document | None, bool]:
    """(program, inherited_from_below). One statement, or two when the fallback is read."""
    programs = (
        queries.programs_for(visible.user)
        .filter(kind__in=PROGRAM_KINDS, status=DocStatus.ISSUED)
        .filter(Exists(Target.objects.filter(document=OuterRef("pk"))))
        .select_related("issuer")
    )
    above = programs.filter(issuer__path__in=[*ancestor_paths(unit), unit.path])
    found = above.order_by("-issuer__depth", "-issued_on", "-pk").first()
    if found is not None:
        return found, False
    # Below, the highest issuer's, a term's program before a year's plan, then the latest.
    below = programs.filter(issuer__path__startswith=unit.path).annotate(
        plan=Case(When(kind=DocKind.PLAN, then=Value(1)), default=Value(0))
    )
    return below.order_by("issuer__depth", "plan", "-issued_on", "-pk").first(), True


@dataclass(frozen=True)
class TargetRow:
    target: Target
    name: str
    goal: str
    value_text: str
    percent: float | None
    status: str
    status_label: str
    colour: str
    expected: str  # where the value should stand by now
    forecast: str  # the value expected at the deadline, or why there is none
    period: str  # the period the value is of
    formula: str
    measured_by: str  # the indicator's name, or "Báo cáo kết quả" for a reported target
    link: str  # where the figure is explained (the drill-down, else the target's page)
    organization_id: int | None = None  # the unit measured, for a measured target
    organization_path: str = ""
    target_link: str = ""  # the target's own page, for a reader who cannot open the unit
    unit_value: str = ""  # the dashboard unit's own value, when it is another unit
    period_kind: str = ""  # the kind of period the measured value is of (year, quarter…)

    @property
    def bar(self) -> int:
        return round(self.percent or 0)

    @property
    def percent_text(self) -> str:
        return "—" if self.percent is None else f"{format_figure(self.percent, 1)}%"


def _measured_row(target: Target, m: Measured) -> TargetRow:
    percent = None if m.value is None else progress.percent_of(target, float(m.value))
    return TargetRow(
        target=target,
        name=target_name(target),
        goal=goal_text(target),
        value_text=m.value_text,
        percent=percent,
        status=m.status,
        status_label=m.status_label,
        colour=m.colour,
        expected=m.expected_text,
        forecast=m.forecast_text,
        period=m.period_label,
        formula=m.formula,
        measured_by=m.indicator.name,
        link=m.drilldown_url or reverse("targets:target-detail", args=[target.pk]),
        organization_id=m.organization.pk,
        organization_path=m.organization.path,
        target_link=reverse("targets:target-detail", args=[target.pk]),
        period_kind=m.period.kind if m.period is not None else "",
    )


def _reported_row(target: Target, result: progress.Result) -> TargetRow:
    latest = result.latest
    return TargetRow(
        target=target,
        name=target_name(target),
        goal=goal_text(target),
        value_text=measured.figure(latest.value if latest else None, target.unit),
        percent=result.percent,
        status=result.forecast.outlook,
        status_label=result.forecast.label,
        colour=result.forecast.colour,
        expected="—",
        forecast=forecast_text(result.forecast.projected, target.unit),
        period=format_date(result.latest.on) if result.latest else "—",
        formula=f"{result.formula}. {result.explanation} {result.forecast.explanation}",
        measured_by="Báo cáo kết quả",
        link=reverse("targets:target-detail", args=[target.pk]),
    )


def target_rows(visible: Visible, program: Document, day: date) -> list[TargetRow]:
    """Every target of the program in its order: measured when it has an indicator, else its
    reported progress. A bounded number of statements (measure_all's, and one for reports)."""
    targets = list(
        visible.targets.filter(document=program)
        .select_related("indicator", "responsible", "document__issuer")
        .order_by("position", "pk")
    )
    measured = measure_all(targets, day)
    reported = [t for t in targets if t.pk not in measured]
    results = queries.target_results(reported, day) if reported else {}
    return [
        _measured_row(t, measured[t.pk]) if t.pk in measured else _reported_row(t, results[t.pk])
        for t in targets
    ]


@dataclass(frozen=True)
class Overdue:
    count: int
    tasks: list[Task]

    @property
    def more(self) -> int:
        return self.count - len(self.tasks)


def overdue_tasks(visible: Visible, unit: Organization, day: date) -> Overdue:
    """Tasks past their deadline and not done (targets.queries.overdue_q) of the programs
    issued in the unit's subtree, or led by one of its units: the count and the most late
    first. Two statements."""
    concern = Q(document__issuer__path__startswith=unit.path) | Q(lead__path__startswith=unit.path)
    tasks = visible.tasks.filter(queries.overdue_q(day)).filter(concern)
    shown = list(
        tasks.select_related("document", "lead").order_by("deadline", "pk")[:OVERDUE_SHOWN]
    )
    count = len(shown) if len(shown) < OVERDUE_SHOWN else tasks.count()
    return Overdue(count, shown)
