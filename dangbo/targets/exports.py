"""The board of a document as a workbook, and as a review report (báo cáo sơ kết) in the
Party's layout (HD 36-HD/VPTW: Times New Roman 14, the "ĐẢNG CỘNG SẢN VIỆT NAM" header beside
the issuer, a centred title), ready to paste into the committee's own report."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from docx import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from dangbo.core.formats import format_date, format_number
from dangbo.core.xlsx import DATE_FORMAT, clean_text
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
    if found.value is None:
        return f"Chưa có số liệu ({found.period_label})"
    return f"{found.value_text} ({found.period_label})\n{found.status_label}"


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


def _font(run: Any, size: int = 14, bold: bool = False, italic: bool = False) -> None:
    run.font.name = "Times New Roman"
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    # East-Asian fallback name too, or Word substitutes another face for Vietnamese letters.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Times New Roman")


def _para(
    container: Any,
    text: str = "",
    *,
    size: int = 14,
    bold: bool = False,
    italic: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = False,
    after: int = 6,
) -> Any:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    if text:
        _font(paragraph.add_run(text), size, bold, italic)
    return paragraph


def _cell(
    cell: Any, text: str, *, bold: bool = False, size: int = 12, center: bool = False
) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.space_after = Pt(0)
    _font(paragraph.add_run(text), size, bold)


def _table(doc: Any, headers: Sequence[tuple[str, float]], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, (_, width) in zip(table.columns, headers, strict=True):
        column.width = Cm(width)  # the grid: LibreOffice reads widths from here
    for cell, (header, width) in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, header, bold=True, center=True)
        cell.width = Cm(width)
    for row in rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
            _cell(cell, value, center=index == 0)
            cell.width = Cm(headers[index][1])


def _masthead(doc: Any, board: Board, day: date) -> None:
    document = board.document
    issuer = document.issuer
    parent = type(issuer).objects.get_parent(issuer)
    head = doc.add_table(rows=1, cols=2)
    head.autofit = False
    left, right = head.rows[0].cells
    head.columns[0].width, head.columns[1].width = Cm(7), Cm(9.5)
    left.width, right.width = Cm(7), Cm(9.5)
    left.text = right.text = ""
    lines = [(parent.name.upper(), False)] if parent is not None else []
    lines.append((issuer.name.upper(), True))
    first = True
    for text, bold in lines:
        paragraph = left.paragraphs[0] if first else left.add_paragraph()
        first = False
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        _font(paragraph.add_run(text), 13 if bold else 12, bold)
    _para(left, "*", align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(
        left, "Số    -BC/" + (document.issuer_code or ""), align=WD_ALIGN_PARAGRAPH.CENTER, after=0
    )
    paragraph = right.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(6)
    run = paragraph.add_run("ĐẢNG CỘNG SẢN VIỆT NAM")
    _font(run, 15, bold=True)
    run.font.underline = True
    place = document.place or ""
    when = f"{place + ', ' if place else ''}ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
    _para(right, when, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)


def review_docx(board: Board, day: date, measured: dict[int, Measured]) -> bytes:
    """BÁO CÁO SƠ KẾT of one document: each target (content, goal, reported result,
    progress, assessment, the value measured from its indicator) and each task with its
    status, as of `day`."""
    document = board.document
    doc = DocxDocument()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    _masthead(doc, board, day)
    _para(doc, after=6)
    _para(doc, "BÁO CÁO SƠ KẾT", size=15, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    symbol = document.symbol or document.get_kind_display().lower()
    issued = f" ngày {format_date(document.issued_on)}" if document.issued_on else ""
    _para(
        doc,
        f"tình hình thực hiện {document.get_kind_display()} số {symbol}{issued} "
        f"của {document.issuer.name}",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=0,
    )
    _para(doc, f"({document.title})", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(doc, "-----", align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    _para(
        doc,
        f"Số liệu tính đến ngày {format_date(day)}. Tiến độ mỗi chỉ tiêu tính theo kết quả báo "
        "cáo mới nhất so với chỉ tiêu đề ra; chỉ tiêu có chỉ tiêu con tính theo quy tắc: "
        f"{progress.PARENT_RULE}.",
        indent=True,
    )
    _para(doc, "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", bold=True)
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
        _table(
            doc,
            [
                ("TT", 1.1),
                ("Nội dung", 3.7),
                ("Chỉ tiêu", 1.9),
                ("Kết quả báo cáo", 3),
                ("Tiến độ", 1.7),
                ("Đánh giá", 2),
                ("Đo từ dữ liệu", 3.1),
            ],
            rows,
        )
    else:
        _para(doc, "Văn bản chưa có chỉ tiêu được theo dõi.", italic=True, indent=True)
    _para(doc, after=6)
    _para(doc, "II. TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ", bold=True)
    _para(
        doc,
        f"Tổng số {board.total} nhiệm vụ, đã hoàn thành {board.done} "
        f"({format_number(board.done_percent, 1)}%), quá hạn {len(board.overdue)}.",
        indent=True,
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
        _table(
            doc,
            [
                ("TT", 1),
                ("Nhiệm vụ", 6.3),
                ("Chủ trì", 3),
                ("Thời hạn", 2.4),
                ("Tiến độ", 1.6),
                ("Tình trạng", 2.2),
            ],
            task_rows,
        )
    _para(doc, after=6)
    _para(doc, "III. ĐÁNH GIÁ CHUNG VÀ PHƯƠNG HƯỚNG", bold=True)
    counts: dict[str, int] = {}
    for _, result in board.target_rows():
        counts[result.forecast.label] = counts.get(result.forecast.label, 0) + 1
    summary = "; ".join(f"{label}: {n}" for label, n in counts.items()) or "chưa có"
    _para(doc, f"Đánh giá các chỉ tiêu theo xu hướng đến thời hạn — {summary}.", indent=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def export_name(board: Board, suffix: str) -> str:
    document = board.document
    stem = (document.symbol or f"van-ban-{document.pk}").replace("/", "-")
    return f"{suffix}-{stem}"
