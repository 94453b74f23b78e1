"""The page of one import: the file, how its columns map, the dry run's counts and errors, the
commit and its undo; while a process works on the job, its progress."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django_htmx.http import HttpResponseClientRefresh

from dangbo.access.policy import Action
from dangbo.access.scoping import get_or_404
from dangbo.core.formats import format_number
from dangbo.imports import engine
from dangbo.imports.engine import MAX_ERRORS
from dangbo.imports.forms import CommitForm
from dangbo.imports.models import BUSY, ImportJob, JobStatus
from dangbo.imports.spec import get_spec
from dangbo.imports.views.screen import file_screen

ERRORS_PER_PAGE = 100
# Where the imported rows can be seen, per spec.
RESULT_LINKS = {
    "members": "Xem danh sách đảng viên của đơn vị",
    "organizations": "Xem đơn vị và các tổ chức trực thuộc",
}
STATUS_BADGES = {
    JobStatus.UPLOADED: "text-bg-secondary",
    JobStatus.CHECKING: "text-bg-info",
    JobStatus.CHECKED: "text-bg-primary",
    JobStatus.QUEUED: "text-bg-info",
    JobStatus.WRITING: "text-bg-info",
    JobStatus.DONE: "text-bg-success",
    JobStatus.FAILED: "text-bg-danger",
    JobStatus.CANCELLED: "text-bg-warning",
    JobStatus.REVERTED: "text-bg-dark",
}
COUNTS = (
    ("new", "Thêm mới", "text-success"),
    ("updated", "Cập nhật", "text-primary"),
    ("unchanged", "Không đổi", "text-secondary"),
    ("invalid", "Có lỗi", "text-danger"),
)
NOTICES_SHOWN = 5


def job_for(request: HttpRequest, pk: int) -> ImportJob:
    """The job, if the user may change records of its unit (404 when they may not see it)."""
    job: ImportJob = get_or_404(request.user, ImportJob, Action.EDIT, pk=pk)
    return job


def job_url(job: ImportJob, anchor: str = "") -> str:
    url = reverse("imports:job-detail", args=[job.pk])
    return f"{url}#{anchor}" if anchor else url


def human_size(size: int) -> str:
    if size >= 2**20:
        return f"{format_number(size / 2**20, 1)} MB"
    if size >= 1024:
        return f"{format_number(size / 1024, 0)} KB"
    return f"{format_number(size)} byte"


def count_cells(job: ImportJob) -> list[dict[str, str]]:
    counts = job.counts or {}
    cells = [
        {"key": key, "label": label, "css": css, "value": format_number(counts.get(key, 0))}
        for key, label, css in COUNTS
    ]
    if job.status in (JobStatus.DONE, JobStatus.REVERTED) and counts.get("skipped"):
        cells[-1] = {
            "key": "skipped",
            "label": "Dòng lỗi bỏ qua",
            "css": "text-danger",
            "value": format_number(counts["skipped"]),
        }
    return cells


def progress(job: ImportJob) -> dict[str, Any]:
    total = max(job.rows_total, job.rows_done)
    percent = job.rows_done * 100 // total if total else 0
    return {
        "percent": percent,
        "done": format_number(job.rows_done),
        "total": format_number(total),
        "label": job.get_status_display(),
    }


def job_header(job: ImportJob) -> dict[str, Any]:
    return {
        "size": human_size(job.file_size),
        "format": (job.file_format or "").upper(),
        "badge": STATUS_BADGES.get(JobStatus(job.status), "text-bg-secondary"),
        "busy": job.status in BUSY,
    }


def result_url(job: ImportJob) -> str:
    """The member list filtered to the job's unit, or the unit's page for units."""
    if job.spec == "members":
        return f"{reverse('members:member-list')}?org={job.organization_id}"
    return reverse("orgs:org-detail", args=[job.organization_id])


def render_detail(
    request: HttpRequest,
    job: ImportJob,
    *,
    mapping_data: Any = None,
    sheet_data: Any = None,
    status: int = 200,
) -> HttpResponse:
    """The job page as it stands; `mapping_data` / `sheet_data`: refused choices to show."""
    engine.mark_dead(job)
    spec = get_spec(job.spec)
    busy = job.status in BUSY
    finished = job.status in (JobStatus.DONE, JobStatus.REVERTED)
    # A commit refused (bad rows) or stopped keeps the counts of the rows it checked; a failed
    # check has none of its own, so older counts would mislead.
    commit_failed = job.status == JobStatus.FAILED and job.phase == "commit"
    checked = bool(job.counts) and (job.status == JobStatus.CHECKED or commit_failed)
    refused_for_rows = (
        commit_failed and bool((job.counts or {}).get("invalid")) and not job.skip_invalid
    )
    context: dict[str, Any] = {
        "job": job,
        "revertible": spec.revertible,
        "spec": spec,
        "head": job_header(job),
        "busy": busy,
        "finished": finished,
        "progress": progress(job),
        "checked": checked,
        "counts": count_cells(job) if checked or finished else [],
        "refused_for_rows": refused_for_rows,
        "rerun_offered": job.status in (JobStatus.FAILED, JobStatus.CANCELLED)
        and not refused_for_rows,
        "commit_form": CommitForm(initial={"skip_invalid": job.skip_invalid}),
        "rerun": job.phase if job.phase in ("check", "commit") else "check",
        "max_errors": format_number(MAX_ERRORS),
        "error_count": format_number(job.error_count),
        "errors_cut": job.error_count > len(job.errors),
    }
    if (checked or finished) and job.errors:
        context["errors"] = Paginator(job.errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    if not busy and not finished:
        context["screen"] = file_screen(job, spec, mapping_data=mapping_data, sheet_data=sheet_data)
    notices = list(context["screen"].notices) if "screen" in context else []
    notices += [n for n in job.notices if n not in notices]
    context["notices"] = notices[:NOTICES_SHOWN]
    context["more_notices"] = notices[NOTICES_SHOWN:]
    if job.spec in RESULT_LINKS:
        context["list_link"] = (result_url(job), RESULT_LINKS[job.spec])
    return render(request, "imports/job_detail.html", context, status=status)


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, job_for(request, pk))


@login_required
@require_GET
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx partial polled every second while the job is busy; once it is not, the whole page
    is loaded again to show the outcome."""
    job = job_for(request, pk)
    engine.mark_dead(job)
    if job.status not in BUSY:
        if getattr(request, "htmx", False):
            return HttpResponseClientRefresh()
        return redirect(job_url(job))
    return render(
        request, "imports/_progress.html", {"job": job, "progress": progress(job), "busy": True}
    )
