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

from dangbo.imports.engine import parsed
from dangbo.imports.engine.base import (
    BATCH_ROWS,
    HEAD_ROWS,
    MAX_ERRORS,
    PAUSE_ENV,
    STALE_AFTER,
    Cancelled,
    ImportRefused,
    Layout,
    Result,
)
from dangbo.imports.engine.flow import check, commit, jsonable, revert
from dangbo.imports.engine.jobs import is_dead, mark_dead, progress_writer, run, worker_name
from dangbo.imports.engine.layout import (
    chosen_sheets,
    layout,
    open_workbook,
    remembered,
    source_rows,
)

__all__ = [
    "BATCH_ROWS",
    "HEAD_ROWS",
    "MAX_ERRORS",
    "PAUSE_ENV",
    "STALE_AFTER",
    "Cancelled",
    "ImportRefused",
    "Layout",
    "Result",
    "check",
    "chosen_sheets",
    "commit",
    "is_dead",
    "jsonable",
    "layout",
    "mark_dead",
    "open_workbook",
    "parsed",
    "progress_writer",
    "remembered",
    "revert",
    "run",
    "source_rows",
    "worker_name",
]
