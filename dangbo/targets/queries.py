"""Reads of targets and tasks used by the pages, the API and the exports. Every one starts
from `access.scope` (DESIGN rule 2) and runs a fixed number of queries, whatever the size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from dangbo import access
from dangbo.access.policy import NODE_ONLY_ROLES, Action, allows
from dangbo.core.clock import today
from dangbo.documents.models import Document
from dangbo.orgs.models import Organization
from dangbo.targets import progress
from dangbo.targets.models import (
    Target,
    TargetProgress,
    Task,
    TaskReminder,
    TaskReport,
    TaskStatus,
)

CLOSED = (TaskStatus.DONE, TaskStatus.PAUSED)


def overdue_q(day: date) -> Q:
    """Tasks past their deadline and not done: marked OVERDUE by the daily reminders, or not
    yet marked because the reminders have not run since."""
    return Q(status=TaskStatus.OVERDUE) | (Q(deadline__lt=day) & ~Q(status__in=CLOSED))


def programs_for(user: Any) -> QuerySet[Document]:
    """Documents the user may read that have targets or tasks, with their counts."""
    return (
        access.scope(user, Document)
        .filter(
            Q(Exists(Target.objects.filter(document=OuterRef("pk"))))
            | Q(Exists(Task.objects.filter(document=OuterRef("pk"))))
        )
        .select_related("issuer")
        .annotate(
            target_count=Subquery(
                Target.objects.filter(document=OuterRef("pk"))
                .values("document")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
            task_count=Subquery(
                Task.objects.filter(document=OuterRef("pk"))
                .values("document")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
            done_count=Subquery(
                Task.objects.filter(document=OuterRef("pk"), status=TaskStatus.DONE)
                .values("document")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
        )
        .order_by("-issued_on", "-pk")
    )


def points_by_target(targets: QuerySet[Target] | list[Target]) -> dict[int, list[progress.Point]]:
    """Reported values of the targets in date order, in one query."""
    ids = [t.pk for t in targets]
    points: dict[int, list[progress.Point]] = {}
    rows = (
        TargetProgress.objects.filter(target_id__in=ids)
        .order_by("target_id", "as_of", "pk")
        .values_list("target_id", "as_of", "value")
    )
    for target_id, as_of, value in rows:
        points.setdefault(target_id, []).append(progress.Point(as_of, float(value)))
    return points


def target_results(targets: list[Target], day: date | None = None) -> dict[int, progress.Result]:
    return progress.results(targets, points_by_target(targets), day or today())


@dataclass
class BoardFilters:
    kind: str = ""
    status: str = ""
    unit: Organization | None = None


@dataclass
class UnitRow:
    unit_id: int | None
    name: str
    total: int
    done: int
    overdue: int
    average: float

    @property
    def done_percent(self) -> float:
        return self.done * 100 / self.total if self.total else 0.0

    @property
    def bar(self) -> int:
        return round(self.done_percent)


@dataclass
class Board:
    document: Document
    targets: list[Target]
    results: dict[int, progress.Result]
    tasks: list[Task]
    overdue: list[Task]
    units: list[UnitRow]
    total: int
    done: int
    filters: BoardFilters = field(default_factory=BoardFilters)

    @property
    def done_percent(self) -> float:
        return self.done * 100 / self.total if self.total else 0.0

    def target_rows(self) -> list[tuple[Target, progress.Result]]:
        return [(t, self.results[t.pk]) for t in self.targets]


def filtered_tasks(user: Any, document: Document, filters: BoardFilters) -> QuerySet[Task]:
    tasks = access.scope(user, Task).filter(document=document)
    if filters.kind:
        tasks = tasks.filter(kind=filters.kind)
    if filters.status == TaskStatus.OVERDUE:
        tasks = tasks.filter(overdue_q(today()))
    elif filters.status:
        tasks = tasks.filter(status=filters.status)
    if filters.unit is not None:
        tasks = tasks.filter(lead__path__startswith=filters.unit.path)
    return tasks


def board(user: Any, document: Document, filters: BoardFilters | None = None) -> Board:
    """The accountability board of one document: targets with progress and forecast, tasks
    (filtered), the share done, a row per lead unit and the overdue list."""
    filters = filters or BoardFilters()
    day = today()
    targets = list(
        access.scope(user, Target)
        .filter(document=document)
        .select_related("responsible")
        .order_by("position", "pk")
    )
    results = target_results(targets, day)
    tasks_qs = filtered_tasks(user, document, filters)
    tasks = list(
        tasks_qs.select_related("lead").prefetch_related("supporting").order_by("position", "pk")
    )
    overdue = [
        t
        for t in tasks
        if t.status == TaskStatus.OVERDUE
        or (t.deadline is not None and t.deadline < day and t.status not in CLOSED)
    ]
    units: dict[int | None, UnitRow] = {}
    for task in tasks:
        row = units.get(task.lead_id)
        if row is None:
            name = task.lead.name if task.lead else "Chưa giao đơn vị chủ trì"
            row = units[task.lead_id] = UnitRow(task.lead_id, name, 0, 0, 0, 0.0)
        row.total += 1
        row.done += task.status == TaskStatus.DONE
        row.overdue += task in overdue
        row.average += task.progress
    for row in units.values():
        row.average = row.average / row.total if row.total else 0.0
    unit_rows = sorted(units.values(), key=lambda r: (r.unit_id is None, r.name))
    done = sum(1 for t in tasks if t.status == TaskStatus.DONE)
    return Board(document, targets, results, tasks, overdue, unit_rows, len(tasks), done, filters)


def lead_units(user: Any, document: Document) -> QuerySet[Organization]:
    """Units leading a task of the document, for the board's unit filter."""
    ids = access.scope(user, Task).filter(document=document).values("lead_id")
    return Organization.objects.filter(pk__in=ids).order_by("path")


def progress_history(target: Target) -> QuerySet[TargetProgress]:
    return target.progress.select_related("reported_by").order_by("-as_of", "-pk")


def task_reports(task: Task) -> QuerySet[TaskReport]:
    return task.reports.select_related("reported_by").order_by("-reported_on", "-pk")


def _concern_q(user: Any) -> Q | None:
    """Reminders the user should act on: tasks of documents their units issued, or led by
    their units (a cell does not see reminders of its sibling's tasks)."""
    parts: list[Q] = []
    for grant in access.active_grants(user):
        if not allows(grant.role, Action.VIEW):
            continue
        if grant.role in NODE_ONLY_ROLES:
            parts.append(Q(task__lead__path=grant.path))
        else:
            parts.append(Q(task__document__issuer__path__startswith=grant.path))
            parts.append(Q(task__lead__path__startswith=grant.path))
    if not parts:
        return None
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


def reminders_for(user: Any) -> QuerySet[TaskReminder]:
    """The current reminder of each open task that concerns the user (latest day raised)."""
    concern = _concern_q(user)
    if concern is None:
        return TaskReminder.objects.none()
    latest = (
        TaskReminder.objects.filter(task=OuterRef("task"))
        .order_by("-raised_on")
        .values("raised_on")[:1]
    )
    return (
        access.scope(user, TaskReminder)
        .filter(concern)
        .exclude(task__status__in=CLOSED)
        .filter(raised_on=Subquery(latest))
        .select_related("task__document__issuer", "task__lead")
        .order_by("deadline", "task_id")
    )


def open_reminder_count(user: Any) -> int:
    """For the sidebar badge (a context processor may call it on every page: two queries)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    return reminders_for(user).count()
