"""Spreadsheets for people: typed cells, text that stays text, nothing that breaks the file."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from dangbo.core.xlsx import CellKind, SheetColumn, csv_lines, write_xlsx

COLUMNS = [
    SheetColumn("Họ và tên", width=30),
    SheetColumn("Ngày sinh", CellKind.DATE, 12),
    SheetColumn("Số CCCD", CellKind.CODE, 15),
    SheetColumn("Tuổi đảng", CellKind.NUMBER, 8),
]


def test_rows_are_written_typed_under_a_frozen_bold_header() -> None:
    target = io.BytesIO()

    count = write_xlsx(
        target,
        title="Danh sách",
        columns=COLUMNS,
        rows=iter([["Nguyễn Văn An", dt.date(1985, 2, 3), "001085000123", 12]]),
    )
    ws = load_workbook(target).active

    assert count == 1
    assert ws.title == "Danh sách"
    assert [c.value for c in ws[1]] == ["Họ và tên", "Ngày sinh", "Số CCCD", "Tuổi đảng"]
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width == 30
    assert ws.auto_filter.ref == "A1:D2"
    _, born, cccd, years = ws[2]
    assert born.value == dt.datetime(1985, 2, 3) and born.number_format == "DD/MM/YYYY"
    assert cccd.value == "001085000123" and cccd.data_type == "s"
    assert years.value == 12 and years.data_type == "n"


def test_text_that_would_break_or_run_in_excel_stays_plain_text() -> None:
    target = io.BytesIO()

    write_xlsx(
        target,
        title="A/B: [1]*?" * 5,
        columns=COLUMNS,
        rows=[["=1+1", None, "0123", None], ["Tên\x01 lạ\x0b", "", "", ""]],
    )
    ws = load_workbook(target).active

    assert ws.title == "A-B- -1---A-B- -1---A-B- -1---A"
    assert ws["A2"].value == "=1+1" and ws["A2"].data_type == "s"
    assert ws["C2"].value == "0123"
    assert ws["A3"].value == "Tên lạ"
    assert ws["B3"].value is None


def test_the_csv_has_a_bom_vietnamese_dates_and_defused_formulas() -> None:
    lines = list(
        csv_lines(
            COLUMNS,
            [
                ["=HYPERLINK(1)", dt.date(2001, 9, 2), "0123", 5],
                ["-x", None, "+84912345678", None],
                ["-5", None, "@SUM(1)", None],
            ],
        )
    )

    assert lines[0] == "\ufeffHọ và tên,Ngày sinh,Số CCCD,Tuổi đảng\r\n"
    assert lines[1] == "'=HYPERLINK(1),02/09/2001,0123,5\r\n"
    assert lines[2] == "'-x,,+84912345678,\r\n"
    assert lines[3] == "-5,,'@SUM(1),\r\n"
