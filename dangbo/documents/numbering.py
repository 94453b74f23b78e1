"""Number and symbol of Party documents (HD 36-HD/VPTW point 1.3.1; regulations.md §7.4).

"Số 02-CTr/ĐU": number, hyphen, kind code, slash, issuer code. A committee numbers from 01
within one term and never resets at the new year; congress documents share one sequence across
every kind. Whether the committee's sequence is kept per kind (HD 36) or shared by all kinds
(some committees' own rules) is the rule row `documents.numbering_scope`, so it is data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from dangbo.core.errors import field_error
from dangbo.core.rules import rule
from dangbo.core.text import nfc
from dangbo.documents.models import DocKind, Document, NumberSequence
from dangbo.orgs.models import Organization, Term

PER_KIND = "per_kind"
SHARED = "shared"
CONGRESS_CODE = "ĐH"

_KIND_BY_FOLD = {kind.value.upper(): kind.value for kind in DocKind}
# "Số 02-CTr/ĐU", "02 - CTr/ĐU", "81-KH/TU", "24-BS/UBKTTU"; the issuer code may hold "-".
_SYMBOL = re.compile(
    r"^\s*(?:số\s*:?\s*)?(?P<number>\d{1,5})\s*-\s*(?P<kind>[A-Za-zĐđ]{1,5})\s*/\s*"
    r"(?P<issuer>[A-ZĐ0-9][A-ZĐ0-9\-]{0,31})\s*$",
    re.IGNORECASE,
)
_ISSUER_CODE = re.compile(r"^[A-ZĐ0-9][A-ZĐ0-9\-]{0,31}$")


@dataclass(frozen=True)
class Symbol:
    number: int
    kind: str
    issuer_code: str

    def __str__(self) -> str:
        return f"{self.number:02d}-{self.kind}/{self.issuer_code}"


def parse_symbol(text: str, field: str = "symbol") -> Symbol:
    """Read "02-CTr/ĐU" (with or without "Số"); a malformed one is a Vietnamese field error."""
    match = _SYMBOL.match(nfc(text or "").replace("Ð", "Đ"))
    if match is None:
        raise field_error(
            field,
            f"Số, ký hiệu «{text}» không đúng mẫu «số-LOẠI/CƠ QUAN», ví dụ 02-CTr/ĐU, 81-KH/TU.",
        )
    kind = _KIND_BY_FOLD.get(match["kind"].upper())
    if kind is None:
        known = ", ".join(k.value for k in DocKind)
        raise field_error(
            field, f"Loại văn bản «{match['kind']}» không có; dùng một trong: {known}."
        )
    number = int(match["number"])
    if number < 1:
        raise field_error(field, "Số văn bản bắt đầu từ 01.")
    return Symbol(number, kind, match["issuer"].upper())


def check_issuer_code(code: str, field: str = "issuer_code") -> str:
    code = nfc(code or "").strip().upper().replace("Ð", "Đ")
    if not _ISSUER_CODE.match(code):
        raise field_error(
            field, "Ký hiệu cơ quan ban hành chỉ gồm chữ in hoa, chữ số và dấu «-», ví dụ ĐU, TU."
        )
    return code


def term_on(issuer: Organization, day: date) -> Term | None:
    """The issuer's term covering `day`; documents outside any recorded term share the
    sequence of "no term" (a unit that has not entered its terms yet)."""
    return issuer.terms.filter(starts_on__lte=day, ends_on__gte=day).order_by("-starts_on").first()


def sequence_kind(kind: str, congress: bool, day: date) -> str:
    """The kind key of the sequence a document draws from: "" when shared by all kinds."""
    if congress:
        return ""
    return kind if rule("documents.numbering_scope", day) == PER_KIND else ""


def _sequence(document: Document) -> NumberSequence:
    assert document.issued_on is not None
    key = sequence_kind(document.kind, document.congress, document.issued_on)
    sequence, _ = NumberSequence.objects.get_or_create(
        issuer=document.issuer, term=document.term, congress=document.congress, kind=key
    )
    # Lock the row: two issues at once must not take the same number.
    return NumberSequence.objects.select_for_update().get(pk=sequence.pk)


def _taken(document: Document, number: int) -> Document | None:
    assert document.issued_on is not None
    key = sequence_kind(document.kind, document.congress, document.issued_on)
    same = Document.objects.filter(
        issuer=document.issuer, term=document.term, congress=document.congress, number=number
    ).exclude(pk=document.pk)
    if key:
        same = same.filter(kind=key)
    return same.first()


def next_number(document: Document) -> int:
    """The number issuing would give now (for the form's hint; not reserved)."""
    assert document.issued_on is not None
    key = sequence_kind(document.kind, document.congress, document.issued_on)
    last = (
        NumberSequence.objects.filter(
            issuer=document.issuer, term=document.term, congress=document.congress, kind=key
        )
        .values_list("last", flat=True)
        .first()
    )
    return (last or 0) + 1


def reserve_number(document: Document, wanted: int | None, *, earlier: bool) -> int:
    """Take a number for `document` inside the caller's transaction.

    `wanted` None gives the next one. A wanted number must be free; it may not jump ahead of
    the sequence (a gap would look like a lost document) unless `earlier` says the document was
    issued on paper before the unit used the software, which moves the sequence past it.
    """
    sequence = _sequence(document)
    if wanted is None:
        number = sequence.last + 1
        while _taken(document, number) is not None:  # numbers entered as "earlier" documents
            number += 1
    else:
        number = wanted
        other = _taken(document, number)
        if other is not None:
            raise field_error(
                "number", f"Số {number:02d} đã dùng cho văn bản {other.symbol} «{other.title}»."
            )
        if number > sequence.last + 1 and not earlier:
            raise field_error(
                "number",
                f"Số {number:02d} không liền số: số tiếp theo của sổ văn bản là "
                f"{sequence.last + 1:02d}. Nếu văn bản đã ban hành trên giấy trước khi dùng phần "
                "mềm, hãy chọn «Văn bản ban hành trước khi dùng phần mềm».",
            )
    if number > sequence.last:
        sequence.last = number
        sequence.save(update_fields=["last"])
    return number


def numbered_in_sequence(document: Document) -> Q:
    """Documents sharing `document`'s sequence (for lists and checks)."""
    assert document.issued_on is not None
    key = sequence_kind(document.kind, document.congress, document.issued_on)
    q = Q(issuer=document.issuer, term=document.term, congress=document.congress)
    return q & Q(kind=key) if key else q
