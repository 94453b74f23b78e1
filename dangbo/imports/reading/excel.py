"""Workbooks (xlsx, xls, ods) through python-calamine, which returns cached formula results and
never evaluates anything."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from python_calamine import (
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from dangbo.imports.reading import messages
from dangbo.imports.reading.base import ReadError, Sheet
from dangbo.imports.reading.cells import build_sheet
from dangbo.imports.reading.containers import MAX_CELLS, SheetParts

__all__ = ["read_workbook"]


def read_workbook(
    data: bytes, kind: str, parts: Mapping[str, SheetParts], head_rows: int | None = None
) -> list[Sheet]:
    """The worksheets of an xlsx, xls or ods (`kind`), in file order; chart sheets are left out;
    only their first `head_rows` rows when it is given (the whole file is still parsed, so a
    corrupt one is refused all the same).

    `parts` holds, per sheet name, what was read from the container beforehand (hidden columns,
    ods merges, the extent of values, which must be checked before calamine allocates it).
    """
    # Before opening: calamine reads an ods whole when it opens it.
    for name, extra in parts.items():
        if extra.cells > MAX_CELLS:
            raise messages.sheet_too_large(name, extra.rows, extra.columns)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        metadata = book.sheets_metadata
    except PasswordError:
        raise messages.password() from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine raises its own errors and Rust panics alike
        raise _failure(exc, kind) from exc
    sheets = []
    for meta in metadata:
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue
        extra = parts.get(meta.name) or SheetParts()
        rows, merged, total_rows = _sheet_values(book, meta.name, kind, head_rows)
        sheets.append(
            build_sheet(
                meta.name,
                rows,
                merged=extra.merged if merged is None else merged,
                hidden_columns=extra.hidden_columns,
                hidden=meta.visible != SheetVisibleEnum.Visible,
                total_rows=total_rows,
            )
        )
    return sheets


def _sheet_values(
    book: CalamineWorkbook, name: str, kind: str, head_rows: int | None
) -> tuple[list[list[Any]], list[tuple[int, int, int, int]] | None, int]:
    try:
        sheet = book.get_sheet_by_name(name)
        # Empty leading rows and columns are kept so that indexes match the file's cells.
        rows: list[list[Any]] = sheet.to_python(skip_empty_area=False, nrows=head_rows)
        ranges = sheet.merged_cell_ranges
        end = sheet.end
    except PasswordError:
        raise messages.password() from None
    except (KeyboardInterrupt, SystemExit, ReadError):
        raise
    except BaseException as exc:
        raise _failure(exc, kind) from exc
    total_rows = end[0] + 1 if end else 0
    if ranges is None:
        return rows, None, total_rows
    return rows, [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in ranges], total_rows


def _failure(exc: BaseException, kind: str) -> ReadError:
    # An encrypted .xls (FILEPASS record) surfaces as a plain error naming the password.
    text = str(exc).lower()
    if "password" in text or "encrypt" in text:
        return messages.password()
    return messages.corrupt(kind)
