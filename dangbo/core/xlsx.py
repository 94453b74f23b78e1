"""Spreadsheets people open in Excel or LibreOffice: one sheet, a bold frozen header, set column
widths, dates as real dates shown dd/mm/yyyy, and codes (party card numbers, CCCD, phone
numbers) kept as text so their leading zeros survive.

Rows are written with openpyxl's write-only mode, which streams them to a temporary file, so a
province's 150,000 members cost the memory of one row, not of the whole sheet. Pure openpyxl,
no Django: any app's export (roll, statistics, reports) can use it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from dangbo.core.formats import format_date

__all__ = [
    "DATE_FORMAT",
    "NUMBER_FORMAT",
    "SHEET_TITLE_MAX",
    "TEXT_FORMAT",
    "CellKind",
    "SheetColumn",
    "clean_text",
    "csv_lines",
    "write_xlsx",
]

# Characters XML 1.0 forbids: a control character pasted into a name would otherwise make
# openpyxl refuse the whole file.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A cell beginning like a formula is run by Excel when the file is opened (CSV injection).
_FORMULA_START = ("=", "@", "\t", "\r")
_SIGNED_FORMULA = re.compile(r"[+-][^\d\s]")
DATE_FORMAT = "DD/MM/YYYY"
TEXT_FORMAT = "@"
NUMBER_FORMAT = "#,##0"
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", start_color="F2DCDB")
_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
_HEADER_BORDER = Border(bottom=Side(style="thin"))
SHEET_TITLE_MAX = 31  # Excel's limit
_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")  # characters Excel refuses in a sheet name


class CellKind(StrEnum):
    TEXT = "text"  # words: names, units, labels
    CODE = "code"  # digits that are not numbers: card numbers, CCCD, phone; stay text
    DATE = "date"
    NUMBER = "number"


@dataclass(frozen=True)
class SheetColumn:
    header: str
    kind: CellKind = CellKind.TEXT
    width: float = 16  # in Excel's character widths


def clean_text(value: str) -> str:
    return _ILLEGAL.sub("", value)


def _sheet_title(title: str) -> str:
    cleaned = _TITLE_FORBIDDEN.sub("-", clean_text(title)).strip("' ")
    return cleaned[:SHEET_TITLE_MAX] or "Sheet1"


def _looks_like_formula(text: str) -> bool:
    return text.startswith(_FORMULA_START) or bool(_SIGNED_FORMULA.match(text))


def _cell(sheet: WriteOnlyWorksheet, column: SheetColumn, value: Any) -> Any:
    if value is None or value == "":
        return None
    if column.kind == CellKind.DATE and isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if column.kind == CellKind.NUMBER and isinstance(value, int | float | Decimal):
        return value
    text = clean_text(str(value))
    if column.kind == CellKind.CODE:
        cell = WriteOnlyCell(sheet, value=text)
        cell.number_format = TEXT_FORMAT
        cell.data_type = "s"
        return cell
    if text.startswith("="):
        # Stored as the text it is, never as a formula.
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        return cell
    return text


def write_xlsx(
    target: IO[bytes],
    *,
    title: str,
    columns: Sequence[SheetColumn],
    rows: Iterable[Sequence[Any]],
) -> int:
    """Write one sheet named `title` to `target` (a binary file open for writing, seekable):
    the header, then `rows`, each a sequence of values in the order of `columns`. Returns
    the number of data rows written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(title))
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=clean_text(column.header))
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _HEADER_ALIGNMENT
        cell.border = _HEADER_BORDER
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append(
            [_cell(sheet, column, value) for column, value in zip(columns, row, strict=True)]
        )
        count += 1
    if columns:
        last = get_column_letter(len(columns))
        sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    workbook.save(target)
    return count


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def _csv_value(column: SheetColumn, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return format_date(value)
    text = clean_text(str(value))
    if _looks_like_formula(text):
        # The apostrophe is what spreadsheets themselves use to say "this is text".
        return "'" + text
    return text


def csv_lines(columns: Sequence[SheetColumn], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The same sheet as CSV lines, one at a time (for a streamed download): a byte-order mark
    first, so Excel reads the Vietnamese letters as UTF-8, then the header and the rows, dates
    dd/mm/yyyy."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([column.header for column in columns])
    for row in rows:
        yield writer.writerow([_csv_value(c, v) for c, v in zip(columns, row, strict=True)])
