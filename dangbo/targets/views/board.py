"""The list of documents with targets or tasks, and the accountability board of one."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from dangbo.access.scoping import get_or_404
from dangbo.audit.services import record
from dangbo.core.clock import today
from dangbo.documents.models import Document
from dangbo.orgs.views.common import actor
from dangbo.targets import exports, measured, progress, queries
from dangbo.targets.forms import BoardFilterForm
from dangbo.targets.views.common import STATUS_BADGES, can_edit

PER_PAGE = 30


@login_required
@require_GET
def programs(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.programs_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "targets/programs.html", {"page": page})


def board_for(request: HttpRequest, pk: int) -> tuple[queries.Board, BoardFilterForm]:
    document: Document = get_or_404(request.user, Document, pk=pk)
    document = Document.objects.select_related("issuer").get(pk=document.pk)
    form = BoardFilterForm(request.GET or None, units=queries.lead_units(request.user, document))
    filters = queries.BoardFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = queries.BoardFilters(data["kind"], data["status"], data["unit"])
    return queries.board(request.user, document, filters), form


@login_required
@require_GET
def board(request: HttpRequest, pk: int) -> HttpResponse:
    data, form = board_for(request, pk)
    found = measured.measure_all(data.targets, today())
    context = {
        "board": data,
        "target_rows": [(t, r, found.get(t.pk)) for t, r in data.target_rows()],
        "measured_rule": measured.RULE,
        "document": data.document,
        "form": form,
        "badges": STATUS_BADGES,
        "parent_rule": progress.PARENT_RULE,
        "rule_rising": progress.OWN_RULE_RISING,
        "rule_falling": progress.OWN_RULE_FALLING,
        "at_risk_from": progress.AT_RISK_FROM,
        "can_edit": can_edit(request.user, data.document),
        "query": request.GET.urlencode(),
    }
    return render(request, "targets/board.html", context)


@login_required
@require_GET
def board_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    data, _ = board_for(request, pk)
    name = f"{exports.export_name(data, 'theo-doi')}.xlsx"
    record(
        actor=actor(request),
        action="target.export",
        target=data.document,
        organization=data.document.issuer,
        after={"format": "xlsx", "filters": request.GET.urlencode()},
    )
    found = measured.measure_all(data.targets, today())
    return _download(exports.board_xlsx(data, found), name, exports.XLSX)


@login_required
@require_GET
def board_docx(request: HttpRequest, pk: int) -> HttpResponse:
    data, _ = board_for(request, pk)
    name = f"{exports.export_name(data, 'bao-cao-so-ket')}.docx"
    record(
        actor=actor(request),
        action="target.export",
        target=data.document,
        organization=data.document.issuer,
        after={"format": "docx", "filters": request.GET.urlencode()},
    )
    found = measured.measure_all(data.targets, today())
    return _download(exports.review_docx(data, today(), found), name, exports.DOCX)


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response
