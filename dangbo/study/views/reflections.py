"""Reflections (bài thu hoạch, kế hoạch hành động cá nhân): the list with the "đã nhận" action,
the upload form, and the scoped, audited download of the file."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.access.policy import Action
from dangbo.access.scoping import get_or_404, scope, units_for
from dangbo.core.clock import today
from dangbo.orgs.views.common import actor, add_service_errors
from dangbo.study import services
from dangbo.study.forms import ReflectionForm
from dangbo.study.models import Reflection
from dangbo.study.views.common import PER_PAGE, visible_document

NO_FILE = "Tệp bài thu hoạch không còn trên máy chủ."


@login_required
@require_GET
def reflection_list(request: HttpRequest) -> HttpResponse:
    document = visible_document(request)
    waiting = request.GET.get("chua_nhan") == "1"
    rows = scope(request.user, Reflection).select_related("member", "document", "organization")
    if document is not None:
        rows = rows.filter(document=document)
    if waiting:
        rows = rows.filter(received=False)
    page = Paginator(rows.order_by("-submitted_on", "-id"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    editable = set(
        units_for(request.user, Action.EDIT)
        .filter(pk__in={r.organization_id for r in page.object_list})
        .values_list("pk", flat=True)
    )
    kept = {k: request.GET[k] for k in ("van_ban", "chua_nhan") if request.GET.get(k)}
    context = {
        "page": page,
        "rows": [(r, r.organization_id in editable) for r in page.object_list],
        "document": document,
        "waiting": waiting,
        "query": urlencode(kept),
        "may_create": units_for(request.user, Action.EDIT).exists(),
    }
    return render(request, "study/reflection_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reflection_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    document = visible_document(request)
    initial = {"submitted_on": today(), "document": document.pk if document else None}
    posted = request.method == "POST"
    form = ReflectionForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        user=user,
        initial=initial,
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            services.upload_reflection(
                actor=user,
                member=data["member"],
                document=data["document"],
                file=data["file"],
                submitted_on=data["submitted_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã lưu bài thu hoạch.")
            return redirect("study:reflection-list")
    status = 400 if posted else 200
    return render(request, "study/reflection_form.html", {"form": form}, status=status)


@login_required
@require_POST
def reflection_receive(request: HttpRequest, pk: int) -> HttpResponse:
    reflection: Reflection = get_or_404(request.user, Reflection, Action.EDIT, pk=pk)
    try:
        services.mark_reflection_received(actor=actor(request), reflection=reflection)
    except ValidationError as exc:
        for message in [m for ms in exc.message_dict.values() for m in ms]:
            messages.error(request, message)
    else:
        messages.success(request, f"Đã nhận bài thu hoạch «{reflection.name}».")
    return redirect("study:reflection-list")


@login_required
@require_GET
def reflection_download(request: HttpRequest, pk: int) -> FileResponse:
    reflection: Reflection = get_or_404(request.user, Reflection, pk=pk)
    try:
        handle = reflection.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(NO_FILE) from None
    services.record_reflection_download(actor=actor(request), reflection=reflection)
    response = FileResponse(handle, as_attachment=True, filename=reflection.name)
    response["Cache-Control"] = "private, no-store"
    return response
