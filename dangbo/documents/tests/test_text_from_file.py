"""Body text from .txt (any of the encodings Vietnamese offices use), .docx and .pdf; bad files
are refused with a Vietnamese message on «file» and nothing is written."""

from __future__ import annotations

import unicodedata

import pytest
from django.core.exceptions import ValidationError

from conftest import Tree
from dangbo.documents import services
from dangbo.documents.models import Attachment, DocKind, Document
from dangbo.documents.tests.files import PROGRAM_TEXT, docx_bytes, pdf_bytes, upload
from dangbo.documents.text_from_file import body_from_file, check_attachment, decode_text

TEXT = "Nghị quyết Đại hội đại biểu Đảng bộ xã An Bình, nhiệm kỳ 2025 - 2030"
TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """As Word writes Windows-1258: â, ơ, đ… precomposed, the tone a combining mark after."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tone = "".join(p for p in parts if p in TONES)
            base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONES))
            out += (base + tone).encode("cp1258")
    return out


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1258"])
def test_txt_in_every_office_encoding_reads_back_as_nfc(encoding: str) -> None:
    data = cp1258(TEXT) if encoding == "cp1258" else TEXT.encode(encoding)
    text = body_from_file("nghi-quyet.txt", data)
    assert text == TEXT
    assert unicodedata.is_normalized("NFC", text)


def test_cp1258_bytes_are_not_mistaken_for_utf8() -> None:
    assert unicodedata.normalize("NFC", decode_text(cp1258("Đảng bộ"))) == "Đảng bộ"


def test_docx_paragraphs_and_table_cells_come_in_order() -> None:
    data = docx_bytes(
        ["I. MỤC TIÊU", "Phấn đấu kết nạp 400 đảng viên."],
        table=[["Chỉ tiêu", "Kết quả"], ["Kết nạp đảng viên", "95%"]],
    )
    text = body_from_file("chuong-trinh.docx", data)
    assert text.split("\n") == [
        "I. MỤC TIÊU",
        "Phấn đấu kết nạp 400 đảng viên.",
        "Chỉ tiêu\tKết quả",
        "Kết nạp đảng viên\t95%",
        "Đoạn sau bảng.",
    ]


def test_pdf_text_is_extracted() -> None:
    text = body_from_file("chuong-trinh.pdf", pdf_bytes(PROGRAM_TEXT))
    assert "Phấn đấu 95% trở lên" in text
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("hong.docx", b"PK\x03\x04 not really a zip", "bị hỏng"),
        ("hong.pdf", b"%PDF-1.7\n garbage without objects", "bị hỏng"),
        ("gia.pdf", b"<html>not a pdf</html>", "không phải tệp PDF"),
        ("rong.txt", b"", "rỗng"),
        ("trang.txt", b"   \n\n  ", "không có chữ"),
        ("cu.doc", b"\xd0\xcf\x11\xe0 old word", ".docx"),
        ("anh.png", b"\x89PNG", "Không nhận loại tệp"),
        ("bang.xlsx", b"PK not a workbook", "Không nhận loại tệp"),
        ("mat-khau.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "mật khẩu"),
    ],
)
def test_bad_files_are_refused_with_a_vietnamese_message(
    name: str, data: bytes, message: str
) -> None:
    with pytest.raises(ValidationError) as err:
        body_from_file(name, data)
    assert message in " ".join(err.value.message_dict["file"])


def test_an_oversized_file_is_refused_with_its_size() -> None:
    with pytest.raises(ValidationError) as err:
        body_from_file("lon.txt", b"a" * (20 * 1024 * 1024 + 1))
    assert "vượt giới hạn 20 MB" in err.value.message_dict["file"][0]


def test_encrypted_pdf_is_refused() -> None:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes("Bí mật"))))
    writer.encrypt(user_password="matkhau", owner_password="chu")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ValidationError) as err:
        body_from_file("bi-mat.pdf", out.getvalue())
    assert "mật khẩu" in err.value.message_dict["file"][0]


def test_xlsx_is_accepted_as_an_attachment_without_text() -> None:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Chỉ tiêu", "Giá trị"])
    out = io.BytesIO()
    book.save(out)
    assert check_attachment("phu-luc.xlsx", out.getvalue()) == ""
    with pytest.raises(ValidationError):
        check_attachment("hong.xlsx", b"PK\x03\x04 broken")


def test_create_with_a_docx_takes_its_body_and_keeps_the_file(tree: Tree) -> None:
    data = docx_bytes(PROGRAM_TEXT.split("\n"))
    doc = services.create_document(
        actor=None,
        kind=DocKind.PROGRAM,
        issuer=tree.commune,
        title="Chương trình hành động",
        file=upload("chuong-trinh.docx", data),
    )
    assert doc.body == PROGRAM_TEXT
    attachment = doc.attachments.get()
    assert attachment.text_extracted and attachment.size == len(data)
    assert attachment.file.read() == data
    assert "phan dau 95 tro len" in doc.search_text


def test_a_corrupt_upload_writes_nothing(tree: Tree) -> None:
    with pytest.raises(ValidationError):
        services.create_document(
            actor=None,
            kind=DocKind.PROGRAM,
            issuer=tree.commune,
            title="Chương trình",
            file=upload("hong.pdf", b"%PDF-1.4 broken"),
        )
    assert not Document.objects.exists() and not Attachment.objects.exists()
