"""Reading meetings: the list per cell, one meeting with its quorum, and the alerts page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangbo.access.policy import Action
from dangbo.access.scoping import can, get_or_404, scope, units_for
from dangbo.access.working import working_org
from dangbo.core.clock import today
from dangbo.core.rules import rule
from dangbo.meetings.models import Attendance, Meeting, MeetingStatus
from dangbo.meetings.queries import (
    attendance_sheet,
    cells_without_meeting,
    meeting_rows,
    quality_label,
    supervisor_attendance,
    unexcused_months,
    unexcused_streaks,
)
from dangbo.orgs.models import CELL_KINDS, Organization

PER_PAGE = 25
STATUS_BADGES: dict[str, str] = {
    MeetingStatus.PLANNED: "text-bg-secondary",
    MeetingStatus.HELD: "text-bg-success",
}


def int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    # isdecimal, not isdigit: "²" is a digit to isdigit() but int() refuses it.
    if not raw.isdecimal() or len(raw) > 9:
        return None
    return int(raw)


def chosen_unit(request: HttpRequest) -> Organization | None:
    """The unit of ?don_vi= when the user sees it, else the working organisation."""
    pk = int_param(request, "don_vi")
    if pk is not None:
        found = units_for(request.user).filter(pk=pk).first()
        if found is not None:
            return found
    return working_org(request)


def unit_choices(request: HttpRequest) -> list[Organization]:
    return list(units_for(request.user).order_by("path").only("id", "name", "depth", "kind")[:300])


@login_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    unit = chosen_unit(request)
    year = int_param(request, "nam")
    year = year if year is not None and 1945 <= year <= 2200 else None
    rows = scope(request.user, Meeting)
    if unit is not None:
        rows = rows.filter(organization__path__startswith=unit.path)
    if year is not None:
        rows = rows.filter(date__year=year)
    page = Paginator(meeting_rows(rows).order_by("-date", "-id"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    kept = {key: request.GET[key] for key in ("don_vi", "nam") if request.GET.get(key)}
    context: dict[str, Any] = {
        "page": page,
        "rows": [(m, STATUS_BADGES.get(m.status, "")) for m in page.object_list],
        "unit": unit,
        "year": year,
        "years": list(range(today().year + 1, today().year - 6, -1)),
        "units": unit_choices(request),
        "query": urlencode(kept),
        "may_create": units_for(request.user, Action.EDIT).filter(kind__in=CELL_KINDS).exists(),
    }
    return render(request, "meetings/meeting_list.html", context)


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting: Meeting = get_or_404(request.user, Meeting, pk=pk)
    sheet = attendance_sheet(meeting)
    context = {
        "meeting": meeting,
        "badge": STATUS_BADGES.get(meeting.status, ""),
        "sheet": sheet,
        "quorum": sheet.quorum(),
        "quality": quality_label(meeting) if meeting.quality else "",
        "may_edit": can(request.user, Action.EDIT, meeting.organization),
        "is_future": meeting.date > today(),
    }
    return render(request, "meetings/meeting_detail.html", context)


@login_required
@require_GET
def meeting_alerts(request: HttpRequest) -> HttpResponse:
    """Members with a run of unexcused absences, and cells with no meeting last month."""
    unit = chosen_unit(request)
    # Attendance is scoped to the member's own rows for a plain member, so a member never
    # sees another's absences; units below a committee grant are seen whole.
    visible = units_for(request.user)
    attendance = scope(request.user, Attendance)
    meetings = scope(request.user, Meeting)
    if unit is not None:
        visible = visible.filter(path__startswith=unit.path)
        meetings = meetings.filter(organization__path__startswith=unit.path)
        attendance = attendance.filter(meeting__organization__path__startswith=unit.path)
    day = today()
    last_month = (day.replace(day=1) - timedelta(days=1)).replace(day=1)
    month = int_param(request, "thang")
    year = int_param(request, "nam")
    if month is None or not 1 <= month <= 12 or year is None or not 1945 <= year <= 2200:
        month, year = last_month.month, last_month.year
    context = {
        "unit": unit,
        "units": unit_choices(request),
        "streaks": unexcused_streaks(attendance, day),
        "skipped": unexcused_months(attendance, year),
        "skipped_rule": rule("meetings.unexcused_months", date(year, 12, 31)),
        "month": month,
        "year": year,
        "idle_cells": cells_without_meeting(visible, year, month),
        "supervisors": supervisor_attendance(meetings, year),
    }
    return render(request, "meetings/meeting_alerts.html", context)
