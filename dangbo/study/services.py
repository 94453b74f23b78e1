"""Every write to study of resolutions (DESIGN rule 1): validate, write, audit, in one
transaction. `actor=None` is the system (seed_demo): no permission check; any other actor needs
Action.EDIT on the organising unit (a member may hand in their own reflection).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from dangbo.access.policy import Action
from dangbo.access.scoping import require, scope
from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.clock import today
from dangbo.core.errors import field_error
from dangbo.core.formats import format_date
from dangbo.core.text import nfc
from dangbo.documents import text_from_file
from dangbo.documents.models import DocStatus, Document
from dangbo.members.models import Member
from dangbo.members.queries import members_as_of
from dangbo.orgs.models import Organization
from dangbo.study.models import Reflection, StudyAttendance, StudyLevel, StudySession
from dangbo.study.queries import subtree

MAX_GUESTS = 1_000_000
MAX_SHEET = 5_000
REFLECTION_KINDS = (".pdf", ".docx", ".txt", ".jpg", ".jpeg", ".png")
READABLE = (DocStatus.ISSUED, DocStatus.REPLACED)


def _require(actor: User | None, organization: Organization) -> None:
    if actor is not None:
        require(actor, Action.EDIT, organization)


def _text(name: str, value: str, limit: int | None = None) -> str:
    text = nfc(str(value or "")).replace("\x00", "").strip()
    if limit is not None and len(text) > limit:
        raise field_error(name, f"Không được dài quá {limit} ký tự.")
    return text


def check_readable(document: Document, organization: Organization, field: str) -> None:
    """The unit studies what it or a unit above it has issued (access.scoping lets units below
    the issuer read issued documents); a draft is not studied."""
    if document.status not in READABLE:
        raise field_error(field, "Chỉ học tập, quán triệt văn bản đã ban hành.")
    issuer_path = Organization.objects.values_list("path", flat=True).get(pk=document.issuer_id)
    if not organization.path.startswith(issuer_path):
        raise field_error(
            field, f"{organization.name} không thuộc phạm vi thực hiện văn bản {document.symbol}."
        )


@transaction.atomic
def create_study_session(
    *,
    actor: User | None,
    document: Document,
    organization: Organization,
    held_on: date,
    level: str,
    place: str = "",
    is_makeup: bool = False,
    makeup_for: StudySession | None = None,
    guests: int = 0,
    notes: str = "",
) -> StudySession:
    """A session of `document` organised by `organization`. A session may be planned ahead;
    its attendance is recorded once the day has come (record_attendance)."""
    _require(actor, organization)
    if actor is not None and not scope(actor, Document).filter(pk=document.pk).exists():
        raise field_error("document", "Không tìm thấy văn bản hoặc bạn không có quyền xem.")
    check_readable(document, organization, "document")
    if level not in StudyLevel.values:
        raise field_error("level", f"Cấp tổ chức «{level}» không có.")
    if document.issued_on is not None and held_on < document.issued_on:
        raise field_error(
            "held_on",
            f"Ngày học tập ({format_date(held_on)}) trước ngày ban hành văn bản "
            f"({format_date(document.issued_on)}).",
        )
    if not 0 <= guests <= MAX_GUESTS:
        raise field_error("guests", "Số người ngoài Đảng tham dự phải từ 0 trở lên.")
    if makeup_for is not None:
        if makeup_for.document_id != document.pk:
            raise field_error("makeup_for", "Buổi học bù phải cùng văn bản với buổi được bù.")
        if makeup_for.held_on >= held_on:
            raise field_error(
                "makeup_for",
                f"Buổi học bù phải sau buổi được bù ({format_date(makeup_for.held_on)}).",
            )
        if not organization.path.startswith(
            makeup_for.organization.path
        ) and not makeup_for.organization.path.startswith(organization.path):
            raise field_error("makeup_for", "Buổi được bù thuộc đơn vị khác.")
        is_makeup = True
    session = StudySession.objects.create(
        document=document,
        organization=organization,
        held_on=held_on,
        level=level,
        place=_text("place", place, 255),
        is_makeup=is_makeup,
        makeup_for=makeup_for,
        guests=guests,
        notes=_text("notes", notes, 5000),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    record(
        actor=actor,
        action="study.session_create",
        target=session,
        organization=organization,
        after={
            "document": document.pk,
            "held_on": held_on,
            "level": level,
            "is_makeup": is_makeup,
            "makeup_for": makeup_for.pk if makeup_for else None,
            "guests": guests,
        },
    )
    return session


def _not_on_roll(actor: User | None, session: StudySession, missing: set[int]) -> ValidationError:
    """Names only members the actor may see; an id she cannot see reads as unknown."""
    visible = Member.objects.all() if actor is None else scope(actor, Member)
    named = dict(visible.filter(pk__in=missing).values_list("pk", "full_name"))
    where = f"{session.organization.name} ngày {format_date(session.held_on)}"
    messages = [
        f"Đảng viên {named[pk]} không có tên trong danh sách đảng viên của {where}."
        if pk in named
        else f"Không tìm thấy đảng viên mã {pk} trong danh sách đảng viên của {where}."
        for pk in sorted(missing)[:20]
    ]
    return ValidationError({"members": messages})


@transaction.atomic
def record_attendance(
    *, actor: User | None, session: StudySession, member_ids: Iterable[int]
) -> list[int]:
    """The whole sheet in one call: `member_ids` attended, everyone else on an earlier sheet
    did not. Every id must be on the roll of the organiser's subtree on the session's day
    (exempt members may attend too); otherwise nothing is written. Returns the ids present."""
    _require(actor, session.organization)
    if session.held_on > today():
        raise field_error(
            "members",
            f"Buổi học tập ngày {format_date(session.held_on)} chưa diễn ra: "
            "chưa ghi được danh sách dự học.",
        )
    wanted = set(member_ids)
    if len(wanted) > MAX_SHEET:
        raise field_error("members", f"Một danh sách không quá {MAX_SHEET} đảng viên.")
    on_roll = set(
        members_as_of(subtree(session.organization), session.held_on)
        .filter(pk__in=wanted)
        .values_list("pk", flat=True)
    )
    if wanted - on_roll:
        raise _not_on_roll(actor, session, wanted - on_roll)
    existing = dict(
        StudyAttendance.objects.select_for_update()
        .filter(session=session)
        .values_list("member_id", "present")
    )
    before = sorted(pk for pk, present in existing.items() if present)
    StudyAttendance.objects.bulk_create(
        [StudyAttendance(session=session, member_id=pk) for pk in wanted - existing.keys()]
    )
    StudyAttendance.objects.filter(session=session, member_id__in=wanted, present=False).update(
        present=True
    )
    StudyAttendance.objects.filter(session=session, present=True).exclude(
        member_id__in=wanted
    ).update(present=False)
    after = sorted(wanted)
    record(
        actor=actor,
        action="study.attendance",
        target=session,
        organization=session.organization,
        before={"present": before},
        after={"present": after},
    )
    return after


def _read_upload(upload: IO[bytes]) -> tuple[str, bytes]:
    name = str(getattr(upload, "name", "") or "tep").replace("\\", "/").rsplit("/", 1)[-1]
    text_from_file.check_kind(name, REFLECTION_KINDS)
    size = getattr(upload, "size", None)
    text_from_file.check_size(name, size if size is not None else 1)
    data = upload.read(text_from_file.MAX_BYTES + 1)
    text_from_file.check_size(name, len(data))
    return name, data


@transaction.atomic
def upload_reflection(
    *,
    actor: User | None,
    member: Member,
    document: Document,
    file: IO[bytes],
    submitted_on: date | None = None,
) -> Reflection:
    """A reflection handed in by `member` (uploaded by the secretary or by the member)."""
    unit = member.organization
    if unit is None or not member.is_on_roll:
        raise field_error("member", "Đảng viên không còn trong danh sách đảng viên.")
    if actor is not None and member.user_id != actor.pk:
        require(actor, Action.EDIT, unit)
    check_readable(document, unit, "document")
    day = submitted_on or today()
    if day > today():
        raise field_error("submitted_on", "Ngày nộp không được sau ngày hôm nay.")
    if document.issued_on is not None and day < document.issued_on:
        raise field_error("submitted_on", "Ngày nộp trước ngày ban hành văn bản.")
    name, data = _read_upload(file)
    reflection = Reflection(
        member=member,
        document=document,
        organization=unit,
        name=nfc(name)[:255],
        size=len(data),
        submitted_on=day,
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    # A random stored name: the file name tells nothing and cannot be guessed.
    stored = f"{secrets.token_hex(12)}{text_from_file.suffix_of(name)}"
    reflection.file.save(stored, ContentFile(data), save=False)
    reflection.save()
    record(
        actor=actor,
        action="study.reflection_upload",
        target=reflection,
        organization=unit,
        after={"member": member.pk, "document": document.pk, "submitted_on": day, "name": name},
    )
    return reflection


@transaction.atomic
def mark_reflection_received(
    *, actor: User | None, reflection: Reflection, received_on: date | None = None
) -> Reflection:
    _require(actor, reflection.organization)
    if reflection.received:
        raise field_error(
            "received",
            f"Bài thu hoạch đã được nhận ngày {format_date(reflection.received_on)}.",
        )
    day = received_on or today()
    if day < reflection.submitted_on or day > today():
        raise field_error("received_on", "Ngày nhận phải từ ngày nộp đến hôm nay.")
    reflection.received = True
    reflection.received_on = day
    reflection.received_by = actor if actor is not None and actor.is_authenticated else None
    reflection.save(update_fields=["received", "received_on", "received_by"])
    record(
        actor=actor,
        action="study.reflection_receive",
        target=reflection,
        organization=reflection.organization,
        before={"received": False},
        after={"received": True, "received_on": day},
    )
    return reflection


def record_reflection_download(*, actor: User, reflection: Reflection) -> None:
    """Reading a member's paper is logged, as document downloads are."""
    record(
        actor=actor,
        action="study.reflection_download",
        target=reflection,
        organization=reflection.organization,
    )
