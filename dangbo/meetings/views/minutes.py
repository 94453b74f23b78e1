"""Download the minutes of a meeting as a Word file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from dangbo.access.scoping import get_or_404
from dangbo.meetings.minutes import minutes_docx
from dangbo.meetings.models import Meeting

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_GET
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting: Meeting = get_or_404(request.user, Meeting, pk=pk)
    response = HttpResponse(minutes_docx(meeting), content_type=DOCX)
    name = f"bien-ban-sinh-hoat-{meeting.date:%Y-%m-%d}-{meeting.pk}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
