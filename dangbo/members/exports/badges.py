"""The list of members proposed for a Huy hiệu Đảng at one award occasion (3/2, 19/5, 2/9,
7/11; regulations.md §3.3), grouped by badge, as plain data and as PDF, DOCX and xlsx.

"Danh sách đảng viên đề nghị tặng Huy hiệu Đảng đợt 2/9/2027": the list a đảng ủy sends up
with its proposal. Who is due comes from members.queries.badges_due; this module only orders,
groups and draws it.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from dangbo.core.formats import format_date, format_number
from dangbo.core.xlsx import CellKind, SheetColumn, write_xlsx
from dangbo.members.exports.docx_layout import (
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
from dangbo.members.exports.pdf import html_to_pdf, render_html
from dangbo.members.queries import BadgeDue
from dangbo.members.regulations import PartyAge, age_in_months

TEMPLATE = "members/print_badges.html"
# Seven columns of names, units and dates: the list is laid out on A4 landscape, as such lists
# usually are, so no date breaks across two lines.
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Chi bộ", "Ngày vào Đảng", "Tuổi Đảng", "Ghi chú"]


def occasion_label(day: date) -> str:
    """ "2/9/2027": how the occasion is named on lists and in titles (no zero padding)."""
    return f"{day.day}/{day.month}/{day.year}"


def party_age_on(due: BadgeDue, day: date) -> PartyAge:
    """Party age on the occasion: the badge's years plus the months since it fell due. The due
    date already carries the gaps (regulations.badge_due_on), so nothing is replayed again."""
    months = due.years * 12 + max(0, age_in_months(due.due_on, day))
    return PartyAge(months // 12, months % 12)


@dataclass(frozen=True)
class BadgeRow:
    member_id: int
    full_name: str
    birth_date: date
    unit: str
    admitted_on: date | None
    due_on: date
    party_age: PartyAge
    # Withheld after a discipline (§3.3): the earliest review, shown as "Hoãn đến …".
    deferred_until: date | None = None

    @property
    def note(self) -> str:
        return f"Hoãn đến {format_date(self.deferred_until)}" if self.deferred_until else ""


@dataclass
class BadgeGroup:
    years: int
    rows: list[BadgeRow]
    roman: str = ""

    @property
    def label(self) -> str:
        return f"Huy hiệu {self.years} năm tuổi Đảng"


@dataclass
class BadgeList:
    occasion: date
    unit_name: str
    groups: list[BadgeGroup]
    letterhead: Letterhead | None = None
    signature: Signature | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(g.rows) for g in self.groups)

    @property
    def title(self) -> str:
        return "DANH SÁCH ĐẢNG VIÊN ĐỀ NGHỊ TẶNG HUY HIỆU ĐẢNG"

    @property
    def subtitle(self) -> str:
        return f"ĐỢT {occasion_label(self.occasion)}"

    @property
    def lead(self) -> str:
        return f"(Tuổi Đảng tính đến ngày {format_date(self.occasion)})"

    @property
    def filename_stem(self) -> str:
        o = self.occasion
        return f"huy-hieu-dang-dot-{o.day:02d}-{o.month:02d}-{o.year}"


def build_list(
    due: list[BadgeDue], unit_names: dict[int, str], occasion: date, unit_name: str
) -> BadgeList:
    """Groups from the highest badge down (the order lists are read at the ceremony), members
    in Vietnamese name order inside each (Member.name_sort, then id)."""
    by_years: dict[int, list[BadgeDue]] = defaultdict(list)
    for item in due:
        by_years[item.years].append(item)
    groups = []
    for index, years in enumerate(sorted(by_years, reverse=True)):
        items = sorted(by_years[years], key=lambda d: (d.member.name_sort, d.member.pk))
        rows = [
            BadgeRow(
                member_id=d.member.pk,
                full_name=d.member.full_name,
                birth_date=d.member.birth_date,
                unit=unit_names.get(d.member.organization_id, ""),
                admitted_on=d.member.admitted_on,
                due_on=d.due_on,
                party_age=party_age_on(d, occasion),
                deferred_until=d.deferral.until if d.deferral else None,
            )
            for d in items
        ]
        groups.append(BadgeGroup(years, rows, ROMAN[index] if index < len(ROMAN) else ""))
    return BadgeList(occasion=occasion, unit_name=unit_name, groups=groups)


def _cells(number: int, row: BadgeRow) -> list[str]:
    return [
        str(number),
        row.full_name,
        format_date(row.birth_date),
        row.unit,
        format_date(row.admitted_on),
        str(row.party_age),
        row.note,
    ]


def _numbered(badges: BadgeList) -> list[tuple[BadgeGroup, list[list[str]]]]:
    """Rows numbered straight through the list, as one STT column."""
    number = 0
    out = []
    for group in badges.groups:
        cells = []
        for row in group.rows:
            number += 1
            cells.append(_cells(number, row))
        out.append((group, cells))
    return out


def _group_heading(group: BadgeGroup) -> str:
    return f"{group.roman}. {group.label}: {format_number(len(group.rows))} đồng chí"


def badges_html(badges: BadgeList) -> str:
    sections = [
        {"heading": _group_heading(group), "rows": rows} for group, rows in _numbered(badges)
    ]
    return render_html(
        TEMPLATE,
        {
            "badges": badges,
            "sections": sections,
            "headers": HEADERS,
            "total": format_number(badges.total),
            "letterhead": badges.letterhead,
            "signature": badges.signature,
        },
    )


def badges_pdf(badges: BadgeList) -> bytes:
    return html_to_pdf(badges_html(badges), landscape=True)


def badges_docx(badges: BadgeList) -> bytes:
    doc = new_document(landscape=True)
    width = int(text_width(doc))
    if badges.letterhead is not None:
        add_letterhead(doc, badges.letterhead)
    add_title(doc, badges.title, subtitle=badges.subtitle, lead=badges.lead)
    rows: list[list[str]] = []
    headings: list[tuple[int, str]] = []
    for group, cells in _numbered(badges):
        headings.append((len(rows), _group_heading(group)))
        rows.extend(cells)
    if not rows:
        paragraph(
            doc, "Không có đảng viên nào đến hạn.", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER
        )
    else:
        fixed = [Mm(12), Mm(62), Mm(27), Mm(60), Mm(28), Mm(32)]
        add_grid(
            doc,
            HEADERS,
            rows,
            [*(int(w) for w in fixed), width - sum(int(w) for w in fixed)],
            group_rows=headings,
            centered=[0, 2, 4],
        )
    paragraph(
        doc, f"Tổng số: {format_number(badges.total)} đồng chí.", space_before=6, space_after=4
    )
    if badges.signature is not None:
        add_signature(doc, badges.signature)
    return to_bytes(doc)


XLSX_COLUMNS = [
    SheetColumn("STT", CellKind.NUMBER, 6),
    SheetColumn("Huy hiệu (năm tuổi Đảng)", CellKind.NUMBER, 12),
    SheetColumn("Họ và tên", CellKind.TEXT, 28),
    SheetColumn("Ngày sinh", CellKind.DATE, 12),
    SheetColumn("Chi bộ", CellKind.TEXT, 30),
    SheetColumn("Ngày vào Đảng", CellKind.DATE, 13),
    SheetColumn("Ngày đủ tuổi Đảng", CellKind.DATE, 13),
    SheetColumn("Tuổi Đảng", CellKind.TEXT, 16),
    SheetColumn("Ghi chú", CellKind.TEXT, 22),
]


def badges_xlsx(badges: BadgeList) -> bytes:
    """One flat sheet (a badge column instead of group headings) so it sorts and filters."""
    rows = []
    number = 0
    for group in badges.groups:
        for row in group.rows:
            number += 1
            rows.append(
                [
                    number,
                    group.years,
                    row.full_name,
                    row.birth_date,
                    row.unit,
                    row.admitted_on,
                    row.due_on,
                    str(row.party_age),
                    row.note,
                ]
            )
    out = io.BytesIO()
    write_xlsx(
        out,
        title=f"Huy hiệu {occasion_label(badges.occasion)}".replace("/", "-"),
        columns=XLSX_COLUMNS,
        rows=rows,
    )
    return out.getvalue()
