"""Checks shared by the target and task services: text, numbers, dates, files, units and who
may write. Every refusal is a ValidationError keyed by the form/API field (DESIGN rule 6)."""

from __future__ import annotations

import os
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import models

from dangbo import access
from dangbo.access.policy import Action
from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.clock import today
from dangbo.core.errors import field_error
from dangbo.core.formats import format_date, parse_number
from dangbo.core.jsonable import changed
from dangbo.core.text import fold, nfc
from dangbo.documents.models import Document
from dangbo.orgs.models import Organization

# DecimalField(max_digits=20, decimal_places=4): at most 16 digits before the point.
_DECIMAL_LIMIT = Decimal(10) ** 16
MAX_FILE_BYTES = 20 * 2**20
FILE_EXTENSIONS = frozenset(
    {".pdf", ".doc", ".docx", ".odt", ".xls", ".xlsx", ".ods", ".jpg", ".jpeg", ".png", ".txt"}
)

# Spellings of one unit that mean the same thing; compared after fold() (no diacritics).
_UNIT_SYNONYMS = {
    "phan tram": "%",
    "percent": "%",
    "phan nghin": "‰",
    "phan ngan": "‰",
    "dong": "đồng",
    "vnd": "đồng",
    "d": "đồng",
    "trieu dong": "triệu đồng",
    "ty dong": "tỷ đồng",
    "ti dong": "tỷ đồng",
}


def unit_key(unit: str) -> str:
    """The comparable form of a unit: "%", "phần trăm" and "Phần trăm" are one unit."""
    text = nfc(unit).strip().replace("％", "%")
    folded = fold(text)
    return _UNIT_SYNONYMS.get(folded, folded)


def same_unit(a: str, b: str) -> bool:
    return unit_key(a) == unit_key(b)


def clean_text(field: str, value: Any, *, max_length: int, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise field_error(field, "Giá trị phải là một chuỗi ký tự.")
    if "\x00" in value or any(unicodedata.category(ch) == "Cs" for ch in value):
        raise field_error(field, "Văn bản chứa ký tự không hợp lệ.")
    text = nfc(value).strip()
    if required and not text:
        raise field_error(field, "Trường này không được bỏ trống.")
    if len(text) > max_length:
        raise field_error(field, f"Không được dài quá {max_length} ký tự.")
    return text


def clean_decimal(field: str, value: Any, *, required: bool = True) -> Decimal | None:
    """A number from a Decimal, int, float or Vietnamese-typed text ("1.234,5")."""
    if value is None or value == "":
        if required:
            raise field_error(field, "Nhập một số.")
        return None
    if isinstance(value, bool):
        raise field_error(field, "Giá trị phải là một số.")
    try:
        if isinstance(value, Decimal):
            number = value
        elif isinstance(value, int):
            number = Decimal(value)
        elif isinstance(value, float):
            number = Decimal(repr(value))
        elif isinstance(value, str):
            number = parse_number(value)
        else:
            raise field_error(field, "Giá trị phải là một số.")
    except (ValueError, InvalidOperation):
        raise field_error(field, f"Số không hợp lệ: «{value}». Nhập theo dạng 1.234,5.") from None
    if not number.is_finite():
        raise field_error(field, "Giá trị phải là một số hữu hạn.")
    if abs(number) >= _DECIMAL_LIMIT:
        raise field_error(field, "Số quá lớn.")
    return number.quantize(Decimal("0.0001"))


def clean_number(field: str, value: Any) -> Decimal:
    """A required number (see clean_decimal)."""
    number = clean_decimal(field, value)
    if number is None:  # pragma: no cover - clean_decimal raises for a missing value
        raise field_error(field, "Nhập một số.")
    return number


def clean_past_date(field: str, value: date, what: str) -> date:
    if not isinstance(value, date):
        raise field_error(field, "Ngày không hợp lệ. Nhập theo dạng dd/mm/yyyy.")
    if value > today():
        raise field_error(field, f"{what} ({format_date(value)}) không được sau ngày hôm nay.")
    return value


def clean_span(start: int | None, end: int | None) -> tuple[int | None, int | None]:
    if start is None and end is None:
        return None, None
    if start is None or end is None or start < 0 or end < start:
        raise field_error("source_start", "Vị trí câu gốc không hợp lệ.")
    return start, end


def clean_file(field: str, upload: UploadedFile | None) -> UploadedFile | None:
    if upload is None:
        return None
    name = os.path.basename(upload.name or "")
    ext = os.path.splitext(name)[1].lower()
    if ext not in FILE_EXTENSIONS:
        allowed = ", ".join(sorted(e.lstrip(".") for e in FILE_EXTENSIONS))
        raise field_error(field, f"Không nhận tệp «{name}». Chỉ nhận tệp: {allowed}.")
    if not upload.size:
        raise field_error(field, f"Tệp «{name}» rỗng.")
    if upload.size > MAX_FILE_BYTES:
        raise field_error(field, f"Tệp «{name}» lớn quá {MAX_FILE_BYTES // 2**20} MB.")
    return upload


def file_name(upload: UploadedFile) -> str:
    return nfc(os.path.basename(upload.name or "tep"))[:255]


def clean_unit_org(field: str, document: Document, org: Organization | None) -> None:
    """A responsible or lead unit must be the issuer or a unit below it."""
    if org is None:
        return
    if not isinstance(org, Organization):
        raise field_error(field, "Đơn vị không hợp lệ.")
    if not org.path.startswith(document.issuer.path):
        raise field_error(
            field, f"{org.name} không thuộc {document.issuer.name}, nơi ban hành văn bản."
        )


def require_issuer(actor: User | None, document: Document) -> None:
    """Defining targets and tasks is the issuing committee's work."""
    if actor is None or not access.can(actor, Action.EDIT, document.issuer):
        raise PermissionDenied("Bạn không có quyền sửa chỉ tiêu, nhiệm vụ của văn bản này.")


def may_report(actor: User | None, document: Document, unit: Organization | None) -> bool:
    """The issuer reports on anything of its document; a unit reports on what it leads."""
    if actor is None:
        return False
    if access.can(actor, Action.EDIT, document.issuer):
        return True
    return unit is not None and access.can(actor, Action.EDIT, unit)


def require_reporter(actor: User | None, document: Document, unit: Organization | None) -> None:
    if not may_report(actor, document, unit):
        raise PermissionDenied(
            "Bạn không có quyền báo cáo: chỉ cấp ủy ban hành văn bản hoặc đơn vị chủ trì."
        )


def audit(
    actor: User | None,
    action: str,
    obj: models.Model,
    organization: Organization,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    b, a = changed(before, after)
    record(actor=actor, action=action, target=obj, organization=organization, before=b, after=a)
