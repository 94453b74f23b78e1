"""Study sessions from the pages: the list per document and unit, creating a session, the
attendance sheet (one checkbox per member of the roll on the session day, the whole sheet
saved in one POST) and the coverage of a document per unit with those who have not studied."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.access.policy import Action
from dangbo.access.scoping import can, get_or_404, root_units, scope, units_for
from dangbo.access.working import working_org
from dangbo.core.clock import today
from dangbo.documents.models import Document
from dangbo.orgs.views.common import actor, add_service_errors
from dangbo.study import queries, services
from dangbo.study.forms import SessionForm, studied_documents
from dangbo.study.models import StudySession
from dangbo.study.views.common import (
    PER_PAGE,
    date_param,
    visible_document,
    visible_unit,
)

# A sheet longer than this is a whole commune studying together: still one page, one POST.
SHEET_LIMIT = 3000


@login_required
@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    document = visible_document(request)
    unit = visible_unit(request)
    rows = scope(request.user, StudySession)
    if document is not None:
        rows = rows.filter(document=document)
    if unit is not None:
        rows = rows.filter(organization__path__startswith=unit.path)
    page = Paginator(
        queries.sessions_with_counts(rows).order_by("-held_on", "-id"), PER_PAGE
    ).get_page(request.GET.get("page"))
    kept = {k: request.GET[k] for k in ("van_ban", "don_vi") if request.GET.get(k)}
    context = {
        "page": page,
        "document": document,
        "unit": unit,
        "query": urlencode(kept),
        "units": list(units_for(request.user).order_by("path").only("id", "name")[:300]),
        "may_create": units_for(request.user, Action.EDIT).exists(),
    }
    return render(request, "study/session_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    document = visible_document(request)
    initial: dict[str, Any] = {"held_on": today()}
    if document is not None:
        initial["document"] = document.pk
    unit = working_org(request)
    if unit is not None:
        initial["organization"] = unit.pk
    form = SessionForm(
        request.POST if request.method == "POST" else None, user=user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.create_study_session(
                actor=user,
                document=data["document"],
                organization=data["organization"],
                held_on=data["held_on"],
                level=data["level"],
                place=data.get("place") or "",
                makeup_for=data.get("makeup_for"),
                guests=data.get("guests") or 0,
                notes=data.get("notes") or "",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã tạo buổi học tập. Đánh dấu đảng viên có mặt bên dưới.")
            return redirect("study:session-detail", pk=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "study/session_form.html", {"form": form}, status=status)


def _detail(
    request: HttpRequest, session: StudySession, errors: list[str], status: int = 200
) -> HttpResponse:
    may_edit = can(request.user, Action.EDIT, session.organization)
    sheet = list(queries.sheet_members(session)[:SHEET_LIMIT]) if may_edit else []
    present = sum(1 for m in sheet if getattr(m, "present", False))
    context = {
        "session": session,
        "may_edit": may_edit,
        "sheet": sheet,
        "present_count": present,
        "held": session.held_on <= today(),
        "errors": errors,
        "makeup_for": scope(request.user, StudySession)
        .filter(pk=session.makeup_for_id)
        .select_related("organization")
        .first()
        if session.makeup_for_id
        else None,
    }
    return render(request, "study/session_detail.html", context, status=status)


def _session(request: HttpRequest, pk: int, action: str | None = None) -> StudySession:
    session: StudySession = get_or_404(request.user, StudySession, action, pk=pk)
    return StudySession.objects.select_related("document", "organization").get(pk=session.pk)


@login_required
@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _session(request, pk), [])


@login_required
@require_POST
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, Action.EDIT)
    raw = request.POST.getlist("members")
    if any(not value.isdigit() or len(value) > 18 for value in raw):
        return _detail(request, session, ["Danh sách đảng viên không hợp lệ."], status=400)
    try:
        saved = services.record_attendance(
            actor=actor(request), session=session, member_ids=[int(v) for v in raw]
        )
    except ValidationError as exc:
        errors = [m for ms in exc.message_dict.values() for m in ms]
        return _detail(request, session, errors, status=400)
    messages.success(request, f"Đã lưu danh sách: {len(saved)} đảng viên có mặt.")
    return redirect("study:session-detail", pk=session.pk)


@login_required
@require_GET
def coverage_page(request: HttpRequest, pk: int) -> HttpResponse:
    document: Document = get_or_404(request.user, Document, pk=pk)
    roots = root_units(request.user)
    unit = visible_unit(request) or working_org(request) or (roots[0] if roots else None)
    as_of = date_param(request, "ngay") or today()
    result = queries.coverage(document, unit, as_of) if unit is not None else None
    page = None
    if unit is not None:
        page = Paginator(queries.not_studied(document, unit, as_of), PER_PAGE).get_page(
            request.GET.get("page")
        )
    kept = {k: request.GET[k] for k in ("don_vi", "ngay") if request.GET.get(k)}
    context = {
        "document": document,
        "unit": unit,
        "as_of": as_of,
        "coverage": result,
        "page": page,
        "query": urlencode(kept),
        "units": list(units_for(request.user).order_by("path").only("id", "name")[:300]),
        "sessions_url": reverse("study:session-list") + f"?van_ban={document.pk}",
        "may_create": units_for(request.user, Action.EDIT).exists()
        and studied_documents(request.user).filter(pk=document.pk).exists(),
    }
    return render(request, "study/coverage.html", context)
