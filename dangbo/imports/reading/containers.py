"""Looking inside zip containers (xlsx, ods) before any spreadsheet library touches them.

Three things are read here, with zipfile and streaming scans, never by decompressing more than
the headers promise: the decompression-bomb check, the kind of zip, and per sheet what calamine
does not give (hidden columns; merged cells of ods) plus the extent of the cells that hold a
value. The extent matters for safety: calamine allocates one slot per cell of the rectangle
from the first to the last value, so a 5 KB file with values in A1 and XFD1048576 would ask
for 500 GB and abort the whole process rather than raise.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from dangbo.imports.reading import messages

__all__ = ["MAX_CELLS", "SheetParts", "check_bomb", "ods_sheets", "xlsx_sheets", "zip_kind"]

_BOMB_RATIO = 200
_BOMB_MEMBER_SIZE = 10 * 2**20
_SMALL_PART = 10 * 2**20  # workbook.xml, relationships, content types: never near this
_CHUNK = 2**20
_MAX_ROWS, _MAX_COLUMNS = 2**20, 2**14  # Excel's own limits; repeat counts are clipped to them

_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "

_COL = re.compile(rb"<(?:[\w.-]+:)?col\s([^>]*)>")
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SHEET_DATA = re.compile(rb"<(?:[\w.-]+:)?sheetData\b")
# A cell or row reference far enough out that the sheet could exceed MAX_CELLS: a column from
# DA (index 104) on, or a row from 480,000 on (480,000 x 104 is about MAX_CELLS). Real rolls
# never have one, and then the sheet needs no closer look; the pattern starts with the literal
# "r" so the regex engine skips through the XML quickly.
_FAR_REFERENCE = re.compile(
    rb"""r\s*=\s*["'](?:[A-Z]{3}|[D-Z][A-Z]|[A-Z]{0,2}(?:4[89][0-9]{4}|[5-9][0-9]{5}|[1-9][0-9]{6}))"""
)
_REFERENCE = re.compile(rb"""r\s*=\s*["']([A-Z]{0,3})([0-9]{1,7})["']""")
_CELL_TAGS = (b"<c ", b"<c>", b":c ", b":c>")
# Far above any real roll (100,000 members x 25 columns is 2.5 million cells) and below what
# would exhaust memory: calamine keeps about 32 bytes per cell of the rectangle.
MAX_CELLS = 50_000_000


@dataclass
class SheetParts:
    """What a container says about one sheet beyond its cell values."""

    hidden_columns: set[int] = field(default_factory=set)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    rows: int = 0  # extent of the cells holding a value: the rectangle calamine will allocate
    columns: int = 0

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def check_bomb(archive: zipfile.ZipFile, max_unpacked_bytes: int) -> None:
    """Refuse a zip whose members would unpack past the limit, going by the headers alone."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > max_unpacked_bytes or (
            ratio > _BOMB_RATIO and info.file_size > _BOMB_MEMBER_SIZE
        ):
            raise messages.unpacked_too_big(max_unpacked_bytes)


def zip_kind(archive: zipfile.ZipFile) -> str:
    """Which spreadsheet a zip holds: "xlsx", "xlsb", "ods", or "" (a .docx, some photos…)."""
    names = set(archive.namelist())
    if "mimetype" in names and _read_small(archive, "mimetype").startswith(_ODS_MIMETYPE):
        return "ods"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "xl/workbook.xml" in names:
        return "xlsx"
    # The main part may sit elsewhere; a .docx holding a chart lists an embedded
    # "spreadsheetml.sheet" package, never the ".main+xml" workbook part.
    if "[Content_Types].xml" in names:
        types = _read_small(archive, "[Content_Types].xml")
        if b"spreadsheetml.sheet.main+xml" in types or b"ms-excel.sheet.macroEnabled.main" in types:
            return "xlsx"
    manifest = "META-INF/manifest.xml"
    if manifest in names and _ODS_MIMETYPE in _read_small(archive, manifest):
        return "ods"
    return ""


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    if archive.getinfo(name).file_size > _SMALL_PART:
        raise messages.corrupt("xlsx")
    return archive.read(name)


def _parser() -> expat.XMLParserType:
    """An expat parser that refuses entity declarations, the root of billion-laughs bombs."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse(*_: object) -> None:
        raise ValueError("entity declaration")

    parser.EntityDeclHandler = refuse
    return parser


def _elements(xml: bytes, local_name: str) -> list[dict[str, str]]:
    """Attributes (by local name) of every element called `local_name`, in document order."""
    found: list[dict[str, str]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if name.rsplit(" ", 1)[-1] == local_name:
            found.append({key.rsplit(" ", 1)[-1]: value for key, value in attrs.items()})

    parser = _parser()
    parser.StartElementHandler = start
    parser.Parse(xml, True)
    return found


def xlsx_sheets(archive: zipfile.ZipFile) -> dict[str, SheetParts]:
    """Hidden columns, and value extent when it may be large, of each worksheet by name."""
    names = set(archive.namelist())
    workbook_part = "xl/workbook.xml"
    rels_part = "xl/_rels/workbook.xml.rels"
    if workbook_part not in names or rels_part not in names:
        return {}
    targets: dict[str, str] = {}
    for relationship in _elements(_read_small(archive, rels_part), "Relationship"):
        target = relationship.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[relationship.get("Id", "")] = posixpath.normpath(part)
    sheets: dict[str, SheetParts] = {}
    for sheet in _elements(_read_small(archive, workbook_part), "sheet"):
        part = targets.get(sheet.get("id", ""), "")
        if part in names:
            sheets[sheet.get("name", "")] = _scan_xlsx_sheet(archive, part)
    return sheets


def _tag_chunks(archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The decompressed XML of `part` in pieces of about a megabyte, never splitting a tag."""
    carry = b""
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            text = carry + chunk
            open_at, closed_at = text.rfind(b"<"), text.rfind(b">")
            cut = len(text) if not chunk or closed_at > open_at else open_at
            if len(text) - cut > _CHUNK:  # a megabyte-long tag is no spreadsheet's
                raise messages.corrupt("xlsx")
            if cut or not chunk:
                yield text[:cut]
                carry = text[cut:]
            else:
                carry = text
            if not chunk:
                return


def _scan_xlsx_sheet(archive: zipfile.ZipFile, part: str) -> SheetParts:
    """Hidden columns (<col> before <sheetData>), and the value extent when it may be large."""
    info = SheetParts()
    in_data = far = False
    for body in _tag_chunks(archive, part):
        if not in_data:
            start = _SHEET_DATA.search(body)
            _hidden_cols(body[: start.start()] if start else body, info.hidden_columns)
            in_data = start is not None
        far = far or _FAR_REFERENCE.search(body) is not None
    if far:
        info.rows, info.columns = _exact_extent(archive, part)
    return info


def _exact_extent(archive: zipfile.ZipFile, part: str) -> tuple[int, int]:
    """(rows, columns) of the rectangle from the first to the last referenced cell or row.

    Cells without a reference take the next column, so their count bounds the width they add.
    """
    rows: set[bytes] = set()
    columns: set[bytes] = set()
    cells = referenced = 0
    for body in _tag_chunks(archive, part):
        for letters, number in _REFERENCE.findall(body):
            rows.add(number)
            if letters:
                columns.add(letters)
                referenced += 1
        cells += sum(body.count(tag) for tag in _CELL_TAGS)
    if not rows:
        return 0, 0
    row_numbers = [int(number) for number in rows]
    col_numbers = [_column_index(letters) for letters in columns] or [0]
    width = max(max(col_numbers) - min(col_numbers) + 1, cells - referenced)
    return max(row_numbers) - min(row_numbers) + 1, width


def _hidden_cols(xml: bytes, hidden: set[int]) -> None:
    for match in _COL.finditer(xml):
        attrs = {k.decode(): (a or b).decode() for k, a, b in _ATTRIBUTE.findall(match.group(1))}
        width = attrs.get("width", "")
        if attrs.get("hidden") in ("1", "true") or width in ("0", "0.0"):
            try:
                first, last = int(attrs["min"]), int(attrs["max"])
            except (KeyError, ValueError):
                continue
            hidden.update(range(max(first, 1) - 1, min(last, _MAX_COLUMNS)))


def _column_index(letters: bytes) -> int:
    index = 0
    for byte in letters:
        index = index * 26 + byte - 64
    return index - 1


class _OdsScanner:
    """Streams content.xml: hidden columns, spanned (merged) cells and value extent per table."""

    def __init__(self) -> None:
        self.sheets: dict[str, SheetParts] = {}
        self.depth = 0  # nesting of table:table; sub-tables inside cells are not sheets
        self.current = SheetParts()
        self.column = self.row = self.row_repeat = 0
        self.open_cell: tuple[int, int, int] | None = None  # row, col, repeat of a cell
        self.extent: list[int] = []  # min row, max row, min col, max col

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == _TABLE + "table":
            self.depth += 1
            if self.depth == 1:
                self.current = SheetParts()
                self.sheets[attrs.get(_TABLE + "name", "")] = self.current
                self.column = self.row = 0
                self.extent = []
            return
        if self.depth != 1:
            return
        if self.open_cell is not None:  # a child of a cell: the cell holds something
            self._extend(*self.open_cell)
            self.open_cell = None
        if name == _TABLE + "table-column":
            repeat = _count(attrs.get(_TABLE + "number-columns-repeated"), _MAX_COLUMNS)
            if attrs.get(_TABLE + "visibility") == "collapse":
                last = min(self.column + repeat, _MAX_COLUMNS)
                self.current.hidden_columns.update(range(self.column, last))
            self.column += repeat
        elif name == _TABLE + "table-row":
            self.row_repeat = _count(attrs.get(_TABLE + "number-rows-repeated"), _MAX_ROWS)
            self.column = 0
        elif name in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
            repeat = _count(attrs.get(_TABLE + "number-columns-repeated"), _MAX_COLUMNS)
            spanned_cols = _count(attrs.get(_TABLE + "number-columns-spanned"), _MAX_COLUMNS)
            spanned_rows = _count(attrs.get(_TABLE + "number-rows-spanned"), _MAX_ROWS)
            if name == _TABLE + "table-cell" and (spanned_cols > 1 or spanned_rows > 1):
                self.current.merged.append(
                    (
                        self.row,
                        self.column,
                        self.row + spanned_rows - 1,
                        self.column + spanned_cols - 1,
                    )
                )
            if _OFFICE + "value-type" in attrs:
                self._extend(self.row, self.column, repeat)
            else:
                self.open_cell = (self.row, self.column, repeat)
            self.column += repeat

    def end(self, name: str) -> None:
        if name == _TABLE + "table":
            if self.depth == 1 and self.extent:
                first_row, last_row, first_col, last_col = self.extent
                self.current.rows = last_row - first_row + 1
                self.current.columns = last_col - first_col + 1
            self.depth -= 1
        elif self.depth == 1:
            if name == _TABLE + "table-row":
                self.row += self.row_repeat
            self.open_cell = None

    def _extend(self, row: int, column: int, repeat: int) -> None:
        last_row, last_col = row + self.row_repeat - 1, column + repeat - 1
        if not self.extent:
            self.extent = [row, last_row, column, last_col]
            return
        extent = self.extent
        extent[0], extent[1] = min(extent[0], row), max(extent[1], last_row)
        extent[2], extent[3] = min(extent[2], column), max(extent[3], last_col)


def _count(value: str | None, limit: int) -> int:
    try:
        return min(max(int(value or 1), 1), limit)
    except ValueError:
        return 1


def ods_sheets(archive: zipfile.ZipFile) -> dict[str, SheetParts]:
    """Hidden columns, merged cells and value extent of each table of an ods, by name."""
    if "content.xml" not in archive.namelist():
        return {}
    scanner = _OdsScanner()
    parser = _parser()
    parser.StartElementHandler = scanner.start
    parser.EndElementHandler = scanner.end
    parser.buffer_text = True
    with archive.open("content.xml") as stream:
        parser.ParseFile(stream)
    return scanner.sheets
