"""read_file on files as committees make them, and on everything that is not one.

Every fixture is built here, in memory, with openpyxl, xlwt, zipfile or plain bytes.
"""

from __future__ import annotations

import datetime
import io
import re
import struct
import unicodedata
import zipfile
from collections.abc import Callable, Sequence

import pytest
from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl.worksheet.worksheet import Worksheet

from dangbo.imports.reading import ReadError, read_file
from dangbo.imports.reading.legacy import from_unicode


def xlsx(build: Callable[[OpenpyxlWorkbook], None]) -> bytes:
    book = OpenpyxlWorkbook()
    build(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def single_sheet(rows: Sequence[Sequence[object]]) -> bytes:
    def build(book: OpenpyxlWorkbook) -> None:
        sheet = book.active
        assert isinstance(sheet, Worksheet)
        for row in rows:
            sheet.append(row)

    return xlsx(build)


# --- xlsx: layout as people make it ----------------------------------------------------------


def _roll_with_merged_header(book: OpenpyxlWorkbook) -> None:
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "Chi bộ"
    sheet["A1"] = "DANH SÁCH ĐẢNG VIÊN"
    sheet.merge_cells("A1:E1")
    sheet["A2"], sheet["B2"], sheet["C2"], sheet["D2"] = "STT", "Họ và tên", "Chi bộ", "Ngày"
    sheet["D3"], sheet["E3"] = "sinh", "vào Đảng"
    for column in "ABC":
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.merge_cells("D2:E2")
    members = [
        (1, "Nguyễn Văn An", "Chi bộ ấp 1", datetime.date(1975, 4, 30), datetime.date(2001, 5, 19)),
        (2, "Trần Thị Hà", None, datetime.date(1980, 1, 2), datetime.date(2005, 2, 3)),
        (3, "Lê Văn Bình", None, datetime.date(1990, 12, 31), datetime.date(2015, 9, 2)),
        (4, "Phạm Thị Ánh", "Chi bộ ấp 2", datetime.date(1969, 6, 15), datetime.date(1999, 3, 3)),
    ]
    for member in members:
        sheet.append(member)
    sheet.merge_cells("C4:C6")


def test_a_header_merged_over_two_rows_is_filled_into_both():
    sheet = read_file(xlsx(_roll_with_merged_header), "ds.xlsx").sheets[0]
    assert sheet.rows[0] == ["DANH SÁCH ĐẢNG VIÊN"] * 5
    assert sheet.rows[1] == ["STT", "Họ và tên", "Chi bộ", "Ngày", "Ngày"]
    assert sheet.rows[2] == ["STT", "Họ và tên", "Chi bộ", "sinh", "vào Đảng"]
    assert (1, 3, 1, 4) in sheet.merged and (0, 0, 0, 4) in sheet.merged


def test_an_organisation_written_once_for_a_block_is_filled_down():
    sheet = read_file(xlsx(_roll_with_merged_header), "ds.xlsx").sheets[0]
    assert [row[2] for row in sheet.rows[3:]] == ["Chi bộ ấp 1"] * 3 + ["Chi bộ ấp 2"]
    assert (3, 2, 5, 2) in sheet.merged


def test_dates_stay_dates_and_integral_numbers_become_int():
    sheet = read_file(xlsx(_roll_with_merged_header), "ds.xlsx").sheets[0]
    first = sheet.rows[3]
    assert first[0] == 1 and type(first[0]) is int
    assert first[3] == datetime.date(1975, 4, 30)
    assert sheet.name == "Chi bộ" and sheet.encoding == "unicode" and not sheet.hidden


def test_numbers_keep_their_kind():
    data = single_sheet(
        [[1234.0, 1.5, 12345678901.0, True, "0123", datetime.datetime(2024, 1, 2, 8, 30)]]
    )
    row = read_file(data, "so.xlsx").sheets[0].rows[0]
    assert row == [1234, 1.5, 12345678901, True, "0123", datetime.datetime(2024, 1, 2, 8, 30)]
    assert [type(v) for v in row[:4]] == [int, float, int, bool]


def test_hidden_columns_are_reported_by_index():
    def build(book: OpenpyxlWorkbook) -> None:
        sheet = book.active
        assert isinstance(sheet, Worksheet)
        sheet.append(
            ["Họ và tên", "Ghi chú nội bộ", "Ngày sinh", "Cột ẩn 1", "Cột ẩn 2", "Dân tộc"]
        )
        sheet.column_dimensions["B"].hidden = True
        sheet.column_dimensions.group("D", "E", hidden=True)

    sheet = read_file(xlsx(build), "an.xlsx").sheets[0]
    assert sheet.hidden_columns == frozenset({1, 3, 4})
    assert sheet.rows[0][1] == "Ghi chú nội bộ"  # hidden, still read: the caller decides


def test_all_sheets_come_back_in_order_with_the_hidden_one_flagged():
    def build(book: OpenpyxlWorkbook) -> None:
        first = book.active
        assert isinstance(first, Worksheet)
        first.title = "Chi bộ 1"
        first.append(["Nguyễn Văn An"])
        hidden = book.create_sheet("Danh mục")
        hidden.append(["Kinh"])
        hidden.sheet_state = "hidden"
        book.create_sheet("Chi bộ 2").append(["Trần Thị Hà"])

    workbook = read_file(xlsx(build), "nhieu.xlsx")
    assert workbook.format == "xlsx"
    assert [(s.name, s.hidden) for s in workbook.sheets] == [
        ("Chi bộ 1", False),
        ("Danh mục", True),
        ("Chi bộ 2", False),
    ]
    assert workbook.sheets[2].rows == [["Trần Thị Hà"]]


def test_text_is_stripped_and_decomposed_text_comes_out_composed():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    data = single_sheet([[f"  {nfd}\u200b ", " \u00a0 ", "  An  "]])
    row = read_file(data, "nfd.xlsx").sheets[0].rows[0]
    assert row == ["Nguyễn Thị Ánh", None, "An"]
    assert isinstance(row[0], str) and unicodedata.is_normalized("NFC", row[0])


def test_trailing_empty_rows_and_columns_are_trimmed_but_leading_ones_kept():
    def build(book: OpenpyxlWorkbook) -> None:
        sheet = book.active
        assert isinstance(sheet, Worksheet)
        sheet["B3"] = "Họ và tên"
        sheet["C4"] = "An"
        sheet["F10"] = "   "

    rows = read_file(xlsx(build), "le.xlsx").sheets[0].rows
    assert rows == [
        [None, None, None],
        [None, None, None],
        [None, "Họ và tên", None],
        [None, None, "An"],
    ]


def test_formulas_are_not_evaluated():
    data = single_sheet([[2, 3, "=A1+B1", '=HYPERLINK("http://example.invalid","x")', "An"]])
    row = read_file(data, "ct.xlsx").sheets[0].rows[0]
    assert row == [2, 3, None, None, "An"]  # openpyxl stores no cached result; none is computed


def test_a_legacy_tcvn3_roll_in_xlsx_is_converted_and_marked():
    roll = [["Hä vµ tªn", "Ngµy sinh", "Giíi tÝnh", "D©n téc", "Chi bé"]]
    for name in ["Nguyễn Văn An", "Trần Thị Hà", "Lê Hoàng Bình", "Phạm Thị Ánh", "Đỗ Văn Út"]:
        roll.append([from_unicode(name, "tcvn3"), "1/1/1970", "Nam", "Kinh", "Chi bé Êp 1"])
    sheet = read_file(single_sheet(roll), "cu.xlsx").sheets[0]
    assert sheet.encoding == "tcvn3"
    assert sheet.rows[0] == ["Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Chi bộ"]
    assert [row[0] for row in sheet.rows[1:3]] == ["Nguyễn Văn An", "Trần Thị Hà"]
    assert sheet.rows[1][4] == "Chi bộ ấp 1"


def test_a_legacy_vni_roll_in_xlsx_is_converted_and_marked():
    names = ["Nguyễn Văn An", "Trần Thị Hà", "Lê Hoàng Bình", "Phạm Thị Ánh", "Đỗ Văn Út"]
    roll = [[from_unicode("Họ và tên", "vni"), from_unicode("Đảng viên", "vni")]]
    roll += [[from_unicode(name, "vni"), from_unicode("Chính thức", "vni")] for name in names]
    sheet = read_file(single_sheet(roll), "vni.xlsx").sheets[0]
    assert sheet.encoding == "vni"
    assert [row[0] for row in sheet.rows] == ["Họ và tên", *names]


def test_a_unicode_roll_is_left_as_typed():
    names = ["Nguyễn Văn An", "Trần Thị Hà", "Hồ Thị Lệ", "André Dupont", "Võ Văn Kiệt"]
    sheet = read_file(single_sheet([[n] for n in names]), "moi.xlsx").sheets[0]
    assert sheet.encoding == "unicode"
    assert [row[0] for row in sheet.rows] == names


def test_wide_sheets_are_read_whole():
    data = single_sheet([[f"c{i}" for i in range(130)] for _ in range(3)])
    sheet = read_file(data, "rong.xlsx").sheets[0]
    assert len(sheet.rows) == 3 and sheet.rows[2][129] == "c129"


# --- csv ---------------------------------------------------------------------------------

CSV_ROWS = [["Họ và tên", "Ngày sinh", "Số thẻ"], ["Nguyễn Văn Ất", "30/04/1975", "0123"]]


def _csv_text(delimiter: str = ",") -> str:
    return "\r\n".join(delimiter.join(row) for row in CSV_ROWS) + "\r\n"


def _cp1258(text: str) -> bytes:
    """What Windows writes: â ê ô ă ơ ư đ precomposed, tones as combining marks after them."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (_csv_text().encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + _csv_text().encode("utf-8"), "utf-8-sig"),
        (b"\xff\xfe" + _csv_text().encode("utf-16-le"), "utf-16"),
        (b"\xfe\xff" + _csv_text().encode("utf-16-be"), "utf-16"),
        (_csv_text().encode("utf-16-le"), "utf-16-le"),
        (_cp1258(_csv_text()), "cp1258"),
    ],
)
def test_csv_encodings_are_recognised(data, encoding):
    workbook = read_file(data, "ds.csv")
    assert workbook.format == "csv" and workbook.text_encoding == encoding
    assert workbook.sheets[0].rows == CSV_ROWS
    assert workbook.sheets[0].name == "ds"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiters_are_recognised(delimiter):
    workbook = read_file(_csv_text(delimiter).encode("utf-8"), "ds.csv")
    assert workbook.delimiter == delimiter and workbook.sheets[0].rows == CSV_ROWS


def test_a_semicolon_csv_with_decimal_commas_is_not_split_on_the_commas():
    text = "Họ và tên;Điểm;Ghi chú\nAn;8,5;\nBình;9,25;x\nChâu;7;\n"
    workbook = read_file(text.encode("utf-8"), "diem.csv")
    assert workbook.delimiter == ";"
    assert workbook.sheets[0].rows[1] == ["An", "8,5", None]


def test_csv_quotes_are_respected_and_values_stay_text():
    text = 'Họ và tên,Địa chỉ,Số thẻ\n"Lê, Văn Cường","Ấp 1\nxã Tân Hưng",00123\n'
    rows = read_file(text.encode("utf-8"), "q.csv").sheets[0].rows
    assert rows[1] == ["Lê, Văn Cường", "Ấp 1\nxã Tân Hưng", "00123"]


def test_a_csv_in_decomposed_unicode_comes_out_composed():
    data = unicodedata.normalize("NFD", _csv_text()).encode("utf-8")
    assert read_file(data, "nfd.csv").sheets[0].rows == CSV_ROWS


def test_a_csv_saved_from_a_tcvn3_sheet_is_converted():
    rows = [["Hä vµ tªn", "Chi bé"]] + [
        [from_unicode(n, "tcvn3"), "Chi bé Êp 2"] for n in ["Nguyễn Văn An", "Trần Thị Hà"]
    ]
    data = "\n".join(",".join(r) for r in rows).encode("latin-1")
    workbook = read_file(data, "cu.csv")
    assert workbook.sheets[0].encoding == "tcvn3" and workbook.text_encoding == "latin-1"
    assert workbook.sheets[0].rows[1] == ["Nguyễn Văn An", "Chi bộ ấp 2"]


# --- ods and xls -------------------------------------------------------------------------

_ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.2">
<office:automatic-styles><style:style style:name="ta2" style:family="table">
<style:table-properties table:display="false"/></style:style></office:automatic-styles>
<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>
</office:document-content>"""

_ODS_ROLL = """<table:table table:name="Chi bộ">
<table:table-column table:number-columns-repeated="2"/>
<table:table-column table:visibility="collapse"/><table:table-column/>
<table:table-row><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="2"
 office:value-type="string"><text:p>Họ và tên</text:p></table:table-cell><table:covered-table-cell/>
<table:table-cell office:value-type="string"><text:p>Ghi chú</text:p></table:table-cell>
<table:table-cell office:value-type="string"><text:p>Ngày sinh</text:p></table:table-cell>
</table:table-row>
<table:table-row><table:covered-table-cell table:number-columns-repeated="2"/>
<table:table-cell/><table:table-cell/></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>Nguyễn Văn An</text:p>
</table:table-cell><table:table-cell office:value-type="float" office:value="1234">
<text:p>1234</text:p></table:table-cell><table:table-cell/>
<table:table-cell office:value-type="date" office:date-value="1975-04-30">
<text:p>30/04/1975</text:p></table:table-cell></table:table-row>
</table:table>
<table:table table:name="Ẩn" table:style-name="ta2"><table:table-row>
<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>
</table:table-row></table:table>"""


def ods(tables: str) -> bytes:
    # calamine, like LibreOffice's own output, wants no whitespace between elements.
    content = re.sub(r">\s+<", "><", _ODS_CONTENT.format(tables=tables)).replace("\n", " ")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def test_an_ods_roll_is_read_with_merges_hidden_columns_and_hidden_sheets():
    workbook = read_file(ods(_ODS_ROLL), "ds.ods")
    assert workbook.format == "ods"
    roll, hidden = workbook.sheets
    assert roll.name == "Chi bộ" and not roll.hidden and hidden.hidden
    assert roll.rows == [
        ["Họ và tên", "Họ và tên", "Ghi chú", "Ngày sinh"],
        ["Họ và tên", "Họ và tên", None, None],
        ["Nguyễn Văn An", 1234, None, datetime.date(1975, 4, 30)],
    ]
    assert roll.merged == [(0, 0, 1, 1)]
    assert roll.hidden_columns == frozenset({2})


def test_an_xls_roll_is_read_with_merges_dates_and_hidden_sheets():
    xlwt = pytest.importorskip("xlwt", reason="xlwt builds the .xls fixture")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Chi bộ")
    sheet.write_merge(0, 1, 0, 0, "Họ và tên")
    sheet.write(0, 1, "Ngày sinh")
    sheet.write(2, 0, "Nguyễn Văn An")
    sheet.write(2, 1, datetime.date(1975, 4, 30), xlwt.easyxf(num_format_str="dd/mm/yyyy"))
    sheet.write(2, 2, 1234.0)
    book.add_sheet("Ẩn").visibility = 1
    buffer = io.BytesIO()
    book.save(buffer)
    workbook = read_file(buffer.getvalue(), "cu.xls")
    assert workbook.format == "xls"
    roll = workbook.sheets[0]
    assert roll.rows == [
        ["Họ và tên", "Ngày sinh", None],
        ["Họ và tên", None, None],
        ["Nguyễn Văn An", datetime.date(1975, 4, 30), 1234],
    ]
    assert [s.hidden for s in workbook.sheets] == [False, True]


def test_the_content_decides_the_format_not_the_name():
    assert read_file(single_sheet([["An"]]), "ds.csv").format == "xlsx"
    assert read_file(b"Ho ten\tNgay sinh\nAn\t1/1/1970\n", "xuat-tu-web.xls").format == "csv"


# --- what is not a readable spreadsheet ----------------------------------------------------


def _assert_refused(data: bytes, name: str, words: str, **limits: int) -> str:
    with pytest.raises(ReadError) as caught:
        read_file(data, name, **limits)
    message = str(caught.value)
    assert words in message and message.endswith("."), message
    return message


_WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml", f'<Types><Override ContentType="{_WORD_TYPE}"/></Types>'
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "ds.pdf"),
        (PNG + b"\x00" * 64, "anh.xlsx"),
        (_docx(), "ds.docx"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "ds.exe"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\x00" * 500
            + "WordDocument".encode("utf-16-le"),
            "ds.doc",
        ),
    ],
)
def test_files_that_are_not_spreadsheets_are_refused(data, name):
    _assert_refused(data, name, "không phải bảng tính")


def test_a_truncated_xlsx_is_reported_as_corrupt():
    data = single_sheet([["Nguyễn Văn An"]] * 50)
    _assert_refused(data[: len(data) // 2], "ds.xlsx", "bị hỏng")


def test_an_xlsx_with_broken_sheet_xml_is_reported_as_corrupt():
    source = zipfile.ZipFile(io.BytesIO(single_sheet([["An"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            body = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                body = body[: len(body) // 2] + b"<<<&&&"
            archive.writestr(name, body)
    _assert_refused(buffer.getvalue(), "ds.xlsx", "bị hỏng")


def test_a_password_protected_workbook_is_refused_with_a_hint():
    fake = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 1000
        + "EncryptedPackage".encode("utf-16-le")
    )
    message = _assert_refused(fake, "mat-khau.xlsx", "mật khẩu")
    assert message.startswith("Tệp được đặt mật khẩu")


def test_a_zip_bomb_with_an_extreme_compression_ratio_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(12):
                member.write(b"\x00" * 2**20)
    assert len(buffer.getvalue()) < 100_000
    _assert_refused(buffer.getvalue(), "bom.xlsx", "tệp độc hại")


def test_a_zip_claiming_500_mb_unpacked_is_refused_without_unpacking_it():
    data = bytearray(single_sheet([["An"]]))
    # Patch every central-directory entry to claim 500 MB uncompressed.
    position = data.find(b"PK\x01\x02")
    while position != -1:
        struct.pack_into("<I", data, position + 24, 500 * 2**20)
        position = data.find(b"PK\x01\x02", position + 4)
    _assert_refused(bytes(data), "ds.xlsx", "vượt 400 MB")


def test_the_unpacked_limit_is_the_callers():
    data = single_sheet([[f"Nguyễn Văn {i}" for i in range(10)]] * 2000)
    _assert_refused(data, "ds.xlsx", "vượt 0,1 MB", max_unpacked_bytes=2**20 // 10)


def test_a_file_over_the_size_limit_is_refused_naming_the_limit():
    message = _assert_refused(b"\x00" * (50 * 2**20), "to.xlsx", "vượt giới hạn 40 MB")
    assert message.startswith("Tệp 50,0 MB vượt giới hạn 40 MB")


def test_an_empty_file_is_refused():
    _assert_refused(b"", "rong.csv", "rỗng")
    _assert_refused(b"\xef\xbb\xbf \r\n", "rong.csv", "rỗng")


def test_a_binary_xlsb_workbook_is_explained():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    _assert_refused(buffer.getvalue(), "ds.xlsb", ".xlsb")


def test_an_html_page_saved_as_xls_is_explained():
    page = "<html><body><table><tr><td>Họ và tên</td></tr></table></body></html>"
    _assert_refused(page.encode("utf-8"), "xuat.xls", "trang web")


def _far_cell(book: OpenpyxlWorkbook) -> None:
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet["A1"] = "Họ và tên"
    sheet["XFD1048576"] = "x"


def test_a_sheet_with_a_value_far_from_the_table_is_refused_not_fatal():
    # calamine would allocate the whole 1,048,576 x 16,384 rectangle and abort the process.
    _assert_refused(xlsx(_far_cell), "xa.xlsx", "vùng dữ liệu quá lớn")


def test_the_far_value_is_found_however_its_reference_is_spelt():
    source = zipfile.ZipFile(io.BytesIO(xlsx(_far_cell)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            body = source.read(name).replace(b'<row r="1048576"', b"<row")
            archive.writestr(name, body.replace(b'r="XFD1048576"', b"r = 'XFD1048576'"))
    _assert_refused(buffer.getvalue(), "xa.xlsx", "vùng dữ liệu quá lớn")


def test_an_ods_whose_repeated_cells_span_the_whole_grid_is_refused_not_fatal():
    table = (
        '<table:table table:name="T"><table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell table:number-columns-repeated="16000" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row></table:table>"
    )
    _assert_refused(ods(table), "lap.ods", "vùng dữ liệu quá lớn")


# --- the head of a file: what the pages read --------------------------------------------------


def _numbered_roll(count: int) -> list[list[object]]:
    header: list[object] = ["STT", "Họ và tên"]
    return [header] + [[n, f"Đảng viên {n}"] for n in range(1, count + 1)]


def test_the_head_of_an_xlsx_is_its_first_rows_and_knows_the_sheets_height() -> None:
    data = single_sheet(_numbered_roll(500))
    head = read_file(data, "ds.xlsx", head_rows=50).sheets[0]
    assert len(head.rows) == 50
    assert head.rows[1] == [1, "Đảng viên 1"]
    assert head.total_rows == 501 and head.is_head
    whole = read_file(data, "ds.xlsx").sheets[0]
    assert len(whole.rows) == whole.total_rows == 501 and not whole.is_head
    assert whole.rows[:50] == head.rows


def test_the_head_of_a_csv_is_its_first_rows_and_a_short_file_is_whole() -> None:
    text = "\n".join(";".join(str(v) for v in row) for row in _numbered_roll(500))
    head = read_file(text.encode("utf-8"), "ds.csv", head_rows=50).sheets[0]
    assert len(head.rows) == 50 and head.total_rows == 501 and head.is_head
    short = read_file(text.encode("utf-8"), "ds.csv", head_rows=1000).sheets[0]
    assert len(short.rows) == short.total_rows == 501 and not short.is_head


def test_an_xlsx_broken_past_its_head_is_refused_even_when_only_the_head_is_asked_for() -> None:
    source = zipfile.ZipFile(io.BytesIO(single_sheet(_numbered_roll(500))))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as broken:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                # The last row's cell tags are cut off: the XML no longer parses.
                content = content.replace(b"</sheetData>", b"<row r='502'><c r='A502' t=")
            broken.writestr(item, content)
    with pytest.raises(ReadError):
        read_file(buffer.getvalue(), "ds.xlsx", head_rows=50)
