"""What the target and task pages share: loading objects through access, files served from
private storage, and the Vietnamese labels of statuses."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.utils.http import content_disposition_header

from dangbo.access.policy import Action
from dangbo.access.scoping import get_or_404
from dangbo.audit.services import record
from dangbo.orgs.views.common import actor
from dangbo.targets.models import Target, Task, TaskStatus
from dangbo.targets.services import may_report

STATUS_BADGES = {
    TaskStatus.NOT_STARTED: "text-bg-secondary",
    TaskStatus.IN_PROGRESS: "text-bg-info",
    TaskStatus.DONE: "text-bg-success",
    TaskStatus.OVERDUE: "text-bg-danger",
    TaskStatus.PAUSED: "text-bg-warning",
}


def target_for(request: HttpRequest, pk: int) -> Target:
    target: Target = get_or_404(request.user, Target, pk=pk)
    return Target.objects.select_related(
        "document__issuer", "responsible", "parent", "cascaded_from"
    ).get(pk=target.pk)


def task_for(request: HttpRequest, pk: int) -> Task:
    task: Task = get_or_404(request.user, Task, pk=pk)
    return Task.objects.select_related("document__issuer", "lead", "parent").get(pk=task.pk)


def can_edit(user: Any, document: Any) -> bool:
    from dangbo.access.scoping import can

    return can(user, Action.EDIT, document.issuer)


def can_report(user: Any, document: Any, unit: Any) -> bool:
    return may_report(user, document, unit)


def serve_file(request: HttpRequest, field: Any, name: str, owner: Any, organization: Any) -> Any:
    """A private file, once its owner was loaded through access; each download is audited."""
    if not field:
        raise Http404("Không có tệp.")
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404("Không tìm thấy tệp.") from None
    record(
        actor=actor(request),
        action="target.download",
        target=owner,
        organization=organization,
        after={"file": name},
    )
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response
