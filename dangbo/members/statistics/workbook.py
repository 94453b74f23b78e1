"""The statistics tables as an .xlsx workbook: one sheet per table, each with a title row
naming the unit and the day (dd/mm/yyyy), a bold frozen header, set column widths, and the
counts as numbers (shown 1.234 by a Vietnamese Excel)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from dangbo.core.formats import format_date
from dangbo.core.xlsx import NUMBER_FORMAT, SHEET_TITLE_MAX, clean_text
from dangbo.members.statistics.tables import Statistics, Table

# Sheet names are at most 31 characters: the tables' short names.
SHEET_NAMES = {
    "status": "Trạng thái",
    "sex": "Giới tính",
    "age": "Độ tuổi",
    "ethnicity": "Dân tộc",
    "religion": "Tôn giáo",
    "education": "Trình độ chuyên môn",
    "theory": "Lý luận chính trị",
    "party_age": "Tuổi đảng",
    "admitted": "Kết nạp",
    "leaving": "Ra khỏi danh sách",
}
UNIT_HEADER = "Đơn vị"
HEADER_ROW = 4  # title, subtitle, a blank line, then the header
_TITLE_FONT = Font(bold=True, size=13)
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", start_color="F2DCDB")
_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="center")
_THIN = Side(style="thin")
_HEADER_BORDER = Border(bottom=_THIN)
_TOTAL_BORDER = Border(top=_THIN)
UNIT_WIDTH_RANGE = (24, 60)
COUNT_WIDTH_RANGE = (10, 22)


def subtitle(stats: Statistics, table: Table) -> str:
    if table.period:
        return (
            f"{stats.unit_name}: từ ngày {format_date(stats.period.start)} "
            f"đến ngày {format_date(stats.period.end)}"
        )
    return f"{stats.unit_name}: tính đến ngày {format_date(stats.as_of)}"


def _width(texts: list[str], bounds: tuple[int, int]) -> int:
    low, high = bounds
    return max(low, min(high, max((len(t) for t in texts), default=0) + 2))


def _write_table(workbook: Workbook, stats: Statistics, table: Table) -> None:
    sheet = workbook.create_sheet(SHEET_NAMES.get(table.key, table.title)[:SHEET_TITLE_MAX])
    sheet["A1"] = clean_text(table.title)
    sheet["A1"].font = _TITLE_FONT
    sheet["A2"] = clean_text(subtitle(stats, table))
    headers = [UNIT_HEADER, *(c.label for c in table.columns)]
    for index, text in enumerate(headers, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=clean_text(text))
        cell.font, cell.fill = _BOLD, _HEADER_FILL
        cell.alignment, cell.border = _HEADER_ALIGNMENT, _HEADER_BORDER
    for offset, row in enumerate((*table.rows, table.total), start=1):
        line = HEADER_ROW + offset
        is_total = row.organization_id is None
        first = sheet.cell(row=line, column=1, value=clean_text(row.label))
        for index, value in enumerate(row.values, start=2):
            cell = sheet.cell(row=line, column=index, value=value)
            cell.number_format = NUMBER_FORMAT
            if is_total:
                cell.font, cell.border = _BOLD, _TOTAL_BORDER
        if is_total:
            first.font, first.border = _BOLD, _TOTAL_BORDER
    labels = [row.label for row in table.rows]
    sheet.column_dimensions["A"].width = _width([UNIT_HEADER, *labels], UNIT_WIDTH_RANGE)
    for index, column in enumerate(table.columns, start=2):
        # Long headers wrap; the width follows their longest word rather than the whole.
        longest_word = max(column.label.split(), key=len, default="")
        sheet.column_dimensions[get_column_letter(index)].width = _width(
            [longest_word, column.label[:14]], COUNT_WIDTH_RANGE
        )
    sheet.row_dimensions[HEADER_ROW].height = 32
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=2)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def statistics_workbook(stats: Statistics) -> bytes:
    """The .xlsx file. Ten small sheets: built in memory, not streamed."""
    workbook = Workbook()
    default = workbook.active
    for table in stats.tables:
        _write_table(workbook, stats, table)
    if default is not None:
        workbook.remove(default)
    target = BytesIO()
    workbook.save(target)
    return target.getvalue()


def file_name(stats: Statistics) -> str:
    return f"thong-ke-dang-vien-{stats.organization_id}-{stats.as_of:%Y%m%d}.xlsx"
