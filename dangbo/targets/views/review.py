"""The review screen: what the software read from a document, confirmed one by one.

The document's text stands on the left with each proposal's span marked; the proposals stand
on the right, each with Nhận (accept as read), Sửa rồi nhận (edit, then accept) and Bỏ
(reject). With htmx a button swaps only its row, the marks and the counts; without script
every button is a plain form post that comes back to the row (#de-xuat-<id>).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.access.policy import Action
from dangbo.access.scoping import get_or_404
from dangbo.core.formats import format_number
from dangbo.documents.models import Document
from dangbo.orgs.views.common import actor, add_service_errors
from dangbo.targets import proposals as services
from dangbo.targets.models import Proposal, ProposalKind, ProposalState, Target, Task
from dangbo.targets.views.review_parts import (
    FIELD_COLUMNS,
    STATE_BADGES,
    TargetProposalForm,
    TaskProposalForm,
    details,
    form_for,
    highlight,
    initial_for,
    proposal_label,
    rows_in_order,
)

ProposalForm = TargetProposalForm | TaskProposalForm


def _document(request: HttpRequest, pk: int) -> Document:
    # Reviewing is the issuer's work: 404 outside the user's scope, 403 without EDIT.
    return get_or_404(request.user, Document, Action.EDIT, pk=pk)


def _proposal(request: HttpRequest, pk: int) -> Proposal:
    proposal = get_or_404(request.user, Proposal, Action.EDIT, pk=pk)
    return Proposal.objects.select_related("document__issuer", "target", "task").get(pk=proposal.pk)


def review_url(document: Document, proposal: Proposal | None = None) -> str:
    url = reverse("targets:proposal-review", args=[document.pk])
    return f"{url}#de-xuat-{proposal.pk}" if proposal is not None else url


def _parent_of(proposal: Proposal, accepted: dict[tuple[str, int], Target | Task]) -> Any:
    index = proposal.data.get("parent")
    return accepted.get((proposal.kind, index)) if isinstance(index, int) else None


def _accepted(document: Document) -> dict[tuple[str, int], Target | Task]:
    found: dict[tuple[str, int], Target | Task] = {}
    rows = document.proposals.filter(state=ProposalState.ACCEPTED).select_related("target", "task")
    for row in rows.order_by("id"):
        made = row.target if row.kind == ProposalKind.TARGET else row.task
        if made is not None:
            found[(row.kind, row.position)] = made
    return found


def _row(
    request: HttpRequest,
    proposal: Proposal,
    *,
    form: ProposalForm | None = None,
    editing: bool = False,
    parents: dict[tuple[str, int], Target | Task] | None = None,
    titles: dict[tuple[str, int], str] | None = None,
) -> dict[str, Any]:
    accepted = parents if parents is not None else _accepted(proposal.document)
    parent = _parent_of(proposal, accepted)
    if editing and form is None:
        form = form_for(proposal, request.user, parent=parent)
    index = proposal.data.get("parent")
    parent_title = ""
    if isinstance(index, int) and titles is not None:
        parent_title = titles.get((proposal.kind, index), "")
    return {
        "proposal": proposal,
        "label": proposal_label(proposal),
        "badge": STATE_BADGES.get(proposal.state, "text-bg-light"),
        "pending": proposal.state == ProposalState.PENDING,
        "form": form,
        "fields": (
            [(form[name], FIELD_COLUMNS.get(name, "col-12")) for name in form.fields]
            if form is not None
            else []
        ),
        "is_child": isinstance(index, int),
        "parent_title": parent_title,
        "parent_number": index + 1 if isinstance(index, int) else None,
        "made": proposal.target or proposal.task,
        "details": details(proposal, parent_title),
    }


def _counts(document: Document) -> dict[str, int]:
    counts = {state: 0 for state in ProposalState.values}
    for state in document.proposals.values_list("state", flat=True):
        counts[state] += 1
    return counts


def _page_context(
    request: HttpRequest, document: Document, editing: int | None, forms: dict[int, ProposalForm]
) -> dict[str, Any]:
    proposals = list(document.proposals.select_related("target", "task"))
    for p in proposals:
        p.document = document
    accepted = _accepted(document)
    titles = {(p.kind, p.position): proposal_label(p) for p in proposals}
    rows = [
        _row(
            request,
            p,
            form=forms.get(p.pk),
            editing=p.pk == editing or p.pk in forms,
            parents=accepted,
            titles=titles,
        )
        for p in rows_in_order(proposals)
    ]
    counts = _counts(document)
    return {
        "document": document,
        "text": highlight(document.body or "", proposals),
        "target_rows": [r for r in rows if r["proposal"].kind == ProposalKind.TARGET],
        "task_rows": [r for r in rows if r["proposal"].kind == ProposalKind.TASK],
        "counts": counts,
        "count_texts": {k: format_number(v) for k, v in counts.items()},
        "read": bool(proposals),
        "board_url": _board_url(document),
    }


def _board_url(document: Document) -> str:
    try:
        return reverse("targets:board", args=[document.pk])
    except Exception:
        try:
            return reverse("targets:board")
        except Exception:
            return ""


@login_required
@require_GET
def proposal_review(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    if (document.body or "").strip() and not document.proposals.exists():
        # First visit after upload: read the text now, so the reviewer lands on proposals.
        services.propose_from_document(actor=actor(request), document=document)
    editing = request.GET.get("sua", "")
    context = _page_context(request, document, int(editing) if editing.isdecimal() else None, {})
    return render(request, "targets/review.html", context)


@login_required
@require_POST
def proposal_extract(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    created = services.propose_from_document(actor=actor(request), document=document)
    messages.success(
        request,
        f"Đã đọc lại văn bản: {format_number(len(created))} đề xuất chờ xem xét; "
        "các đề xuất đã nhận hoặc bỏ được giữ nguyên.",
    )
    return redirect(review_url(document))


FIELD_LABELS = {
    "value": "Giá trị",
    "value_max": "Đến",
    "unit": "Đơn vị tính",
    "comparator": "So sánh",
    "subject": "Đối tượng",
    "metric": "Nội dung đo",
    "period": "Kỳ",
    "parent": "Chỉ tiêu cha",
    "title": "Tên nhiệm vụ",
    "kind": "Loại",
}


def _reasons(error: ValidationError) -> str:
    """ "Đơn vị tính: Trường này không được bỏ trống." — the field named, as on the form."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return " ".join(
        f"{FIELD_LABELS.get(name, name)}: {message}"
        for name, texts in error.message_dict.items()
        for message in texts
    )


@login_required
@require_POST
def proposal_accept_all(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    result = services.accept_all_pending(actor=actor(request), document=document)
    if result.accepted:
        messages.success(request, f"Đã nhận {format_number(len(result.accepted))} đề xuất.")
    for proposal, error in result.refused:
        messages.error(
            request,
            f"Chưa nhận được «{proposal_label(proposal)}»: {_reasons(error)} "
            "Sửa đề xuất này rồi nhận, hoặc bỏ nếu không phải chỉ tiêu, nhiệm vụ.",
        )
    if not result.accepted and not result.refused:
        messages.info(request, "Không còn đề xuất nào chờ xem xét.")
    return redirect(review_url(document))


def _answer(
    request: HttpRequest,
    proposal: Proposal,
    *,
    form: ProposalForm | None = None,
    editing: bool = False,
    status: int = 200,
) -> HttpResponse:
    """The row alone (htmx, with the marks and counts out of band), else back to the page."""
    document = proposal.document
    if not request.htmx:  # type: ignore[attr-defined]
        if form is not None:
            context = _page_context(request, document, None, {proposal.pk: form})
            return render(request, "targets/review.html", context, status=status)
        if editing:
            url = reverse("targets:proposal-review", args=[document.pk])
            return redirect(f"{url}?sua={proposal.pk}#de-xuat-{proposal.pk}")
        return redirect(review_url(document, proposal))
    proposals = list(document.proposals.all())
    titles = {(p.kind, p.position): proposal_label(p) for p in proposals}
    row = _row(request, proposal, form=form, editing=editing, titles=titles)
    counts = _counts(document)
    html = render_to_string("targets/review_row.html", {"row": row}, request=request)
    if not editing and form is None:
        html += render_to_string(
            "targets/review_oob.html",
            {
                "text": highlight(document.body or "", proposals),
                "counts": counts,
                "count_texts": {k: format_number(v) for k, v in counts.items()},
            },
            request=request,
        )
    return HttpResponse(html)


@login_required
@require_POST
def proposal_accept(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    try:
        proposal = services.accept_proposal(actor=actor(request), proposal=proposal, edits={})
    except ValidationError as error:
        # What was read is not enough (no unit, no subject): open it for editing, with the
        # fields as read and the reason beside the field.
        parent = _parent_of(proposal, _accepted(proposal.document))
        prefix = f"p{proposal.pk}"
        data = {
            f"{prefix}-{name}": getattr(value, "pk", value)
            for name, value in initial_for(proposal, parent).items()
            if value is not None
        }
        form = form_for(proposal, request.user, data=data)
        if form.is_valid():
            add_service_errors(form, error)
        return _answer(request, proposal, form=form, status=400)
    return _answer(request, proposal)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    if request.method == "GET":
        return _answer(request, proposal, editing=True)
    form = form_for(proposal, request.user, data=request.POST)
    if not form.is_valid():
        return _answer(request, proposal, form=form, status=400)
    try:
        proposal = services.accept_proposal(
            actor=actor(request), proposal=proposal, edits=form.edits()
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _answer(request, proposal, form=form, status=400)
    return _answer(request, proposal)


@login_required
@require_POST
def proposal_reject(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    try:
        proposal = services.reject_proposal(actor=actor(request), proposal=proposal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _answer(request, proposal)


@login_required
@require_GET
def proposal_row(request: HttpRequest, pk: int) -> HttpResponse:
    """The row as it stands (the "Thôi" of an edit)."""
    return _answer(request, _proposal(request, pk))


# Wired into dangbo/targets/urls.py as *review_urls (the app's other pages live there).
review_urls = [
    path("van-ban/<int:pk>/de-xuat/", proposal_review, name="proposal-review"),
    path("van-ban/<int:pk>/de-xuat/doc-lai/", proposal_extract, name="proposal-extract"),
    path("van-ban/<int:pk>/de-xuat/nhan-tat-ca/", proposal_accept_all, name="proposal-accept-all"),
    path("de-xuat/<int:pk>/", proposal_row, name="proposal-row"),
    path("de-xuat/<int:pk>/nhan/", proposal_accept, name="proposal-accept"),
    path("de-xuat/<int:pk>/sua/", proposal_edit, name="proposal-edit"),
    path("de-xuat/<int:pk>/bo/", proposal_reject, name="proposal-reject"),
]
