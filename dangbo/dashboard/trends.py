"""The charts of the dashboard, read from the precomputed `IndicatorValue` rows of the unit
(the indicator refresh writes them for every unit of the tree), never recounted here: one
statement for every chart of the page, whatever the size of the tree.

A chart is plain data (`Chart`): the page hands it to Chart.js through json_script
(static/dashboard/charts.js) and the PDF draws the same data as SVG (dashboard.svg), so both
show the same figures.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from dangbo.dashboard.text import goal_text, target_name
from dangbo.dashboard.visible import Visible
from dangbo.indicators.models import Indicator
from dangbo.indicators.periods import Period, PeriodKind, period_of, periods_between
from dangbo.orgs.models import Organization
from dangbo.targets.models import Target

MEMBERS = "members_on_roll"
MEETINGS_HELD = "meetings_held"
ATTENDANCE = "meeting_attendance"
FIXED_CODES = (MEMBERS, MEETINGS_HELD, ATTENDANCE)


@dataclass
class Series:
    label: str
    values: list[float | None]
    dashed: bool = False  # the target, drawn as a reference line


@dataclass
class Chart:
    id: str
    title: str
    kind: str  # "line" or "bar"
    unit: str
    labels: list[str]
    series: list[Series] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return all(v is None for s in self.series for v in s.values)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def chart_kind(indicator: Indicator, measured_kind: str = "") -> str:
    """The kind of period the target's measure reads, so that its chart and the unit's own
    value agree with the figure in the table (a year's share of members who studied, not the
    quarters between sessions); else quarters when the indicator has them (a trend within the
    term), else years. A term reads as its years."""
    if measured_kind in (PeriodKind.QUARTER, PeriodKind.YEAR):
        return measured_kind
    kinds = indicator.period_kinds or []
    return PeriodKind.QUARTER if PeriodKind.QUARTER in kinds else PeriodKind.YEAR


def term_periods(kind: str, day: date) -> list[Period]:
    """The periods of `kind` from the start of the current term up to the one holding `day`."""
    return list(periods_between(kind, period_of(PeriodKind.TERM, day).start, day))


@dataclass
class Trends:
    charts: list[Chart]
    # Target id -> this unit's latest value of the target's indicator (for a unit other
    # than the one the target is measured on).
    unit_values: dict[int, float]


Key = tuple[int, str, date]  # indicator id, period kind, period start


def _series(
    found: dict[Key, float | None], indicator: Indicator, periods: list[Period]
) -> list[float | None]:
    return [found.get((indicator.pk, p.kind, p.start)) for p in periods]


def trends(
    visible: Visible,
    unit: Organization,
    targets: list[Target],
    day: date,
    measured_kinds: dict[int, str] | None = None,
) -> Trends:
    """Members on the roll per quarter, meetings held and attendance per quarter, and one
    chart per target with an indicator, for the unit's subtree over the current term; each
    target's chart in the kind of period its measure reads (`measured_kinds`: target id →
    period kind)."""
    measured_kinds = measured_kinds or {}
    by_code = {i.code: i for i in Indicator.objects.filter(code__in=FIXED_CODES)}
    measured = [t for t in targets if t.indicator_id is not None]
    indicators = {i.pk: i for i in by_code.values()}
    for target in measured:
        assert target.indicator is not None
        indicators[target.indicator.pk] = target.indicator
    start = period_of(PeriodKind.TERM, day).start
    rows = visible.values.filter(
        organization=unit,
        indicator_id__in=list(indicators),
        period_start__gte=start,
        period_start__lte=day,
        period_kind__in=(PeriodKind.QUARTER, PeriodKind.YEAR),
    ).values_list("indicator_id", "period_kind", "period_start", "value")
    found: dict[Key, float | None] = {
        (ind, kind, when): None if value is None else float(value)
        for ind, kind, when, value in rows
    }
    quarters = term_periods(PeriodKind.QUARTER, day)
    charts: list[Chart] = []
    if MEMBERS in by_code:
        members = by_code[MEMBERS]
        charts.append(
            Chart(
                "chart-members",
                "Đảng viên trong danh sách (cuối mỗi quý)",
                "line",
                members.unit,
                [p.label for p in quarters],
                [Series("Đảng viên", _series(found, members, quarters))],
            )
        )
    party_life = [by_code[c] for c in (MEETINGS_HELD, ATTENDANCE) if c in by_code]
    if party_life:
        charts.append(
            Chart(
                "chart-meetings",
                "Sinh hoạt chi bộ theo quý",
                "bar",
                "%",
                [p.label for p in quarters],
                [Series(_short(i), _series(found, i, quarters)) for i in party_life],
            )
        )
    unit_values: dict[int, float] = {}
    for target in measured:
        indicator = indicators[target.indicator_id]  # type: ignore[index]
        periods = term_periods(chart_kind(indicator, measured_kinds.get(target.pk, "")), day)
        values = _series(found, indicator, periods)
        latest = next((v for v in reversed(values) if v is not None), None)
        if latest is not None:
            unit_values[target.pk] = latest
        charts.append(
            Chart(
                f"chart-target-{target.pk}",
                target_name(target),
                "line",
                indicator.unit,
                [p.label for p in periods],
                [
                    Series("Thực hiện", values),
                    Series(
                        f"Chỉ tiêu {goal_text(target)}",
                        [float(target.value)] * len(values),
                        dashed=True,
                    ),
                ],
            )
        )
    return Trends(charts, unit_values)


def _short(indicator: Indicator) -> str:
    return {MEETINGS_HELD: "% cuộc họp đã tổ chức", ATTENDANCE: "% đảng viên dự họp"}.get(
        indicator.code, indicator.name
    )
