"""Files 13–14: an old .xls (xlwt, BIFF8) and a LibreOffice .ods written by hand."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import date
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import xlwt
from corpus_book import (
    ADMITTED,
    BIRTH,
    CARD,
    ETHNICITY,
    FILES,
    NAME,
    NATIONAL_ID,
    OFFICIAL,
    RELIGION,
    SEX,
    STT,
    THEORY,
    ZIP_TIME,
    Col,
    case,
    ddmmyyyy,
    members,
)
from corpus_people import Cast, Person
from corpus_sheets import CELL_A, CELL_B, CELL_NAMES


def legacy_xls(cast: Cast) -> list[dict[str, Any]]:
    people = cast.people(8, probationary=1)
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("Chi bộ Ấp Hai")
    bold = xlwt.easyxf("font: name Times New Roman, bold on; align: horiz center, vert center")
    title = xlwt.easyxf("font: name Times New Roman, bold on, height 280; align: horiz center")
    dated = xlwt.easyxf("font: name Times New Roman", num_format_str="dd/mm/yyyy")
    plain = xlwt.easyxf("font: name Times New Roman")
    tall = ["STT", "Họ và tên", "Giới tính", "Dân tộc", "Tôn giáo", "Số thẻ đảng viên"]
    ws.write_merge(0, 0, 0, 9, "DANH SÁCH ĐẢNG VIÊN CHI BỘ ẤP HAI", title)
    for j, text in enumerate(tall):
        ws.write_merge(2, 3, j, j, text, bold)
    ws.write_merge(2, 2, 6, 8, "Ngày, tháng, năm", bold)
    for j, text in enumerate(("Sinh", "Vào Đảng", "Chính thức"), start=6):
        ws.write(3, j, text, bold)
    ws.write_merge(2, 3, 9, 9, "Lý luận chính trị", bold)
    cols = [STT, NAME, SEX, ETHNICITY, RELIGION, CARD, BIRTH, ADMITTED, OFFICIAL, THEORY]
    for i, person in enumerate(people, start=1):
        for j, col in enumerate(cols):
            value = col.value(i, person)
            if value is not None:
                ws.write(3 + i, j, value, dated if isinstance(value, date) else plain)
    ws.col(1).width = 26 * 256
    buffer = io.BytesIO()
    book.save(buffer)
    (FILES / "13_legacy.xls").write_bytes(buffer.getvalue())
    return [
        case(
            "13_legacy.xls",
            CELL_B,
            [
                "Excel 97-2003 .xls (BIFF8)",
                "merged title row",
                "two-row merged header: 'Ngày, tháng, năm' over 'Sinh' | 'Vào Đảng' | 'Chính thức'",
            ],
            members=members(people, CELL_B, cols),
        )
    ]


_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" \
manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" \
manifest:media-type="{_MIMETYPE}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def _ods_cell(value: Any, span: str = "") -> str:
    if value is None or value == "":
        return f"<table:table-cell{span}/>"
    if isinstance(value, date):
        kind = f'office:value-type="date" office:date-value="{value.isoformat()}"'
        shown = ddmmyyyy(value)
    elif isinstance(value, int | float):
        kind, shown = f'office:value-type="float" office:value="{value}"', str(value)
    else:
        kind, shown = 'office:value-type="string"', str(value)
    return f"<table:table-cell{span} {kind}><text:p>{escape(shown)}</text:p></table:table-cell>"


def _ods(sheet: str, columns: str, rows: list[str]) -> bytes:
    body = "".join(f"<table:table-row>{row}</table:table-row>\n" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-content {_NS} office:version="1.2">'
        "<office:body><office:spreadsheet>"
        f"<table:table table:name={quoteattr(sheet)}>{columns}\n{body}</table:table>"
        "</office:spreadsheet></office:body></office:document-content>\n"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        # ODF: "mimetype" first and stored, so the type can be read at a fixed offset.
        for name, data, method in (
            ("mimetype", _MIMETYPE, zipfile.ZIP_STORED),
            ("META-INF/manifest.xml", _MANIFEST, zipfile.ZIP_DEFLATED),
            ("content.xml", content, zipfile.ZIP_DEFLATED),
        ):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.create_system, info.external_attr, info.compress_type = 3, 0o644 << 16, method
            archive.writestr(info, data.encode("utf-8"))
    return out.getvalue()


def libreoffice_ods(cast: Cast) -> list[dict[str, Any]]:
    blocks = [(CELL_A, cast.people(5, probationary=1)), (CELL_B, cast.people(4))]
    stale_birth = Col("Ngày sinh", lambda i, p: p.birth_date.replace(year=p.birth_date.year - 1))
    cols = [STT, NAME, stale_birth, BIRTH, SEX, ETHNICITY, RELIGION, NATIONAL_ID, CARD]
    cols += [ADMITTED, OFFICIAL, replace(THEORY, header="LLCT")]
    width = len(cols) + 1
    title = _ods_cell(
        "DANH SÁCH ĐẢNG VIÊN ĐẢNG BỘ XÃ AN BÌNH", f' table:number-columns-spanned="{width}"'
    )
    rows = [title + f'<table:covered-table-cell table:number-columns-repeated="{width - 1}"/>']
    rows.append("".join(_ods_cell(c.header) for c in [*cols, Col("Chi bộ", STT.value)]))
    index, expected = 1, []
    for org, people in blocks:
        for k, person in enumerate(people):
            cells = "".join(_ods_cell(c.value(index, person)) for c in cols)
            if k == 0:
                cells += _ods_cell(CELL_NAMES[org], f' table:number-rows-spanned="{len(people)}"')
            else:
                cells += "<table:covered-table-cell/>"
            rows.append(cells)
            index += 1
        expected += members(people, org, [c for c in cols if c is not stale_birth])
    columns = (
        '<table:table-column table:number-columns-repeated="2"/>'
        '<table:table-column table:visibility="collapse"/>'
        f'<table:table-column table:number-columns-repeated="{width - 3}"/>'
    )
    (FILES / "14_libreoffice.ods").write_bytes(_ods("Đảng bộ", columns, rows))
    return [
        case(
            "14_libreoffice.ods",
            "TN.AB",
            [
                "OpenDocument spreadsheet",
                "title spanning all columns (number-columns-spanned + covered cells)",
                "cell name merged down the 'Chi bộ' column (number-rows-spanned)",
                "hidden column (visibility=collapse) holding a stale second 'Ngày sinh'",
            ],
            members=expected,
        )
    ]


_ = Person
