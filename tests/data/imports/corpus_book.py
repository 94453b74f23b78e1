"""Shared pieces of the corpus writers: columns, tables in openpyxl sheets, byte-stable saving."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from corpus_people import Person, expected, fmt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FILES = Path(__file__).resolve().parent / "files"
# Every zip member and document property carries this moment, so reruns give the same bytes.
FIXED_MOMENT = datetime(2026, 10, 31, 8, 0, 0)
ZIP_TIME = (2026, 10, 31, 8, 0, 0)
DATE_FORMAT = "dd/mm/yyyy"
EXCEL_EPOCH = date(1899, 12, 30)

Value = Callable[[int, Person], Any]


@dataclass(frozen=True)
class Col:
    header: str
    value: Value
    field: str | None = None  # the member field it carries (drives expected())
    number_format: str | None = None
    width: float = 13
    hidden: bool = False


def serial(day: date) -> int:
    return (day - EXCEL_EPOCH).days


def ddmmyyyy(day: date | None) -> str:
    return fmt(day) or ""


# Columns most files share; files rename headers with dataclasses.replace.
STT = Col("STT", lambda i, p: i, width=5)
NAME = Col("Họ và tên", lambda i, p: p.full_name, "full_name", width=26)
BIRTH = Col("Ngày sinh", lambda i, p: p.birth_date, "birth_date", DATE_FORMAT)
SEX = Col("Giới tính", lambda i, p: p.sex_label, "sex", width=9)
ETHNICITY = Col("Dân tộc", lambda i, p: p.ethnicity, "ethnicity", width=9)
RELIGION = Col("Tôn giáo", lambda i, p: p.religion, "religion")
HOMETOWN = Col("Quê quán", lambda i, p: p.hometown, "hometown", width=40)
NATIONAL_ID = Col("Số CCCD", lambda i, p: p.national_id, "national_id", "@", width=15)
CARD = Col("Số thẻ đảng viên", lambda i, p: p.card_number or None, "card_number", "@")
ADMITTED = Col("Ngày vào Đảng", lambda i, p: p.admitted_on, "admitted_on", DATE_FORMAT)
OFFICIAL = Col("Ngày chính thức", lambda i, p: p.official_on, "official_on", DATE_FORMAT)
THEORY = Col("Lý luận chính trị", lambda i, p: p.theory_label or None, "theory_level")
POSITION = Col("Chức vụ Đảng", lambda i, p: p.party_position or None, "party_position", width=18)
OCCUPATION = Col("Nghề nghiệp", lambda i, p: p.occupation, "occupation", width=16)
PHONE = Col("Điện thoại", lambda i, p: p.phone, "phone", "@", width=12)

BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def fields(cols: Iterable[Col]) -> set[str]:
    return {c.field for c in cols if c.field and not c.hidden}


def new_book() -> Workbook:
    book = Workbook()
    book.properties.creator = "Văn phòng Đảng ủy xã An Bình"
    book.properties.created = FIXED_MOMENT
    book.properties.modified = FIXED_MOMENT
    return book


def write_header(ws: Worksheet, row: int, cols: Sequence[Col]) -> None:
    for j, col in enumerate(cols, start=1):
        cell = ws.cell(row=row, column=j, value=col.header)
        cell.font = BOLD
        cell.alignment = CENTER
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = col.width
        if col.hidden:
            ws.column_dimensions[letter].hidden = True


@dataclass(frozen=True)
class Styled:
    """A value with a number format of its own, for columns whose cells differ."""

    value: Any
    number_format: str


@dataclass(frozen=True)
class Formula:
    """A real formula; openpyxl writes no cached value, as a file never opened in Excel."""

    text: str


def _format_for(col: Col, value: Any) -> str | None:
    wanted = col.number_format
    if wanted == "@":
        return wanted if isinstance(value, str) else None
    if wanted == DATE_FORMAT:
        return wanted if isinstance(value, date) else None
    return wanted if isinstance(value, int | float) else None


def write_row(ws: Worksheet, row: int, cols: Sequence[Col], index: int, person: Person) -> None:
    for j, col in enumerate(cols, start=1):
        value = col.value(index, person)
        if isinstance(value, Formula):
            ws.cell(row=row, column=j, value=value.text)
            continue
        number_format = None
        if isinstance(value, Styled):
            value, number_format = value.value, value.number_format
        if value is None or value == "":
            continue
        cell = ws.cell(row=row, column=j, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # typed text that merely looks like a formula
        number_format = number_format or _format_for(col, value)
        if number_format:
            cell.number_format = number_format


def write_table(
    ws: Worksheet, top: int, cols: Sequence[Col], people: Sequence[Person], *, header: bool = True
) -> list[int]:
    """Header at `top` (unless header=False), one row per person below; returns their rows."""
    if header:
        write_header(ws, top, cols)
    rows = []
    for i, person in enumerate(people, start=1):
        row = top + i if header else top + i - 1
        write_row(ws, row, cols, i, person)
        rows.append(row)
    return rows


def members(
    people: Iterable[Person], org: str | Callable[[Person], str], cols: Iterable[Col]
) -> list[dict[str, Any]]:
    have = fields(cols)
    return [expected(p, org if isinstance(org, str) else org(p), have) for p in people]


def stable_zip(data: bytes, *, overrides: dict[str, bytes] | None = None) -> bytes:
    """The same archive with fixed timestamps and the save-time `modified` property pinned."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = (overrides or {}).get(info.filename, src.read(info.filename))
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + FIXED_MOMENT.isoformat().encode() + rb"Z\g<2>",
                    body,
                )
            stored = info.filename == "mimetype"
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.create_system = 3
            member.external_attr = 0o644 << 16
            member.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            dst.writestr(member, body, compresslevel=None if stored else 6)
    return out.getvalue()


def save_book(book: Workbook, name: str) -> Path:
    buffer = io.BytesIO()
    book.save(buffer)
    path = FILES / name
    path.write_bytes(stable_zip(buffer.getvalue()))
    return path


def case(
    file: str,
    org: str,
    peculiarities: list[str],
    *,
    members: list[dict[str, Any]] | None = None,
    errors: list[dict[str, Any]] | None = None,
    outcome: str = "ok",
    sheet: str | None = None,
    user: str = "province_admin",
    skip_invalid: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "file": file,
        "org": org,
        "user": user,
        "sheet": sheet,
        "options": {"skip_invalid": skip_invalid},
        "outcome": outcome,
        "peculiarities": peculiarities,
        **extra,
        "members": members or [],
        "errors": errors or [],
    }


def error(row: int, field: str | Sequence[str | None], contains: str) -> dict[str, Any]:
    return {"row": row, "field": field, "contains": contains}
