"""Every sentence the reading layer can say to a user, in one place so they read alike."""

from __future__ import annotations

from dangbo.imports.reading.base import ReadError, megabytes

__all__ = [
    "corrupt",
    "empty",
    "html_file",
    "not_spreadsheet",
    "password",
    "sheet_too_large",
    "spreadsheet_xml_2003",
    "too_big",
    "unpacked_too_big",
    "unsupported_xlsb",
]

_RESAVE = "Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại dưới dạng .xlsx rồi tải lên lại."


def too_big(size: int, limit: int) -> ReadError:
    size_text = f"{size / 2**20:.1f}".replace(".", ",")
    return ReadError(
        f"Tệp {size_text} MB vượt giới hạn {megabytes(limit)} MB. Hãy tách danh sách thành "
        "nhiều tệp nhỏ hơn hoặc xoá các trang tính không cần nhập."
    )


def empty() -> ReadError:
    return ReadError("Tệp rỗng, không có dữ liệu nào để nhập.")


def not_spreadsheet() -> ReadError:
    return ReadError(
        "Tệp không phải bảng tính (xlsx, xls, ods, csv). Hãy chọn đúng tệp danh sách, hoặc mở "
        "tệp bằng Excel và lưu lại dưới dạng .xlsx."
    )


def password() -> ReadError:
    return ReadError(
        "Tệp được đặt mật khẩu nên hệ thống không đọc được. Hãy mở tệp bằng Excel, gỡ mật khẩu "
        "rồi lưu và tải lên lại."
    )


def corrupt(kind: str) -> ReadError:
    return ReadError(f"Tệp {kind} bị hỏng hoặc không trọn vẹn nên không đọc được. {_RESAVE}")


def unpacked_too_big(limit: int) -> ReadError:
    return ReadError(
        f"Tệp bị từ chối: dữ liệu nén bên trong bung ra vượt {megabytes(limit)} MB hoặc có tỉ lệ "
        "nén bất thường, dấu hiệu của tệp độc hại. Nếu đây là danh sách thật, hãy tách thành "
        "nhiều tệp nhỏ hơn."
    )


def sheet_too_large(sheet: str, rows: int, columns: int) -> ReadError:
    row_text, column_text = (f"{n:,}".replace(",", ".") for n in (rows, columns))
    return ReadError(
        f"Trang tính «{sheet}» có vùng dữ liệu quá lớn ({row_text} dòng × {column_text} cột), "
        "thường do một ô có nội dung nằm rất xa bảng. Hãy xoá các dòng, cột thừa ở cuối trang "
        "tính rồi lưu và tải lên lại."
    )


def html_file() -> ReadError:
    return ReadError(
        "Tệp là trang web (HTML) được đặt tên như bảng tính, thường do phần mềm khác xuất ra. "
        + _RESAVE
    )


def spreadsheet_xml_2003() -> ReadError:
    return ReadError("Tệp ở định dạng XML Spreadsheet 2003 cũ, hệ thống không đọc được. " + _RESAVE)


def unsupported_xlsb() -> ReadError:
    return ReadError("Tệp ở định dạng Excel nhị phân (.xlsb), hệ thống không đọc được. " + _RESAVE)
