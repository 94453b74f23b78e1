"""A job's life: who works on it, its progress, cancellation, and a worker that died."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable

from django.db import DatabaseError
from django.utils import timezone

from dangbo.accounts.models import User
from dangbo.imports.engine.base import STALE_AFTER, Cancelled, ImportRefused, Result
from dangbo.imports.engine.flow import check, commit
from dangbo.imports.models import BUSY, ImportJob, JobStatus
from dangbo.imports.reading import Workbook

# --- the job's life ----------------------------------------------------------------------------


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def is_dead(job: ImportJob) -> bool:
    """A busy job whose process is gone: killed on this machine, or silent for too long."""
    if job.status not in BUSY:
        return False
    host, _, pid = job.worker.partition(":")
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass
    return job.heartbeat_at is not None and timezone.now() - job.heartbeat_at > STALE_AFTER


def mark_dead(job: ImportJob) -> bool:
    """Show a job whose process died as failed (its transaction was rolled back: nothing of
    it was written), so it can be run again."""
    if not is_dead(job):
        return False
    ImportJob.objects.filter(pk=job.pk, status=job.status).update(
        status=JobStatus.FAILED,
        message="Tiến trình xử lý bị dừng đột ngột; không dòng nào được ghi. Bấm «Chạy lại».",
    )
    job.refresh_from_db()
    return True


def progress_writer(job: ImportJob) -> Callable[[int, int], None]:
    def write(done: int, total: int) -> None:
        updated = ImportJob.objects.filter(pk=job.pk).update(
            rows_done=done, rows_total=max(total, done), heartbeat_at=timezone.now()
        )
        job.rows_done, job.rows_total = done, max(total, done)
        if updated and ImportJob.objects.filter(pk=job.pk, cancel_requested=True).exists():
            raise Cancelled

    return write


def run(
    job: ImportJob, action: str, *, actor: User | None, workbook: Workbook | None = None
) -> ImportJob:
    """Run "check" or "commit" for a job, keeping its status, progress and outcome.
    `workbook`: the job's file as this process already read it (at upload)."""
    busy = JobStatus.CHECKING if action == "check" else JobStatus.WRITING
    ImportJob.objects.filter(pk=job.pk).update(
        status=busy,
        # Kept after the run: a step that failed (or whose worker died) is run again as is.
        phase=action,
        rows_done=0,
        message="",
        worker=worker_name(),
        heartbeat_at=timezone.now(),
        cancel_requested=False,
    )
    job.refresh_from_db()
    try:
        step = check if action == "check" else commit
        result = step(job, actor=actor, progress=progress_writer(job), workbook=workbook)
    except Cancelled:
        return _finish(
            job, JobStatus.CANCELLED, message="Người dùng đã hủy; không dòng nào được ghi."
        )
    except ImportRefused as error:
        return _finish(job, JobStatus.FAILED, message=str(error), result=error.result)
    except DatabaseError:
        return _finish(
            job,
            JobStatus.FAILED,
            message="Dữ liệu đã thay đổi trong khi nhập (hoặc CSDL bận); không dòng nào được "
            "ghi. Bấm «Chạy lại».",
        )
    done = JobStatus.CHECKED if action == "check" else JobStatus.DONE
    return _finish(job, done, result=result)


def _finish(
    job: ImportJob, status: str, *, message: str = "", result: Result | None = None
) -> ImportJob:
    job.status = status
    job.message = message
    job.heartbeat_at = timezone.now()
    fields = ["status", "message", "heartbeat_at"]
    if result is not None:
        job.counts = result.counts
        job.errors = result.errors
        job.error_count = result.error_count
        job.notices = result.notices[:200]
        fields += ["counts", "errors", "error_count", "notices"]
        if status == JobStatus.DONE:
            job.committed_at = timezone.now()
            fields.append("committed_at")
    job.save(update_fields=fields)
    return job
