"""Daily reminders for tasks due within 7 days and overdue, run by the task worker
(django-tasks, database backend) or by cron through `manage.py raise_task_reminders`."""

from __future__ import annotations

from django_tasks import task

from dangbo.targets.services import raise_task_reminders as raise_reminders


@task()
def raise_task_reminders() -> int:
    """Raise today's reminders; a second run on the same day adds none. Returns how many."""
    return raise_reminders(actor=None)
