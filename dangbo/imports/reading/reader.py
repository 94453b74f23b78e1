"""read_file: bytes in, a Workbook or a Vietnamese ReadError out, whatever the bytes are.

The format is decided by the content, not the name: users rename files, web applications
export HTML or tab-separated text as ".xls", and a ".xlsx" may be a password-protected OLE2
file. The file name only labels messages and names a CSV's single sheet.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from dangbo.imports.reading import messages
from dangbo.imports.reading.base import ReadError, Workbook
from dangbo.imports.reading.containers import check_bomb, ods_sheets, xlsx_sheets, zip_kind
from dangbo.imports.reading.csvtext import read_csv
from dangbo.imports.reading.excel import read_workbook

__all__ = ["read_file"]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted xlsx is an OLE2 file holding the real zip in an "EncryptedPackage" stream.
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
# Stream names of Excel 97-2003 ("Workbook") and Excel 5/95 ("Book") inside an OLE2 file.
_OLE2_WORKBOOK = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
_BINARY = (b"%PDF", b"%!PS", b"{\\rtf", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"MZ")
_EXCEL_EXTENSIONS = ("xlsx", "xlsm", "xls", "ods")


def read_file(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = 40 * 2**20,
    max_unpacked_bytes: int = 400 * 2**20,
    head_rows: int | None = None,
) -> Workbook:
    """Read a spreadsheet (xlsx, xls, ods or delimited text) into sheets of clean values:
    every row, or the first `head_rows` of each sheet (see Sheet.total_rows).

    Raises ReadError with a sentence for the user for anything it cannot read: a file too big,
    not a spreadsheet, password-protected, corrupt, or a decompression bomb.
    """
    if len(data) > max_bytes:
        raise messages.too_big(len(data), max_bytes)
    if not data:
        raise messages.empty()
    extension = posixpath.splitext(filename.replace("\\", "/"))[1].lstrip(".").lower()
    if data.startswith(_OLE2):
        return _read_ole2(data, head_rows)
    if data.startswith(b"PK"):
        return _read_zip(data, extension, max_unpacked_bytes, head_rows)
    if data.startswith(_BINARY):
        raise messages.not_spreadsheet()
    stem = posixpath.splitext(posixpath.basename(filename.replace("\\", "/")))[0]
    return read_csv(data, stem or "CSV", head_rows)


def _read_ole2(data: bytes, head_rows: int | None) -> Workbook:
    if _ENCRYPTED in data:
        raise messages.password()
    if not any(stream in data for stream in _OLE2_WORKBOOK):
        raise messages.not_spreadsheet()  # a .doc, .ppt or .msg
    return Workbook(format="xls", sheets=read_workbook(data, "xls", {}, head_rows))


def _read_zip(
    data: bytes, extension: str, max_unpacked_bytes: int, head_rows: int | None
) -> Workbook:
    label = extension if extension in _EXCEL_EXTENSIONS else "xlsx"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise messages.corrupt(label) from None
    with archive:
        check_bomb(archive, max_unpacked_bytes)
        try:
            kind = zip_kind(archive)
            if kind == "xlsb":
                raise messages.unsupported_xlsb()
            if not kind:
                raise messages.not_spreadsheet()
            parts = xlsx_sheets(archive) if kind == "xlsx" else ods_sheets(archive)
        except ReadError:
            raise
        except Exception as exc:  # broken XML, bad CRC, truncated member…
            raise messages.corrupt(kind or label) from exc
    return Workbook(format=kind, sheets=read_workbook(data, kind, parts, head_rows))
