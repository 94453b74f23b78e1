"""Every write to documents (DESIGN rule 1): validate, write, audit, in one transaction.

`actor=None` is the system (seed_demo, management commands): no permission check; every other
actor needs Action.EDIT on the issuing organisation. A draft is fully editable; once issued,
the number, kind, issuer and date are fixed (the number is never given again), and only the
wording (title, summary, body) and the signer can be corrected.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date
from typing import IO, Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from dangbo.access.policy import Action
from dangbo.access.scoping import require
from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.clock import today
from dangbo.core.errors import field_error
from dangbo.core.formats import format_date
from dangbo.core.jsonable import changed, snapshot
from dangbo.core.text import nfc
from dangbo.documents import numbering, text_from_file
from dangbo.documents.models import Attachment, DocKind, DocStatus, Document
from dangbo.documents.search import document_index_text
from dangbo.orgs.models import Organization, OrgKind

AUDITED = (
    "kind",
    "issuer",
    "term",
    "congress",
    "number",
    "issuer_code",
    "issued_on",
    "place",
    "signer",
    "signer_capacity",
    "title",
    "summary",
    "implements",
    "replaced_by",
    "status",
)
TEXT_FIELDS = ("title", "summary", "body", "place", "signer", "signer_capacity")
DRAFT_FIELDS = frozenset(
    {*TEXT_FIELDS, "kind", "issuer", "issuer_code", "issued_on", "implements", "congress"}
)
ISSUED_FIELDS = frozenset({"title", "summary", "body", "signer", "signer_capacity"})
MAX_LENGTHS = {"title": 500, "place": 128, "signer": 128, "signer_capacity": 128}
# The usual code after the slash for each kind of issuer (HD 36 point 1.3.1; a unit's own
# code, once used, wins: see default_issuer_code).
CODE_BY_KIND = {
    OrgKind.PROVINCE: "TU",
    OrgKind.UPPER: "ĐU",
    OrgKind.GRASSROOTS_COMMITTEE: "ĐU",
    OrgKind.GRASSROOTS_CELL: "CB",
    OrgKind.CELL: "CB",
    OrgKind.GROUP: "CB",
}


def _check_allowed(actor: User | None, issuer: Organization) -> None:
    if actor is not None:
        require(actor, Action.EDIT, issuer)


def _audit(actor: User | None, action: str, doc: Document, before: dict, after: dict) -> None:
    b, a = changed(before, after)
    record(actor=actor, action=action, target=doc, organization=doc.issuer, before=b, after=a)


def default_issuer_code(issuer: Organization) -> str:
    """The code the issuer last used, else the usual one for its kind."""
    last = (
        Document.objects.filter(issuer=issuer)
        .exclude(issuer_code="")
        .order_by("-id")
        .values_list("issuer_code", flat=True)
        .first()
    )
    return last or CODE_BY_KIND.get(OrgKind(issuer.kind), "ĐU")


def _clean_text(name: str, value: Any) -> str:
    text = nfc(str(value or "")).replace("\x00", "")
    text = text.replace("\r\n", "\n").strip() if name == "body" else text.strip()
    limit = MAX_LENGTHS.get(name)
    if limit and len(text) > limit:
        raise field_error(name, f"Không được dài quá {limit} ký tự.")
    return text


def _check_kind(kind: str) -> str:
    if kind not in DocKind.values:
        raise field_error("kind", f"Loại văn bản «{kind}» không có.")
    return kind


def _check_implements(doc: Document, target: Document | None) -> None:
    if target is None:
        return
    if target.pk == doc.pk:
        raise field_error("implements", "Văn bản không thể thực hiện chính nó.")
    if target.status == DocStatus.DRAFT:
        raise field_error("implements", "Chỉ chọn được văn bản đã ban hành.")
    seen, cursor = {doc.pk}, target
    while cursor.implements_id is not None:  # a chain that comes back would make a loop
        if cursor.implements_id in seen:
            raise field_error("implements", "Chọn văn bản này sẽ tạo vòng lặp thực hiện.")
        seen.add(cursor.implements_id)
        cursor = Document.objects.only("implements_id").get(pk=cursor.implements_id)


def _refresh_search(doc: Document) -> None:
    doc.search_text = document_index_text(doc)


def _read_upload(upload: IO[bytes]) -> tuple[str, bytes]:
    name = str(getattr(upload, "name", "") or "tep")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    size = getattr(upload, "size", None)
    text_from_file.check_kind(name, text_from_file.ATTACHMENT_KINDS)
    text_from_file.check_size(name, size if size is not None else 1)
    data = upload.read(text_from_file.MAX_BYTES + 1)
    text_from_file.check_size(name, len(data))
    return name, data


def _store(
    actor: User | None, doc: Document, name: str, data: bytes, extracted: bool
) -> Attachment:
    # A random stored name: the file name tells nothing and cannot be guessed.
    stored = f"{secrets.token_hex(12)}{text_from_file.suffix_of(name)}"
    attachment = Attachment(
        document=doc,
        name=nfc(name)[:255],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text_extracted=extracted,
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    attachment.file.save(stored, ContentFile(data), save=False)
    attachment.save()
    return attachment


@transaction.atomic
def create_document(
    *,
    actor: User | None,
    kind: str,
    issuer: Organization,
    title: str,
    issuer_code: str | None = None,
    issued_on: date | None = None,
    body: str = "",
    summary: str = "",
    signer: str = "",
    signer_capacity: str = "",
    place: str = "",
    implements: Document | None = None,
    congress: bool = False,
    file: IO[bytes] | None = None,
) -> Document:
    """A draft. An uploaded .docx/.pdf/.txt gives the body when none was typed, and is kept
    as the document's first attachment."""
    _check_allowed(actor, issuer)
    upload = _read_upload(file) if file is not None else None
    body = _clean_text("body", body)
    extracted = False
    if upload is not None:
        name, data = upload
        if body:
            text_from_file.check_attachment(name, data)
        else:
            body = text_from_file.body_from_file(name, data)
            extracted = True
    title = _clean_text("title", title)
    if not title:
        raise field_error("title", "Nhập trích yếu của văn bản.")
    code = numbering.check_issuer_code(issuer_code or default_issuer_code(issuer))
    doc = Document(
        kind=_check_kind(kind),
        issuer=issuer,
        issuer_code=code,
        issued_on=issued_on,
        congress=congress,
        title=title,
        summary=_clean_text("summary", summary),
        body=body,
        signer=_clean_text("signer", signer),
        signer_capacity=_clean_text("signer_capacity", signer_capacity),
        place=_clean_text("place", place),
        implements=implements,
        status=DocStatus.DRAFT,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    _check_implements(doc, implements)
    _refresh_search(doc)
    doc.save()
    _audit(actor, "document.create", doc, {}, snapshot(doc, AUDITED))
    if upload is not None:
        _store(actor, doc, upload[0], upload[1], extracted)
    return doc


@transaction.atomic
def update_document(*, actor: User | None, document: Document, **changes: Any) -> Document:
    """Change the fields named in `changes`: any field of a draft, only the wording and the
    signer of an issued document."""
    doc = Document.objects.select_for_update().get(pk=document.pk)
    _check_allowed(actor, doc.issuer)
    allowed = DRAFT_FIELDS if doc.status == DocStatus.DRAFT else ISSUED_FIELDS
    for name in changes:
        if name not in DRAFT_FIELDS:
            raise field_error(name, "Trường này không sửa được.")
        if name not in allowed:
            raise field_error(
                name, "Văn bản đã ban hành chỉ sửa được trích yếu, tóm tắt, nội dung, người ký."
            )
    before = snapshot(doc, AUDITED)
    for name, value in changes.items():
        if name in TEXT_FIELDS:
            setattr(doc, name, _clean_text(name, value))
        elif name == "kind":
            doc.kind = _check_kind(value)
        elif name == "issuer":
            _check_allowed(actor, value)
            doc.issuer = value
        elif name == "issuer_code":
            doc.issuer_code = numbering.check_issuer_code(value or default_issuer_code(doc.issuer))
        elif name == "congress":
            doc.congress = bool(value)
        else:
            setattr(doc, name, value)
    if not doc.title:
        raise field_error("title", "Nhập trích yếu của văn bản.")
    _check_implements(doc, doc.implements)
    _refresh_search(doc)
    doc.save()
    _audit(actor, "document.update", doc, before, snapshot(doc, AUDITED))
    return doc


def _check_issue_day(day: date) -> None:
    if day > today():
        raise field_error("issued_on", "Ngày ban hành không được sau ngày hôm nay.")
    try:
        numbering.sequence_kind("", False, day)
    except ImproperlyConfigured:
        # The numbering rule row starts with HD 36 (03/4/2018); older paper documents are
        # entered as "earlier" only after a rule row covers their date.
        raise field_error(
            "issued_on",
            f"Chưa có quy định đánh số văn bản áp dụng cho ngày {format_date(day)}.",
        ) from None


def _issue(
    actor: User | None, doc: Document, issued_on: date, number: int | None, earlier: bool
) -> Document:
    if doc.status != DocStatus.DRAFT or doc.number is not None:
        raise field_error(
            "issued_on", f"Văn bản đã được ban hành với số {doc.symbol}; không cấp số lần nữa."
        )
    if number is not None and number < 1:
        raise field_error("number", "Số văn bản bắt đầu từ 01.")
    _check_issue_day(issued_on)
    before = snapshot(doc, AUDITED)
    doc.issued_on = issued_on
    doc.term = numbering.term_on(doc.issuer, issued_on)
    doc.number = numbering.reserve_number(doc, number, earlier=earlier)
    doc.status = DocStatus.ISSUED
    _refresh_search(doc)
    doc.save()
    _audit(actor, "document.issue", doc, before, snapshot(doc, AUDITED))
    return doc


@transaction.atomic
def issue_document(
    *,
    actor: User | None,
    document: Document,
    issued_on: date,
    number: int | None = None,
    earlier: bool = False,
) -> Document:
    """Issue a draft: it takes the next number of its sequence (or `number`, checked by
    numbering.reserve_number). A document is issued once."""
    # The row lock makes a second issue of the same draft wait and then see it issued.
    doc = Document.objects.select_for_update().get(pk=document.pk)
    _check_allowed(actor, doc.issuer)
    return _issue(actor, doc, issued_on, number, earlier)


@transaction.atomic
def register_issued_document(
    *,
    actor: User | None,
    symbol: str,
    kind: str,
    issuer: Organization,
    title: str,
    issued_on: date | None,
    earlier: bool = False,
    **fields: Any,
) -> Document:
    """Enter a document already issued on paper by its number and symbol ("02-CTr/ĐU")."""
    _check_allowed(actor, issuer)
    parsed = numbering.parse_symbol(symbol, field="symbol")
    if parsed.kind != kind:
        raise field_error(
            "symbol",
            f"Ký hiệu «{parsed}» là loại {DocKind(parsed.kind).label.lower()}, không khớp loại "
            f"văn bản đã chọn ({DocKind(kind).label.lower()}).",
        )
    if issued_on is None:
        raise field_error("issued_on", "Nhập ngày ban hành của văn bản.")
    fields.pop("issuer_code", None)
    doc = create_document(
        actor=actor,
        kind=kind,
        issuer=issuer,
        title=title,
        issuer_code=parsed.issuer_code,
        issued_on=issued_on,
        **fields,
    )
    try:
        return _issue(actor, doc, issued_on, parsed.number, earlier)
    except ValidationError as exc:
        # The form has no «number» field: the number is part of the symbol typed.
        if hasattr(exc, "error_dict") and "number" in exc.error_dict:
            raise ValidationError({"symbol": exc.error_dict["number"]}) from None
        raise


@transaction.atomic
def replace_document(*, actor: User | None, document: Document, replaced_by: Document) -> Document:
    """Mark an issued document as replaced by a later issued one."""
    doc = Document.objects.select_for_update().get(pk=document.pk)
    _check_allowed(actor, doc.issuer)
    if doc.status != DocStatus.ISSUED:
        raise field_error(
            "replaced_by", "Chỉ thay thế được văn bản đang có hiệu lực (đã ban hành)."
        )
    if replaced_by.pk == doc.pk:
        raise field_error("replaced_by", "Văn bản không thể thay thế chính nó.")
    if replaced_by.status != DocStatus.ISSUED:
        raise field_error("replaced_by", "Văn bản thay thế phải là văn bản đã ban hành.")
    before = snapshot(doc, AUDITED)
    doc.replaced_by = replaced_by
    doc.status = DocStatus.REPLACED
    doc.save(update_fields=["replaced_by", "status", "updated_at"])
    _audit(actor, "document.replace", doc, before, snapshot(doc, AUDITED))
    return doc


@transaction.atomic
def attach_file(
    *, actor: User | None, document: Document, file: IO[bytes], use_as_body: bool = False
) -> Attachment:
    """Keep a .pdf/.docx/.txt/.xlsx with the document (checked: not corrupt, at most 20 MB).
    With `use_as_body`, a draft's empty body is filled from the file's text."""
    doc = Document.objects.select_for_update().get(pk=document.pk)
    _check_allowed(actor, doc.issuer)
    name, data = _read_upload(file)
    extracted = False
    if use_as_body and not doc.body:
        doc.body = text_from_file.body_from_file(name, data)
        extracted = True
        _refresh_search(doc)
        doc.save(update_fields=["body", "search_text", "updated_at"])
    else:
        text_from_file.check_attachment(name, data)
    attachment = _store(actor, doc, name, data, extracted)
    record(
        actor=actor,
        action="document.attach",
        target=doc,
        organization=doc.issuer,
        after={"attachment": attachment.pk, "name": attachment.name, "size": attachment.size},
    )
    return attachment


def record_download(*, actor: User | None, attachment: Attachment) -> None:
    """Downloads are audited: who read which file of which document."""
    with transaction.atomic():
        record(
            actor=actor,
            action="document.download",
            target=attachment.document,
            organization=attachment.document.issuer,
            after={"attachment": attachment.pk, "name": attachment.name},
        )
