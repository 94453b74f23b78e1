"""The board of a document as a workbook, and as a review report (báo cáo sơ kết) in the
Party's layout (HD 36-HD/VPTW, laid out by the shared helpers of members.exports.docx_layout:
the letterhead with the "ĐẢNG CỘNG SẢN VIỆT NAM" header beside the issuer, a centred title,
bordered tables), ready to paste into the committee's own report."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from dangbo.core.formats import format_date, format_number
from dangbo.core.xlsx import DATE_FORMAT, clean_text
from dangbo.members.exports.docx_layout import (
    add_body,
    add_grid,
    add_heading,
    add_letterhead,
    add_title,
    keep_rows_whole,
    new_document,
    paragraph,
    text_width,
    to_bytes,
)
from dangbo.members.exports.layout import Letterhead, letterhead_for
from dangbo.targets import progress
from dangbo.targets.measured import Measured
from dangbo.targets.models import Target
from dangbo.targets.queries import Board

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", start_color="F2DCDB")
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="center")
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FORMULA_START = ("=", "+", "-", "@")


def target_text(target: Target) -> str:
    """The commitment as a sentence: "≥ 95 % — tổ chức đảng hoàn thành tốt nhiệm vụ"."""
    if target.label:
        return target.label
    return " ".join(x for x in (target.subject, target.metric) if x) or str(target)


def result_text(result: progress.Result, target: Target) -> str:
    if result.from_children:
        return "Theo chỉ tiêu con"
    if result.latest is None:
        return "Chưa có báo cáo"
    return (
        f"{progress.quantity(result.latest.value, target.unit)} ({format_date(result.latest.on)})"
    )


def _safe(value: Any) -> Any:
    """Text never runs as a formula when the workbook is opened."""
    if isinstance(value, str):
        text = clean_text(value)
        return "'" + text if text.startswith(_FORMULA_START) else text
    return value


def _sheet(wb: Workbook, title: str, headers: Sequence[tuple[str, float]], rows: list) -> None:
    sheet = wb.create_sheet(title)
    for index, (header, width) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font, cell.fill, cell.alignment, cell.border = (
            _HEADER_FONT,
            _HEADER_FILL,
            _HEADER_ALIGNMENT,
            _BORDER,
        )
        sheet.column_dimensions[get_column_letter(index)].width = width
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=_safe(value))
            cell.alignment, cell.border = _WRAP, _BORDER
            if isinstance(value, date):
                cell.number_format = DATE_FORMAT
            elif isinstance(value, float):
                cell.number_format = "0.0"
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"


def measured_text(found: Measured | None) -> str:
    """ "92,2% (Năm 2025)" then the status on its own line, or why there is no measure."""
    if found is None:
        return "Chưa gắn chỉ số"
    # No-break spaces keep a period such as "(Quý III/2026)" on one line of its narrow column.
    period = found.period_label.replace(" ", "\u00a0")
    if found.value is None:
        return f"Chưa có số liệu ({period})"
    return f"{found.value_text} ({period})\n{found.status_label}"


def board_xlsx(board: Board, measured: dict[int, Measured]) -> bytes:
    """Three sheets: targets with progress, forecast and the value measured from their
    indicator (targets.measured), tasks, and tasks by lead unit."""
    wb = Workbook()
    wb.remove(wb.active)
    target_rows = []
    for index, (target, result) in enumerate(board.target_rows(), start=1):
        found = measured.get(target.pk)
        target_rows.append(
            [
                index,
                target_text(target),
                progress.goal_text(target),
                result.latest.value if result.latest else None,
                result.latest.on if result.latest else None,
                round(result.percent, 1) if result.percent is not None else None,
                result.forecast.label,
                result.explanation,
                result.forecast.explanation,
                target.responsible.name if target.responsible else "",
                target.deadline,
                found.indicator.name if found else "",
                found.value if found else None,
                found.period_label if found and found.value is not None else "",
                found.status_label if found else "",
                found.formula if found else "",
            ]
        )
    _sheet(
        wb,
        "Chỉ tiêu",
        [
            ("STT", 5),
            ("Nội dung chỉ tiêu", 50),
            ("Chỉ tiêu", 14),
            ("Kết quả mới nhất", 12),
            ("Tính đến ngày", 12),
            ("Tiến độ (%)", 10),
            ("Dự báo", 14),
            ("Cách tính tiến độ", 40),
            ("Cách tính dự báo", 50),
            ("Đơn vị chịu trách nhiệm", 24),
            ("Thời hạn", 12),
            ("Đo từ chỉ số", 36),
            ("Giá trị đo", 12),
            ("Kỳ đo", 16),
            ("Đánh giá theo số đo", 16),
            ("Cách đánh giá theo số đo", 50),
        ],
        target_rows,
    )
    overdue = {t.pk for t in board.overdue}
    task_rows = [
        [
            index,
            task.get_kind_display(),
            task.title,
            task.lead.name if task.lead else "",
            ", ".join(o.name for o in task.supporting.all()),
            task.deadline,
            task.progress,
            task.get_status_display(),
            "Quá hạn" if task.pk in overdue else "",
            task.completed_on,
        ]
        for index, task in enumerate(board.tasks, start=1)
    ]
    _sheet(
        wb,
        "Nhiệm vụ",
        [
            ("STT", 5),
            ("Loại", 18),
            ("Nhiệm vụ", 50),
            ("Đơn vị chủ trì", 24),
            ("Đơn vị phối hợp", 24),
            ("Thời hạn", 12),
            ("Tiến độ (%)", 10),
            ("Trạng thái", 16),
            ("Quá hạn", 10),
            ("Ngày hoàn thành", 12),
        ],
        task_rows,
    )
    unit_rows = [
        [
            row.name,
            row.total,
            row.done,
            round(row.done_percent, 1),
            row.overdue,
            round(row.average, 1),
        ]
        for row in board.units
    ]
    _sheet(
        wb,
        "Theo đơn vị",
        [
            ("Đơn vị chủ trì", 36),
            ("Số nhiệm vụ", 12),
            ("Hoàn thành", 12),
            ("Tỷ lệ hoàn thành (%)", 14),
            ("Quá hạn", 10),
            ("Tiến độ bình quân (%)", 14),
        ],
        unit_rows,
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- The review report (.docx) -------------------------------------------------------------
# Laid out by the shared Party-format helpers (members.exports.docx_layout), as the evaluation
# report is, so both reports carry the same letterhead, title and tables.

# Column widths in cm; the text column (0) takes the rest of the text width, 16.5 cm on A4
# portrait with the 30/15 mm side margins. Each narrow column holds its longest usual value on
# one line at 12 pt — "(30/09/2026)", "100,0%", "(Quý III/2026)", "Đang thực hiện"; an
# assessment such as "Đúng tiến độ" wraps at its spaces, as in the evaluation report.
TARGET_COLUMNS = (
    ("TT", 1.0),
    ("Nội dung", 0.0),
    ("Chỉ tiêu", 1.9),
    ("Kết quả báo cáo", 2.7),
    ("Tiến độ", 1.8),
    ("Đánh giá", 2.0),
    ("Đo từ dữ liệu", 3.2),
)
TASK_COLUMNS = (
    ("TT", 1.0),
    ("Nhiệm vụ", 0.0),
    ("Chủ trì", 3.0),
    ("Thời hạn", 2.5),
    ("Tiến độ", 1.8),
    ("Tình trạng", 3.0),
)


def _widths(doc: Any, columns: Sequence[tuple[str, float]]) -> list[int]:
    """Column widths in EMU: the fixed ones as given, the one marked 0 gets the rest."""
    fixed = [int(Cm(width)) for _, width in columns]
    rest = int(text_width(doc)) - sum(fixed)
    return [width or rest for width in fixed]


def _grid(doc: Any, columns: Sequence[tuple[str, float]], rows: list[list[str]]) -> None:
    grid = add_grid(doc, [name for name, _ in columns], rows, _widths(doc, columns), centered=(0,))
    keep_rows_whole(grid)


def _letterhead(board: Board, day: date) -> Letterhead:
    """The issuing committee (a đảng bộ reports as its đảng ủy, HD 36) under its superior;
    the document's own place when it has one;
    "Số    -BC/ĐU": the number is written by hand when the report is registered."""
    document = board.document
    head = letterhead_for(
        document.issuer,
        day=day,
        number="   -BC/" + (document.issuer_code or ""),
    )
    return replace(head, place=document.place) if document.place else head


def review_docx(board: Board, day: date, measured: dict[int, Measured]) -> bytes:
    """BÁO CÁO SƠ KẾT of one document: each target (content, goal, reported result,
    progress, assessment, the value measured from its indicator) and each task with its
    status, as of `day`."""
    document = board.document
    doc = new_document()
    add_letterhead(doc, _letterhead(board, day))
    symbol = document.symbol or document.get_kind_display().lower()
    issued = f" ngày {format_date(document.issued_on)}" if document.issued_on else ""
    add_title(
        doc,
        "BÁO CÁO SƠ KẾT",
        subtitle=f"tình hình thực hiện {document.get_kind_display()} số {symbol}{issued} "
        f"của {document.issuer.name}",
        lead=f"({document.title})",
    )
    paragraph(doc, "-----", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=8)
    add_body(
        doc,
        f"Số liệu tính đến ngày {format_date(day)}. Tiến độ mỗi chỉ tiêu tính theo kết quả báo "
        "cáo mới nhất so với chỉ tiêu đề ra; chỉ tiêu có chỉ tiêu con tính theo quy tắc: "
        f"{progress.PARENT_RULE}.",
    )
    add_heading(doc, "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
    rows = [
        [
            str(index),
            target_text(target),
            progress.goal_text(target),
            result_text(result, target),
            result.percent_text,
            result.forecast.label,
            measured_text(measured.get(target.pk)),
        ]
        for index, (target, result) in enumerate(board.target_rows(), start=1)
    ]
    if rows:
        _grid(doc, TARGET_COLUMNS, rows)
    else:
        add_body(doc, "Văn bản chưa có chỉ tiêu được theo dõi.", italic=True)
    add_heading(doc, "II. TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ")
    add_body(
        doc,
        f"Tổng số {board.total} nhiệm vụ, đã hoàn thành {board.done} "
        f"({format_number(board.done_percent, 1)}%), quá hạn {len(board.overdue)}.",
    )
    task_rows = [
        [
            str(index),
            task.title,
            task.lead.name if task.lead else "",
            format_date(task.deadline),
            f"{task.progress}%",
            "Quá hạn"
            if task in board.overdue and task.status != "overdue"
            else task.get_status_display(),
        ]
        for index, task in enumerate(board.tasks, start=1)
    ]
    if task_rows:
        _grid(doc, TASK_COLUMNS, task_rows)
    add_heading(doc, "III. ĐÁNH GIÁ CHUNG VÀ PHƯƠNG HƯỚNG")
    counts: dict[str, int] = {}
    for _, result in board.target_rows():
        counts[result.forecast.label] = counts.get(result.forecast.label, 0) + 1
    summary = "; ".join(f"{label}: {n}" for label, n in counts.items()) or "chưa có"
    add_body(doc, f"Đánh giá các chỉ tiêu theo xu hướng đến thời hạn — {summary}.")
    return to_bytes(doc)


def export_name(board: Board, suffix: str) -> str:
    document = board.document
    stem = (document.symbol or f"van-ban-{document.pk}").replace("/", "-")
    return f"{suffix}-{stem}"
