"""A member's profile (hồ sơ đảng viên): the 2-HSĐV facts, the timeline of events, party age,
badges due and a pending transfer. Personal details only for those allowed to read them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangbo.access.policy import Action
from dangbo.access.scoping import can, get_or_404, scope
from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.clock import today
from dangbo.core.formats import format_date
from dangbo.core.rules import rule
from dangbo.members.lifecycle import final_state, replay
from dangbo.members.models import (
    EducationLevel,
    EventKind,
    Member,
    MemberEvent,
    MemberStatus,
    Sex,
    TheoryLevel,
    Transfer,
    TransferStatus,
)
from dangbo.members.queries import party_age
from dangbo.members.regulations import badge_due_on, probation_end
from dangbo.members.views.profile_extras import conduct_detail, profile_extras
from dangbo.orgs.models import Organization
from dangbo.orgs.views.rows import org_url

PERSONAL = Action.PERSONAL
KIND_LABELS = dict(EventKind.choices)


def may_read_personal(user: Any, org: Organization) -> bool:
    """CCCD, addresses and phone: only for roles the policy grants Action.PERSONAL."""
    return can(user, PERSONAL, org)


def _fact(label: str, value: Any) -> tuple[str, str]:
    if isinstance(value, date):
        value = format_date(value)
    return label, str(value) if value not in (None, "") else "—"


def _sponsor(member: Member | None, name: str) -> str:
    return member.full_name if member is not None else name


def facts(member: Member, personal: bool) -> dict[str, list[tuple[str, str]]]:
    """The record's fields in the groups of mẫu 2-HSĐV."""
    identity = [
        _fact("Họ và tên khai sinh", member.full_name),
        _fact("Tên gọi khác", member.other_name),
        _fact("Giới tính", Sex(member.sex).label if member.sex else ""),
        _fact("Ngày sinh", member.birth_date),
        _fact("Nơi sinh", member.birth_place),
        _fact("Quê quán", member.hometown),
        _fact("Dân tộc", member.ethnicity),
        _fact("Tôn giáo", member.religion),
    ]
    if personal:
        identity += [
            _fact("Số CCCD", member.national_id),
            _fact("Nơi thường trú", member.permanent_address),
            _fact("Nơi ở hiện nay", member.current_address),
            _fact("Điện thoại", member.phone),
        ]
    training = [
        _fact("Nghề nghiệp", member.occupation),
        _fact("Giáo dục phổ thông", member.general_education),
        _fact(
            "Trình độ chuyên môn",
            EducationLevel(member.education_level).label if member.education_level else "",
        ),
        _fact("Chuyên môn nghiệp vụ", member.specialty),
        _fact("Học hàm, học vị", member.academic_title),
        _fact("Lý luận chính trị", TheoryLevel(member.theory_level).label),
        _fact("Ngoại ngữ", member.foreign_language),
        _fact("Tin học", member.it_skill),
    ]
    party = [
        _fact("Ngày quyết định kết nạp", member.decision_date),
        _fact("Ngày vào Đảng", member.admitted_on),
        _fact("Ngày chính thức", member.official_on),
        _fact("Nơi vào Đảng", member.admitted_at),
        _fact("Người giới thiệu thứ nhất", _sponsor(member.sponsor_1, member.sponsor_1_name)),
        _fact("Người giới thiệu thứ hai", _sponsor(member.sponsor_2, member.sponsor_2_name)),
        _fact("Số thẻ đảng viên", member.card_number),
        _fact("Số lý lịch", member.dossier_number),
        _fact("Chức vụ Đảng", member.party_position),
        _fact("Chức vụ chính quyền", member.government_position),
        _fact("Chức vụ đoàn thể", member.mass_org_position),
    ]
    return {"Sơ yếu lý lịch": identity, "Trình độ": training, "Về Đảng": party}


def _event_detail(event: MemberEvent) -> str:
    details = event.details or {}
    parts = [p for p in conduct_detail(event) if p]
    if details.get("reason"):
        parts.append(f"Lý do: {details['reason']}")
    if details.get("card_number"):
        parts.append(f"Số thẻ: {details['card_number']}")
    if details.get("years"):
        parts.append(f"Huy hiệu {details['years']} năm tuổi Đảng")
    after = details.get("after")
    if isinstance(after, dict):
        parts.extend(str(v) for v in after.values() if v)
    if event.note and event.note != details.get("reason"):  # a correction keeps both
        parts.append(event.note)
    return "; ".join(parts)


def timeline(events: list[MemberEvent]) -> list[dict[str, Any]]:
    """Rows of the "Quá trình" tab, oldest first. A corrected event stays, struck through, with
    the event that corrects it named beside it (DESIGN rule 3)."""
    org_ids = {e.organization_id for e in events} | {
        e.counterpart_id for e in events if e.counterpart_id is not None
    }
    names = dict(Organization.objects.filter(pk__in=org_ids).order_by().values_list("pk", "name"))
    by_id = {e.pk: e for e in events}
    corrected_by = {e.corrects_id: e for e in events if e.corrects_id is not None}
    rows = []
    for e in events:
        correction = corrected_by.get(e.pk)
        corrects = by_id.get(e.corrects_id) if e.corrects_id is not None else None
        rows.append(
            {
                "pk": e.pk,  # for the "Đính chính" link (templatetags/member_forms)
                "kind_label": KIND_LABELS.get(e.kind, e.kind),
                "voided": e.kind == EventKind.VOIDED,
                # A record correction already changed the record: voiding it would not undo
                # that, so it offers no "Đính chính" (the office edits the record instead).
                "correctable": e.kind not in (EventKind.VOIDED, EventKind.RECORD_CORRECTED),
                "effective_on": format_date(e.effective_on),
                "decision_number": e.decision_number,
                "decision_date": format_date(e.decision_date),
                "organization": names.get(e.organization_id, ""),
                "counterpart": names.get(e.counterpart_id, "") if e.counterpart_id else "",
                "counterpart_name": e.counterpart_name,
                "detail": _event_detail(e),
                "superseded": e.superseded,
                "corrected_by": (
                    f"{KIND_LABELS.get(correction.kind, correction.kind)} ngày "
                    f"{format_date(correction.effective_on)}"
                    if correction is not None
                    else ""
                ),
                "corrects": (
                    f"{KIND_LABELS.get(corrects.kind, corrects.kind)} ngày "
                    f"{format_date(corrects.effective_on)}"
                    if corrects is not None
                    else ""
                ),
            }
        )
    return rows


def badges(events: list[MemberEvent], status: str, day: date) -> list[dict[str, Any]]:
    """Badges (Huy hiệu Đảng) due by `day` and not awarded, and the next one to come."""
    if status not in (MemberStatus.OFFICIAL, MemberStatus.EXEMPT):
        return []
    state = final_state(replay(events, probation_end))
    awarded = {
        int(e.details.get("years", 0))
        for e in events
        if e.kind == EventKind.BADGE_AWARDED and not e.superseded
    }
    result = []
    for years in sorted(int(y) for y in rule("badge_years", day)):
        due = badge_due_on(state, years)
        if due is None or years in awarded or any(a > years for a in awarded):
            continue
        result.append({"years": years, "due_on": format_date(due), "due": due <= day})
        if due > day:
            break  # the next one to come; later ones are far off
    return result


@login_required
@require_GET
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    found = get_or_404(user, Member, pk=pk)
    member = Member.objects.select_related(
        "organization",
        "temporary_organization",
        "ethnicity",
        "religion",
        "sponsor_1",
        "sponsor_2",
    ).get(pk=found.pk)
    events = list(scope(user, MemberEvent).filter(member=member).order_by("effective_on", "id"))
    transfer = (
        scope(user, Transfer)
        .filter(member=member, status=TransferStatus.PENDING)
        .select_related("to_organization")
        .first()
    )
    day = today()
    personal = may_read_personal(user, member.organization)
    if personal:
        # A read of personal data leaves a trace, as a change does; the same action as the
        # API's detail, so the log reads one way whichever door was used.
        record(
            actor=user if isinstance(user, User) else None,
            action="member.view_full",
            target=member,
            organization=member.organization,
        )
    context = {
        "member": member,
        "unit_visible": can(user, "view", member.organization),
        "unit_url": org_url(member.organization_id),
        "status_label": MemberStatus(member.status).label,
        "facts": facts(member, personal),
        "personal": personal,
        "events": timeline(events),
        "party_age": party_age(member, day),
        "badges": badges(events, member.status, day),
        "transfer": transfer,
        "transfer_deadline": format_date(transfer.deadline) if transfer else "",
        "transfer_overdue": transfer is not None and transfer.deadline < day,
        "transfer_issued": format_date(transfer.letter_issued_on) if transfer else "",
        # Photo, khen thưởng / kỷ luật, đề nghị đính chính, linked account (profile_extras).
        **profile_extras(user, member, events),
    }
    return render(request, "members/member_detail.html", context)
