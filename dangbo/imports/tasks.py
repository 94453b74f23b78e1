"""Imports run by the task worker (django-tasks, database backend): a large file is checked
and written while the user is free to leave the page and come back to its progress."""

from __future__ import annotations

from django_tasks import task

from dangbo.accounts.models import User
from dangbo.imports import engine
from dangbo.imports.models import ImportJob


@task()
def run_import_job(job_id: int, action: str, actor_id: int | None) -> str:
    """`action` is "check" or "commit"; returns the job's final status."""
    job = ImportJob.objects.select_related("organization").get(pk=job_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id is not None else None
    return str(engine.run(job, action, actor=actor).status)
