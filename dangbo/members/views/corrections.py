"""Đề nghị đính chính pages: the member asks from their own profile; staff of the member's unit
see what waits (members:correction-list) and approve or refuse each request."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.timezone import localtime
from django.views.decorators.http import require_GET

from dangbo.access.policy import Action
from dangbo.access.scoping import can, get_or_404, scope
from dangbo.core.formats import format_date
from dangbo.members import services
from dangbo.members.correctable import target_label
from dangbo.members.forms.self_service import (
    ALL_CHOICE,
    PENDING_CHOICE,
    CorrectionApproveForm,
    CorrectionFilterForm,
    CorrectionRefuseForm,
    CorrectionRequestForm,
)
from dangbo.members.models import CorrectionRequest, CorrectionStatus, Member
from dangbo.members.views.choosing import posted, profile_url
from dangbo.orgs.forms import BootstrapForm
from dangbo.orgs.views.common import GET_POST, actor, form_page

FORM_TEMPLATE = "members/member_action_form.html"
CORRECTIONS_ANCHOR = "pane-corrections"
PAGE_SIZE = 50
STATUS_BADGES = {
    CorrectionStatus.PENDING: "text-bg-warning",
    CorrectionStatus.APPROVED: "text-bg-success",
    CorrectionStatus.REFUSED: "text-bg-secondary",
}


def may_decide(user: Any, correction: CorrectionRequest) -> bool:
    """Staff who may change the member's record, never the member or the one who asked."""
    return (
        correction.status == CorrectionStatus.PENDING
        and can(user, Action.EDIT, correction.member.organization)
        and user.pk not in (correction.requested_by_id, correction.member.user_id)
    )


def correction_row(user: Any, correction: CorrectionRequest) -> dict[str, Any]:
    """One request as the pages show it, with final text."""
    decided = may_decide(user, correction)
    return {
        "pk": correction.pk,
        "member_name": correction.member.full_name,
        "member_url": reverse("members:member-detail", args=[correction.member_id]),
        "unit": correction.member.organization.name,
        "label": target_label(correction.field, correction.event),
        "current_value": correction.current_value or "(trống)",
        "requested_value": correction.requested_value,
        "reason": correction.reason,
        "created_on": format_date(localtime(correction.created_at).date()),
        "status": correction.get_status_display(),
        "status_badge": STATUS_BADGES.get(CorrectionStatus(correction.status), ""),
        "pending": correction.status == CorrectionStatus.PENDING,
        "decision_note": correction.decision_note,
        "decided_by": correction.decided_by.display_name if correction.decided_by else "",
        "decided_on": (
            format_date(localtime(correction.decided_at).date()) if correction.decided_at else ""
        ),
        "may_decide": decided,
        "approve_url": reverse("members:correction-approve", args=[correction.pk]),
        "refuse_url": reverse("members:correction-refuse", args=[correction.pk]),
    }


def corrections_for(user: Any) -> Any:
    return scope(user, CorrectionRequest).select_related(
        "member", "member__organization", "event", "decided_by"
    )


@login_required
@GET_POST
def correction_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The member's own request; anyone else who sees the record is refused (403)."""
    member = get_or_404(request.user, Member, pk=pk)
    if member.user_id is None or member.user_id != request.user.pk:
        raise PermissionDenied("Chỉ đảng viên mới đề nghị đính chính hồ sơ của chính mình.")
    form = CorrectionRequestForm(posted(request), member=member)

    def submit() -> tuple[str, str]:
        data = form.cleaned_data
        services.request_correction(
            actor=actor(request),
            member=member,
            target=data["field"],
            requested_value=data["requested_value"],
            reason=data["reason"],
        )
        return (
            "Đã gửi đề nghị đính chính. Chi bộ sẽ xem xét và trả lời trong hồ sơ của bạn.",
            profile_url(member, CORRECTIONS_ANCHOR),
        )

    return form_page(
        request,
        form,
        org=member.organization,
        action="Đề nghị đính chính",
        submit=submit,
        template=FORM_TEMPLATE,
        title="Đề nghị đính chính hồ sơ",
        intro="Chọn nội dung ghi chưa đúng, ghi giá trị đúng và căn cứ. Chi bộ xem xét; khi "
        "được chấp nhận, hồ sơ và quá trình được đính chính.",
        member=member,
        cancel_anchor=CORRECTIONS_ANCHOR,
        submit_label="Gửi đề nghị",
    )


@login_required
@require_GET
def correction_list(request: HttpRequest) -> HttpResponse:
    """Requests in the user's scope, those waiting first; staff decide from here."""
    user = request.user
    filters = CorrectionFilterForm(request.GET or None)
    wanted = filters.wanted()
    rows = corrections_for(user)
    if wanted == PENDING_CHOICE:
        rows = rows.filter(status=CorrectionStatus.PENDING)
    elif wanted != ALL_CHOICE:
        rows = rows.filter(status=wanted)
    page = Paginator(rows.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "filters": filters,
        "page": page,
        "rows": [correction_row(user, c) for c in page.object_list],
        "status_query": f"status={wanted}&" if wanted else "",
    }
    return render(request, "members/correction_list.html", context)


def _decide(request: HttpRequest, pk: int, *, approve: bool) -> HttpResponse:
    correction = get_or_404(request.user, CorrectionRequest, Action.EDIT, pk=pk)
    member = Member.objects.select_related("organization").get(pk=correction.member_id)
    form: BootstrapForm = (CorrectionApproveForm if approve else CorrectionRefuseForm)(
        posted(request)
    )

    def submit() -> tuple[str, str]:
        note = form.cleaned_data["decision_note"]
        if approve:
            services.approve_correction(actor=actor(request), correction=correction, note=note)
            message = f"Đã đính chính hồ sơ của {member.full_name} theo đề nghị."
        else:
            services.refuse_correction(actor=actor(request), correction=correction, reason=note)
            message = f"Đã trả lời không chấp nhận đề nghị của {member.full_name}."
        return message, reverse("members:correction-list")

    label = "Đính chính theo đề nghị" if approve else "Không chấp nhận đề nghị"
    return form_page(
        request,
        form,
        org=member.organization,
        action=label,
        submit=submit,
        template=FORM_TEMPLATE,
        title=label,
        member=member,
        summary=correction_row(request.user, correction),
        danger=not approve,
        submit_label=label,
    )


@login_required
@GET_POST
def correction_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=True)


@login_required
@GET_POST
def correction_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=False)
