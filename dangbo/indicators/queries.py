"""Reading indicator values and explaining them (issue #9 §1: "every value explains itself").

Values are read from `IndicatorValue` (written by dangbo.indicators.compute). The callers
(pages, the API, targets, the dashboard) pass querysets already scoped by dangbo.access, so a
user reads only units and members they may see; this module never scopes by itself.

The drill-down recomputes the definition's rows for the one subtree asked about, so it lists
exactly what the stored figure counted:
- an indicator counting organizations lists the units counted in the numerator and those in
  the denominator but not the numerator ("87 of 100 chi bộ: the 13 that do not");
- one counting members lists the child units' figures and, for a cell, the members in the
  denominator but not in the numerator (a page at a time, Vietnamese name order);
- a reported one lists the units below that reported, with their figures, and those still to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from dangbo.core.formats import format_figure, format_quantity
from dangbo.core.text import name_sort_key, text_sort_key
from dangbo.indicators.compute import definitions
from dangbo.indicators.definition import Definition
from dangbo.indicators.models import (
    Indicator,
    IndicatorKind,
    IndicatorValue,
    ReportingForm,
    SubmissionState,
    SubmissionValue,
)
from dangbo.indicators.periods import Period, periods_between
from dangbo.indicators.sources import MEMBERS, ORGANIZATIONS
from dangbo.members.models import Member
from dangbo.orgs.models import CELL_KINDS, Organization

PAGE_SIZE = 50


def value_of(
    indicator: Indicator, organization: Organization, period: Period
) -> IndicatorValue | None:
    return IndicatorValue.objects.filter(
        indicator=indicator,
        organization=organization,
        period_kind=period.kind,
        period_start=period.start,
    ).first()


def series(
    indicator: Indicator, organization: Organization, kind: str, start: date, end: date
) -> list[tuple[Period, IndicatorValue | None]]:
    """The unit's value in every period of `kind` over [start, end]: one query."""
    periods = list(periods_between(kind, start, end))
    found = {
        v.period_start: v
        for v in IndicatorValue.objects.filter(
            indicator=indicator,
            organization=organization,
            period_kind=kind,
            period_start__gte=periods[0].start if periods else start,
            period_start__lte=end,
        )
    }
    return [(p, found.get(p.start)) for p in periods]


def value_text(indicator: Indicator, value: IndicatorValue | None) -> str:
    """ "87%", "96,3%", "12 đảng viên", "3,5 mô hình/chi bộ", "—" when there is nothing to show."""
    return format_quantity(None if value is None else value.value, indicator.unit)


def figures_text(indicator: Indicator, value: IndicatorValue | None) -> str:
    """ "87/100" (numerator over denominator) or the numerator alone."""
    if value is None:
        return "—"
    if value.denominator is None:
        return format_figure(value.numerator)
    return f"{format_figure(value.numerator)}/{format_figure(value.denominator)}"


@dataclass
class ChildValue:
    organization: Organization
    value: IndicatorValue | None
    text: str
    figures: str
    has_children: bool


def child_values(
    indicator: Indicator,
    organization: Organization,
    period: Period,
    organizations: QuerySet[Organization],
) -> list[ChildValue]:
    """One row per direct child unit the caller may see, in Vietnamese name order: 2 queries."""
    children = list(
        organizations.filter(path__startswith=organization.path, depth=organization.depth + 1)
        .order_by()
        .only("id", "name", "path", "depth", "kind", "numchild")
    )
    values = {
        v.organization_id: v
        for v in IndicatorValue.objects.filter(
            indicator=indicator,
            period_kind=period.kind,
            period_start=period.start,
            organization__in=[c.pk for c in children],
        )
    }
    rows = [
        ChildValue(
            child,
            values.get(child.pk),
            value_text(indicator, values.get(child.pk)),
            figures_text(indicator, values.get(child.pk)),
            child.numchild > 0,
        )
        for child in children
    ]
    rows.sort(key=lambda r: text_sort_key(r.organization.name))
    return rows


@dataclass
class ReportedRow:
    organization: Organization
    numerator: Decimal
    denominator: Decimal | None
    note: str


@dataclass
class Drilldown:
    indicator: Indicator
    organization: Organization
    period: Period
    value: IndicatorValue | None
    subject_kind: str  # sources.MEMBERS / ORGANIZATIONS / ROWS, or "reported"
    children: list[ChildValue] = field(default_factory=list)
    counted: list[Organization] = field(default_factory=list)
    not_counted: list[Organization] = field(default_factory=list)
    members_not_counted: Page[Member] | None = None
    reported: list[ReportedRow] = field(default_factory=list)
    not_reported: list[Organization] = field(default_factory=list)

    @property
    def text(self) -> str:
        return value_text(self.indicator, self.value)


def _subtree_rows(
    definition: Definition, organization: Organization, period: Period
) -> QuerySet[Any]:
    units = Organization.objects.filter(path__startswith=organization.path).values("pk")
    return definition.rows(period).filter(**{f"{definition.source.unit}__in": units}).order_by()


def _subjects(
    definition: Definition | None, organization: Organization, period: Period
) -> QuerySet[Any]:
    if definition is None:
        return Organization.objects.none().values("pk")
    rows = _subtree_rows(definition, organization, period)
    return rows.values(definition.source.member or definition.source.subject)


def _by_name(items: list[Any], name: str = "name") -> list[Any]:
    return sorted(items, key=lambda o: text_sort_key(getattr(o, name)))


def _organizations(
    drill: Drilldown, organizations: QuerySet[Organization], num: Definition, den: Definition | None
) -> None:
    counted_ids = _subjects(num, drill.organization, drill.period)
    drill.counted = _by_name(list(organizations.filter(pk__in=counted_ids)))
    if den is not None:
        missing = _subjects(den, drill.organization, drill.period)
        drill.not_counted = _by_name(
            list(organizations.filter(pk__in=missing).exclude(pk__in=counted_ids))
        )


def _members(
    drill: Drilldown, members: QuerySet[Member], num: Definition, den: Definition | None, page: int
) -> None:
    if den is None or den.source.member is None or num.source.member is None:
        return
    counted = _subjects(num, drill.organization, drill.period)
    missing = members.filter(pk__in=_subjects(den, drill.organization, drill.period)).exclude(
        pk__in=counted
    )
    listed = sorted(
        missing.only("id", "full_name", "organization_id"), key=lambda m: name_sort_key(m.full_name)
    )
    drill.members_not_counted = Paginator(listed, PAGE_SIZE).get_page(page)


def _reported(drill: Drilldown, organizations: QuerySet[Organization]) -> None:
    unit, period, indicator = drill.organization, drill.period, drill.indicator
    rows = (
        SubmissionValue.objects.filter(
            indicator=indicator,
            submission__state=SubmissionState.APPROVED,
            submission__period_kind=period.kind,
            submission__period_start=period.start,
            submission__organization__in=organizations.filter(path__startswith=unit.path),
        )
        .select_related("submission__organization")
        .order_by()
    )
    drill.reported = sorted(
        (ReportedRow(v.submission.organization, v.numerator, v.denominator, v.note) for v in rows),
        key=lambda r: text_sort_key(r.organization.name),
    )
    kinds = {
        kind
        for form in ReportingForm.objects.filter(
            indicators=indicator, period_kind=period.kind, active=True
        )
        for kind in form.org_kinds
    }
    done = {r.organization.pk for r in drill.reported}
    expected = (
        organizations.filter(
            path__startswith=unit.path, kind__in=kinds, active_from__lte=period.end
        )
        .exclude(active_to__lte=period.start)
        .exclude(pk__in=done)
    )
    drill.not_reported = _by_name(list(expected))


def drilldown(
    indicator: Indicator,
    organization: Organization,
    period: Period,
    *,
    organizations: QuerySet[Organization],
    members: QuerySet[Member],
    page: int = 1,
) -> Drilldown:
    """Which units or members count in the unit's value and which do not (module docstring);
    `organizations` and `members` are the caller's scoped querysets."""
    value = value_of(indicator, organization, period)
    children = child_values(indicator, organization, period, organizations)
    if indicator.kind == IndicatorKind.REPORTED:
        drill = Drilldown(indicator, organization, period, value, "reported", children)
        _reported(drill, organizations)
        return drill
    num, den = definitions(indicator)
    drill = Drilldown(indicator, organization, period, value, num.source.subject_kind, children)
    if num.source.subject_kind == ORGANIZATIONS:
        _organizations(drill, organizations, num, den)
    elif num.source.subject_kind == MEMBERS and (
        organization.kind in CELL_KINDS or not organization.numchild
    ):
        _members(drill, members, num, den, page)
    return drill


__all__ = [
    "ChildValue",
    "Drilldown",
    "child_values",
    "drilldown",
    "series",
    "value_of",
    "value_text",
]
