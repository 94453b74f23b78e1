"""Every write of the imports app (DESIGN rule 1): taking a file in, fixing its column
mapping, starting, cancelling and reverting a job; each audited."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.errors import field_error
from dangbo.imports import engine, headers
from dangbo.imports.models import BUSY, ColumnMapping, ImportJob, JobStatus
from dangbo.imports.reading import ReadError, Workbook, read_file
from dangbo.imports.reading.base import megabytes
from dangbo.imports.spec import get_spec
from dangbo.orgs.models import Organization

# Up to this size a file is checked and written within the request; larger ones go to the
# task worker and the page shows their progress.
INLINE_BYTES = 256 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "DANGBO_IMPORT_MAX_BYTES", 40 * 2**20))


def too_big_message(size: int) -> str:
    """Why a file of `size` bytes is refused (also said by the upload form, which refuses it
    before reading it into memory)."""
    return (
        f"Tệp {megabytes(size)} MB vượt giới hạn {megabytes(max_bytes())} MB: chia nhỏ tệp "
        "(mỗi tệp một đơn vị) rồi nhập từng phần."
    )


@transaction.atomic
def upload_file(
    *,
    actor: User | None,
    organization: Organization,
    spec: str,
    file_name: str,
    data: bytes,
) -> tuple[ImportJob, Workbook]:
    """Take a file in: refused at once when it is not a spreadsheet we can read (too big,
    corrupt, protected, a bomb), otherwise kept privately as a new job, with what was read of
    it (engine.parsed), so that it is not parsed again."""
    get_spec(spec)  # KeyError for an unknown spec is a programming error
    if len(data) > max_bytes():
        raise field_error("file", too_big_message(len(data)))
    try:
        workbook = read_file(data, file_name, max_bytes=max_bytes())
    except ReadError as error:
        raise field_error("file", str(error)) from None
    digest = hashlib.sha256(data).hexdigest()
    job = ImportJob(
        spec=spec,
        organization=organization,
        file_name=file_name[:255],
        file_hash=digest,
        file_size=len(data),
        file_format=workbook.format,
        created_by=actor,
    )
    visible = [s for s in workbook.sheets if not s.hidden and s.rows]
    if visible:
        job.sheet = visible[0].name
    job.file.save(f"{digest[:16]}.{workbook.format}", ContentFile(data), save=False)
    job.save()
    engine.parsed.keep(job, workbook)
    record(
        actor=actor,
        action="import.upload",
        target=job,
        organization=organization,
        after={"file": job.file_name, "file_hash": digest, "size": len(data), "spec": spec},
    )
    return job, workbook


@transaction.atomic
def set_layout(
    *,
    actor: User | None,
    job: ImportJob,
    sheet: str,
    all_sheets: bool,
    mapping: Mapping[int, str],
    labels: Mapping[int, str],
    skip_invalid: bool,
    remember: bool = True,
) -> ImportJob:
    """The sheet(s) and column mapping the user confirmed. The mapping is remembered for the
    job's unit by header text, so the next file of the same shape maps itself."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    _check_idle(job)
    known = {f.key for f in get_spec(job.spec).importable()}
    chosen = {column: key for column, key in mapping.items() if key}
    if set(chosen.values()) - known:
        raise field_error("mapping", "Trường không hợp lệ.")
    if len(set(chosen.values())) != len(chosen):
        raise field_error("mapping", "Mỗi trường chỉ ghép với một cột.")
    job.sheet = sheet
    job.all_sheets = all_sheets
    job.skip_invalid = skip_invalid
    job.mapping = {} if all_sheets else {str(c): k for c, k in sorted(chosen.items())}
    job.status = JobStatus.UPLOADED
    job.save(update_fields=["sheet", "all_sheets", "skip_invalid", "mapping", "status"])
    if remember and not all_sheets:
        for column, label in labels.items():
            key = headers.header_key(label)
            if key:
                ColumnMapping.objects.update_or_create(
                    organization=job.organization,
                    spec=job.spec,
                    header_key=key[:255],
                    defaults={"field": mapping.get(column, "")},
                )
    record(
        actor=actor,
        action="import.mapping",
        target=job,
        organization=job.organization,
        after={"sheet": sheet, "all_sheets": all_sheets, "mapping": job.mapping},
    )
    return job


def _check_idle(job: ImportJob) -> None:
    engine.mark_dead(job)
    if job.status in BUSY:
        raise ValidationError("Lần nhập đang được xử lý: chờ xong hoặc hủy trước.")
    if job.status in (JobStatus.DONE, JobStatus.REVERTED):
        raise ValidationError("Lần nhập đã ghi xong: tải tệp lên lại để nhập lần mới.")


def start(*, actor: User | None, job: ImportJob, action: str) -> ImportJob:
    """Check ("check") or write ("commit") the job: within the request for a small file,
    by the task worker for a large one."""
    from dangbo.imports.tasks import run_import_job

    if action not in ("check", "commit"):
        raise ValueError(action)
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        _check_idle(locked)
        locked.status = JobStatus.QUEUED
        locked.phase = action
        locked.rows_done = 0
        locked.message = ""
        locked.save(update_fields=["status", "phase", "rows_done", "message"])
    job.refresh_from_db()
    actor_id = actor.pk if actor is not None else None
    if job.file_size <= INLINE_BYTES:
        return engine.run(job, action, actor=actor)
    result = run_import_job.enqueue(job.pk, action, actor_id)
    ImportJob.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def request_cancel(*, actor: User | None, job: ImportJob) -> None:
    """Ask the process working on the job to stop at its next batch; a queued job stops at
    once. Whatever it was writing is rolled back."""
    updated = ImportJob.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.CANCELLED, message="Người dùng đã hủy; không dòng nào được ghi."
    )
    if not updated:
        ImportJob.objects.filter(pk=job.pk, status__in=BUSY).update(cancel_requested=True)
    record(actor=actor, action="import.cancel", target=job, organization=job.organization)


def revert_job(*, actor: User | None, job: ImportJob) -> None:
    try:
        engine.revert(job, actor=actor)
    except engine.ImportRefused as error:
        raise ValidationError(str(error)) from None
