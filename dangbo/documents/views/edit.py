"""Writing documents from the pages: create (a draft, or a document already issued on paper),
edit, issue (the next number is shown), replace, attach a file. Each page calls one service;
its Vietnamese messages appear beside the fields and nothing is written (DESIGN rule 6).

Uploads keep at most the 20 MB limit of a file on disk and only count the rest (the imports'
CappedUploadHandler), so a file of any size is refused with its size, never stored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from dangbo.access.policy import Action
from dangbo.access.scoping import get_or_404
from dangbo.access.working import working_org
from dangbo.core.clock import today
from dangbo.documents import numbering, services
from dangbo.documents.forms import (
    MODE_ISSUED,
    AttachForm,
    DocumentForm,
    IssueForm,
    ReplaceForm,
)
from dangbo.documents.models import DocKind, DocStatus, Document
from dangbo.documents.text_from_file import MAX_BYTES
from dangbo.imports.views.upload import CappedUploadHandler
from dangbo.orgs.forms.base import BootstrapForm
from dangbo.orgs.views.common import actor, add_service_errors

GET_POST = require_http_methods(["GET", "POST"])
# Kinds whose text usually holds targets and tasks: after upload, the review screen proposes them.
REVIEWED_KINDS = {DocKind.RESOLUTION, DocKind.PROGRAM, DocKind.PLAN, DocKind.DIRECTIVE}
EDITABLE = ("kind", "issuer", "issuer_code", "issued_on", "congress", "title", "implements")
WORDING = ("title", "summary", "body", "signer", "signer_capacity", "place")


def detail_url(doc: Document) -> str:
    return reverse("documents:document-detail", args=[doc.pk])


def after_create_url(doc: Document) -> str:
    """The targets review screen for a document whose text proposes targets, else its page."""
    if doc.kind in REVIEWED_KINDS and doc.body:
        try:
            return reverse("targets:proposal-review", args=[doc.pk])
        except NoReverseMatch:
            pass
    return detail_url(doc)


def _capped(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @csrf_exempt  # checked by csrf_protect on `view`, once the upload handlers are in place
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST":
            request.upload_handlers = [
                MemoryFileUploadHandler(request),
                CappedUploadHandler(request, MAX_BYTES),
            ]
        return csrf_protect(view)(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _page(
    request: HttpRequest,
    form: BootstrapForm,
    submit: Callable[[], tuple[str, str]],
    template: str = "documents/document_form.html",
    **context: Any,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            message, next_url = submit()
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(next_url)
    status = 400 if request.method == "POST" else 200
    return render(request, template, {**context, "form": form}, status=status)


def _posted(request: HttpRequest) -> tuple[Any, Any]:
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


@_capped
@GET_POST
def document_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    data, files = _posted(request)
    initial = {"issuer": working_org(request)}
    form = DocumentForm(data, files, user=user, initial=initial)

    def submit() -> tuple[str, str]:
        cleaned = form.cleaned_data
        common: dict[str, Any] = {name: cleaned.get(name) or "" for name in WORDING}
        common.update(
            issuer_code=cleaned.get("issuer_code") or None,
            implements=cleaned.get("implements"),
            congress=bool(cleaned.get("congress")),
            file=cleaned.get("file"),
        )
        if cleaned["mode"] == MODE_ISSUED:
            doc = services.register_issued_document(
                actor=user,
                symbol=cleaned["symbol"],
                kind=cleaned["kind"],
                issuer=cleaned["issuer"],
                issued_on=cleaned["issued_on"],
                earlier=bool(cleaned.get("earlier")),
                **common,
            )
            return f"Đã nhập văn bản {doc.symbol}.", after_create_url(doc)
        doc = services.create_document(
            actor=user,
            kind=cleaned["kind"],
            issuer=cleaned["issuer"],
            issued_on=cleaned.get("issued_on"),
            **common,
        )
        return "Đã lưu dự thảo văn bản.", after_create_url(doc)

    return _page(request, form, submit, title="Thêm văn bản", multipart=True, doc=None)


@login_required
@GET_POST
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    doc: Document = get_or_404(request.user, Document, Action.EDIT, pk=pk)
    data, _ = _posted(request)
    initial = {name: getattr(doc, name) for name in (*EDITABLE, *WORDING) if name != "implements"}
    initial["implements"] = doc.implements_id
    form = DocumentForm(data, user=actor(request), document=doc, initial=initial)

    def submit() -> tuple[str, str]:
        changes = {name: form.cleaned_data.get(name) for name in form.fields}
        services.update_document(actor=actor(request), document=doc, **changes)
        return "Đã lưu thay đổi.", detail_url(doc)

    title = "Sửa dự thảo" if doc.status == DocStatus.DRAFT else f"Sửa văn bản {doc.symbol}"
    return _page(request, form, submit, title=title, doc=doc)


@login_required
@GET_POST
def document_issue(request: HttpRequest, pk: int) -> HttpResponse:
    doc: Document = get_or_404(request.user, Document, Action.EDIT, pk=pk)
    if doc.status != DocStatus.DRAFT:
        messages.info(request, f"Văn bản đã được ban hành với số {doc.symbol}.")
        return redirect(detail_url(doc))
    data, _ = _posted(request)
    form = IssueForm(data, initial={"issued_on": today()})
    day = form.cleaned_data.get("issued_on") if form.is_bound and form.is_valid() else None
    preview = _preview(doc, day or today())

    def submit() -> tuple[str, str]:
        issued = services.issue_document(
            actor=actor(request),
            document=doc,
            issued_on=form.cleaned_data["issued_on"],
            number=form.cleaned_data.get("number"),
            earlier=bool(form.cleaned_data.get("earlier")),
        )
        return f"Đã ban hành văn bản số {issued.symbol}.", detail_url(issued)

    return _page(
        request,
        form,
        submit,
        template="documents/document_issue.html",
        title="Ban hành văn bản",
        doc=doc,
        preview=preview,
    )


def _preview(doc: Document, day: date) -> str:
    """The symbol issuing on `day` would give now (not reserved until issued)."""
    probe = Document(
        kind=doc.kind,
        issuer=doc.issuer,
        issuer_code=doc.issuer_code,
        congress=doc.congress,
        issued_on=day,
        term=numbering.term_on(doc.issuer, day),
    )
    probe.number = numbering.next_number(probe)
    return probe.symbol


@login_required
@GET_POST
def document_replace(request: HttpRequest, pk: int) -> HttpResponse:
    doc: Document = get_or_404(request.user, Document, Action.EDIT, pk=pk)
    data, _ = _posted(request)
    form = ReplaceForm(data, user=actor(request), document=doc)

    def submit() -> tuple[str, str]:
        services.replace_document(
            actor=actor(request), document=doc, replaced_by=form.cleaned_data["replaced_by"]
        )
        return f"Đã ghi văn bản {doc.symbol} được thay thế.", detail_url(doc)

    return _page(request, form, submit, title=f"Thay thế văn bản {doc.symbol}", doc=doc)


@_capped
@GET_POST
def document_attach(request: HttpRequest, pk: int) -> HttpResponse:
    doc: Document = get_or_404(request.user, Document, Action.EDIT, pk=pk)
    data, files = _posted(request)
    form = AttachForm(data, files)

    def submit() -> tuple[str, str]:
        attachment = services.attach_file(
            actor=actor(request),
            document=doc,
            file=form.cleaned_data["file"],
            use_as_body=bool(form.cleaned_data.get("use_as_body")),
        )
        return f"Đã đính kèm tệp «{attachment.name}».", detail_url(doc)

    return _page(request, form, submit, title="Đính kèm tệp", multipart=True, doc=doc)
