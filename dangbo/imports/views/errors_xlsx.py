"""The error file: the sheet(s) as uploaded, rows as read, with a column «Lỗi» at the end
holding why each bad row was refused, bad rows in light red. The user fixes the file they
know, in place, and uploads it again.

Written with openpyxl's write-only mode (one row in memory at a time). No cell becomes a
formula: text starting like one is stored as text, marked as such for Excel.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import IO, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from dangbo.core.xlsx import DATE_FORMAT, SHEET_TITLE_MAX, clean_text
from dangbo.imports import engine
from dangbo.imports.reading import CellValue, Sheet
from dangbo.imports.spec import get_spec
from dangbo.imports.views.detail import job_for, job_url

ERROR_HEADER = "Lỗi"
BAD_FILL = PatternFill("solid", start_color="FFC7CE")
HEADER_FILL = PatternFill("solid", start_color="F2DCDB")
BOLD = Font(bold=True)
ERROR_FONT = Font(color="9C0006")
WRAP = Alignment(wrap_text=True, vertical="top")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _value_cell(sheet: WriteOnlyWorksheet, value: CellValue, fill: PatternFill | None) -> Any:
    if value is None or value == "":
        if fill is None:
            return None
        cell = WriteOnlyCell(sheet, value=None)
    elif isinstance(value, str):
        text = clean_text(value)
        cell = WriteOnlyCell(sheet, value=text)
        if text.startswith(FORMULA_START):
            # Text, shown as typed; Excel never runs it.
            cell.data_type = "s"
            cell.quotePrefix = True
        elif fill is None:
            return text
    elif isinstance(value, dt.datetime | dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
    elif fill is None:
        return value
    else:
        cell = WriteOnlyCell(sheet, value=value)
    if fill is not None:
        cell.fill = fill
    return cell


def _titles(names: Iterable[str]) -> list[str]:
    """Sheet names Excel accepts, unique, as close to the original as can be."""
    used: set[str] = set()
    titles = []
    for name in names:
        base = _TITLE_FORBIDDEN.sub("-", clean_text(name)).strip("' ")[:SHEET_TITLE_MAX] or "Trang"
        title, n = base, 1
        while title.lower() in used:
            n += 1
            suffix = f" ({n})"
            title = base[: SHEET_TITLE_MAX - len(suffix)] + suffix
        used.add(title.lower())
        titles.append(title)
    return titles


def reasons_by_row(errors: Sequence[dict[str, Any]]) -> dict[tuple[str, int], list[str]]:
    found: dict[tuple[str, int], list[str]] = defaultdict(list)
    for error in errors:
        header = error.get("header") or ""
        reason = str(error.get("reason", ""))
        text = f"{header}: {reason}" if header and header not in reason else reason
        found[(str(error.get("sheet", "")), int(error.get("row") or 0))].append(text)
    return found


def write_error_book(
    target: IO[bytes],
    sheets: Sequence[tuple[Sheet, int, int]],
    reasons: dict[tuple[str, int], list[str]],
) -> None:
    """`sheets`: (sheet, 0-based index of its last header row, of its first data row)."""
    book = Workbook(write_only=True)
    for (sheet, header_row, data_start), title in zip(
        sheets, _titles(s.name for s, _, _ in sheets), strict=True
    ):
        out = book.create_sheet(title)
        width = max((len(r) for r in sheet.rows), default=0)
        out.column_dimensions[get_column_letter(width + 1)].width = 60
        out.freeze_panes = f"A{data_start + 1}" if data_start > 0 else "A2"
        for index, row in enumerate(sheet.rows):
            why = reasons.get((sheet.name, index + 1))
            fill = BAD_FILL if why else None
            cells = [_value_cell(out, value, fill) for value in row]
            cells += [_value_cell(out, None, fill) for _ in range(width - len(row))]
            if index == header_row:
                head = WriteOnlyCell(out, value=ERROR_HEADER)
                head.font = BOLD
                head.fill = HEADER_FILL
                cells.append(head)
            elif why:
                note = WriteOnlyCell(out, value=clean_text("; ".join(why)))
                note.fill = BAD_FILL
                note.font = ERROR_FONT
                note.alignment = WRAP
                note.data_type = "s"
                cells.append(note)
            out.append(cells)
    book.save(target)


@login_required
@require_GET
def job_errors_xlsx(request: HttpRequest, pk: int) -> HttpResponseBase:
    job = job_for(request, pk)
    spec = get_spec(job.spec)
    try:
        workbook = engine.open_workbook(job)
        layouts = [engine.layout(job, s, spec) for s in engine.chosen_sheets(job, workbook)]
    except engine.ImportRefused as error:
        messages.error(request, str(error))
        return redirect(job_url(job))
    sheets = [
        (lay.sheet, lay.guess.last_row if lay.guess else 0, lay.data_start) for lay in layouts
    ]
    target = tempfile.TemporaryFile()  # noqa: SIM115  (closed by FileResponse)
    write_error_book(target, sheets, reasons_by_row(job.errors))
    target.seek(0)
    stem = job.file_name.rsplit(".", 1)[0] or "tep"
    return FileResponse(target, as_attachment=True, filename=f"loi-{stem}.xlsx", content_type=XLSX)
