"""The import flow: read the job's file, find its header, check every row, then write all of
it in one transaction, or nothing (DESIGN rule 6).

upload (services.upload_file) → layout (header guessed, mapping remembered or fixed by the
user) → check (the dry run: counts of new / updated / unchanged / invalid rows, every bad row
with its reason) → commit (checks again, then writes; all-or-nothing unless the user chose to
skip bad rows) → revert (while nothing newer depends on it).

Checking and writing go a batch of rows at a time: the spec reads what a batch refers to in
a few queries and writes through the app's bulk services. Progress is written to the job
between batches (outside the write transaction, so the page that polls it sees it move).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.clock import today
from dangbo.core.formats import format_number
from dangbo.imports import headers
from dangbo.imports.models import BUSY, ColumnMapping, ImportJob, ImportRecord, JobStatus
from dangbo.imports.models import RecordAction as Action
from dangbo.imports.reading import ReadError, Sheet, Workbook, read_file
from dangbo.imports.spec import (
    Checked,
    Context,
    ImportSpec,
    Outcome,
    Problem,
    SourceRow,
    Written,
    get_spec,
)

BATCH_ROWS = 2000
MAX_ERRORS = 5000
# A busy job whose process has not written for this long is taken for dead.
STALE_AFTER = timedelta(minutes=10)
# Test hook: stop this many rows into the write, so a test can kill the worker mid-commit.
PAUSE_ENV = "DANGBO_IMPORT_PAUSE_AT_ROW"


class ImportRefused(Exception):
    """The job cannot go on; str() is the Vietnamese reason for the user. `result` holds
    what the check found (the bad rows) when the refusal came after it."""

    def __init__(self, message: str, result: Result | None = None) -> None:
        super().__init__(message)
        self.result = result


class Cancelled(Exception):
    pass


@dataclass
class Layout:
    """Where a sheet's data is and which column holds which field."""

    sheet: Sheet
    guess: headers.HeaderGuess | None
    mapping: dict[int, str]

    @property
    def data_start(self) -> int:
        return self.guess.data_start if self.guess else 0


@dataclass
class Result:
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    notices: list[str] = field(default_factory=list)


# --- reading the file and its layout ---------------------------------------------------------


def open_workbook(job: ImportJob) -> Workbook:
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):  # ValueError: the job has no file at all
        raise ImportRefused("Không đọc được tệp đã tải lên: tải tệp lên lại.") from None
    try:
        return read_file(data, job.file_name)
    except ReadError as error:
        raise ImportRefused(str(error)) from None


def chosen_sheets(job: ImportJob, workbook: Workbook) -> list[Sheet]:
    visible = [s for s in workbook.sheets if not s.hidden and s.rows]
    if job.all_sheets:
        return visible
    if job.sheet:
        for sheet in workbook.sheets:
            if sheet.name == job.sheet:
                return [sheet]
        raise ImportRefused(f"Tệp không có trang tính «{job.sheet}».")
    if not visible:
        raise ImportRefused("Tệp không có trang tính nào có dữ liệu.")
    return visible[:1]


def remembered(job: ImportJob) -> dict[str, str]:
    """header key → field the user chose before, for this unit and its ancestors."""
    ancestors = [job.organization.path[:i] for i in range(4, len(job.organization.path) + 1, 4)]
    rows = ColumnMapping.objects.filter(
        spec=job.spec, organization__path__in=ancestors
    ).values_list("organization__path", "header_key", "field")
    # The nearest unit's choice wins.
    return {key: value for _, key, value in sorted(rows, key=lambda r: len(r[0]))}


def layout(job: ImportJob, sheet: Sheet, spec: ImportSpec) -> Layout:
    fields = [f.header for f in spec.importable()]
    guess = headers.find_header(sheet.rows, fields, hidden_columns=sheet.hidden_columns)
    if guess is None:
        return Layout(sheet, None, {})
    mapping = dict(guess.mapping)
    known = {f.key for f in spec.importable()}
    memory = remembered(job)
    for column, label in enumerate(guess.labels):
        choice = memory.get(headers.header_key(label)) if label else None
        if choice is not None and column not in sheet.hidden_columns:
            _assign(mapping, column, choice if choice in known else "")
    chosen = job.mapping.get(sheet.name) if job.all_sheets else job.mapping
    if isinstance(chosen, dict) and chosen:
        mapping = {int(c): k for c, k in chosen.items() if k in known and c.isdigit()}
    return Layout(sheet, guess, mapping)


def _assign(mapping: dict[int, str], column: int, key: str) -> None:
    for other, value in list(mapping.items()):
        if value == key and key:
            del mapping[other]
    if key:
        mapping[column] = key
    else:
        mapping.pop(column, None)


def source_rows(lay: Layout, spec: ImportSpec) -> Iterator[SourceRow]:
    """The data rows of a sheet as field → raw value, skipping blank rows and the headings
    between blocks, and stopping at the total row."""
    mapping = lay.mapping
    columns = sorted(mapping.items())
    name_field = spec.importable()[0].key
    for index in range(lay.data_start, len(lay.sheet.rows)):
        row = lay.sheet.rows[index]
        if headers.is_blank(row):
            continue
        if headers.is_total_row(row, mapping, name_field=name_field):
            break
        if headers.is_section_row(row, mapping, name_field=name_field):
            continue
        width = len(row)
        values = {key: row[c] if c < width else None for c, key in columns}
        if all(v is None or v == "" for v in values.values()):
            continue
        yield SourceRow(lay.sheet.name, index + 1, values, {k: c for c, k in columns})


# --- checking and writing ----------------------------------------------------------------------


def check(
    job: ImportJob,
    *,
    actor: User | None,
    progress: Callable[[int, int], None] | None = None,
) -> Result:
    """The dry run: every row checked and classified; nothing written."""
    return _process(job, actor=actor, progress=progress, write=False)


def commit(
    job: ImportJob,
    *,
    actor: User | None,
    progress: Callable[[int, int], None] | None = None,
) -> Result:
    """Check every row again (the roll may have changed since the dry run) and write the
    valid ones, a batch at a time, in ONE transaction: with bad rows and no `skip_invalid`,
    it is rolled back and nothing is written. Rows are streamed, never all held at once."""
    with transaction.atomic():
        result = _process(job, actor=actor, progress=progress, write=True)
        invalid = result.counts[Outcome.INVALID]
        if invalid and not job.skip_invalid:
            raise ImportRefused(
                f"Có {format_number(invalid)} dòng lỗi: sửa tệp rồi tải lên lại, hoặc chọn "
                "«Bỏ qua các dòng lỗi». Chưa ghi dòng nào.",
                result,
            )
        result.counts["skipped"] = invalid
        record(
            actor=actor,
            action="import.commit",
            target=job,
            organization=job.organization,
            after={**_source(job), "spec": job.spec, **result.counts},
        )
    return result


def _source(job: ImportJob) -> dict[str, Any]:
    return {"import_job": job.pk, "file": job.file_name, "file_hash": job.file_hash}


def _process(
    job: ImportJob,
    *,
    actor: User | None,
    progress: Callable[[int, int], None] | None,
    write: bool,
) -> Result:
    spec = get_spec(job.spec)
    workbook = open_workbook(job)
    layouts = [layout(job, sheet, spec) for sheet in chosen_sheets(job, workbook)]
    result = Result(counts={o.value: 0 for o in Outcome})
    if job.all_sheets:
        # A sheet of instructions or a summary beside the rolls is no reason to stop.
        for lay in [lay for lay in layouts if lay.guess is None]:
            result.notices.append(f"Bỏ qua trang «{lay.sheet.name}»: không có dòng tiêu đề.")
            layouts.remove(lay)
    for lay in layouts:
        _check_mapping(lay, spec)
    total = sum(max(0, len(lay.sheet.rows) - lay.data_start) for lay in layouts)
    legacy = sorted({s.encoding.upper() for s in workbook.sheets if s.encoding != "unicode"})
    if legacy:
        result.notices.append(f"Tệp gõ bằng bảng mã {', '.join(legacy)}: đã chuyển sang Unicode.")
    seen: dict[str, tuple[str, int]] = {}
    pause_at = int(os.environ.get(PAUSE_ENV, "0") or 0) if write else 0
    done = 0
    for lay in layouts:
        context = Context(actor, job.organization, today(), lay.sheet.name)
        session = spec.session(context)
        for batch in _batches(source_rows(lay, spec)):
            checked = session.check(batch, context)
            _refuse_duplicates(checked, seen)
            _collect(result, checked, lay)
            done += len(batch)
            if write and (job.skip_invalid or not result.counts[Outcome.INVALID]):
                valid = [c for c in checked if c.outcome in (Outcome.NEW, Outcome.UPDATED)]
                if valid:
                    _keep_records(job, session.write(valid, context, _source(job)))
                if pause_at and done >= pause_at:
                    _pause_for_test()
            if progress is not None:
                progress(done, total)
    result.counts["rows"] = done
    if done == 0:
        raise ImportRefused("Không tìm thấy dòng dữ liệu nào dưới dòng tiêu đề.")
    return result


def _batches(rows: Iterator[SourceRow]) -> Iterator[list[SourceRow]]:
    batch: list[SourceRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


def _check_mapping(lay: Layout, spec: ImportSpec) -> None:
    if lay.guess is None:
        raise ImportRefused(
            f"Không nhận ra dòng tiêu đề ở trang «{lay.sheet.name}»: cần các cột như "
            + ", ".join(f"«{f.label}»" for f in spec.importable() if f.required)
            + "."
        )
    mapped = set(lay.mapping.values())
    missing = [
        f.label
        for f in spec.importable()
        if f.required and f.key not in mapped and not _alternative(f.key, mapped)
    ]
    if missing:
        raise ImportRefused(
            f"Trang «{lay.sheet.name}» thiếu cột bắt buộc: "
            + ", ".join(f"«{m}»" for m in missing)
            + ". Ghép lại cột ở màn hình ghép cột."
        )


def _alternative(key: str, mapped: set[str]) -> bool:
    return key == "sex" and {"sex_male", "sex_female"} <= mapped


def _refuse_duplicates(checked: Sequence[Checked], seen: dict[str, tuple[str, int]]) -> None:
    for item in checked:
        for key in item.keys:
            first = seen.get(key)
            if first is None:
                seen[key] = (item.row.sheet, item.row.number)
            else:
                where = f"dòng {first[1]}" + (
                    f" trang «{first[0]}»" if first[0] != item.row.sheet else ""
                )
                item.refuse(Problem(None, f"Trùng với {where}: {key}."))


def _collect(result: Result, checked: Sequence[Checked], lay: Layout) -> None:
    columns = {k: c for c, k in lay.mapping.items()}
    labels = lay.guess.labels if lay.guess else []
    for item in checked:
        result.counts[item.outcome.value] += 1
        result.notices.extend(item.notices[:1] if len(result.notices) < 200 else [])
        for problem in item.problems:
            result.error_count += 1
            if len(result.errors) >= MAX_ERRORS:
                continue
            column = columns.get(problem.field) if problem.field else None
            value = item.row.values.get(problem.field) if problem.field else None
            result.errors.append(
                {
                    "sheet": item.row.sheet,
                    "row": item.row.number,
                    "column": _column_name(column),
                    "header": labels[column] if column is not None and column < len(labels) else "",
                    "field": problem.field or "",
                    "value": "" if value is None else str(value),
                    "reason": problem.reason,
                }
            )


def _column_name(column: int | None) -> str:
    if column is None:
        return ""
    name = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        name = chr(65 + rest) + name
    return name


def _pause_for_test() -> None:
    import time

    marker = os.environ.get(PAUSE_ENV + "_MARKER")
    if marker:
        with open(marker, "w") as handle:
            handle.write(str(os.getpid()))
    time.sleep(600)


def _keep_records(job: ImportJob, written: Written) -> None:
    records = [
        ImportRecord(job=job, object_id=pk, action=Action.CREATED, row=row, after=jsonable(after))
        for row, pk, after in written.created
    ] + [
        ImportRecord(
            job=job,
            object_id=pk,
            action=Action.UPDATED,
            row=row,
            before=jsonable(before),
            after=jsonable(after),
        )
        for row, pk, before, after in written.updated
    ]
    ImportRecord.objects.bulk_create(records, batch_size=5000)


def jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


# --- reverting ---------------------------------------------------------------------------------


@transaction.atomic
def revert(job: ImportJob, *, actor: User | None) -> None:
    if job.status != JobStatus.DONE:
        raise ImportRefused("Chỉ hoàn tác được lần nhập đã ghi xong.")
    newer = ImportJob.objects.filter(
        spec=job.spec,
        status=JobStatus.DONE,
        committed_at__gt=job.committed_at,
        records__object_id__in=job.records.values("object_id"),
    )
    if newer.exists():
        raise ImportRefused(
            "Không hoàn tác được: một lần nhập sau đã sửa các hồ sơ này; hoàn tác lần đó trước."
        )
    spec = get_spec(job.spec)
    context = Context(actor, job.organization, today())
    created = job.records.filter(action=Action.CREATED).values("object_id")
    updated = [(r.object_id, r.before, r.after) for r in job.records.filter(action=Action.UPDATED)]
    source = _source(job)
    try:
        spec.session(context).revert(created, updated, context, source)
    except ValidationError as error:
        raise ImportRefused(" ".join(error.messages)) from None
    job.status = JobStatus.REVERTED
    job.reverted_at = timezone.now()
    job.save(update_fields=["status", "reverted_at"])
    record(
        actor=actor,
        action="import.revert",
        target=job,
        organization=job.organization,
        after=source,
    )


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


def run(job: ImportJob, action: str, *, actor: User | None) -> ImportJob:
    """Run "check" or "commit" for a job, keeping its status, progress and outcome."""
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
        result = step(job, actor=actor, progress=progress_writer(job))
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
