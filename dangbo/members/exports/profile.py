"""What the printed member summary (mẫu 2-HSĐV, "Phiếu đảng viên") says, as plain data: the
numbered items in the form's order, the timeline, the signature. The PDF and the DOCX are two
drawings of this one sheet, so they cannot disagree.

Personal items (CCCD, addresses) are filled only when the caller says the reader may see them;
otherwise they stay on the form, blank, with a printed note saying why.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dangbo.core.formats import format_date
from dangbo.members.exports.layout import (
    Letterhead,
    Signature,
    date_line,
    letterhead_for,
    on_behalf_of,
    upper,
)
from dangbo.members.models import (
    EducationLevel,
    EventKind,
    Member,
    MemberEvent,
    Sanction,
    Sex,
    TheoryLevel,
)
from dangbo.orgs.models import Organization

FORM_TITLE = "PHIẾU ĐẢNG VIÊN"
FORM_CODE = "Mẫu 2-HSĐV"
# Items printed beside the 3x4 photo box, as on the paper form.
BESIDE_PHOTO = 6
PHOTO_TYPES = {"image/jpeg", "image/png"}
KIND_LABELS = dict(EventKind.choices)
SANCTION_LABELS = dict(Sanction.choices)
DISCIPLINE_KINDS = {EventKind.DISCIPLINED, EventKind.EXPELLED}


@dataclass(frozen=True)
class Item:
    """One numbered entry: "7. Dân tộc: Kinh"."""

    number: int
    label: str
    value: str
    emphasis: bool = False  # the name: capitals, bold
    withheld: bool = False  # a personal item the reader may not see: printed blank


@dataclass(frozen=True)
class TimelineRow:
    day: str
    text: str
    unit: str
    decision: str


@dataclass
class ProfileSheet:
    member_name: str
    letterhead: Letterhead
    signature: Signature
    lines: list[list[Item]]  # one or two items a line, the form's order
    timeline_item: Item
    timeline: list[TimelineRow]
    closing_lines: list[list[Item]]  # after the timeline: awards, discipline, badges
    photo: tuple[bytes, str] | None = None  # (content, mime type)
    title: str = FORM_TITLE
    form_code: str = FORM_CODE
    notes: list[str] = field(default_factory=list)

    @property
    def lines_beside_photo(self) -> list[list[Item]]:
        return self.lines[:BESIDE_PHOTO]

    @property
    def lines_below_photo(self) -> list[list[Item]]:
        return self.lines[BESIDE_PHOTO:]

    def all_items(self) -> list[Item]:
        return [
            item
            for line in (*self.lines, [self.timeline_item], *self.closing_lines)
            for item in line
        ]


class _Numbering:
    def __init__(self) -> None:
        self.next = 1

    def item(self, label: str, value: Any, **kwargs: Any) -> Item:
        if isinstance(value, date):
            value = format_date(value)
        item = Item(self.next, label, "" if value is None else str(value), **kwargs)
        self.next += 1
        return item


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value else ""


def _sponsor(member: Member | None, name: str) -> str:
    return member.full_name if member is not None else name


def _sponsors(member: Member) -> str:
    names = (
        _sponsor(member.sponsor_1, member.sponsor_1_name),
        _sponsor(member.sponsor_2, member.sponsor_2_name),
    )
    return "; ".join(f"{i}) {name}" for i, name in enumerate(names, start=1) if name)


def _joined(*parts: tuple[str, str]) -> str:
    return "; ".join(f"{label}: {value}" if label else value for label, value in parts if value)


def _live(events: list[MemberEvent]) -> list[MemberEvent]:
    """What stands: corrected and voided events are history, not the record a form states."""
    return [e for e in events if not e.superseded and e.kind != EventKind.VOIDED]


def _event_text(event: MemberEvent, names: dict[int, str]) -> str:
    """ "Chuyển sinh hoạt đi (Chi bộ Ấp Hai)", "Khen thưởng, Giấy khen"…: what happened, without
    the reasons (a printed form states decisions, not the deliberations behind them)."""
    details = event.details or {}
    extra = []
    other = names.get(event.counterpart_id or 0) or event.counterpart_name
    if other:
        extra.append(other)
    if details.get("years"):
        extra.append(f"{details['years']} năm tuổi Đảng")
    if details.get("card_number"):
        extra.append(f"số thẻ {details['card_number']}")
    if details.get("form"):
        extra.append(str(details["form"]))
    if details.get("sanction"):
        extra.append(SANCTION_LABELS.get(details["sanction"], str(details["sanction"])))
    after = details.get("after")
    if event.kind == EventKind.POSITION_CHANGED and isinstance(after, dict):
        extra.extend(str(v) for v in after.values() if v)
    label = KIND_LABELS.get(event.kind, event.kind)
    return f"{label}: {'; '.join(extra)}" if extra else label


def _decision(event: MemberEvent) -> str:
    if not event.decision_number:
        return ""
    if event.decision_date:
        return f"{event.decision_number} ngày {format_date(event.decision_date)}"
    return event.decision_number


def timeline_rows(events: list[MemberEvent]) -> list[TimelineRow]:
    """The "quá trình" of the form, oldest first; unit names in one query."""
    live = _live(events)
    ids = {e.organization_id for e in live} | {e.counterpart_id for e in live if e.counterpart_id}
    names = dict(Organization.objects.filter(pk__in=ids).order_by().values_list("pk", "name"))
    return [
        TimelineRow(
            day=format_date(e.effective_on),
            text=_event_text(e, names),
            unit=names.get(e.organization_id, ""),
            decision=_decision(e),
        )
        for e in live
    ]


def _badges_awarded(events: list[MemberEvent]) -> str:
    return "; ".join(
        f"Huy hiệu {e.details.get('years', '')} năm tuổi Đảng ({format_date(e.effective_on)})"
        for e in _live(events)
        if e.kind == EventKind.BADGE_AWARDED
    )


def _with_decision(text: str, event: MemberEvent) -> str:
    decision = _decision(event)
    when = format_date(event.effective_on)
    return f"{text} ({decision})" if decision else f"{text} ({when})"


def _commendations(events: list[MemberEvent]) -> str:
    return "; ".join(
        _with_decision(
            " của ".join(str(p) for p in (e.details.get("form"), e.details.get("authority")) if p),
            e,
        )
        for e in _live(events)
        if e.kind == EventKind.COMMENDED
    )


def _discipline(events: list[MemberEvent]) -> str:
    parts = []
    for e in _live(events):
        if e.kind == EventKind.DISCIPLINED:
            sanction = SANCTION_LABELS.get(e.details.get("sanction", ""), "Kỷ luật")
            authority = e.details.get("authority")
            parts.append(_with_decision(f"{sanction}, {authority}" if authority else sanction, e))
        elif e.kind == EventKind.EXPELLED:
            parts.append(_with_decision(KIND_LABELS[e.kind], e))
    return "; ".join(parts)


def photo_of(member: Member) -> tuple[bytes, str] | None:
    """The member's 3x4 photo when the record has one (JPEG or PNG); the box stays empty
    otherwise, to paste a print in, as on paper."""
    photo = getattr(member, "photo", None)
    if not photo:
        return None
    mime = mimetypes.guess_type(str(getattr(photo, "name", "")))[0] or ""
    if mime not in PHOTO_TYPES:
        return None
    try:
        with photo.open("rb") as stream:
            return stream.read(), mime
    except (OSError, ValueError):  # the file went missing: print the empty box, not a 500
        return None


def build_sheet(
    member: Member,
    events: list[MemberEvent],
    *,
    personal: bool,
    day: date,
    signer_name: str = "",
) -> ProfileSheet:
    """The sheet of `member` (loaded with organization, ethnicity, religion and sponsors)."""
    n = _Numbering()

    def personal_item(label: str, value: str) -> Item:
        return n.item(label, value if personal else "", withheld=not personal)

    lines: list[list[Item]] = [
        [n.item("Họ và tên khai sinh", upper(member.full_name), emphasis=True)],
        [n.item("Tên gọi khác", member.other_name)],
        [
            n.item("Giới tính", _label(Sex, member.sex)),
            n.item("Ngày sinh", member.birth_date),
        ],
        [n.item("Nơi sinh", member.birth_place)],
        [n.item("Quê quán", member.hometown)],
        [
            n.item("Dân tộc", member.ethnicity or ""),
            n.item("Tôn giáo", member.religion or ""),
        ],
        [personal_item("Số định danh cá nhân (CCCD)", member.national_id or "")],
        [personal_item("Nơi thường trú", member.permanent_address)],
        [personal_item("Nơi ở hiện nay", member.current_address)],
        [n.item("Nghề nghiệp", member.occupation)],
        [n.item("Trình độ giáo dục phổ thông", member.general_education)],
        [
            n.item(
                "Chuyên môn nghiệp vụ",
                ", ".join(
                    p
                    for p in (_label(EducationLevel, member.education_level), member.specialty)
                    if p
                ),
            )
        ],
        [n.item("Học hàm, học vị", member.academic_title)],
        [n.item("Lý luận chính trị", _label(TheoryLevel, member.theory_level))],
        [
            n.item("Ngoại ngữ", member.foreign_language),
            n.item("Tin học", member.it_skill),
        ],
        [n.item("Ngày vào Đảng", member.admitted_on)],
        [n.item("Nơi vào Đảng", member.admitted_at)],
        [n.item("Ngày chính thức", member.official_on)],
        [
            n.item(
                "Người giới thiệu",
                _sponsors(member),
            )
        ],
        [
            n.item("Số thẻ đảng viên", member.card_number or ""),
            n.item("Số lý lịch", member.dossier_number),
        ],
        [
            n.item(
                "Chức vụ",
                _joined(
                    ("Đảng", member.party_position),
                    ("chính quyền", member.government_position),
                    ("đoàn thể", member.mass_org_position),
                ),
            )
        ],
        [n.item("Đang sinh hoạt tại", member.organization.name)],
    ]
    timeline_item = n.item("Quá trình hoạt động trong Đảng", "")
    closing = [
        [n.item("Khen thưởng", _commendations(events))],
        [n.item("Kỷ luật", _discipline(events))],
        [n.item("Huy hiệu Đảng", _badges_awarded(events))],
    ]
    letterhead = letterhead_for(member.organization, as_issuer=False, form_code=FORM_CODE)
    sheet = ProfileSheet(
        member_name=member.full_name,
        letterhead=letterhead,
        signature=Signature(
            on_behalf=on_behalf_of(member.organization),
            title="BÍ THƯ",
            name=signer_name,
            date_text=date_line(letterhead.place, day),
        ),
        lines=lines,
        timeline_item=timeline_item,
        timeline=timeline_rows(events),
        closing_lines=closing,
        photo=photo_of(member),
    )
    if not personal:
        withheld = ", ".join(str(i.number) for i in sheet.all_items() if i.withheld)
        sheet.notes.append(
            f"Mục {withheld} để trống: người in phiếu không được giao quyền xem thông tin cá nhân."
        )
    return sheet
