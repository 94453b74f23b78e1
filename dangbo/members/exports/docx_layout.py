"""The Party document format in Word (python-docx): the same letterhead, numbered lines and
signature block as the PDF, so an office can edit the file before printing and signing.

Sizes follow HD 36-HD/VPTW Phụ lục 3 (regulations.md §7.3); fonts are named Times New Roman,
which Word has: the file carries the name, the reader's machine draws it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from dangbo.members.exports.layout import (
    DOCX_FONT,
    PARTY_HEADER,
    Letterhead,
    Signature,
    margins_mm,
)

BODY_PT = 13
HEADING_PT = 14
A4 = (Mm(210), Mm(297))
# Share of the text width for the issuing body; the Party header takes the rest (as the CSS).
LETTERHEAD_LEFT = 0.47

# A numbered item as the renderers see it: number, label, value, emphasised.
FieldItem = tuple[int, str, str, bool]


def new_document(*, landscape: bool = False) -> Any:
    """An empty A4 document with the party margins and Times New Roman as the body face."""
    doc = Document()
    section = doc.sections[0]
    width, height = A4
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    top, right, bottom, left = margins_mm()
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    normal = doc.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.font.size = Pt(BODY_PT)
    # Word picks the face per script; without eastAsia/cs it may fall back for some letters.
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), DOCX_FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.1
    return doc


def text_width(doc: Any) -> Emu:
    section = doc.sections[-1]
    return Emu(section.page_width - section.left_margin - section.right_margin)


def to_bytes(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def paragraph(
    container: Any,
    text: str = "",
    *,
    size: int = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align: Any = None,
    space_after: int = 0,
    space_before: int = 0,
) -> Paragraph:
    """A paragraph of one run, added to a document or a table cell."""
    para: Paragraph = container.add_paragraph()
    if text:
        run = para.add_run(text)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic
    if align is not None:
        para.alignment = align
    para.paragraph_format.space_after = Pt(space_after)
    para.paragraph_format.space_before = Pt(space_before)
    return para


def _first_paragraph(cell: _Cell) -> Paragraph:
    """A new cell holds one empty paragraph: use it for the first line instead of a blank."""
    return cell.paragraphs[0]


def _cell_paragraph(cell: _Cell, text: str, **kwargs: Any) -> Paragraph:
    para = _first_paragraph(cell)
    if para.text or para.runs:
        return paragraph(cell, text, **kwargs)
    if text:
        run = para.add_run(text)
        run.font.size = Pt(kwargs.get("size", BODY_PT))
        run.bold, run.italic = kwargs.get("bold", False), kwargs.get("italic", False)
    if kwargs.get("align") is not None:
        para.alignment = kwargs["align"]
    return para


def layout_table(container: Any, widths: Sequence[int], rows: int = 1) -> Table:
    """A borderless table with fixed column widths (EMU), for placing blocks side by side."""
    table: Table = container.add_table(rows=rows, cols=len(widths))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(table, widths)
    return table


def set_widths(table: Table, widths: Sequence[int]) -> None:
    """Column widths on the grid (LibreOffice reads these) and on every cell (Word does)."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Emu(width)
    for row in table.rows:
        cells = row.cells
        if len({id(cell._tc) for cell in cells}) < len(cells):
            continue  # a merged heading row spans the table: its one cell keeps its span
        for cell, width in zip(cells, widths, strict=True):
            cell.width = Emu(width)


def set_borders(cell: _Cell, style: str = "single", size: int = 6) -> None:
    """Draw a box around one cell (size in eighths of a point)."""
    props = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for edge in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), style)
        element.set(qn("w:sz"), str(size))
        element.set(qn("w:color"), "000000")
        borders.append(element)
    props.append(borders)


def add_letterhead(doc: Any, letterhead: Letterhead) -> None:
    width = text_width(doc)
    if letterhead.form_code:
        paragraph(doc, letterhead.form_code, size=11, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    left_width = int(width * LETTERHEAD_LEFT)
    table = layout_table(doc, [left_width, width - left_width])
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    if letterhead.superior:
        _cell_paragraph(left, letterhead.superior, size=HEADING_PT, align=center)
    _cell_paragraph(left, letterhead.issuer, size=HEADING_PT, bold=True, align=center)
    _cell_paragraph(left, "*", size=HEADING_PT, align=center)
    if letterhead.number:
        _cell_paragraph(left, f"Số {letterhead.number}", size=HEADING_PT, align=center)
    party = _cell_paragraph(right, PARTY_HEADER, size=15, bold=True, align=center)
    party.runs[0].underline = True
    if letterhead.date_text:
        dated = _cell_paragraph(right, letterhead.date_text, size=HEADING_PT, italic=True)
        dated.alignment = center
        dated.paragraph_format.space_before = Pt(10)
    paragraph(doc, space_after=4)


def add_title(doc: Any, title: str, *, subtitle: str = "", lead: str = "") -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(doc, title, size=16, bold=True, align=center, space_after=0 if subtitle else 6)
    if subtitle:
        paragraph(doc, subtitle, size=HEADING_PT, bold=True, align=center, space_after=2)
    if lead:
        paragraph(doc, lead, italic=True, align=center, space_after=6)


def add_field_line(container: Any, items: Sequence[FieldItem], width: int) -> Paragraph:
    """One line of numbered items, each value followed by dots to its column's end (tab stops
    with a dot leader), as on a typed form."""
    para = _cell_paragraph(container, "") if isinstance(container, _Cell) else paragraph(container)
    para.paragraph_format.space_after = Pt(3)
    column = width // len(items)
    for index, (number, label, value, emphasis) in enumerate(items):
        para.paragraph_format.tab_stops.add_tab_stop(
            Emu(column * (index + 1) - Mm(2 if index + 1 < len(items) else 0)),
            WD_TAB_ALIGNMENT.RIGHT if index + 1 == len(items) else WD_TAB_ALIGNMENT.LEFT,
            WD_TAB_LEADER.DOTS,
        )
        if index:
            para.add_run("\u2002")  # a small gap after the previous column's dots
        para.add_run(f"{number}. {label}: ")
        run = para.add_run(value)
        run.bold = emphasis
        para.add_run("\t")
    return para


def add_grid(
    doc: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[int],
    *,
    size: int = 12,
    group_rows: Sequence[tuple[int, str]] = (),
    centered: Sequence[int] = (),
) -> Table:
    """A bordered table: bold centred header repeated on each page, then the rows.
    `group_rows` are (index before which, text) headings spanning the whole width."""
    groups = dict(group_rows)
    table: Table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = table.rows[0]
    _repeat_header(head)
    for cell, text in zip(head.cells, headers, strict=True):
        _cell_paragraph(cell, text, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for index, values in enumerate(rows):
        if index in groups:
            merged = table.add_row().cells
            span = merged[0].merge(merged[-1])
            _cell_paragraph(span, groups[index], size=size, bold=True)
        cells = table.add_row().cells
        for column, (cell, text) in enumerate(zip(cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.CENTER if column in centered else None
            _cell_paragraph(cell, text, size=size, align=align)
    set_widths(table, widths)
    return table


def _repeat_header(row: Any) -> None:
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def add_photo_box(cell: _Cell, photo: tuple[bytes, str] | None) -> None:
    """A 3x4 cm box: the photo when there is one, otherwise the words "Ảnh 3 x 4"."""
    # The cell's own empty first paragraph would push the box below the first line beside it;
    # add_table leaves the trailing paragraph Word requires.
    cell._tc.remove(cell.paragraphs[0]._p)
    box = cell.add_table(rows=1, cols=1)
    box.autofit = False
    row = box.rows[0]
    row.height, row.height_rule = Mm(40), WD_ROW_HEIGHT_RULE.EXACTLY
    inner = row.cells[0]
    inner.width = Mm(30)
    set_borders(inner)
    center = WD_ALIGN_PARAGRAPH.CENTER
    if photo is not None:
        para = _cell_paragraph(inner, "", align=center)
        para.add_run().add_picture(io.BytesIO(photo[0]), width=Mm(30), height=Mm(40))
    else:
        top = _cell_paragraph(inner, "Ảnh", size=11, align=center)
        top.paragraph_format.space_before = Pt(40)
        paragraph(inner, "3 x 4", size=11, align=center)


def add_signature(doc: Any, signature: Signature) -> None:
    width = text_width(doc)
    paragraph(doc)  # keeps the block off whatever precedes it
    table = layout_table(doc, [width // 2, width - width // 2])
    # The whole block moves to the next page rather than leaving the name behind alone.
    row_props = table.rows[0]._tr.get_or_add_trPr()
    row_props.append(OxmlElement("w:cantSplit"))
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    if signature.left_caption:
        _cell_paragraph(left, signature.left_caption, size=HEADING_PT, bold=True, align=center)
    if signature.date_text:
        _cell_paragraph(right, signature.date_text, size=HEADING_PT, italic=True, align=center)
    _cell_paragraph(right, signature.on_behalf, size=HEADING_PT, bold=True, align=center)
    _cell_paragraph(right, signature.title, size=HEADING_PT, bold=True, align=center)
    for _ in range(4):
        paragraph(right)
    _cell_paragraph(right, signature.name, size=HEADING_PT, bold=True, align=center)


def add_heading(doc: Any, text: str) -> None:
    """A section heading of a report: "I. KẾT QUẢ …", bold, 14 pt."""
    paragraph(doc, text, bold=True, size=HEADING_PT, space_before=8, space_after=4)


def add_body(doc: Any, text: str, *, italic: bool = False, space_before: int = 0) -> None:
    """A paragraph of a report's text: 14 pt, justified, the first line indented 1 cm."""
    para = paragraph(
        doc, text, size=HEADING_PT, italic=italic, space_after=4, space_before=space_before
    )
    para.paragraph_format.first_line_indent = Mm(10)
    para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def keep_rows_whole(table: Any) -> None:
    """A row never breaks across pages (a unit's figures stay on one line of the table), and
    cells keep narrow side margins (1 mm) so that "HTXSNV" fits its column."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "57")  # twentieths of a point: 57 ≈ 1 mm
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table._tbl.tblPr.append(margins)
