"""The daily reminders: run by the task worker or by `manage.py raise_task_reminders`."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from dangbo.targets.models import TaskReminder, TaskStatus
from dangbo.targets.tasks import raise_task_reminders
from dangbo.targets.tests.conftest import Program

pytestmark = pytest.mark.django_db


def test_command_raises_reminders_once_a_day(program: Program) -> None:
    out = StringIO()
    call_command("raise_task_reminders", stdout=out)
    assert "Đã tạo 1 nhắc việc." in out.getvalue()  # the overdue task of cell B
    call_command("raise_task_reminders", stdout=out)
    assert TaskReminder.objects.count() == 1
    program.late_b.refresh_from_db()
    assert program.late_b.status == TaskStatus.OVERDUE


def test_background_task_runs_the_service(program: Program) -> None:
    program.task_a.deadline = dt.date(2026, 7, 3)
    program.task_a.save()
    assert raise_task_reminders.call() == 2
    assert raise_task_reminders.call() == 0
