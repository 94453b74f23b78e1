"""Tổng quan: the dashboard of a unit and its subtree (`?to_chuc=<id>`, the working unit by
default), the same as a PDF for a committee meeting, and its first page as a PNG.

A unit the reader may not see is a 404; a malformed id is a 400 with a Vietnamese message.
Every read goes through dangbo.access (Visible): the figures count only what the reader may
see. Each download is audited, as every export is."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from dangbo.access.scoping import get_or_404, scope
from dangbo.access.working import working_org
from dangbo.audit.services import record
from dangbo.core.clock import today
from dangbo.dashboard import pdf
from dangbo.dashboard.board import UNIT_PARAM, Dashboard, build
from dangbo.dashboard.visible import Visible
from dangbo.evaluations.models import EvaluationRound, MemberEvaluation, OrganizationEvaluation
from dangbo.indicators.models import IndicatorValue, ReportingForm
from dangbo.meetings.models import Attendance, Meeting
from dangbo.meetings.rates import Visible as MeetingsVisible
from dangbo.orgs.models import Organization
from dangbo.orgs.views.common import actor
from dangbo.targets.models import Target, Task

MAX_ID = 2**31 - 1
TEMPLATE = "dashboard/page.html"
AUDIT_ACTION = "dashboard.export"


class BadRequest(Exception):
    pass


def visible_to(user: object) -> Visible:
    return Visible(
        user=user,
        organizations=scope(user, Organization),
        meetings=MeetingsVisible(
            scope(user, Organization), scope(user, Meeting), scope(user, Attendance)
        ),
        rounds=scope(user, EvaluationRound),
        member_evaluations=scope(user, MemberEvaluation),
        organization_evaluations=scope(user, OrganizationEvaluation),
        targets=scope(user, Target),
        tasks=scope(user, Task),
        values=scope(user, IndicatorValue),
        forms=scope(user, ReportingForm),
    )


def chosen_unit(request: HttpRequest) -> Organization | None:
    """The unit asked for (404 when the reader may not see it), else the working unit."""
    raw = request.GET.get(UNIT_PARAM, "").strip()
    if raw:
        if not raw.isdigit() or not 0 < int(raw) <= MAX_ID:
            raise BadRequest("Mã tổ chức không hợp lệ.")
        unit: Organization = get_or_404(request.user, Organization, pk=int(raw))
        return unit
    return working_org(request)


def _dashboard(request: HttpRequest) -> Dashboard | None:
    unit = chosen_unit(request)
    if unit is None:
        return None
    return build(visible_to(request.user), unit, today())


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, TEMPLATE, {"error": message}, status=400)


@login_required
@require_GET
def dashboard_page(request: HttpRequest) -> HttpResponse:
    try:
        board = _dashboard(request)
    except BadRequest as exc:
        return _refused(request, str(exc))
    return render(request, TEMPLATE, {"board": board})


def _file_name(board: Dashboard, suffix: str) -> str:
    return f"tong-quan-{slugify(board.unit.code)}-{board.day:%Y-%m-%d}.{suffix}"


def _export(request: HttpRequest, kind: str) -> Dashboard | HttpResponse:
    try:
        board = _dashboard(request)
    except BadRequest as exc:
        return _refused(request, str(exc))
    if board is None:
        return render(request, TEMPLATE, {"board": None})
    record(
        actor=actor(request),
        action=AUDIT_ACTION,
        target=board.unit,
        organization=board.unit,
        after={"format": kind, "as_of": board.day},
    )
    return board


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def dashboard_pdf(request: HttpRequest) -> HttpResponse:
    board = _export(request, "pdf")
    if isinstance(board, HttpResponse):
        return board
    return _download(pdf.dashboard_pdf(board), _file_name(board, "pdf"), "application/pdf")


@login_required
@require_GET
def dashboard_png(request: HttpRequest) -> HttpResponse:
    board = _export(request, "png")
    if isinstance(board, HttpResponse):
        return board
    return _download(pdf.first_page_png(board), _file_name(board, "png"), "image/png")
