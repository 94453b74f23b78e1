"""The evaluation report as a spreadsheet (the tables, for further counting) and as a Word
file in the Party document format (HD 36-HD/VPTW, regulations.md §7): letterhead with the
superior body, the issuing body and "Số    -BC/…", the Party header, place and date; the title;
the body with its tables; the "T/M …" signature block beside "Nơi nhận"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import IO, Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from dangbo.core.formats import format_date
from dangbo.core.xlsx import CellKind, SheetColumn, write_xlsx
from dangbo.evaluations.models import SHORT
from dangbo.evaluations.summary import RATINGS, Counts, SummaryTable
from dangbo.members.exports.docx_layout import (
    add_body,
    add_grid,
    add_heading,
    add_letterhead,
    add_title,
    keep_rows_whole,
    layout_table,
    new_document,
    paragraph,
    text_width,
    to_bytes,
)
from dangbo.members.exports.layout import (
    ancestors,
    issuing_body,
    letterhead_for,
    on_behalf_of,
)
from dangbo.orgs.models import OrgKind
from dangbo.reports.evaluation import EvaluationReport, totals_sentence

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

COLUMNS = (
    SheetColumn("Bảng", width=16),
    SheetColumn("Đơn vị", width=34),
    SheetColumn("Phải xếp loại", CellKind.NUMBER, 10),
    SheetColumn("Đã xếp loại", CellKind.NUMBER, 10),
    *(
        column
        for r in RATINGS
        for column in (
            SheetColumn(SHORT[r], CellKind.NUMBER, 9),
            SheetColumn(f"% {SHORT[r]}", CellKind.NUMBER, 9),
        )
    ),
    SheetColumn("Không xếp loại", CellKind.NUMBER, 10),
    SheetColumn("Chưa xếp loại", CellKind.NUMBER, 10),
    SheetColumn("Miễn sinh hoạt", CellKind.NUMBER, 10),
)
TOTAL = "Tổng cộng"


def _share(counts: Counts, rating: str) -> float | None:
    share = counts.share(rating)
    return None if share is None else round(share, 1)


def _line(table_name: str, name: str, counts: Counts, members: bool) -> list[Any]:
    figures: list[Any] = []
    for r in RATINGS:
        figures += [counts.ratings[r], _share(counts, r)]
    return [
        table_name,
        name,
        counts.roll,
        counts.rated,
        *figures,
        counts.not_rated,
        counts.unrated,
        counts.exempt if members else None,
    ]


def _name(row: Any) -> str:
    return f"{row.organization.name} (trực tiếp)" if row.own else row.organization.name


def sheet_rows(report: EvaluationReport) -> Iterator[list[Any]]:
    for label, table, members in (
        ("Đảng viên", report.members, True),
        ("Tổ chức đảng", report.organizations, False),
    ):
        for row in table.rows:
            yield _line(label, _name(row), row.counts, members)
        yield _line(label, TOTAL, table.total, members)


def write_report_xlsx(target: IO[bytes], report: EvaluationReport) -> int:
    return write_xlsx(
        target, title=f"Xếp loại năm {report.round.year}", columns=COLUMNS, rows=sheet_rows(report)
    )


# --- Word ---------------------------------------------------------------------------------

TABLE_PT = 10
ISSUER_CODES = {
    OrgKind.PROVINCE: "TU",
    OrgKind.CELL: "CB",
    OrgKind.GRASSROOTS_CELL: "CB",
    OrgKind.GROUP: "CB",
}


def number_line(report: EvaluationReport) -> str:
    """ "   -BC/ĐU": the number is written by hand when the report is registered."""
    return f"     -BC/{ISSUER_CODES.get(report.unit.kind, 'ĐU')}"


def _table_rows(table: SummaryTable) -> list[list[str]]:
    rows = []
    for index, row in enumerate(table.rows, start=1):
        rows.append([str(index), _name(row), *_figures(row.counts)])
    rows.append(["", TOTAL, *_figures(table.total)])
    return rows


def _figures(counts: Counts) -> list[str]:
    cells = [f"{n}\n{share}" for _, n, share in counts.cells]
    return [str(counts.roll), str(counts.rated), *cells, str(counts.not_rated), str(counts.unrated)]


def _summary_table(doc: Any, table: SummaryTable, first: str) -> None:
    width = int(text_width(doc))
    fixed = [Mm(9), 0, Mm(13), Mm(13), Mm(17), Mm(17), Mm(17), Mm(17), Mm(15), Mm(15)]
    fixed[1] = width - sum(int(w) for w in fixed)
    headers = [
        "TT",
        first,
        "Phải xếp loại",
        "Đã xếp loại",
        *(SHORT[r] for r in RATINGS),
        "Không xếp loại",
        "Chưa xếp loại",
    ]
    grid = add_grid(
        doc,
        headers,
        _table_rows(table),
        [int(w) for w in fixed],
        size=TABLE_PT,
        centered=(0, 2, 3, 4, 5, 6, 7, 8, 9),
    )
    for cell in grid.rows[-1].cells:
        for para in cell.paragraphs:
            for run in para.runs:
                run.bold = True
    keep_rows_whole(grid)


def _closing(doc: Any, report: EvaluationReport) -> None:
    """ "Nơi nhận" on the left, the "T/M …" block on the right, as HD 36 lays them out."""
    width = int(text_width(doc))
    paragraph(doc)
    table = layout_table(doc, [width // 2, width - width // 2])
    left, right = table.rows[0].cells
    line = ancestors(report.unit)
    superior = line[1] if len(line) > 1 else None
    recipients = ["Nơi nhận:"]
    if superior is not None:
        recipients.append(f"- Ban Thường vụ {issuing_body(superior)} (để b/c),")
    recipients += ["- Các chi bộ, đảng bộ trực thuộc,", "- Lưu Văn phòng."]
    first = True
    for text in recipients:
        para = left.paragraphs[0] if first else left.add_paragraph()
        run = para.add_run(text)
        run.font.size = Pt(12 if first else 11)
        run.bold = run.italic = first
        first = False
    center = WD_ALIGN_PARAGRAPH.CENTER
    lines = [(on_behalf_of(report.unit), True), ("BÍ THƯ", True)]
    first = True
    for text, bold in lines:
        para = right.paragraphs[0] if first else right.add_paragraph()
        first = False
        para.alignment = center
        run = para.add_run(text)
        run.font.size, run.bold = Pt(14), bold
    for _ in range(4):
        right.add_paragraph()


def report_docx(report: EvaluationReport, day: date) -> bytes:
    doc = new_document()
    add_letterhead(doc, letterhead_for(report.unit, day=day, number=number_line(report)))
    add_title(
        doc,
        "BÁO CÁO",
        subtitle=(
            f"kết quả đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm {report.round.year}"
        ),
    )
    paragraph(doc, "-----", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=8)
    add_body(
        doc,
        f"Thực hiện {report.round.rules_source}, {issuing_body(report.unit)} báo cáo kết quả "
        f"đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm {report.round.year} như "
        f"sau (tỷ lệ đảng viên xếp loại hoàn thành xuất sắc nhiệm vụ: {report.quota_text}; "
        f"số đảng viên tính đến ngày {format_date(report.summary.day)}):",
    )
    if not report.final:
        add_body(
            doc,
            f"Đợt đánh giá đang ở bước «{report.round.get_stage_display()}»: số liệu tạm tính "
            "theo mức chi bộ đề xuất khi cấp ủy chưa quyết định.",
            italic=True,
        )
    add_heading(doc, "I. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI ĐẢNG VIÊN")
    add_body(doc, totals_sentence(report.members.total, "đảng viên", members=True))
    _summary_table(doc, report.members, "Đơn vị")
    add_heading(doc, "II. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI TỔ CHỨC ĐẢNG")
    add_body(doc, totals_sentence(report.organizations.total, "tổ chức đảng", members=False))
    if report.organizations.rows:
        _summary_table(doc, report.organizations, "Đơn vị")
    add_heading(doc, "III. SO VỚI CHỈ TIÊU NGHỊ QUYẾT, CHƯƠNG TRÌNH")
    if report.measures:
        width = int(text_width(doc))
        widths = [int(Mm(9)), 0, int(Mm(32)), int(Mm(36)), int(Mm(20))]
        widths[1] = width - sum(widths)
        grid = add_grid(
            doc,
            ["TT", "Chỉ tiêu", "Yêu cầu", "Kết quả", "Đánh giá"],
            [
                [str(i), m.text, m.required, m.achieved, m.status]
                for i, m in enumerate(report.measures, start=1)
            ],
            widths,
            size=TABLE_PT,
            centered=(0, 4),
        )
        keep_rows_whole(grid)
    else:
        add_body(doc, "Chưa có chỉ tiêu về đánh giá, xếp loại được theo dõi.", italic=True)
    add_heading(doc, "IV. ĐẢNG VIÊN CHƯA ĐƯỢC XẾP LOẠI")
    rows = report.unclassified.to_rate
    if rows:
        width = int(text_width(doc))
        widths = [int(Mm(9)), int(Mm(45)), int(Mm(40)), 0]
        widths[3] = width - sum(widths)
        grid = add_grid(
            doc,
            ["TT", "Họ và tên", "Chi bộ", "Lý do"],
            [
                [str(i), r.member.full_name, r.cell.name, r.reason_text]
                for i, r in enumerate(rows, start=1)
            ],
            widths,
            size=TABLE_PT,
            centered=(0,),
        )
        keep_rows_whole(grid)
    else:
        add_body(doc, "Không có.", italic=True)
    exempt = report.unclassified.exempt
    if exempt:
        names = ", ".join(f"{r.member.full_name} ({r.cell.name})" for r in exempt)
        add_body(
            doc,
            f"Đảng viên miễn công tác và sinh hoạt đảng, không đánh giá: {names}.",
            space_before=6,
        )
    if report.unclassified.more:
        add_body(doc, f"Còn {report.unclassified.more} đảng viên chưa liệt kê.", italic=True)
    _closing(doc, report)
    return to_bytes(doc)
