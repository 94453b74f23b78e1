"""Reading documents: the list with search and filters, the detail page, the tree of
implementation, and the scoped, audited download of an attachment (DESIGN rule 2)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangbo.access.policy import Action
from dangbo.access.scoping import can, get_or_404, scope, units_for
from dangbo.access.working import working_org
from dangbo.documents import services
from dangbo.documents.models import Attachment, DocKind, DocStatus, Document
from dangbo.documents.queries import (
    DocumentFilters,
    document_rows,
    document_tree,
    documents_in_order,
    ordered_ids,
    years_of,
)
from dangbo.documents.search import search_plan
from dangbo.orgs.models import Organization

PER_PAGE = 25
STATUS_BADGES: dict[str, str] = {
    DocStatus.DRAFT: "text-bg-secondary",
    DocStatus.ISSUED: "text-bg-success",
    DocStatus.REPLACED: "text-bg-warning",
}
NO_FILE = "Tệp đính kèm không còn trên máy chủ."


def _int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw.isdigit() or len(raw) > 9:
        return None
    return int(raw)


def _visible_unit(request: HttpRequest, name: str) -> Organization | None:
    pk = _int_param(request, name)
    if pk is None:
        return None
    return units_for(request.user).filter(pk=pk).first()


def filters_from(request: HttpRequest) -> DocumentFilters:
    """The list's filters from the query string; a value out of range is ignored."""
    kind = request.GET.get("loai", "")
    status = request.GET.get("trang_thai", "")
    year = _int_param(request, "nam")
    return DocumentFilters(
        q=request.GET.get("q", "")[:200].replace("\x00", ""),
        kind=kind if kind in DocKind.values else "",
        issuer=_visible_unit(request, "co_quan"),
        year=year if year is not None and 1945 <= year <= 2200 else None,
        status=status if status in DocStatus.values else "",
    )


@login_required
@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    filters = filters_from(request)
    visible = scope(request.user, Document)
    rows = document_rows(visible, filters)
    with search_plan():
        page = Paginator(ordered_ids(rows), PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = documents_in_order(rows, page.object_list)
    kept = {
        key: request.GET[key]
        for key in ("q", "loai", "co_quan", "nam", "trang_thai")
        if request.GET.get(key)
    }
    context = {
        "page": page,
        "rows": [(doc, STATUS_BADGES.get(doc.status, "")) for doc in page.object_list],
        "filters": filters,
        "query": urlencode(kept),
        "kinds": DocKind.choices,
        "statuses": DocStatus.choices,
        "units": list(units_for(request.user).order_by("path").only("id", "name", "depth")[:300]),
        "years": years_of(visible),
        "may_create": units_for(request.user, Action.EDIT).exists(),
    }
    return render(request, "documents/document_list.html", context)


@login_required
@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc: Document = get_or_404(request.user, Document, pk=pk)
    visible = scope(request.user, Document)
    context = {
        "doc": doc,
        "badge": STATUS_BADGES.get(doc.status, ""),
        "attachments": list(doc.attachments.all()),
        "implements": visible.filter(pk=doc.implements_id).first() if doc.implements_id else None,
        "replaced_by": visible.filter(pk=doc.replaced_by_id).first()
        if doc.replaced_by_id
        else None,
        "implementations": list(
            visible.filter(implements=doc)
            .select_related("issuer")
            .defer("body", "search_text")
            .order_by("issued_on", "id")[:200]
        ),
        "may_edit": can(request.user, Action.EDIT, doc.issuer),
        "is_draft": doc.status == DocStatus.DRAFT,
        "is_issued": doc.status == DocStatus.ISSUED,
    }
    return render(request, "documents/document_detail.html", context)


@login_required
@require_GET
def document_tree_page(request: HttpRequest) -> HttpResponse:
    unit = _visible_unit(request, "don_vi") or working_org(request)
    tree = document_tree(scope(request.user, Document), unit) if unit is not None else []
    context: dict[str, Any] = {
        "unit": unit,
        "tree": tree,
        "units": list(units_for(request.user).order_by("path").only("id", "name", "depth")[:300]),
    }
    return render(request, "documents/document_tree.html", context)


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment: Attachment = get_or_404(request.user, Attachment, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(NO_FILE) from None
    services.record_download(actor=request.user, attachment=attachment)  # type: ignore[arg-type]
    response = FileResponse(handle, as_attachment=True, filename=attachment.name)
    # Private: a shared cache must never keep one user's file for another.
    response["Cache-Control"] = "private, no-store"
    return response
