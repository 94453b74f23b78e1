"""CSV and other delimited text: which encoding, which delimiter, then rows of str.

Files come from Excel's "Save as CSV" (cp1258 on a Vietnamese Windows, UTF-8 with a BOM for
"CSV UTF-8", UTF-16 for "Unicode text" with tabs), from LibreOffice and from web exports.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

from dangbo.imports.reading import messages
from dangbo.imports.reading.base import Sheet, Workbook
from dangbo.imports.reading.cells import build_sheet

__all__ = ["decode", "read_csv"]

_DELIMITERS = (",", ";", "\t")
_SNIFF_RECORDS = 50
_SNIFF_CHARS = 256 * 1024
_PROBE = 8192
# Characters no text file has: C0 controls other than tab, line breaks, form feed and DOS's
# end-of-file mark.
_CONTROL = frozenset(chr(c) for c in range(32)) - frozenset("\t\n\r\f\v\x1a")


def decode(data: bytes) -> tuple[str, str]:
    """(text, codec name) of a text file; ReadError when the bytes are not text."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(data[3:], "utf-8", "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        return _decode(data[2:], codec, "utf-16")
    probe = data[:_PROBE]
    even, odd = probe[0::2].count(0), probe[1::2].count(0)
    pairs = max(len(probe) // 2, 1)
    if odd > 0.3 * pairs and even < 0.05 * pairs:
        return _decode(data, "utf-16-le", "utf-16-le")
    if even > 0.3 * pairs and odd < 0.05 * pairs:
        return _decode(data, "utf-16-be", "utf-16-be")
    if 0 in probe:
        raise messages.not_spreadsheet()
    try:
        return _checked(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    return _checked(data.decode("cp1258", errors="replace")), "cp1258"


def _decode(data: bytes, codec: str, name: str) -> tuple[str, str]:
    try:
        return _checked(data.decode(codec)), name
    except UnicodeDecodeError:
        # A byte order mark on bytes that do not follow it: corrupt text more than anything.
        raise messages.corrupt("csv") from None


def _checked(text: str) -> str:
    probe = text[:_PROBE]
    junk = sum(1 for ch in probe if ch in _CONTROL or ch == "\ufffd")
    if junk > max(len(probe) // 100, 2):
        raise messages.not_spreadsheet()
    return text


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first records into the most consistent number of columns.

    csv.Sniffer guesses from character frequencies and is often wrong on short files and on
    Vietnamese decimals ("1,5" in a ";"-separated file); counting fields per record, with
    quotes respected, is not.
    """
    head = text[:_SNIFF_CHARS]
    best, best_score = ",", (0.0, 0)
    for delimiter in _DELIMITERS:
        counts = []
        for record in csv.reader(io.StringIO(head), delimiter=delimiter):
            if any(field.strip() for field in record):
                counts.append(len(record))
            if len(counts) >= _SNIFF_RECORDS:
                break
        wide = [count for count in counts if count > 1]
        if not wide:
            continue
        columns, _ = Counter(wide).most_common(1)[0]
        share = sum(1 for count in counts if count == columns) / len(counts)
        if (share, columns) > best_score:
            best, best_score = delimiter, (share, columns)
    return best


def _rows(text: str, delimiter: str) -> list[list[Any]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        return list(reader)
    except csv.Error:
        raise messages.corrupt("csv") from None


def _sheet(name: str, rows: list[list[Any]], head_rows: int | None) -> Sheet:
    """Every row is parsed (a broken quote anywhere refuses the file), the head kept if asked."""
    if head_rows is None or len(rows) <= head_rows:
        return build_sheet(name, rows)
    return build_sheet(name, rows[:head_rows], total_rows=len(rows))


def _refuse_markup(text: str) -> None:
    """HTML tables and XML saved under a spreadsheet's name would parse as one-column garbage."""
    head = text[:4096].lstrip().lower()
    if not head.startswith("<"):
        return
    if "urn:schemas-microsoft-com:office:spreadsheet" in head:
        raise messages.spreadsheet_xml_2003()
    if head.startswith("<!doctype html") or "<html" in head or "<table" in head:
        raise messages.html_file()
    raise messages.not_spreadsheet()


def read_csv(data: bytes, name: str, head_rows: int | None = None) -> Workbook:
    text, codec = decode(data)
    text = text.replace("\x00", "")
    if not text.strip():
        raise messages.empty()
    _refuse_markup(text)
    delimiter = sniff_delimiter(text)
    sheet: Sheet | None = None
    if codec == "cp1258":
        # Old files typed in a TCVN3 or VNI font hold those fonts' bytes, which are Latin-1
        # characters, not cp1258 ones: try that reading first, keep it only if it is legacy.
        latin = _sheet(
            name, _rows(data.decode("latin-1").replace("\x00", ""), delimiter), head_rows
        )
        if latin.encoding != "unicode":
            sheet, codec = latin, "latin-1"
    if sheet is None:
        sheet = _sheet(name, _rows(text, delimiter), head_rows)
    return Workbook(format="csv", sheets=[sheet], text_encoding=codec, delimiter=delimiter)
