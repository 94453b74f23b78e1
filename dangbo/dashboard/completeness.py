"""Reporting completeness of the units below as heat tables: for each active form issued by
the unit or a unit above it, its last four periods that have ended, from
indicators.reporting_queries.completeness (the form page's own table, a bounded number of
statements per form; a unit sees at most a handful of forms)."""

from __future__ import annotations

from datetime import date

from dangbo.dashboard.header import ancestor_paths
from dangbo.dashboard.visible import Visible
from dangbo.indicators.periods import Period, period_of
from dangbo.indicators.reporting_queries import Heat, completeness
from dangbo.orgs.models import Organization

PERIODS_SHOWN = 4
FORMS_SHOWN = 6

FormHeat = Heat


def last_periods(kind: str, day: date, count: int = PERIODS_SHOWN) -> list[Period]:
    """The `count` periods of `kind` that ended before `day`, oldest first: the reports of
    the current period are not due yet."""
    periods = [period_of(kind, day).previous()]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods[::-1]


def heats(visible: Visible, unit: Organization, day: date) -> list[Heat]:
    forms = (
        visible.forms.filter(issuer__path__in=[*ancestor_paths(unit), unit.path], active=True)
        .select_related("issuer")
        .order_by("-issuer__depth", "code")[:FORMS_SHOWN]
    )
    found = [
        completeness(
            form, unit, last_periods(form.period_kind, day), visible.organizations, today=day
        )
        for form in forms
    ]
    return [heat for heat in found if heat.rows]
