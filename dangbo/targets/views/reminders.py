"""Nhắc việc: the current reminders of open tasks that concern the user."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangbo.core.clock import today
from dangbo.targets import queries
from dangbo.targets.services import DUE_SOON_DAYS

PER_PAGE = 50


@login_required
@require_GET
def reminders(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.reminders_for(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "today": today(), "days": DUE_SOON_DAYS}
    return render(request, "targets/reminders.html", context)
