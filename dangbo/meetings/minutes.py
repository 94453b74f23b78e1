"""The minutes of a cell meeting (biên bản sinh hoạt chi bộ) as a Word file in the Party
format: the letterhead and sizes of HD 36-HD/VPTW (regulations.md §7), through the shared
helpers of dangbo.members.exports.docx_layout."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH

from dangbo.core.formats import format_date
from dangbo.meetings.models import Mark, Meeting, MeetingKind
from dangbo.meetings.queries import Sheet, attendance_sheet, quality_label
from dangbo.members.exports.docx_layout import (
    HEADING_PT,
    add_letterhead,
    add_title,
    layout_table,
    new_document,
    paragraph,
    text_width,
    to_bytes,
)
from dangbo.members.exports.layout import letterhead_for

DOTS = "…………………………"


def _names(sheet: Sheet, mark: str) -> str:
    people = [
        f"{e.member.full_name} ({e.reason})" if e.reason else e.member.full_name
        for e in sheet.members
        if e.mark == mark
    ]
    return "; ".join(people)


def _subtitle(meeting: Meeting) -> str:
    if meeting.kind == MeetingKind.REGULAR:
        return f"Sinh hoạt chi bộ thường kỳ tháng {meeting.date.month} năm {meeting.date.year}"
    return f"Sinh hoạt chi bộ chuyên đề: {meeting.agenda}"


def minutes_docx(meeting: Meeting) -> bytes:
    sheet = attendance_sheet(meeting)
    quorum = sheet.quorum()
    counts = sheet.counts
    doc = new_document()
    add_letterhead(doc, letterhead_for(meeting.organization, day=meeting.date, as_issuer=False))
    add_title(doc, "BIÊN BẢN", subtitle=_subtitle(meeting))
    line = paragraph
    line(doc, f"Thời gian: ngày {format_date(meeting.date)}.", space_before=6)
    line(doc, f"Địa điểm: {meeting.place or DOTS}.")
    line(doc, f"Nội dung chính: {meeting.agenda}.")
    line(doc, "I. THÀNH PHẦN", bold=True, space_before=6)
    total = len(sheet.members) + len(sheet.exempt)
    line(
        doc,
        f"Tổng số đảng viên của chi bộ: {total}; được miễn công tác và sinh hoạt đảng: "
        f"{len(sheet.exempt)}; phải dự: {quorum.expected}.",
    )
    line(doc, f"Có mặt: {counts[Mark.PRESENT]} đồng chí.")
    excused = _names(sheet, Mark.EXCUSED)
    line(doc, f"Vắng có lý do: {counts[Mark.EXCUSED]}" + (f" — {excused}." if excused else "."))
    unexcused = _names(sheet, Mark.UNEXCUSED)
    line(
        doc,
        f"Vắng không có lý do: {counts[Mark.UNEXCUSED]}"
        + (f" — {unexcused}." if unexcused else "."),
    )
    if meeting.supervisor is not None:
        attended = {True: "có dự", False: "không dự", None: ""}[meeting.supervisor_attended]
        line(
            doc,
            f"Cấp ủy viên phụ trách: đồng chí {meeting.supervisor.full_name}"
            + (f" ({attended})." if attended else "."),
        )
    chair = meeting.chair.full_name if meeting.chair else DOTS
    taker = meeting.minute_taker.full_name if meeting.minute_taker else DOTS
    line(doc, f"Chủ trì: đồng chí {chair}. Thư ký: đồng chí {taker}.")
    verdict = "đủ" if quorum.reached else "không đủ"
    line(
        doc,
        f"Số đảng viên có mặt {verdict} điều kiện sinh hoạt ({quorum.rule_text} số đảng viên "
        "phải dự).",
        italic=True,
    )
    line(doc, "II. NỘI DUNG", bold=True, space_before=6)
    for text in (meeting.content or DOTS).splitlines() or [DOTS]:
        line(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    line(doc, "III. KẾT LUẬN", bold=True, space_before=6)
    for text in (meeting.conclusions or DOTS).splitlines() or [DOTS]:
        line(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if meeting.quality:
        line(doc, f"Xếp loại chất lượng buổi sinh hoạt: {quality_label(meeting)}.", space_before=6)
    line(
        doc,
        "Biên bản đã được thông qua trước chi bộ và kết thúc cùng ngày.",
        italic=True,
        space_before=6,
    )
    paragraph(doc)  # keeps the signatures off the last line of text
    width = text_width(doc)
    table = layout_table(doc, [width // 2, width - width // 2])
    center = WD_ALIGN_PARAGRAPH.CENTER
    for cell, caption, name in (
        (table.rows[0].cells[0], "THƯ KÝ", taker),
        (table.rows[0].cells[1], "CHỦ TRÌ", chair),
    ):
        cell.paragraphs[0].add_run(caption).bold = True
        cell.paragraphs[0].alignment = center
        for _ in range(4):
            paragraph(cell)
        paragraph(cell, name, size=HEADING_PT, bold=True, align=center)
    return to_bytes(doc)
