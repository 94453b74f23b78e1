"""The job's file as read at upload, kept beside it: the pages and the task worker then load
it instead of parsing the file again (for 100,000 rows, reading the xlsx takes about 3 s,
loading what was read about 0.7 s; and a web process never holds the whole roll to show the
mapping page).

Two parts sit next to the upload in the same private storage: "<file>.head", the first
HEAD_ROWS rows of each sheet (what the pages show), and "<file>.rows", every row (what check
and commit go through). Each is a pickle, compressed, behind an HMAC of the server's secret
key: a part this server did not write, or one written by another version of the reader
(FORMAT), is ignored and the file is read again. Only the reader's own types are unpickled.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import hmac
import io
import pickle
import zlib
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile

from dangbo.imports.engine.base import HEAD_ROWS, collector_paused
from dangbo.imports.models import ImportJob
from dangbo.imports.reading import Sheet, Workbook, clip_merged

# Raise when the reader's output changes (the cleaning of cells, Sheet's fields): what an
# older version kept is then read again from the file.
FORMAT = b"dangbo-imports-parsed-1"
_DIGEST = hashlib.sha256().digest_size
_ALLOWED = {
    ("dangbo.imports.reading.base", "Workbook"): Workbook,
    ("dangbo.imports.reading.base", "Sheet"): Sheet,
    ("datetime", "date"): datetime.date,
    ("datetime", "datetime"): datetime.datetime,
    ("datetime", "time"): datetime.time,
    ("builtins", "frozenset"): frozenset,
}


def keep(job: ImportJob, workbook: Workbook) -> None:
    """Keep what was read of the job's file (every row of every sheet) beside it."""
    _store(job, "head", head_of(workbook))
    _store(job, "rows", workbook)


def load(job: ImportJob, *, head: bool = False) -> Workbook | None:
    """What keep() kept: the head or every row; None when it is missing or not to be trusted."""
    storage, name = job.file.storage, _name(job, "head" if head else "rows")
    try:
        with storage.open(name, "rb") as handle:
            blob = handle.read()
    except (OSError, ValueError):
        return None
    signature, payload = blob[:_DIGEST], blob[_DIGEST:]
    if not hmac.compare_digest(signature, _sign(payload)):
        return None
    try:
        with collector_paused():  # millions of new objects: a load three times slower else
            workbook = _Unpickler(io.BytesIO(zlib.decompress(payload))).load()
    except (pickle.UnpicklingError, zlib.error, EOFError, AttributeError, TypeError):
        return None
    return workbook if isinstance(workbook, Workbook) else None


def head_of(workbook: Workbook, rows: int = HEAD_ROWS) -> Workbook:
    """The workbook with the first `rows` rows of each sheet (Sheet.total_rows keeps the count),
    as read_file(..., head_rows=rows) reads it: merged ranges that start in the head end at
    its last row."""
    return dataclasses.replace(
        workbook,
        sheets=[
            dataclasses.replace(
                sheet,
                rows=sheet.rows[:rows],
                merged=clip_merged(sheet.merged, rows, len(sheet.rows[0]) if sheet.rows else 0),
                total_rows=max(sheet.total_rows, len(sheet.rows)),
            )
            for sheet in workbook.sheets
        ],
    )


def _store(job: ImportJob, part: str, workbook: Workbook) -> None:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    # No memo: four times faster for millions of cells, and a workbook shares nothing that
    # must stay shared (merged cells repeat a value, which may as well be copied).
    pickler.fast = True
    pickler.dump(workbook)
    payload = zlib.compress(buffer.getvalue(), 1)
    storage, name = job.file.storage, _name(job, part)
    storage.delete(name)
    saved = storage.save(name, ContentFile(_sign(payload) + payload))
    assert saved == name, (saved, name)  # the job's file name is unique, so is this one


def _name(job: ImportJob, part: str) -> str:
    return f"{job.file.name}.{part}"


def _sign(payload: bytes) -> bytes:
    key = hashlib.sha256(FORMAT + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, payload, hashlib.sha256).digest()


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name}") from None
