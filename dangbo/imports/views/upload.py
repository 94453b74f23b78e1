"""Bringing a file in: the list of the user's imports and the upload form.

Django keeps an uploaded file in memory up to FILE_UPLOAD_MAX_MEMORY_SIZE and in a temporary
file beyond it, whatever its size (DATA_UPLOAD_MAX_MEMORY_SIZE counts only the other fields).
The upload view keeps no more than the import limit of a file on disk and counts the rest,
so a file of any size is refused with its size in Vietnamese and never fills the disk.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import (
    MemoryFileUploadHandler,
    TemporaryFileUploadHandler,
)
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from dangbo.access.policy import Action
from dangbo.access.scoping import scope, units_for
from dangbo.access.working import working_org
from dangbo.imports import engine, services
from dangbo.imports.forms import UploadForm
from dangbo.imports.models import BUSY, ImportJob
from dangbo.imports.reading.base import megabytes
from dangbo.imports.spec import all_specs
from dangbo.imports.views.detail import COUNTS, STATUS_BADGES, job_url
from dangbo.orgs.models import Organization
from dangbo.orgs.views.common import actor, add_service_errors

JOBS_PER_PAGE = 25


class CappedUploadHandler(TemporaryFileUploadHandler):
    """Writes a file to disk up to `limit` bytes and only counts what comes after: the form
    sees the real size (and refuses it) without the server storing it."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) <= self.limit + 1:
            return super().receive_data_chunk(raw_data, start)
        return None


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = (
        scope(request.user, ImportJob, Action.EDIT)
        .select_related("organization", "created_by")
        .order_by("-created_at", "-id")
    )
    page = Paginator(jobs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for job in page.object_list:
        if job.status in BUSY:
            engine.mark_dead(job)
        counts = job.counts or {}
        rows.append(
            {
                "job": job,
                "badge": STATUS_BADGES.get(job.status, "text-bg-secondary"),
                "counts": [(label, counts[key]) for key, label, _ in COUNTS if counts.get(key)],
            }
        )
    context = {
        "page": page,
        "rows": rows,
        "may_upload": units_for(request.user, Action.EDIT).exists(),
    }
    return render(request, "imports/job_list.html", context)


@csrf_exempt  # checked by csrf_protect below, once the upload handlers are in place
@login_required
def upload(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        request.upload_handlers = [
            MemoryFileUploadHandler(request),
            CappedUploadHandler(request, services.max_bytes()),
        ]
    return _upload(request)


def _template_url(spec: str) -> str:
    """The empty form to fill in for a spec, where the export pages offer one."""
    try:
        return reverse(f"imports:{spec}-template")
    except NoReverseMatch:
        # The specs of the apps above the engine share one view.
        return reverse("imports:spec-template", kwargs={"spec_name": spec})


def _field_labels() -> list[dict[str, Any]]:
    return [
        {
            "title": spec.title,
            "fields": [f.label for f in spec.importable()],
            "required": [f.label for f in spec.importable() if f.required],
            "template_url": _template_url(spec.name),
        }
        for spec in all_specs()
    ]


def _asked_unit(request: HttpRequest) -> Organization | None:
    raw = request.GET.get("org", "")
    if not raw.isdecimal() or len(raw) > 18:
        return None
    return units_for(request.user, Action.EDIT).filter(pk=int(raw)).first()


@csrf_protect
@require_http_methods(["GET", "POST"])
def _upload(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    working = working_org(request)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, user=user, working=working)
        if form.is_valid():
            file = form.cleaned_data["file"]
            try:
                job, _ = services.upload_file(
                    actor=user,
                    organization=form.cleaned_data["organization"],
                    spec=form.cleaned_data["spec"],
                    file_name=file.name or "tep",
                    data=file.read(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Đã tải lên «{job.file_name}». Xem lại cách ghép cột rồi bấm "
                    "«Kiểm tra (chạy thử)»: chưa có gì được ghi vào CSDL.",
                )
                return redirect(job_url(job))
    else:
        form = UploadForm(user=user, working=working, chosen=_asked_unit(request))
    context = {"form": form, "specs": _field_labels(), "limit": megabytes(services.max_bytes())}
    return render(request, "imports/upload.html", context, status=400 if form.errors else 200)
