"""The member summary (mẫu 2-HSĐV) as a Word file, drawn from the same sheet as the PDF."""

from __future__ import annotations

from docx.shared import Mm

from dangbo.members.exports.docx_layout import (
    FieldItem,
    add_field_line,
    add_grid,
    add_letterhead,
    add_photo_box,
    add_signature,
    add_title,
    layout_table,
    new_document,
    paragraph,
    text_width,
    to_bytes,
)
from dangbo.members.exports.profile import Item, ProfileSheet

PHOTO_COLUMN = Mm(34)
CELL_PADDING = Mm(4)  # Word's default left and right cell margins together


def _items(line: list[Item]) -> list[FieldItem]:
    return [(i.number, i.label, i.value, i.emphasis) for i in line]


def profile_docx(sheet: ProfileSheet) -> bytes:
    doc = new_document()
    width = int(text_width(doc))
    add_letterhead(doc, sheet.letterhead)
    add_title(doc, sheet.title)

    block = layout_table(doc, [int(PHOTO_COLUMN), width - int(PHOTO_COLUMN)])
    photo_cell, beside = block.rows[0].cells
    add_photo_box(photo_cell, sheet.photo)
    beside_width = width - int(PHOTO_COLUMN) - int(CELL_PADDING)
    for line in sheet.lines_beside_photo:
        add_field_line(beside, _items(line), beside_width)
    paragraph(doc)
    for line in sheet.lines_below_photo:
        add_field_line(doc, _items(line), width)

    timeline = sheet.timeline_item
    add_field_line(doc, [(timeline.number, timeline.label, "", False)], width)
    rows = [[r.day, r.text, r.unit, r.decision] for r in sheet.timeline] or [
        ["", "Chưa ghi nhận sự kiện nào.", "", ""]
    ]
    columns = [Mm(24), Mm(68), Mm(38)]
    add_grid(
        doc,
        ["Ngày", "Nội dung", "Tổ chức đảng", "Quyết định"],
        rows,
        [*columns, width - sum(int(c) for c in columns)],
        centered=[0],
    )
    paragraph(doc)
    for line in sheet.closing_lines:
        add_field_line(doc, _items(line), width)
    for note in sheet.notes:
        paragraph(doc, note, size=11, italic=True)
    add_signature(doc, sheet.signature)
    return to_bytes(doc)
