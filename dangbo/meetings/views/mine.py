"""A member's own view of party life: the meeting notices of their cell and their own marks."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangbo.access.scoping import scope
from dangbo.core.clock import today
from dangbo.meetings.models import Meeting
from dangbo.meetings.queries import member_schedule
from dangbo.members.views.own import own_member
from dangbo.orgs.views.common import actor


@login_required
@require_GET
def my_meetings(request: HttpRequest) -> HttpResponse:
    member = own_member(actor(request))
    day = today()
    schedule = member_schedule(scope(request.user, Meeting), member, day) if member else None
    return render(
        request, "meetings/my_meetings.html", {"schedule": schedule, "member": member, "day": day}
    )
