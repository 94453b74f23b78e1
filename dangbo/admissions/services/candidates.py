"""Identifying a candidate, the papers of the file, the sponsors."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from dangbo.accounts.models import User
from dangbo.admissions.models import (
    Candidate,
    Sponsor,
    SponsorRole,
    Stage,
    StageRecord,
)
from dangbo.admissions.services.base import (
    FIELDS,
    allowed,
    audit,
    clean_text,
    locked,
    past,
)
from dangbo.core.clock import today
from dangbo.core.errors import field_error
from dangbo.core.formats import format_date
from dangbo.core.jsonable import snapshot
from dangbo.members.models import Member, MemberStatus, Sex
from dangbo.members.queries import members_as_of
from dangbo.orgs.models import CELL_KINDS, Organization

STATUS_ON = "status_on"  # an annotation of members_as_of, unknown to the type checker


# --- Identification and the file -----------------------------------------------------------


@transaction.atomic
def identify_candidate(
    *,
    actor: User | None,
    organization: Organization,
    full_name: str,
    birth_date: date,
    sex: str,
    identified_on: date,
    national_id: str = "",
    notes: str = "",
) -> Candidate:
    """The cell names a quần chúng ưu tú to prepare (Điều lệ Art. 4). Age is checked when the
    cell votes (18 full years counted in months, QĐ 24/294, §3.1), not here: the awareness
    course may come first."""
    allowed(actor, organization)
    if organization.kind not in CELL_KINDS:
        raise field_error("organization", f"{organization.name} không phải chi bộ.")
    name = clean_text(full_name, "full_name", 128)
    if not name:
        raise field_error("full_name", "Nhập họ và tên.")
    if sex not in Sex.values:
        raise field_error("sex", "Chọn giới tính.")
    if birth_date is None or birth_date > today():
        raise field_error("birth_date", "Ngày sinh không hợp lệ.")
    past(identified_on, "identified_on")
    if not organization.is_active_on(identified_on):
        raise field_error(
            "organization",
            f"{organization.name} không hoạt động vào ngày {format_date(identified_on)}.",
        )
    nid = clean_text(national_id, "national_id", 12) or None
    if nid is not None and not (nid.isdigit() and len(nid) == 12):
        raise field_error("national_id", "Số CCCD phải gồm đúng 12 chữ số.")
    candidate = Candidate.objects.create(
        full_name=name,
        birth_date=birth_date,
        sex=sex,
        national_id=nid,
        organization=organization,
        stage=Stage.IDENTIFIED,
        identified_on=identified_on,
        notes=clean_text(notes, "notes", 5000),
    )
    StageRecord.objects.create(
        candidate=candidate, stage=Stage.IDENTIFIED, on=identified_on, recorded_by=actor
    )
    audit(actor, "candidate.identify", candidate, organization, **snapshot(candidate, FIELDS))
    return candidate


@transaction.atomic
def update_papers(
    *,
    actor: User | None,
    candidate: Candidate,
    paper_history: bool | None = None,
    paper_mass_org: bool | None = None,
    paper_verification: bool | None = None,
) -> Candidate:
    """Tick (or untick) the papers of the file; refused once the cell has voted on it."""
    candidate = locked(candidate)
    allowed(actor, candidate.organization)
    if Stage.values.index(candidate.stage) >= Stage.values.index(Stage.FILE):
        raise field_error("paper_history", "Hồ sơ đã hoàn thiện: không sửa danh mục giấy tờ.")
    wanted = {
        "paper_history": paper_history,
        "paper_mass_org": paper_mass_org,
        "paper_verification": paper_verification,
    }
    changes = {k: v for k, v in wanted.items() if v is not None}
    for name, value in changes.items():
        setattr(candidate, name, value)
    candidate.save(update_fields=list(changes))
    audit(actor, "candidate.papers", candidate, candidate.organization, **changes)
    return candidate


def check_sponsor(candidate: Candidate, member: Member, on: date, field: str = "member") -> None:
    """A sponsor is an official member (Điều lệ Art. 4 khoản 2) of the candidate's cell on
    `on`: they must know the candidate through work in that cell."""
    cell = Organization.objects.filter(pk=candidate.organization_id)
    status = members_as_of(cell, on).filter(pk=member.pk).values_list(STATUS_ON, flat=True)
    row = status.first()
    if row is None:
        raise field_error(
            field,
            f"{member.full_name} không sinh hoạt tại {candidate.organization.name} "
            f"vào ngày {format_date(on)}.",
        )
    if row != MemberStatus.OFFICIAL:
        raise field_error(
            field,
            f"{member.full_name} không phải đảng viên chính thức vào ngày {format_date(on)}.",
        )


@transaction.atomic
def add_sponsor(
    *, actor: User | None, candidate: Candidate, member: Member, role: str, since: date
) -> Sponsor:
    candidate = locked(candidate)
    allowed(actor, candidate.organization)
    if role not in SponsorRole.values:
        raise field_error("role", "Chọn người giới thiệu thứ nhất hoặc thứ hai.")
    if Stage.values.index(candidate.stage) >= Stage.values.index(Stage.FILE):
        raise field_error("member", "Hồ sơ đã hoàn thiện: không thay người giới thiệu.")
    past(since, "since")
    check_sponsor(candidate, member, since)
    if candidate.sponsors.filter(role=role).exists():
        raise field_error("role", f"Đã có {SponsorRole(role).label.lower()}.")
    if candidate.sponsors.filter(member=member).exists():
        raise field_error("member", f"{member.full_name} đã là người giới thiệu.")
    sponsor = Sponsor.objects.create(candidate=candidate, member=member, role=role, since=since)
    audit(
        actor, "candidate.sponsor", candidate, candidate.organization,
        sponsor=member.pk, sponsor_name=member.full_name, role=role, since=since,
    )  # fmt: skip
    return sponsor
