"""A member's bản tự kiểm điểm as a Word file, laid out as the print page
(evaluations/self_review_print.html): the cell's letterhead, the member, each part under its
heading, the points per criteria group, the level they give themselves and their signature.
The member may edit it in Word before signing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from dangbo.members.exports.docx_layout import (
    HEADING_PT,
    add_grid,
    add_letterhead,
    add_signature,
    add_title,
    new_document,
    paragraph,
    text_width,
    to_bytes,
)
from dangbo.members.exports.layout import Letterhead, Signature


@dataclass(frozen=True)
class PrintedReview:
    letterhead: Letterhead
    year: int
    form_label: str  # "Mẫu 2B: cán bộ, công chức…", "" when none was chosen
    member_name: str
    birth: str
    cell_name: str
    sections: Sequence[tuple[str, str]]  # (heading, body)
    rating_heading: str
    points: Sequence[tuple[str, str]]  # (group label, "27,5/30")
    total: str  # "86,5/100", "" without points
    self_rating: str  # the level's full name, "" when none


def self_review_docx(review: PrintedReview) -> bytes:
    doc = new_document()
    add_letterhead(doc, review.letterhead)
    add_title(
        doc,
        "BẢN KIỂM ĐIỂM CÁ NHÂN",
        subtitle=f"Năm {review.year}",
        lead=f"({review.form_label})" if review.form_label else "",
    )
    birth = f"\u2003Ngày sinh: {review.birth}" if review.birth else ""
    paragraph(doc, f"Họ và tên: {review.member_name}{birth}", space_after=2)
    paragraph(doc, f"Chi bộ: {review.cell_name}", space_after=4)
    for heading, body in review.sections:
        paragraph(doc, heading, size=HEADING_PT, bold=True, space_before=4, space_after=2)
        for line in (body or "Không có.").split("\n"):
            para = paragraph(doc, line, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=2)
            para.paragraph_format.first_line_indent = Mm(10)
    paragraph(doc, review.rating_heading, size=HEADING_PT, bold=True, space_before=4, space_after=2)
    if review.points:
        width = text_width(doc)
        rows = [list(p) for p in review.points]
        if review.total:
            rows.append(["Tổng cộng", review.total])
        add_grid(doc, ["Nhóm tiêu chí", "Điểm tự chấm"], rows, [width * 3 // 4, width // 4])
    elif review.total:
        paragraph(doc, f"Tổng điểm tự chấm: {review.total}.", space_after=2)
    paragraph(
        doc,
        f"Tự nhận mức xếp loại chất lượng: {review.self_rating or '……………'}.",
        space_before=4,
    )
    add_signature(doc, Signature(on_behalf="NGƯỜI TỰ KIỂM ĐIỂM", title="", name=review.member_name))
    return to_bytes(doc)
