"""The evaluation report of a round for one unit of its subtree (`?don-vi=<id>`, the round's
unit by default, else the user's own unit in it): the page with drill-down into each child
unit, and the same report as .xlsx and .docx (each download audited).

A unit the user may not see is a 404, as is a round they may not see; a unit outside the
round, or a malformed id, is a 400 with a Vietnamese message."""

from __future__ import annotations

import tempfile
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from dangbo.access.policy import Action
from dangbo.access.scoping import can, get_or_404, root_units, scope
from dangbo.audit.services import record
from dangbo.core.clock import today
from dangbo.evaluations.models import (
    EvaluationRound,
    MemberEvaluation,
    OrganizationEvaluation,
)
from dangbo.evaluations.summary import RATINGS, Visible
from dangbo.members.models import Member
from dangbo.orgs.models import Organization
from dangbo.orgs.views.common import actor
from dangbo.reports.evaluation import EvaluationReport, build, title, totals_sentence
from dangbo.reports.exports import DOCX, XLSX, report_docx, write_report_xlsx
from dangbo.targets.models import Target

UNIT_PARAM = "don-vi"
MAX_ID = 2**31 - 1


class BadRequest(Exception):
    pass


def _unit(request: HttpRequest, round_: EvaluationRound) -> Organization:
    raw = request.GET.get(UNIT_PARAM, "").strip()
    if raw:
        if not raw.isdigit() or not 0 < int(raw) <= MAX_ID:
            raise BadRequest("Mã đơn vị không hợp lệ.")
        unit: Organization = get_or_404(request.user, Organization, pk=int(raw))
        return unit
    if can(request.user, Action.VIEW, round_.organization):
        return round_.organization
    for root in root_units(request.user):
        if root.path.startswith(round_.organization.path):
            return root
    raise Http404("Không tìm thấy hoặc bạn không có quyền xem.")


def _report(request: HttpRequest, pk: int) -> EvaluationReport:
    round_: EvaluationRound = get_or_404(request.user, EvaluationRound, pk=pk)
    round_ = EvaluationRound.objects.select_related("organization").get(pk=round_.pk)
    unit = _unit(request, round_)
    user = request.user
    visible = Visible(
        scope(user, Organization),
        scope(user, Member),
        scope(user, MemberEvaluation),
        scope(user, OrganizationEvaluation),
    )
    try:
        return build(visible, scope(user, Target), round_, unit)
    except ValidationError as exc:
        raise BadRequest(" ".join(exc.messages)) from exc


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    context = {"error": message, "title": "Báo cáo kết quả đánh giá, xếp loại"}
    return render(request, "reports/evaluation.html", context, status=400)


def _audit(request: HttpRequest, report: EvaluationReport, kind: str) -> None:
    record(
        actor=actor(request),
        action="report.evaluation_export",
        target=report.round,
        organization=report.unit,
        after={"year": report.round.year, "unit": report.unit.pk, "format": kind},
    )


def _file_name(report: EvaluationReport, suffix: str) -> str:
    return f"bao-cao-xep-loai-{report.round.year}-{slugify(report.unit.code)}.{suffix}"


def _context(report: EvaluationReport) -> dict[str, Any]:
    return {
        "report": report,
        "title": report.title,
        "ratings": RATINGS,
        "members_sentence": totals_sentence(report.members.total, "đảng viên", members=True),
        "organizations_sentence": totals_sentence(
            report.organizations.total, "tổ chức đảng", members=False
        ),
        "query": f"?{UNIT_PARAM}={report.unit.pk}",
        "is_root": report.unit.pk == report.round.organization_id,
    }


@login_required
@require_GET
def evaluation_report(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        report = _report(request, pk)
    except BadRequest as exc:
        return _refused(request, str(exc))
    return render(request, "reports/evaluation.html", _context(report))


@login_required
@require_GET
def evaluation_report_xlsx(request: HttpRequest, pk: int) -> HttpResponseBase:
    try:
        report = _report(request, pk)
    except BadRequest as exc:
        return _refused(request, str(exc))
    _audit(request, report, "xlsx")
    # On disk, not in memory: FileResponse closes (and so deletes) the file once sent.
    target = tempfile.TemporaryFile()  # noqa: SIM115
    write_report_xlsx(target, report)
    target.seek(0)
    return FileResponse(
        target, as_attachment=True, filename=_file_name(report, "xlsx"), content_type=XLSX
    )


@login_required
@require_GET
def evaluation_report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        report = _report(request, pk)
    except BadRequest as exc:
        return _refused(request, str(exc))
    _audit(request, report, "docx")
    response = HttpResponse(report_docx(report, today()), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{_file_name(report, "docx")}"'
    return response


__all__ = ["evaluation_report", "evaluation_report_docx", "evaluation_report_xlsx", "title"]
