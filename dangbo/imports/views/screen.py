"""What the job page shows of the file itself: its sheets, the column mapping screen (headers
as written, sample values, the field each column holds) and the first rows as they will be
read. Built from the job's file on each visit; the state lives on the job."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from dangbo.core.formats import format_date, format_percent
from dangbo.imports import engine, headers
from dangbo.imports.forms import IGNORE, MappingForm, SheetForm, column_letter
from dangbo.imports.models import ImportJob
from dangbo.imports.reading import CellValue, Sheet, Workbook
from dangbo.imports.spec import ImportSpec

PREVIEW_ROWS = 10
SAMPLE_ROWS = 3
# Wider files exist only by accident (a stray cell far to the right); their extra columns are
# left unmapped rather than making a form of thousands of selects.
MAX_COLUMNS = 200


def display(value: CellValue) -> str:
    """A cell as the user typed it: dates dd/mm/yyyy, codes without separators."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return format_date(value.date())
        return f"{format_date(value.date())} {value:%H:%M}"
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    return str(value)


@dataclass
class MappingRow:
    index: int
    letter: str
    label: str
    samples: list[str]
    hidden: bool
    select: Any  # the bound field of MappingForm


@dataclass
class SheetSummary:
    """One sheet when every sheet is imported: what was recognised, what is missing."""

    name: str
    mapped: list[str]
    missing: list[str]
    found_header: bool


@dataclass
class FileScreen:
    error: str = ""
    sheets: list[str] = field(default_factory=list)
    sheet_form: SheetForm | None = None
    sheet: str = ""
    found_header: bool = False
    header_row: int = 0  # 1-based, as the spreadsheet shows it
    confidence: str = ""
    mapping_form: MappingForm | None = None
    mapping_rows: list[MappingRow] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    required: list[str] = field(default_factory=list)
    preview_headers: list[str] = field(default_factory=list)
    preview_rows: list[tuple[int, list[str]]] = field(default_factory=list)
    summaries: list[SheetSummary] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def legacy_notice(workbook: Workbook) -> str:
    legacy = sorted({s.encoding.upper() for s in workbook.sheets if s.encoding != "unicode"})
    if not legacy:
        return ""
    return f"Tệp gõ bằng bảng mã {', '.join(legacy)}: đã chuyển sang Unicode."


def visible_sheets(workbook: Workbook) -> list[Sheet]:
    return [s for s in workbook.sheets if not s.hidden and s.rows]


def width_of(lay: engine.Layout) -> int:
    labels = lay.guess.labels if lay.guess else []
    rows = lay.sheet.rows[lay.data_start : lay.data_start + 50]
    widest = max((len(r) for r in rows), default=0)
    return min(max(len(labels), widest), MAX_COLUMNS)


def _samples(lay: engine.Layout, width: int) -> list[list[str]]:
    rows = (r for r in lay.sheet.rows[lay.data_start :] if not headers.is_blank(r))
    first = list(itertools.islice(rows, SAMPLE_ROWS))
    return [[text for r in first if c < len(r) and (text := display(r[c]))] for c in range(width)]


def missing_fields(spec: ImportSpec, mapped: set[str]) -> list[str]:
    # A sex column may come as two tick columns "Nam" | "Nữ" (the engine accepts either).
    ticks = {"sex_male", "sex_female"} <= mapped
    return [
        f.label
        for f in spec.importable()
        if f.required and f.key not in mapped and not (f.key == "sex" and ticks)
    ]


def mapping_form_for(lay: engine.Layout, spec: ImportSpec, data: Any = None) -> MappingForm:
    width = width_of(lay)
    initial = {f"col_{c}": key for c, key in lay.mapping.items() if c < width}
    return MappingForm(data, columns=width, fields=spec.importable(), initial=initial)


def _mapping_rows(lay: engine.Layout, form: MappingForm) -> list[MappingRow]:
    labels = lay.guess.labels if lay.guess else []
    samples = _samples(lay, form.columns)
    return [
        MappingRow(
            index=c,
            letter=column_letter(c),
            label=labels[c] if c < len(labels) else "",
            samples=samples[c],
            hidden=c in lay.sheet.hidden_columns,
            select=form.column(c),
        )
        for c in range(form.columns)
    ]


def _preview(lay: engine.Layout, spec: ImportSpec, screen: FileScreen) -> None:
    columns = sorted(lay.mapping.items())
    screen.preview_headers = [spec.field(key).label for _, key in columns]
    for row in itertools.islice(engine.source_rows(lay, spec), PREVIEW_ROWS):
        screen.preview_rows.append((row.number, [display(row.values[k]) for _, k in columns]))


def _summary(lay: engine.Layout, spec: ImportSpec) -> SheetSummary:
    mapped = [
        f"{spec.field(key).label} ({column_letter(c)})" for c, key in sorted(lay.mapping.items())
    ]
    missing = missing_fields(spec, set(lay.mapping.values()))
    return SheetSummary(lay.sheet.name, mapped, missing, lay.guess is not None)


def file_screen(
    job: ImportJob, spec: ImportSpec, *, mapping_data: Any = None, sheet_data: Any = None
) -> FileScreen:
    """Everything the page shows of the job's file; `mapping_data` / `sheet_data` are posted
    choices that were refused, shown again as the user left them."""
    screen = FileScreen(required=[f.label for f in spec.importable() if f.required])
    try:
        workbook = engine.open_workbook(job, head=True)
        chosen = engine.chosen_sheets(job, workbook)
    except engine.ImportRefused as error:
        screen.error = str(error)
        return screen
    if notice := legacy_notice(workbook):
        screen.notices.append(notice)
    screen.sheets = [s.name for s in visible_sheets(workbook)]
    screen.sheet = chosen[0].name
    screen.sheet_form = SheetForm(
        sheet_data,
        sheets=screen.sheets,
        initial={"sheet": screen.sheet, "all_sheets": job.all_sheets},
    )
    layouts = [engine.layout(job, sheet, spec) for sheet in chosen]
    lay = layouts[0]
    if job.all_sheets:
        screen.summaries = [_summary(each, spec) for each in layouts]
    screen.found_header = lay.guess is not None
    if lay.guess is None:
        return screen
    screen.header_row = lay.guess.first_row + 1
    screen.confidence = format_percent(lay.guess.score * 100, 0)
    form = mapping_form_for(lay, spec, mapping_data)
    screen.mapping_form = form
    screen.mapping_rows = _mapping_rows(lay, form)
    screen.missing = missing_fields(spec, {k for k in lay.mapping.values() if k != IGNORE})
    _preview(lay, spec, screen)
    return screen


def header_labels(lay: engine.Layout) -> dict[int, str]:
    labels = lay.guess.labels if lay.guess else []
    return {c: label for c, label in enumerate(labels) if label}


def single_layout(job: ImportJob, spec: ImportSpec) -> engine.Layout:
    """The layout of the one sheet being mapped (ImportRefused when the file is unreadable)."""
    workbook = engine.open_workbook(job, head=True)
    return engine.layout(job, engine.chosen_sheets(job, workbook)[0], spec)
