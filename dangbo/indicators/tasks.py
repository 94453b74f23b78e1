"""The background refresh of indicator values (issue #9 §1), run by the task worker
(django-tasks, database backend) or by cron through `manage.py refresh_indicators`: only the
indicators whose data changed since the last run, for the current and previous periods."""

from __future__ import annotations

from django_tasks import task

from dangbo.indicators.compute import refresh_changed


@task()
def refresh_changed_indicators() -> int:
    """Recompute what changed; returns how many values were written (0 when nothing did)."""
    run = refresh_changed()
    return 0 if run is None else run.values
