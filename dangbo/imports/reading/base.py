"""What the reading layer hands to the import engine, and the one error it raises."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

__all__ = ["CellValue", "ReadError", "Sheet", "Workbook", "megabytes"]

CellValue = str | int | float | bool | datetime.date | datetime.datetime | datetime.time | None


class ReadError(Exception):
    """A file that cannot be read; str(exc) is a complete Vietnamese sentence for the user."""


@dataclass
class Sheet:
    """One sheet, as a rectangle of values.

    Empty cells are None; text is stripped, NFC and Unicode (legacy fonts converted); numbers
    that Excel stored as 12345.0 are int. Merged ranges are filled with their top-left value.
    Row and column indexes are those of the file (leading empty rows and columns are kept), so
    row i is what the user sees as row i + 1. When only the head of the file was read (the
    pages need its header and first rows, not the whole roll), `rows` holds those first rows
    and `total_rows` says how many the sheet has.
    """

    name: str
    rows: list[list[CellValue]]
    hidden_columns: frozenset[int]
    hidden: bool = False
    encoding: str = "unicode"
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    total_rows: int = 0

    @property
    def is_head(self) -> bool:
        return self.total_rows > len(self.rows)


@dataclass
class Workbook:
    """A file's sheets in file order; format is "xlsx", "xls", "ods" or "csv".

    text_encoding is set for csv only: "utf-8", "utf-8-sig", "utf-16" (with a byte order mark),
    "utf-16-le" / "utf-16-be" (without), "cp1258", or "latin-1" when the bytes were text typed
    in a legacy Vietnamese font (the sheet's encoding then says which one).
    """

    format: str
    sheets: list[Sheet]
    text_encoding: str = ""
    delimiter: str = ""


def megabytes(size: int) -> str:
    """A size in MB the Vietnamese way: 52428800 -> "50", 52533658 -> "50,1"."""
    value = size / 2**20
    if value == int(value):
        return str(int(value))
    return f"{value:.1f}".replace(".", ",")
