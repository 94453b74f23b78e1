"""The body text of an uploaded document: .txt, .docx and .pdf; .xlsx is accepted as an
attachment only (an annex table has no body to read).

Every refusal is a ValidationError on the field «file» with a Vietnamese message, raised before
anything is written. Text comes out NFC, the form we store (DESIGN rule 5).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError

from dangbo.core.errors import field_error
from dangbo.core.formats import format_number
from dangbo.core.text import nfc

MAX_BYTES = 20 * 1024 * 1024
# A .docx or .xlsx is a zip: a small file may unpack to gigabytes (a "zip bomb").
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
TEXT_KINDS = (".txt", ".docx", ".pdf")
ATTACHMENT_KINDS = (*TEXT_KINDS, ".xlsx")
FIELD = "file"


def _error(message: str) -> ValidationError:
    return field_error(FIELD, message)


def suffix_of(name: str) -> str:
    return PurePath(name or "").suffix.lower()


def check_size(name: str, size: int | None) -> None:
    if size is not None and size > MAX_BYTES:
        megabytes = format_number(size / 1024 / 1024, 1)
        raise _error(f"Tệp «{name}» dung lượng {megabytes} MB, vượt giới hạn 20 MB.")
    if not size:
        raise _error(f"Tệp «{name}» rỗng (0 byte).")


def check_kind(name: str, allowed: tuple[str, ...]) -> str:
    suffix = suffix_of(name)
    if suffix not in allowed:
        hint = (
            " Tệp .doc (Word cũ) hãy mở bằng Word và lưu lại dạng .docx."
            if suffix == ".doc"
            else ""
        )
        kinds = ", ".join(allowed)
        raise _error(f"Không nhận loại tệp «{suffix or name}»; chỉ nhận {kinds}.{hint}")
    return suffix


# --- .txt -------------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (with BOM, or the zero bytes of Windows Notepad's
    "Unicode" without one), else Windows-1258, the Vietnamese code page of old Word files."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    sample = data[:4096]
    if sample and sample[1::2].count(0) > len(sample) // 4:
        return data.decode("utf-16-le")
    if sample and sample[0::2].count(0) > len(sample) // 4:
        return data.decode("utf-16-be")
    return data.decode("cp1258")


def _from_txt(name: str, data: bytes) -> str:
    try:
        text = decode_text(data)
    except (UnicodeDecodeError, UnicodeError):
        raise _error(
            f"Không nhận ra bảng mã của tệp «{name}»; hãy lưu lại dạng UTF-8 rồi tải lên."
        ) from None
    if "\x00" in text:
        raise _error(f"Tệp «{name}» không phải tệp văn bản thuần (.txt).")
    return text


# --- .docx / .xlsx (zip containers) ----------------------------------------------------------


def _open_zip(name: str, data: bytes, must_hold: str, label: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _error(f"Tệp «{name}» bị hỏng hoặc không phải tệp {label}.") from None
    if "EncryptedPackage" in names:
        raise _error(f"Tệp «{name}» có đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên.")
    if must_hold not in names:
        raise _error(f"Tệp «{name}» bị hỏng hoặc không phải tệp {label}.")
    if unpacked > MAX_UNPACKED_BYTES:
        raise _error(f"Tệp «{name}» giải nén ra quá lớn (trên 200 MB); không đọc được.")
    return archive


def _is_ole(data: bytes) -> bool:
    # Password-protected Office files are OLE containers, not zips.
    return data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def _from_docx(name: str, data: bytes) -> str:
    if _is_ole(data):
        raise _error(
            f"Tệp «{name}» có đặt mật khẩu hoặc là tệp Word cũ (.doc); hãy lưu lại dạng .docx "
            "không mật khẩu."
        )
    _open_zip(name, data, "word/document.xml", "Word (.docx)")
    from docx import Document as open_docx
    from docx.table import Table

    try:
        word = open_docx(io.BytesIO(data))
        lines: list[str] = []
        for block in word.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_lines(block))
            else:
                lines.append(block.text)
    except Exception:  # python-docx and lxml raise many kinds on a damaged file
        raise _error(f"Tệp «{name}» bị hỏng, Word không mở được.") from None
    return "\n".join(lines)


def _table_lines(table: object) -> list[str]:
    """One line per row, cells separated by tabs; a merged cell is read once."""
    lines = []
    for row in table.rows:  # type: ignore[attr-defined]
        seen: set[int] = set()
        cells = []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text.strip())
        lines.append("\t".join(cells))
    return lines


def check_xlsx(name: str, data: bytes) -> None:
    if _is_ole(data):
        raise _error(f"Tệp «{name}» có đặt mật khẩu hoặc là tệp Excel cũ (.xls).")
    _open_zip(name, data, "xl/workbook.xml", "Excel (.xlsx)")


# --- .pdf ------------------------------------------------------------------------------------


def _from_pdf(name: str, data: bytes) -> str:
    from pypdf import PdfReader

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise _error(f"Tệp «{name}» bị hỏng hoặc không phải tệp PDF.")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _error(f"Tệp «{name}» có đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ValidationError:
        raise
    except Exception:  # pypdf raises many kinds on a damaged or encrypted file
        raise _error(
            f"Tệp «{name}» bị hỏng hoặc có đặt mật khẩu; không đọc được nội dung PDF."
        ) from None
    return "\n\n".join(page.strip("\n") for page in pages)


# --- entry points ----------------------------------------------------------------------------


def _clean(text: str) -> str:
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def read_text(name: str, data: bytes) -> str:
    """The text of a .txt/.docx/.pdf file (may be empty: a scanned PDF); refuses unknown,
    oversized, corrupt and password-protected files."""
    suffix = check_kind(name, TEXT_KINDS)
    check_size(name, len(data))
    reader = {".txt": _from_txt, ".docx": _from_docx, ".pdf": _from_pdf}[suffix]
    return _clean(reader(name, data))


def body_from_file(name: str, data: bytes) -> str:
    """The body text of a document from its file; a file without any text is refused."""
    text = read_text(name, data)
    if not text:
        hint = (
            " (có thể là bản quét: hãy dán nội dung vào ô «Nội dung»)"
            if name.lower().endswith(".pdf")
            else ""
        )
        raise _error(f"Tệp «{name}» không có chữ nào để lấy làm nội dung{hint}.")
    return text


def check_attachment(name: str, data: bytes) -> str:
    """Check a file to keep with a document; answers its text ("" for .xlsx and scans)."""
    suffix = check_kind(name, ATTACHMENT_KINDS)
    check_size(name, len(data))
    if suffix == ".xlsx":
        check_xlsx(name, data)
        return ""
    return read_text(name, data)
