"""Thống kê đảng viên: the standard tables of a unit on a day, as tables and charts, and the
same tables as an .xlsx download (audited, as every export is).

The unit is one the user may see (404 otherwise), the working unit by default; the numbers
count only members the user may see (members.statistics)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from dangbo.access.policy import Action
from dangbo.access.scoping import get_or_404
from dangbo.access.views.scope import action_roots, picker_context
from dangbo.access.working import working_org
from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.clock import today
from dangbo.core.formats import format_date, format_number
from dangbo.members.forms.fields import DayField
from dangbo.members.statistics import Period, Statistics, Table, member_statistics
from dangbo.members.statistics.extras import ExtraTable, extra_tables
from dangbo.members.statistics.tables import TOTAL
from dangbo.members.statistics.workbook import file_name, statistics_workbook, subtitle
from dangbo.orgs.models import Organization

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AUDIT_ACTION = "member.statistics_export"
MAX_ID = 2**31 - 1
# The charts drawn above the tables: (table, chart type). Their numbers are the total row.
CHARTS = (("status", "doughnut"), ("sex", "doughnut"), ("age", "bar"), ("party_age", "bar"))


class StatisticsForm(forms.Form):
    """`org`, the day (`as_of`) and the period (`from`, `to`, Python keywords, hence added in
    __init__). Every field may be left out: the working unit, today, the year so far."""

    org = forms.IntegerField(
        label="Tổ chức",
        required=False,
        min_value=1,
        max_value=MAX_ID,
        error_messages={
            "invalid": "Mã tổ chức không hợp lệ.",
            "min_value": "Mã tổ chức không hợp lệ.",
            "max_value": "Mã tổ chức không hợp lệ.",
        },
    )
    as_of = DayField("Tính đến ngày", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from"] = DayField("Trong kỳ, từ ngày", required=False)
        self.fields["to"] = DayField("đến ngày", required=False)
        for name in ("as_of", "from", "to"):
            self.fields[name].widget.attrs["class"] = "form-control"

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if any(name in self.errors for name in ("as_of", "from", "to")):
            return data
        as_of, start, end = with_defaults(data.get("as_of"), data.get("from"), data.get("to"))
        if start > end:
            field = "to" if data.get("to") else "from"
            self.add_error(field, "Ngày đầu kỳ không được sau ngày cuối kỳ.")
        data.update({"as_of": as_of, "from": start, "to": end})
        return data


def with_defaults(
    as_of: date | None, start: date | None, end: date | None
) -> tuple[date, date, date]:
    """Today; the period ends on the day asked about and starts on 1 January of its year."""
    day = as_of or today()
    last = end or day
    return day, start or min(date(last.year, 1, 1), last), last


@dataclass(frozen=True)
class Request:
    """What the page was asked: the unit, the day and the period, all checked."""

    unit: Organization | None
    as_of: date
    period: Period


def read_request(request: HttpRequest, form: StatisticsForm) -> Request:
    """The chosen unit (404 when the user may not see it), day and period, from a valid or
    an unbound form."""
    data = form.cleaned_data if form.is_bound else {}
    as_of, start, end = with_defaults(data.get("as_of"), data.get("from"), data.get("to"))
    pk = data.get("org")
    unit = get_or_404(request.user, Organization, pk=pk) if pk else working_org(request)
    return Request(unit, as_of, Period(start, end))


def _query(asked: Request, org_id: int | None = None) -> str:
    """The query string of the same tables, for another unit when `org_id` is given."""
    if org_id is None and asked.unit is not None:
        org_id = asked.unit.pk
    params = {
        "org": org_id or "",
        "as_of": format_date(asked.as_of),
        "from": format_date(asked.period.start),
        "to": format_date(asked.period.end),
    }
    return urlencode(params)


def _table_rows(table: Table, asked: Request) -> list[dict[str, Any]]:
    """Rows with their final text: numbers as 1.234, a link to each child unit's own tables."""
    rows = []
    for row in table.rows:
        link = ""
        if row.organization_id is not None and not row.own:
            link = "?" + _query(asked, row.organization_id)
        rows.append(
            {
                "label": row.label,
                "link": link,
                "cells": [format_number(v) for v in row.values],
            }
        )
    return rows


def _tables(stats: Statistics, asked: Request) -> list[dict[str, Any]]:
    return [
        {
            "key": table.key,
            "title": table.title,
            "subtitle": subtitle(stats, table),
            "columns": [c.label for c in table.columns],
            "rows": _table_rows(table, asked),
            "total": [format_number(v) for v in table.total.values],
        }
        for table in stats.tables
    ]


def _extra_tables(tables: list[ExtraTable], asked: Request) -> list[dict[str, Any]]:
    """Tables other apps add (members.statistics.extras), in the same shape as the standard."""
    return [
        {
            "key": table.key,
            "title": table.title,
            "subtitle": table.subtitle,
            "columns": table.columns,
            "rows": [
                {
                    "label": row.label,
                    "link": "?" + _query(asked, row.organization_id) if row.organization_id else "",
                    "cells": row.cells,
                }
                for row in table.rows
            ],
            "total": table.total,
        }
        for table in tables
    ]


def _charts(stats: Statistics) -> list[dict[str, Any]]:
    charts = []
    for key, kind in CHARTS:
        table = stats.table(key)
        pairs = [
            (c.label, v)
            for c, v in zip(table.columns, table.total.values, strict=True)
            if c.key != TOTAL
        ]
        charts.append(
            {
                "id": f"chart-{key}",
                "type": kind,
                "title": table.title,
                "labels": [label for label, _ in pairs],
                "values": [value for _, value in pairs],
            }
        )
    return charts


def _page(
    request: HttpRequest, form: StatisticsForm, asked: Request | None, status: int = 200
) -> HttpResponse:
    user = request.user
    unit = asked.unit if asked else None
    stats = None
    if asked is not None and unit is not None:
        stats = member_statistics(user, unit, asked.as_of, asked.period)
    if not form.is_bound and asked is not None:
        # The day counted shows in its box; the period boxes stay empty so that the period
        # keeps following the day (the tables' subtitles say which period was counted).
        form = StatisticsForm(initial={"as_of": asked.as_of})
    context = {
        "form": form,
        "picker": picker_context("org", unit, action_roots(user, Action.VIEW)),
        "stats": stats,
        "unit": unit,
        "as_of": format_date(asked.as_of) if asked else "",
        "headcount": format_number(stats.table("status").total.values[0]) if stats else "",
        "tables": [
            *_tables(stats, asked),
            *_extra_tables(extra_tables(user, unit, asked.as_of), asked),
        ]
        if stats and asked and unit
        else [],
        "charts": _charts(stats) if stats else [],
        "export_query": _query(asked) if asked and unit else "",
    }
    return render(request, "members/statistics.html", context, status=status)


@login_required
@require_GET
def member_statistics_page(request: HttpRequest) -> HttpResponse:
    form = StatisticsForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return _page(request, form, None, status=400)
    return _page(request, form, read_request(request, form))


@login_required
@require_GET
def member_statistics_xlsx(request: HttpRequest) -> HttpResponse:
    form = StatisticsForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return _page(request, form, None, status=400)
    asked = read_request(request, form)
    if asked.unit is None:  # no grant anywhere: nothing to count, the page says so
        return _page(request, form, asked)
    stats = member_statistics(request.user, asked.unit, asked.as_of, asked.period)
    record(
        actor=cast(User, request.user),
        action=AUDIT_ACTION,
        target=asked.unit,
        organization=asked.unit,
        after={
            "as_of": asked.as_of,
            "from": asked.period.start,
            "to": asked.period.end,
            "rows": len(stats.tables[0].rows),
        },
    )
    response = HttpResponse(statistics_workbook(stats), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{file_name(stats)}"'
    return response
