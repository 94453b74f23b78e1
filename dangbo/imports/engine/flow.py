"""Checking and writing the rows of a job, a batch at a time, and reverting a committed job."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Hashable, Iterator, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.bulk_rows import TableWriter
from dangbo.core.clock import today
from dangbo.core.formats import format_number
from dangbo.imports import values
from dangbo.imports.engine.base import (
    BATCH_ROWS,
    MAX_ERRORS,
    PAUSE_ENV,
    ImportRefused,
    Layout,
    Result,
    collector_paused,
)
from dangbo.imports.engine.layout import chosen_sheets, layout, open_workbook, source_rows
from dangbo.imports.models import ImportJob, ImportRecord, JobStatus
from dangbo.imports.models import RecordAction as Action
from dangbo.imports.reading import Workbook
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

# --- checking and writing ----------------------------------------------------------------------


def check(
    job: ImportJob,
    *,
    actor: User | None,
    progress: Callable[[int, int], None] | None = None,
    workbook: Workbook | None = None,
) -> Result:
    """The dry run: every row checked and classified; nothing written. `workbook`: the file
    as already read by this process (the upload), so it is not read twice."""
    return _process(job, actor=actor, progress=progress, write=False, workbook=workbook)


def commit(
    job: ImportJob,
    *,
    actor: User | None,
    progress: Callable[[int, int], None] | None = None,
    workbook: Workbook | None = None,
) -> Result:
    """Check every row again (the roll may have changed since the dry run) and write the
    valid ones, a batch at a time, in ONE transaction: with bad rows and no `skip_invalid`,
    it is rolled back and nothing is written. Rows are streamed, never all held at once."""
    with transaction.atomic():
        result = _process(job, actor=actor, progress=progress, write=True, workbook=workbook)
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
    workbook: Workbook | None,
) -> Result:
    spec = get_spec(job.spec)
    if workbook is None or any(sheet.is_head for sheet in workbook.sheets):
        workbook = open_workbook(job)  # only what the pages read of it: read it whole
    with collector_paused():
        return _process_workbook(job, spec, workbook, actor, progress, write)


def _process_workbook(
    job: ImportJob,
    spec: ImportSpec,
    workbook: Workbook,
    actor: User | None,
    progress: Callable[[int, int], None] | None,
    write: bool,
) -> Result:
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
    seen: dict[Hashable, tuple[str, int]] = {}
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
        if write:
            session.finish(context)
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


def _refuse_duplicates(checked: Sequence[Checked], seen: dict[Hashable, tuple[str, int]]) -> None:
    for item in checked:
        for key in item.keys:
            first = seen.get(key.match)
            if first is None:
                seen[key.match] = (item.row.sheet, item.row.number)
            else:
                where = f"dòng {first[1]}" + (
                    f" trang «{first[0]}»" if first[0] != item.row.sheet else ""
                )
                item.refuse(Problem(None, f"Trùng với {where}: {key.shown}."))


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
                    "value": values.text(value),  # dates as dd/mm/yyyy
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


_RECORD_COLUMNS = ("job_id", "object_id", "action", "row", "before", "after")


def _keep_records(job: ImportJob, written: Written) -> None:
    """One ImportRecord per object written, as plain rows (a model instance each would cost
    more than the member rows themselves)."""
    rows = TableWriter(ImportRecord, _RECORD_COLUMNS, batch_size=10_000)
    for row, pk, after in written.created:
        rows.add((job.pk, pk, Action.CREATED.value, row, "{}", _json(after)))
    for row, pk, before, after in written.updated:
        rows.add((job.pk, pk, Action.UPDATED.value, row, _json(before), _json(after)))
    rows.flush()


# One encoder for the whole import: json.dumps(..., ensure_ascii=False) builds a new one
# per call, which costs more than encoding a record's few values.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _json(values: dict[str, Any]) -> str:
    return _ENCODER.encode(jsonable(values))


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
