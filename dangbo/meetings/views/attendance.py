"""The secretary's attendance page, built for a phone: one row per member with three buttons
(a radio group, so it works without JavaScript); everyone starts "có mặt", so the secretary
taps only the absent. The whole sheet is saved by one POST in one transaction."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from dangbo.access.policy import Action
from dangbo.access.scoping import get_or_404
from dangbo.core.clock import today
from dangbo.meetings import services
from dangbo.meetings.models import Mark, Meeting
from dangbo.meetings.queries import attendance_sheet
from dangbo.orgs.views.common import actor

MARK_FIELD = re.compile(r"^m([0-9]{1,18})$")
BUTTONS = [
    (Mark.PRESENT, "Có mặt", "btn-outline-success"),
    (Mark.EXCUSED, "Có lý do", "btn-outline-warning"),
    (Mark.UNEXCUSED, "Không lý do", "btn-outline-danger"),
]


def sheet_from_post(data: dict[str, str]) -> dict[int, tuple[str, str]]:
    """{member id: (mark, reason)} from fields m<id> and r<id>; an empty mark is no row."""
    sheet: dict[int, tuple[str, str]] = {}
    for name, value in data.items():
        found = MARK_FIELD.match(name)
        if found and value:
            member_id = int(found.group(1))
            reason = data.get(f"r{member_id}", "").replace("\x00", "")
            sheet[member_id] = (value[:32], reason[:1000])
    return sheet


@login_required
@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting: Meeting = get_or_404(request.user, Meeting, Action.EDIT, pk=pk)
    posted: dict[int, tuple[str, str]] = {}
    errors: list[str] = []
    if request.method == "POST":
        posted = sheet_from_post({k: request.POST.get(k, "") for k in request.POST})
        try:
            services.record_attendance(actor=actor(request), meeting=meeting, sheet=posted)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, "Đã lưu điểm danh.")
            return redirect(reverse("meetings:meeting-detail", args=[meeting.pk]))
    sheet = attendance_sheet(meeting)
    for entry in sheet.exempt:
        if entry.member.pk in posted:
            entry.mark, entry.reason = posted[entry.member.pk]
    for entry in sheet.members:
        if entry.member.pk in posted:
            entry.mark, entry.reason = posted[entry.member.pk]
        elif not entry.mark:
            entry.mark = Mark.PRESENT  # the default the secretary changes by one tap
    context = {
        "meeting": meeting,
        "sheet": sheet,
        "buttons": BUTTONS,
        "errors": errors,
        "is_future": meeting.date > today(),
        "quorum": sheet.quorum(),
    }
    return render(
        request, "meetings/meeting_attendance.html", context, status=400 if errors else 200
    )
