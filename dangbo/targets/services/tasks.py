"""Writes of tasks (nhiệm vụ), their progress reports and the daily reminders."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Q

from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.clock import today
from dangbo.core.errors import field_error
from dangbo.core.jsonable import snapshot
from dangbo.documents.models import DocStatus, Document
from dangbo.orgs.models import Organization
from dangbo.targets.models import (
    ReminderKind,
    Task,
    TaskKind,
    TaskReminder,
    TaskReport,
    TaskStatus,
)
from dangbo.targets.services.common import (
    audit,
    clean_file,
    clean_past_date,
    clean_span,
    clean_text,
    clean_unit_org,
    file_name,
    require_issuer,
    require_reporter,
)

TASK_FIELDS = (
    "parent",
    "kind",
    "position",
    "title",
    "description",
    "lead",
    "starts_on",
    "deadline",
    "status",
    "progress",
    "completed_on",
)
EDITABLE_FIELDS = frozenset(
    {
        "parent",
        "kind",
        "title",
        "description",
        "lead",
        "supporting",
        "starts_on",
        "deadline",
        "status",
    }
)
REPORT_FIELDS = ("reported_on", "progress", "status", "text", "attachment_name")
DUE_SOON_DAYS = 7


def _snapshot(task: Task, supporting: Iterable[Organization] | None = None) -> dict[str, Any]:
    data = snapshot(task, TASK_FIELDS)
    if supporting is not None:
        data["supporting"] = sorted(org.pk for org in supporting)
    return data


def _check_parent(document: Document, parent: Task | None, task: Task | None) -> None:
    if parent is None:
        return
    if parent.document_id != document.pk:
        raise field_error("parent", "Nhiệm vụ cha phải thuộc cùng văn bản.")
    seen: Task | None = parent
    while seen is not None and task is not None:
        if seen.pk == task.pk:
            raise field_error("parent", "Nhiệm vụ không thể thuộc chính nó hoặc nhiệm vụ con.")
        seen = seen.parent


def _validate(document: Document, fields: dict[str, Any], task: Task | None) -> None:
    if fields["kind"] not in TaskKind.values:
        raise field_error("kind", "Loại nhiệm vụ không hợp lệ.")
    fields["title"] = clean_text("title", fields["title"], max_length=500, required=True)
    fields["description"] = clean_text("description", fields["description"], max_length=50000)
    if fields.get("status", TaskStatus.NOT_STARTED) not in TaskStatus.values:
        raise field_error("status", "Trạng thái không hợp lệ.")
    clean_unit_org("lead", document, fields.get("lead"))
    supporting = list(fields.get("supporting") or ())
    for org in supporting:
        clean_unit_org("supporting", document, org)
    lead = fields.get("lead")
    if lead is not None and any(org.pk == lead.pk for org in supporting):
        raise field_error("supporting", f"{lead.name} đã là đơn vị chủ trì.")
    fields["supporting"] = supporting
    starts_on, deadline = fields.get("starts_on"), fields.get("deadline")
    if starts_on and deadline and deadline < starts_on:
        raise field_error("deadline", "Thời hạn phải sau ngày bắt đầu.")
    _check_parent(document, fields.get("parent"), task)


def _apply_done(task: Task, status: str, on: date) -> None:
    """A done task is 100% with the day it was done; reopening it clears that day."""
    if status == TaskStatus.DONE:
        task.progress = 100
        task.completed_on = task.completed_on or on
    else:
        task.completed_on = None


@transaction.atomic
def create_task(
    *,
    actor: User | None,
    document: Document,
    kind: str,
    title: str,
    description: str = "",
    parent: Task | None = None,
    lead: Organization | None = None,
    supporting: Iterable[Organization] = (),
    deadline: date | None = None,
    source_start: int | None = None,
    source_end: int | None = None,
    starts_on: date | None = None,
) -> Task:
    require_issuer(actor, document)
    fields: dict[str, Any] = dict(
        kind=kind,
        title=title,
        description=description,
        parent=parent,
        lead=lead,
        supporting=supporting,
        deadline=deadline or None,
        starts_on=starts_on or None,
    )
    _validate(document, fields, None)
    start, end = clean_span(source_start, source_end)
    orgs = fields.pop("supporting")
    last = Task.objects.filter(document=document).aggregate(m=Max("position"))["m"]
    task = Task.objects.create(
        document=document,
        position=0 if last is None else last + 1,
        source_start=start,
        source_end=end,
        **fields,
    )
    task.supporting.set(orgs)
    audit(actor, "task.create", task, document.issuer, {}, _snapshot(task, orgs))
    return task


@transaction.atomic
def update_task(*, actor: User | None, task: Task, **changes: Any) -> Task:
    """Assign lead and supporting units, change the deadline, kind, title or status."""
    task = (
        Task.objects.select_for_update(of=("self",))
        .select_related("document__issuer")
        .get(pk=task.pk)
    )
    require_issuer(actor, task.document)
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise field_error(sorted(unknown)[0], "Trường này không sửa được.")
    old_supporting = list(task.supporting.all())
    before = _snapshot(task, old_supporting)
    fields = {name: getattr(task, name) for name in EDITABLE_FIELDS - {"supporting"}}
    fields["supporting"] = old_supporting
    fields.update(changes)
    _validate(task.document, fields, task)
    orgs = fields.pop("supporting")
    old_status = task.status
    for name, value in fields.items():
        setattr(task, name, value)
    if task.status != old_status:
        _apply_done(task, task.status, today())
    task.save()
    if "supporting" in changes:
        task.supporting.set(orgs)
    audit(actor, "task.update", task, task.document.issuer, before, _snapshot(task, orgs))
    return task


@transaction.atomic
def report_task(
    *,
    actor: User | None,
    task: Task,
    reported_on: date,
    progress: int,
    status: str,
    text: str,
    attachment: UploadedFile | None = None,
) -> TaskReport:
    """Record what was done by `reported_on`. The task takes the progress and status of its
    latest report (by date), so a late-entered older report does not undo a newer one."""
    task = (
        Task.objects.select_for_update(of=("self",))
        .select_related("document__issuer", "lead")
        .get(pk=task.pk)
    )
    require_reporter(actor, task.document, task.lead)
    clean_past_date("reported_on", reported_on, "Ngày báo cáo")
    if isinstance(progress, bool) or not isinstance(progress, int):
        raise field_error("progress", "Tiến độ phải là một số nguyên từ 0 đến 100.")
    if not 0 <= progress <= 100:
        raise field_error("progress", f"Tiến độ {progress}% không hợp lệ: nhập từ 0 đến 100.")
    if status not in TaskStatus.values:
        raise field_error("status", "Trạng thái không hợp lệ.")
    if status == TaskStatus.DONE and progress != 100:
        raise field_error("progress", "Nhiệm vụ đã hoàn thành thì tiến độ phải là 100%.")
    if status == TaskStatus.NOT_STARTED and progress != 0:
        raise field_error("status", "Nhiệm vụ có tiến độ trên 0% thì không còn «Chưa thực hiện».")
    body = clean_text("text", text, max_length=20000, required=True)
    upload = clean_file("attachment", attachment)
    before = _snapshot(task)
    report = TaskReport(
        task=task,
        reported_on=reported_on,
        progress=progress,
        status=status,
        text=body,
        reported_by=actor,
    )
    if upload is not None:
        report.attachment_name = file_name(upload)
        report.attachment.save(report.attachment_name, upload, save=False)
    report.save()
    latest = task.reports.order_by("-reported_on", "-id").first()
    if latest is not None and latest.pk == report.pk:
        task.progress, task.status = progress, status
        if status == TaskStatus.DONE:
            task.completed_on = reported_on
        else:
            task.completed_on = None
        task.save(update_fields=["progress", "status", "completed_on"])
    organization = task.lead or task.document.issuer
    audit(
        actor,
        "task.report",
        report,
        organization,
        {},
        snapshot(report, REPORT_FIELDS) | {"task": task.pk},
    )
    audit(actor, "task.update", task, organization, before, _snapshot(task))
    return report


def _open_tasks() -> Any:
    return Task.objects.filter(
        deadline__isnull=False,
        document__status__in=[DocStatus.ISSUED, DocStatus.REPLACED],
    ).exclude(status__in=[TaskStatus.DONE, TaskStatus.PAUSED])


@transaction.atomic
def raise_task_reminders(*, actor: User | None = None, on: date | None = None) -> int:
    """Raise today's reminders: one per open task due within DUE_SOON_DAYS days and one per
    overdue task, whose status becomes OVERDUE. Run daily; a second run on the same day adds
    nothing (unique per task, kind and day). Returns the number of reminders raised."""
    day = on or today()
    soon = day + timedelta(days=DUE_SOON_DAYS)
    candidates = list(
        _open_tasks()
        .filter(deadline__lte=soon)
        .exclude(Q(reminders__raised_on=day))
        .select_related("document__issuer", "lead")
        .distinct()
    )
    raised = 0
    for task in candidates:
        assert task.deadline is not None
        kind = ReminderKind.OVERDUE if task.deadline < day else ReminderKind.DUE_SOON
        reminder = TaskReminder.objects.create(
            task=task, kind=kind, raised_on=day, deadline=task.deadline
        )
        raised += 1
        after: dict[str, Any] = {"kind": kind, "deadline": task.deadline, "task": task.pk}
        if kind == ReminderKind.OVERDUE and task.status != TaskStatus.OVERDUE:
            after["status"] = TaskStatus.OVERDUE
            Task.objects.filter(pk=task.pk).update(status=TaskStatus.OVERDUE)
        record(
            actor=actor,
            action="reminder.raise",
            target=reminder,
            organization=task.lead or task.document.issuer,
            after=after,
        )
    return raised
