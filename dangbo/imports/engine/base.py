"""What the steps of an import share: limits, refusals and the result of a check."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from dangbo.imports import headers
from dangbo.imports.reading import Sheet

BATCH_ROWS = 2000
# What the pages read of a file: its sheets, the header (looked for in the first 30 rows), a
# preview and enough text to tell a legacy font apart, not a province's whole roll.
HEAD_ROWS = 300
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


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while an import makes or holds millions of objects
    (loading the kept rows, checking and writing them). Each full collection would walk them
    all again: a third of a large import's time. Reference counting still frees what each
    row leaves behind (rows make no reference cycles), and the collector is back on, as it
    was, as soon as the step ends, however it ends."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
