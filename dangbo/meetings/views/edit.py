"""Writing meetings from the pages: plan one, edit the plan or the minutes, publish the notice,
mark it held. Each page calls one service; its messages appear beside the fields and nothing is
written (DESIGN rule 6)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from dangbo.access.policy import Action
from dangbo.access.scoping import get_or_404, units_for
from dangbo.access.working import working_org
from dangbo.core.clock import today
from dangbo.meetings import services
from dangbo.meetings.forms import MeetingForm, PlanYearForm, attended_initial
from dangbo.meetings.models import Meeting
from dangbo.meetings.views.browse import int_param
from dangbo.orgs.models import CELL_KINDS, Organization
from dangbo.orgs.views.common import actor, add_service_errors

GET_POST = require_http_methods(["GET", "POST"])


def detail_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting-detail", args=[meeting.pk])


def _editable_cells(request: HttpRequest) -> list[Organization]:
    return list(
        units_for(request.user, Action.EDIT)
        .filter(kind__in=CELL_KINDS, active_to__isnull=True)
        .order_by("path")
        .only("id", "name", "path", "kind")[:300]
    )


def _cell_for_create(request: HttpRequest, cells: list[Organization]) -> Organization | None:
    raw = request.POST.get("don_vi") if request.method == "POST" else None
    pk = int(raw) if raw and raw.isdecimal() and len(raw) < 10 else int_param(request, "don_vi")
    by_id = {cell.pk: cell for cell in cells}
    if pk is not None:
        return by_id.get(pk)
    working = working_org(request)
    if working is not None and working.pk in by_id:
        return by_id[working.pk]
    return cells[0] if len(cells) == 1 else None


@login_required
@GET_POST
def meeting_create(request: HttpRequest) -> HttpResponse:
    cells = _editable_cells(request)
    if not cells:
        raise PermissionDenied("Bạn không có quyền lên lịch sinh hoạt cho chi bộ nào.")
    cell = _cell_for_create(request, cells)
    if cell is None:
        return render(request, "meetings/meeting_pick_cell.html", {"cells": cells})
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(data, user=request.user, organization=cell)
    if data is not None and form.is_valid():
        values = form.values()
        try:
            meeting = services.create_meeting(
                actor=actor(request),
                organization=cell,
                **{k: values[k] for k in form.plan_fields},
            )
            minutes = {k: values[k] for k in form.minutes_fields if values[k] not in ("", None)}
            if minutes:
                services.update_meeting(actor=actor(request), meeting=meeting, **minutes)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã lên lịch buổi sinh hoạt.")
            return redirect(detail_url(meeting))
    context = {"form": form, "cell": cell, "meeting": None}
    return render(request, "meetings/meeting_form.html", context)


@login_required
@GET_POST
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting: Meeting = get_or_404(request.user, Meeting, Action.EDIT, pk=pk)
    initial: dict[str, Any] = {
        "kind": meeting.kind,
        "date": meeting.date,
        "place": meeting.place,
        "agenda": meeting.agenda,
        "chair": meeting.chair_id,
        "minute_taker": meeting.minute_taker_id,
        "supervisor": meeting.supervisor_id,
        "supervisor_attended": attended_initial(meeting.supervisor_attended),
        "content": meeting.content,
        "conclusions": meeting.conclusions,
        "quality": meeting.quality,
    }
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(data, user=request.user, organization=meeting.organization, initial=initial)
    if meeting.is_held:
        for name in ("kind", "date"):
            form.fields[name].disabled = True
    if data is not None and form.is_valid():
        values = {k: v for k, v in form.values().items() if k in form.changed_data}
        try:
            services.update_meeting(actor=actor(request), meeting=meeting, **values)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã lưu buổi sinh hoạt.")
            return redirect(detail_url(meeting))
    context = {"form": form, "cell": meeting.organization, "meeting": meeting}
    return render(request, "meetings/meeting_form.html", context)


@login_required
@GET_POST
def meeting_plan_year(request: HttpRequest) -> HttpResponse:
    """Plan a year of regular meetings for one of the user's cells in one go."""
    cells = _editable_cells(request)
    if not cells:
        raise PermissionDenied("Bạn không có quyền lên lịch sinh hoạt cho chi bộ nào.")
    cell = _cell_for_create(request, cells)
    if cell is None:
        return render(request, "meetings/meeting_pick_cell.html", {"cells": cells, "yearly": True})
    data = request.POST if request.method == "POST" else None
    form = PlanYearForm(data, initial={"year": today().year, "day_of_month": 10})
    if data is not None and form.is_valid():
        try:
            created = services.plan_year(
                actor=actor(request), organization=cell, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Đã lên lịch {len(created)} buổi sinh hoạt thường kỳ.")
            return redirect(
                f"{reverse('meetings:meeting-list')}?don_vi={cell.pk}"
                f"&nam={form.cleaned_data['year']}"
            )
    return render(request, "meetings/meeting_plan_year.html", {"form": form, "cell": cell})


def _act(request: HttpRequest, pk: int, service: Any, done: str) -> HttpResponse:
    meeting: Meeting = get_or_404(request.user, Meeting, Action.EDIT, pk=pk)
    try:
        service(actor=actor(request), meeting=meeting)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(detail_url(meeting))


@login_required
@require_POST
def meeting_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.publish_notice, "Đã thông báo lịch sinh hoạt đến đảng viên.")


@login_required
@require_POST
def meeting_hold(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.hold_meeting, "Đã ghi nhận buổi sinh hoạt đã họp.")
