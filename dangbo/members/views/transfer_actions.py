"""What happens to a letter after it is issued, one small form each: the receiving unit
records receipt (only then does the member move), the sender cancels, and the home unit ends
a member's temporary activity elsewhere. Each calls one service; a refusal re-renders the form
with the service's Vietnamese message and status 400, nothing changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from dangbo.access.policy import Action
from dangbo.access.scoping import get_or_404, scope
from dangbo.core.clock import today
from dangbo.core.formats import format_date
from dangbo.core.workdays import load_calendar
from dangbo.members import services
from dangbo.members.models import Member, Transfer, TransferStatus
from dangbo.members.transfer_access import may_act_as_sender, may_receive, visible_transfers
from dangbo.members.views.transfer_forms import (
    TemporaryEndForm,
    TransferCancelForm,
    TransferReceiveForm,
)
from dangbo.members.views.transfers import deadline_note, destination_name
from dangbo.orgs.forms import BootstrapForm
from dangbo.orgs.views.common import GET_POST, actor, add_service_errors

TEMPLATE = "members/transfer_action.html"


def _transfer_or_404(request: HttpRequest, pk: int) -> Transfer:
    transfer = (
        visible_transfers(request.user)
        .filter(pk=pk)
        .select_related("member", "from_organization", "to_organization")
        .first()
    )
    if transfer is None:
        raise Http404("Không tìm thấy giấy chuyển sinh hoạt, hoặc bạn không có quyền xem.")
    return transfer


def _list_url(tab: str) -> str:
    return f"{reverse('members:transfer-list')}?tab={tab}"


def _facts(transfer: Transfer) -> list[tuple[str, str]]:
    day = today()
    rows = [
        ("Đảng viên", transfer.member.full_name),
        ("Nơi đi", transfer.from_organization.name),
        ("Nơi đến", destination_name(transfer)),
        ("Hình thức", "Tạm thời" if transfer.temporary else "Chính thức"),
        (
            "Giấy giới thiệu",
            f"{transfer.letter_number or '(chưa có số)'} ngày "
            f"{format_date(transfer.letter_issued_on)}",
        ),
    ]
    deadline = format_date(transfer.deadline)
    if transfer.status == TransferStatus.PENDING:
        span = sorted([day, transfer.deadline])
        note, _ = deadline_note(transfer.deadline, day, load_calendar(span[0], span[1]))
        deadline = f"{deadline} ({note})"
    rows.append(("Hạn xuất trình tại nơi đến", deadline))
    return rows


def _page(
    request: HttpRequest,
    form: BootstrapForm,
    submit: Callable[[], tuple[str, str]],
    **context: Any,
) -> HttpResponse:
    """GET shows the form; a valid POST runs `submit` (one service call) and redirects with its
    message; bad input shows the form again with status 400."""
    if request.method == "POST" and form.is_valid():
        try:
            message, next_url = submit()
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(next_url)
    status = 400 if request.method == "POST" else 200
    return render(request, TEMPLATE, {"form": form, **context}, status=status)


def _not_pending(request: HttpRequest, transfer: Transfer) -> HttpResponse:
    messages.info(
        request,
        f"Giấy chuyển sinh hoạt của {transfer.member.full_name} "
        f"{transfer.get_status_display().lower()}.",
    )
    return redirect(_list_url("xong"))


@login_required
@GET_POST
def transfer_receive(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    transfer = _transfer_or_404(request, pk)
    if transfer.status != TransferStatus.PENDING:
        return _not_pending(request, transfer)
    if not may_receive(user, transfer):
        raise PermissionDenied("Chỉ nơi đến mới ghi tiếp nhận giấy chuyển sinh hoạt.")
    outside = transfer.to_organization is None
    form = TransferReceiveForm(request.POST if request.method == "POST" else None)
    if outside:
        form.fields["received_on"].label = "Ngày bàn giao"

    def submit() -> tuple[str, str]:
        day = form.cleaned_data["received_on"]
        services.receive_transfer(actor=actor(request), transfer=transfer, received_on=day)
        name = transfer.member.full_name
        if outside:
            return (
                f"Đã ghi bàn giao {name} cho {transfer.to_outside} ngày {format_date(day)}; "
                "đảng viên ra khỏi danh sách đảng số của đơn vị.",
                _list_url("xong"),
            )
        message = f"Đã tiếp nhận {name} vào {transfer.to_organization} từ ngày {format_date(day)}."
        if scope(user, Member).filter(pk=transfer.member_id).exists():
            return message, reverse("members:member-detail", args=[transfer.member_id])
        return message, _list_url("den")

    title = "Ghi bàn giao đảng viên ra ngoài hệ thống" if outside else "Tiếp nhận đảng viên"
    return _page(
        request,
        form,
        submit,
        title=title,
        intro=(
            "Ghi ngày đã bàn giao hồ sơ cho nơi đến ngoài hệ thống: đảng viên ra khỏi đảng số."
            if outside
            else "Đảng viên chuyển sang đơn vị của bạn từ ngày tiếp nhận; trước đó vẫn thuộc "
            "đảng số nơi đi."
        ),
        facts=_facts(transfer),
        submit_label="Ghi bàn giao" if outside else "Tiếp nhận",
        back_url=_list_url("di" if outside else "den"),
    )


@login_required
@GET_POST
def transfer_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer_or_404(request, pk)
    if transfer.status != TransferStatus.PENDING:
        return _not_pending(request, transfer)
    if not may_act_as_sender(request.user, transfer):
        raise PermissionDenied("Chỉ nơi đi mới hủy được giấy chuyển sinh hoạt.")
    form = TransferCancelForm(request.POST if request.method == "POST" else None)

    def submit() -> tuple[str, str]:
        services.cancel_transfer(
            actor=actor(request), transfer=transfer, reason=form.cleaned_data["reason"]
        )
        return (
            f"Đã hủy giấy chuyển sinh hoạt của {transfer.member.full_name}; đảng viên vẫn sinh "
            f"hoạt tại {transfer.from_organization.name}.",
            reverse("members:member-detail", args=[transfer.member_id]),
        )

    return _page(
        request,
        form,
        submit,
        title="Hủy giấy chuyển sinh hoạt",
        intro="Giấy bị hủy không còn giá trị; đảng viên vẫn ở đơn vị nơi đi.",
        facts=_facts(transfer),
        submit_label="Hủy giấy chuyển",
        danger=True,
        back_url=_list_url("di"),
    )


@login_required
@GET_POST
def temporary_end(request: HttpRequest, pk: int) -> HttpResponse:
    """The member comes back from temporary activity in another unit to their own."""
    found = get_or_404(request.user, Member, Action.EDIT, pk=pk)
    member = Member.objects.select_related("organization", "temporary_organization").get(
        pk=found.pk
    )
    form = TemporaryEndForm(request.POST if request.method == "POST" else None)

    def submit() -> tuple[str, str]:
        day = form.cleaned_data["effective_on"]
        services.end_temporary_transfer(actor=actor(request), member=member, ended_on=day)
        return (
            f"{member.full_name} đã kết thúc sinh hoạt tạm thời từ ngày {format_date(day)}, "
            f"trở về sinh hoạt tại {member.organization.name}.",
            reverse("members:member-detail", args=[member.pk]),
        )

    host = member.temporary_organization
    facts = [("Đảng viên", member.full_name), ("Đơn vị", member.organization.name)]
    if host is not None:
        facts.append(("Đang sinh hoạt tạm thời tại", host.name))
    return _page(
        request,
        form,
        submit,
        title="Kết thúc sinh hoạt tạm thời",
        intro=(
            "Đảng viên trở về sinh hoạt tại đơn vị của mình từ ngày kết thúc."
            if host is not None
            else "Đảng viên này không sinh hoạt tạm thời ở đơn vị khác."
        ),
        facts=facts,
        submit_label="Kết thúc sinh hoạt tạm thời",
        back_url=reverse("members:member-detail", args=[member.pk]),
        member=member,
    )
