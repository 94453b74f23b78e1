"""A task: its reports, the report form, and the edit form that assigns it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.access.scoping import get_or_404
from dangbo.orgs.views.common import actor, add_service_errors
from dangbo.targets import queries, services
from dangbo.targets.forms import TaskForm, TaskReportForm
from dangbo.targets.models import Task, TaskReport
from dangbo.targets.views.common import (
    STATUS_BADGES,
    can_edit,
    can_report,
    serve_file,
    task_for,
)


def _context(request: HttpRequest, task: Task, form: TaskReportForm | None) -> dict[str, Any]:
    reporter = can_report(request.user, task.document, task.lead)
    return {
        "task": task,
        "document": task.document,
        "supporting": list(task.supporting.all()),
        "children": list(task.children.select_related("lead")),
        "reports": queries.task_reports(task),
        "reminders": list(task.reminders.order_by("-raised_on")[:5]),
        "form": form or (TaskReportForm(task=task) if reporter else None),
        "can_report": reporter,
        "can_edit": can_edit(request.user, task.document),
        "badges": STATUS_BADGES,
    }


@login_required
@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    return render(request, "targets/task_detail.html", _context(request, task, None))


@login_required
@require_POST
def task_report(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    if not can_report(request.user, task.document, task.lead):
        raise PermissionDenied("Bạn không có quyền báo cáo tiến độ nhiệm vụ này.")
    form = TaskReportForm(request.POST, request.FILES, task=task)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.report_task(
                actor=actor(request),
                task=task,
                reported_on=data["reported_on"],
                progress=data["progress"],
                status=data["status"],
                text=data["text"],
                attachment=data.get("attachment") or None,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã ghi báo cáo tiến độ nhiệm vụ.")
            back = request.POST.get("next", "")
            if back == "board":
                return redirect(reverse("targets:board", args=[task.document_id]))
            return redirect(reverse("targets:task-detail", args=[task.pk]))
    return render(request, "targets/task_detail.html", _context(request, task, form), status=400)


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    if not can_edit(request.user, task.document):
        raise PermissionDenied("Bạn không có quyền sửa nhiệm vụ của văn bản này.")
    if request.method == "POST":
        form = TaskForm(request.POST, user=request.user, task=task)
        if form.is_valid():
            try:
                services.update_task(actor=request.user, task=task, **form.cleaned_data)  # type: ignore[arg-type]
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Đã lưu nhiệm vụ.")
                return redirect(reverse("targets:task-detail", args=[task.pk]))
        status_code = 400
    else:
        initial = {
            "kind": task.kind,
            "title": task.title,
            "description": task.description,
            "lead": task.lead_id,
            "supporting": [org.pk for org in task.supporting.all()],
            "starts_on": task.starts_on,
            "deadline": task.deadline,
            "status": task.status,
            "parent": task.parent_id,
        }
        form = TaskForm(initial=initial, user=request.user, task=task)
        status_code = 200
    context = {"form": form, "task": task, "document": task.document}
    return render(request, "targets/task_edit.html", context, status=status_code)


@login_required
@require_GET
def report_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    report: TaskReport = get_or_404(request.user, TaskReport, pk=pk)
    report = TaskReport.objects.select_related("task__document__issuer").get(pk=report.pk)
    return serve_file(
        request,
        report.attachment,
        report.attachment_name or "dinh-kem",
        report,
        report.task.document.issuer,
    )
