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
from dangbo.members.models import Member
from dangbo.orgs.views.common import actor


@login_required
@require_GET
def my_meetings(request: HttpRequest) -> HttpResponse:
    # The member record linked to this login; a member's grant lets them read it (scope_owner).
    member = scope(request.user, Member).filter(user=actor(request)).first()
    day = today()
    schedule = member_schedule(scope(request.user, Meeting), member, day) if member else None
    return render(
        request, "meetings/my_meetings.html", {"schedule": schedule, "member": member, "day": day}
    )
