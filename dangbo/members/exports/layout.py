"""The Party's document format (HD 36-HD/VPTW, 03/4/2018; reference/regulations.md §7), shared
by every printable document: the letterhead, the place-and-date line, the signature block, page
margins and fonts. The PDF side (WeasyPrint) and the DOCX side (python-docx) both read these, so
a form printed either way carries the same words in the same places.

Reports (reports app, later) reuse this module: it knows nothing of members.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings

from dangbo.orgs.models import Organization, OrgKind

PARTY_HEADER = "ĐẢNG CỘNG SẢN VIỆT NAM"
# Times New Roman is the mandated face (TCVN 6909:2001 Unicode). Servers rarely have it, so the
# PDF falls back to Liberation Serif (same metrics, full Vietnamese coverage), then DejaVu Serif.
FONT_STACK = ("Times New Roman", "Liberation Serif", "DejaVu Serif", "serif")
DOCX_FONT = "Times New Roman"
# Top, right, bottom, left in millimetres. HD 36 was read only up to "Về định lề trang…": one
# party handbook gives 25/15/25/35, memory says 20/15/20/30 (regulations.md §7.3, conflict), so
# the value is a setting and the default is the narrower one, which fits a form on fewer pages.
DEFAULT_MARGINS_MM = (20, 15, 20, 30)

_PLACE = re.compile(
    r"^(?:đảng bộ|đảng ủy|đảng uỷ|chi bộ)\s+(xã|phường|đặc khu|thị trấn|tỉnh|thành phố)\s+(.+)$",
    re.IGNORECASE,
)
_DOTS = "……………"


def margins_mm() -> tuple[int, int, int, int]:
    top, right, bottom, left = getattr(settings, "DANGBO_DOCUMENT_MARGINS_MM", DEFAULT_MARGINS_MM)
    return int(top), int(right), int(bottom), int(left)


def upper(text: str) -> str:
    """Capitals for headings: Python's upper() maps every Vietnamese letter (đ → Đ, ư → Ư)."""
    return text.upper()


def date_line(place: str, day: date) -> str:
    """ "An Bình, ngày 05 tháng 01 năm 2026": days below 10 and months 1–2 zero-padded, as in
    the HD 36 examples ("ngày 03 tháng 4 năm 2018"; regulations.md §7.6 case 5)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place or _DOTS}, ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass(frozen=True)
class Letterhead:
    """Top of the first page. Left: the superior body (caps, regular) over the issuing body
    (caps, bold) and a "*"; right: the Party header, underlined, and the place and date."""

    issuer: str
    superior: str = ""
    number: str = ""  # "Số 01-BC/CB"; forms and lists have none
    place: str = ""
    day: date | None = None  # None: the date goes in the signature block instead
    form_code: str = ""  # "Mẫu 2-HSĐV", printed small above the Party header

    @property
    def date_text(self) -> str:
        return date_line(self.place, self.day) if self.day else ""


@dataclass(frozen=True)
class Signature:
    """The signing block: "T/M CHI BỘ" over "BÍ THƯ", room for the signature and seal, then the
    name (left blank to be written by hand when the software does not know it)."""

    on_behalf: str
    title: str
    name: str = ""
    date_text: str = ""  # italic line above, when the letterhead carries no date
    left_caption: str = ""  # e.g. "NGƯỜI LẬP DANH SÁCH" on the left of lists
    notes: list[str] = field(default_factory=list)


def ancestors(org: Organization) -> list[Organization]:
    """The organisation and every unit above it, nearest first: one query.

    Read without dangbo.access on purpose: a letterhead names the line of superior bodies,
    which every member of the unit knows; nothing else of those units is shown."""
    prefixes = [org.path[:end] for end in range(org.steplen, len(org.path) + 1, org.steplen)]
    return list(Organization.objects.filter(path__in=prefixes).order_by("-depth"))


def issuing_body(org: Organization) -> str:
    """The body that signs for an organisation: a đảng bộ signs as its đảng ủy ("Đảng bộ xã An
    Bình" → "Đảng ủy xã An Bình"; "Đảng bộ tỉnh X" → "Tỉnh ủy X"), a chi bộ as itself."""
    name = org.name.strip()
    lowered = name.lower()
    if lowered.startswith("đảng bộ tỉnh "):
        return "Tỉnh ủy " + name[len("Đảng bộ tỉnh ") :]
    if lowered.startswith("đảng bộ thành phố ") and org.kind == OrgKind.PROVINCE:
        return "Thành ủy " + name[len("Đảng bộ thành phố ") :]
    if lowered.startswith("đảng bộ "):
        return "Đảng ủy " + name[len("Đảng bộ ") :]
    return name


def on_behalf_of(org: Organization) -> str:
    """ "T/M …" line: a chi bộ signs for itself, a committee's standing body for a đảng bộ."""
    if org.kind in (OrgKind.CELL, OrgKind.GRASSROOTS_CELL, OrgKind.GROUP):
        return "T/M CHI BỘ"
    if org.kind in (OrgKind.PROVINCE, OrgKind.UPPER):
        return "T/M BAN THƯỜNG VỤ"
    return "T/M ĐẢNG ỦY"


def place_of(line: list[Organization]) -> str:
    """The place name for the date line: the locality in the nearest unit named after one
    ("Chi bộ Ấp Một" under "Đảng bộ xã An Bình" → "An Bình"; a numbered ward keeps its word:
    "Phường 1"); "" when none is."""
    for org in line:
        match = _PLACE.match(org.name.strip())
        if match:
            unit, name = match.group(1), match.group(2).strip()
            return f"{unit.capitalize()} {name}" if name[:1].isdigit() else name
    return ""


def letterhead_for(
    org: Organization,
    *,
    day: date | None = None,
    number: str = "",
    form_code: str = "",
    as_issuer: bool = True,
) -> Letterhead:
    """The letterhead of a document issued by `org` (`as_issuer`: a đảng bộ issues as its
    đảng ủy) with its direct superior above it, as in "ĐẢNG BỘ XÃ Y / CHI BỘ Z" (§7.2)."""
    line = ancestors(org)
    parent = line[1] if len(line) > 1 else None
    issuer = issuing_body(org) if as_issuer else org.name
    return Letterhead(
        issuer=upper(issuer),
        superior=upper(parent.name) if parent is not None else "",
        number=number,
        place=place_of(line),
        day=day,
        form_code=form_code,
    )
