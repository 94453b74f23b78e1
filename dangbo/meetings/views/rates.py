"""Tỷ lệ sinh hoạt, dự họp: for a year and a unit (the working unit by default), the unit's
total and one row per direct child unit with its subtree's figures (a click drills down), or
a cell's own meetings; the lowest attendance rates highlighted (meetings.rates).

The unit is one the user may see (404 otherwise); the figures count only what the user may
see. A fixed number of queries, however many child units (tested)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangbo.access.policy import Action
from dangbo.access.scoping import get_or_404, units_for
from dangbo.access.views.scope import action_roots, picker_context
from dangbo.access.working import working_org
from dangbo.core.clock import today
from dangbo.core.formats import format_number, format_percent
from dangbo.meetings.rates import Figures, Period, RateTable, UnitRates, Visible, subtree_rates
from dangbo.orgs.models import Organization

FIRST_YEAR, LAST_YEAR = 1945, 2200
SORTS = {"ten": "Tên đơn vị", "ty-le": "Tỷ lệ dự họp thấp trước"}


def read_year(raw: str) -> int | None:
    """The year typed, or None when it is not a year the page can show."""
    raw = raw.strip()
    if (
        not (raw.isascii() and raw.isdigit())
        or len(raw) != 4
        or not FIRST_YEAR <= int(raw) <= LAST_YEAR
    ):
        return None
    return int(raw)


def _percent(value: float | None) -> str:
    return "—" if value is None else format_percent(value)


def figures_text(figures: Figures) -> dict[str, Any]:
    """The figures as the page writes them (1.234; 87,5%)."""
    return {
        "cells": format_number(figures.cells),
        "planned": format_number(figures.planned),
        "due": format_number(figures.due),
        "held": format_number(figures.held),
        "held_share": _percent(figures.held_share),
        "present": format_number(figures.present),
        "excused": format_number(figures.excused),
        "unexcused": format_number(figures.unexcused),
        "exempt": format_number(figures.exempt),
        "marked": format_number(figures.marked),
        "rate": _percent(figures.rate),
        "rate_value": figures.rate,
    }


def _link(unit_id: int, year: int, sort: str) -> str:
    params: dict[str, Any] = {"don_vi": unit_id, "nam": year}
    if sort != "ten":
        params["sap_xep"] = sort
    return "?" + urlencode(params)


def _rows(table: RateTable, year: int, sort: str) -> list[dict[str, Any]]:
    rows: list[UnitRates] = list(table.rows)
    if sort == "ty-le":
        rows.sort(key=lambda r: (r.figures.rate is None, r.figures.rate or 0.0))
    return [
        {
            "id": row.organization.pk,
            "name": row.organization.name,
            "own": row.own,
            "lowest": row.lowest,
            "link": "" if row.own else _link(row.organization.pk, year, sort),
            "meetings_link": "?" + urlencode({"don_vi": row.organization.pk, "nam": year}),
            **figures_text(row.figures),
        }
        for row in rows
    ]


def _ancestors(request: HttpRequest, unit: Organization) -> list[Organization]:
    """The units above `unit` that the user may see, top first (one query): the way back up."""
    step = Organization.steplen
    paths = [unit.path[:end] for end in range(step, len(unit.path), step)]
    if not paths:
        return []
    return list(units_for(request.user).filter(path__in=paths).order_by("path"))


@login_required
@require_GET
def attendance_rates(request: HttpRequest) -> HttpResponse:
    errors: list[str] = []
    year = today().year
    raw_year = request.GET.get("nam", "")
    if raw_year.strip():
        found = read_year(raw_year)
        if found is None:
            errors.append(
                f"Năm «{raw_year.strip()[:20]}» không hợp lệ: nhập năm bốn chữ số, từ "
                f"{FIRST_YEAR} đến {LAST_YEAR}."
            )
        else:
            year = found
    sort = request.GET.get("sap_xep", "ten")
    if sort not in SORTS:
        sort = "ten"
    unit: Organization | None
    raw_unit = request.GET.get("don_vi", "").strip()
    if raw_unit:
        if not (raw_unit.isascii() and raw_unit.isdigit()) or len(raw_unit) > 18:
            errors.append("Mã đơn vị không hợp lệ.")
            unit = None
        else:
            unit = get_or_404(request.user, Organization, pk=int(raw_unit))
    else:
        unit = working_org(request)
    table = None
    if unit is not None and not errors:
        table = subtree_rates(Visible.of(request.user), unit, Period.year(year))
    context = {
        "errors": errors,
        "unit": unit,
        "year": year,
        "sort": sort,
        "sorts": SORTS,
        "picker": picker_context("don_vi", unit, action_roots(request.user, Action.VIEW)),
        "ancestors": _ancestors(request, unit) if unit is not None else [],
        "table": table,
        "total": figures_text(table.total) if table else None,
        "rows": _rows(table, year, sort) if table else [],
        "unit_link": _link(unit.pk, year, sort) if unit is not None else "",
    }
    return render(request, "meetings/attendance_rates.html", context, status=400 if errors else 200)
