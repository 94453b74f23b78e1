"""Daily reminders of the reporting forms, run by the task worker (django-tasks, database
backend) or by cron through `manage.py raise_form_reminders`."""

from __future__ import annotations

from django_tasks import task

from dangbo.indicators.reporting_reminders import raise_form_reminders


@task()
def raise_reporting_reminders() -> int:
    """Raise today's reminders; a second run on the same day adds none. Returns how many."""
    return raise_form_reminders(actor=None)
