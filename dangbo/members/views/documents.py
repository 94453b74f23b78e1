"""Printable documents of the roll: the member summary (mẫu 2-HSĐV, "Phiếu đảng viên") as PDF
or DOCX (the list of badges due is views/badges.py), and the helpers both share.

Reads go through dangbo.access like the profile's; the personal items are filled only for
readers holding Action.PERSONAL. A printed record leaves the room, so every download is
audited (the profile's own read is audited as member.view_full).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from dangbo.access.policy import Action
from dangbo.access.scoping import get_or_404, scope
from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.clock import today
from dangbo.core.text import fold
from dangbo.members.exports.profile import ProfileSheet, build_sheet
from dangbo.members.exports.profile_docx import profile_docx
from dangbo.members.exports.profile_pdf import profile_pdf
from dangbo.members.models import Member, MemberEvent
from dangbo.members.views.detail import may_read_personal
from dangbo.orgs.models import CommitteeSeat, Organization, SeatRole

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PRINT_ACTION = "member.print"


def download(content: bytes, fmt: str, stem: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}.{fmt}") or ""
    # A record with names and dates, perhaps addresses: never kept by a shared proxy or cache.
    response["Cache-Control"] = "private, no-store"
    return response


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "dang-vien"


def actor(user: Any) -> User | None:
    return user if isinstance(user, User) else None


def secretary_name(user: Any, org: Organization, day: date) -> str:
    """The secretary of `org` on `day`, for the signature; "" (written by hand) when unknown."""
    name = (
        scope(user, CommitteeSeat)
        .filter(
            committee__organization=org,
            role=SeatRole.SECRETARY,
            started_on__lte=day,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .order_by("-started_on", "-id")
        .values_list("holder_name", flat=True)
        .first()
    )
    return name or ""


# --- Phiếu đảng viên (mẫu 2-HSĐV) ---------------------------------------------------------


def _member_sheet(request: HttpRequest, pk: int) -> tuple[Member, ProfileSheet, bool]:
    user = request.user
    found = get_or_404(user, Member, Action.VIEW, pk=pk)
    member = Member.objects.select_related(
        "organization", "ethnicity", "religion", "sponsor_1", "sponsor_2"
    ).get(pk=found.pk)
    events = list(scope(user, MemberEvent).filter(member=member).order_by("effective_on", "id"))
    personal = may_read_personal(user, member.organization)
    day = today()
    sheet = build_sheet(
        member,
        events,
        personal=personal,
        day=day,
        signer_name=secretary_name(user, member.organization, day),
    )
    return member, sheet, personal


def _printed(request: HttpRequest, member: Member, fmt: str, personal: bool) -> None:
    record(
        actor=actor(request.user),
        action=PRINT_ACTION,
        target=member,
        organization=member.organization,
        after={"format": fmt, "form": "2-HSĐV", "personal": personal},
    )


@login_required
@require_GET
def member_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    member, sheet, personal = _member_sheet(request, pk)
    content = profile_pdf(sheet)
    _printed(request, member, "pdf", personal)
    return download(content, "pdf", f"phieu-dang-vien-{slug(member.full_name)}")


@login_required
@require_GET
def member_docx(request: HttpRequest, pk: int) -> HttpResponse:
    member, sheet, personal = _member_sheet(request, pk)
    content = profile_docx(sheet)
    _printed(request, member, "docx", personal)
    return download(content, "docx", f"phieu-dang-vien-{slug(member.full_name)}")
