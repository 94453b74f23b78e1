"""Reading a job's file: which sheets, where the header is, which column holds which field,
and the data rows under it."""

from __future__ import annotations

from collections.abc import Iterator

from dangbo.imports import headers
from dangbo.imports.engine import parsed
from dangbo.imports.engine.base import HEAD_ROWS, ImportRefused, Layout
from dangbo.imports.models import ColumnMapping, ImportJob
from dangbo.imports.reading import CellValue, ReadError, Sheet, Workbook, read_file
from dangbo.imports.spec import (
    ImportSpec,
    SourceRow,
)

# --- reading the file and its layout ---------------------------------------------------------


def open_workbook(job: ImportJob, *, head: bool = False) -> Workbook:
    """The job's file as read at upload (parsed.keep), else read again: every row, or with
    `head` the first HEAD_ROWS rows of each sheet (what the pages need)."""
    kept = parsed.load(job, head=head)
    if kept is not None:
        return kept
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):  # ValueError: the job has no file at all
        raise ImportRefused("Không đọc được tệp đã tải lên: tải tệp lên lại.") from None
    try:
        return read_file(data, job.file_name, head_rows=HEAD_ROWS if head else None)
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
    positions = {k: c for c, k in columns}
    name_field = spec.importable()[0].key
    name_column = positions.get(name_field, -1)
    for index in range(lay.data_start, len(lay.sheet.rows)):
        row = lay.sheet.rows[index]
        plain = _plain_data_row(row, name_column)
        if not plain:
            if headers.is_blank(row):
                continue
            if headers.is_total_row(row, mapping, name_field=name_field):
                break
            if headers.is_section_row(row, mapping, name_field=name_field):
                continue
        width = len(row)
        values = {key: row[c] if c < width else None for c, key in columns}
        # A plain data row has its name, a mapped column, filled in.
        if not plain and all(v is None or v == "" for v in values.values()):
            continue
        yield SourceRow(lay.sheet.name, index + 1, values, positions)


# A total row's label begins like this (before folding); a person's name never does.
_TOTAL_HEADS = ("tổng", "tông", "cộng", "tong", "cong")


def _plain_data_row(row: list[CellValue], name_column: int) -> bool:
    """A row that is surely data, settled without the heading and total tests (which cost
    more than the rest of the row's reading): a name that is not a total label, and several
    different values (a heading merged across the row repeats one value)."""
    if not 0 <= name_column < len(row):
        return False
    name = row[name_column]
    return (
        isinstance(name, str)
        and bool(name)
        and not name[:4].lower().startswith(_TOTAL_HEADS)
        and len(set(row)) > 3
    )
