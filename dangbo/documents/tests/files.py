"""Small real files made in the tests: a .docx with a table, a .pdf, a corrupt one."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile

PROGRAM_TEXT = (
    "CHƯƠNG TRÌNH HÀNH ĐỘNG\n"
    "Thực hiện Nghị quyết Đại hội đại biểu Đảng bộ lần thứ I, nhiệm kỳ 2025 - 2030\n"
    "Phấn đấu 95% trở lên tổ chức đảng hoàn thành tốt nhiệm vụ."
)


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    from docx import Document

    word = Document()
    for text in paragraphs:
        word.add_paragraph(text)
    if table:
        grid = word.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
        word.add_paragraph("Đoạn sau bảng.")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def pdf_bytes(text: str) -> bytes:
    from weasyprint import HTML

    paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n"))
    return bytes(HTML(string=f"<html><body>{paragraphs}</body></html>").write_pdf())


def upload(
    name: str, data: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)
