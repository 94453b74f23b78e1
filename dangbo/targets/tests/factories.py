"""Factories for targets, tasks, their reports, reminders and proposals (scope contract:
tests/test_scope_contract.py discovers them; `markers` are texts unique to the object)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from dangbo.documents.tests.factories import DocumentFactory
from dangbo.orgs.models import Organization
from dangbo.targets.models import (
    Proposal,
    ProposalKind,
    ReminderKind,
    Target,
    TargetProgress,
    Task,
    TaskKind,
    TaskReminder,
    TaskReport,
    TaskStatus,
)


class TargetFactory(DjangoModelFactory[Target]):
    class Meta:
        model = Target

    document: Any = None
    position = factory.Sequence(lambda n: n)
    value = Decimal("95")
    unit = "%"
    comparator = ">="
    subject = factory.Sequence(lambda n: f"tổ chức đảng kiểm thử {n:04d}")
    metric = "hoàn thành tốt nhiệm vụ"
    period = "term"
    deadline = dt.date(2030, 12, 31)

    @classmethod
    def create_in(cls, org: Organization) -> Target:
        return cls.create(document=DocumentFactory.create(issuer=org), responsible=org)

    @classmethod
    def markers(cls, target: Target) -> list[str]:
        return [target.subject]


class TargetProgressFactory(DjangoModelFactory[TargetProgress]):
    class Meta:
        model = TargetProgress

    target: Any = None
    period_label = factory.Sequence(lambda n: f"Kỳ báo cáo kiểm thử {n:04d}")
    as_of = dt.date(2026, 6, 30)
    value = Decimal("90")
    unit = "%"

    @classmethod
    def create_in(cls, org: Organization) -> TargetProgress:
        return cls.create(target=TargetFactory.create_in(org))

    @classmethod
    def markers(cls, progress: TargetProgress) -> list[str]:
        return [progress.period_label]


class TaskFactory(DjangoModelFactory[Task]):
    class Meta:
        model = Task

    document: Any = None
    kind = TaskKind.KEY
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Nhiệm vụ kiểm thử {n:04d}")
    deadline = dt.date(2030, 12, 31)
    status = TaskStatus.IN_PROGRESS

    @classmethod
    def create_in(cls, org: Organization) -> Task:
        return cls.create(document=DocumentFactory.create(issuer=org), lead=org)

    @classmethod
    def markers(cls, task: Task) -> list[str]:
        return [task.title]


class TaskReportFactory(DjangoModelFactory[TaskReport]):
    class Meta:
        model = TaskReport

    task: Any = None
    reported_on = dt.date(2026, 6, 30)
    progress = 40
    status = TaskStatus.IN_PROGRESS
    text = factory.Sequence(lambda n: f"Kết quả thực hiện kiểm thử {n:04d}")

    @classmethod
    def create_in(cls, org: Organization) -> TaskReport:
        return cls.create(task=TaskFactory.create_in(org))

    @classmethod
    def markers(cls, report: TaskReport) -> list[str]:
        return [report.text]


class TaskReminderFactory(DjangoModelFactory[TaskReminder]):
    class Meta:
        model = TaskReminder

    task: Any = None
    kind = ReminderKind.OVERDUE
    raised_on = dt.date(2026, 7, 1)
    deadline = dt.date(2026, 6, 30)

    @classmethod
    def create_in(cls, org: Organization) -> TaskReminder:
        return cls.create(task=TaskFactory.create_in(org))

    @classmethod
    def markers(cls, reminder: TaskReminder) -> list[str]:
        return [reminder.task.title]


class ProposalFactory(DjangoModelFactory[Proposal]):
    class Meta:
        model = Proposal

    document: Any = None
    kind = ProposalKind.TARGET
    position = 0
    data = factory.Sequence(
        lambda n: {"value": 95, "unit": "%", "comparator": ">=", "subject": f"đề xuất {n:04d}"}
    )
    start = 0
    end = 10

    @classmethod
    def create_in(cls, org: Organization) -> Proposal:
        return cls.create(document=DocumentFactory.create(issuer=org))

    @classmethod
    def markers(cls, proposal: Proposal) -> list[str]:
        return [proposal.data["subject"]]
