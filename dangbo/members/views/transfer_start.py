"""Cấp giấy chuyển sinh hoạt đảng for one member (from the profile) or several (the roll's
bulk action), with the destination chosen anywhere in the tree.

The destination picker searches every active cell of the tree, not only the user's scope: a
member moves to a unit their secretary does not manage (QĐ 294 point 6.3.1), and the letter
names it. It shows cell names and their parent's name only, to users who may edit records
somewhere, and nothing about what is inside those cells.

Several members are all-or-nothing: every letter is issued in one transaction, and when one
member is refused, the page names each refused member and why, and nothing is written.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from dangbo.access.policy import Action
from dangbo.access.scoping import scope
from dangbo.access.views.common import require_some
from dangbo.access.views.scope import picker_context
from dangbo.core.clock import today
from dangbo.core.formats import format_date, parse_date
from dangbo.core.rules import rule
from dangbo.members import services
from dangbo.members.models import Member, MemberStatus, Transfer, TransferStatus
from dangbo.members.regulations import transfer_deadline, transfer_process_deadline
from dangbo.members.views.transfer_forms import (
    MAX_MEMBERS,
    TransferStartForm,
    member_ids,
)
from dangbo.orgs.models import CELL_KINDS, Organization
from dangbo.orgs.queries import search
from dangbo.orgs.views.common import GET_POST, actor, add_service_errors

PICKER_LIMIT = 15
NOT_YOURS = "Không tìm thấy đảng viên, hoặc bạn không được chuyển sinh hoạt cho đảng viên này."


def destinations() -> Any:
    """Cells that can receive a member: active units of the kinds that hold a roll."""
    return Organization.objects.filter(kind__in=CELL_KINDS, active_to__isnull=True)


def _chosen_members(request: HttpRequest, ids: list[int]) -> list[Member]:
    """The members of `?member=…`, each one the user may edit; otherwise 404 (a member out of
    scope reads as missing, so the page does not tell that it exists)."""
    found = {
        m.pk: m
        for m in scope(request.user, Member, Action.EDIT)
        .filter(pk__in=ids)
        .select_related("organization", "temporary_organization")
    }
    if len(found) != len(ids):
        raise Http404(NOT_YOURS)
    return [found[pk] for pk in ids]


class _Refused(Exception):
    """Raised inside the transaction to roll every letter back."""


def start_all(
    request: HttpRequest, members: list[Member], arguments: dict[str, Any]
) -> tuple[list[Transfer], list[tuple[Member, ValidationError]]]:
    """Issue a letter to each member through the service, in one transaction. Each service
    call runs in its own savepoint, so every member is tried and every refusal is known; if
    any, the whole batch is rolled back."""
    issued: list[Transfer] = []
    refusals: list[tuple[Member, ValidationError]] = []
    try:
        with transaction.atomic():
            for member in members:
                try:
                    issued.append(
                        services.start_transfer(actor=actor(request), member=member, **arguments)
                    )
                except ValidationError as exc:
                    refusals.append((member, exc))
            if refusals:
                raise _Refused
    except _Refused:
        return [], refusals
    return issued, []


def _show_refusals(
    form: TransferStartForm, refusals: list[tuple[Member, ValidationError]], total: int
) -> list[dict[str, Any]]:
    """One member: the messages go on the form's fields. Several: each refused member with
    its messages, and on the fields the messages every member got (a wrong date, say)."""
    if total == 1:
        add_service_errors(form, refusals[0][1])
        return []
    rows = []
    common: dict[tuple[str, str], int] = {}
    for member, exc in refusals:
        pairs = [
            (field, message)
            for field, messages_ in (
                exc.message_dict.items() if hasattr(exc, "error_dict") else [("", exc.messages)]
            )
            for message in messages_
        ]
        for pair in set(pairs):
            common[pair] = common.get(pair, 0) + 1
        rows.append({"member": member, "messages": [message for _, message in pairs]})
    for (field, message), count in common.items():
        if count == total and field in form.fields:
            form.add_error(field, message)
    form.add_error(
        None,
        f"{len(refusals)} trong {total} đảng viên không chuyển được (xem danh sách bên dưới); "
        "chưa cấp giấy nào.",
    )
    form.mark_invalid()
    return rows


def _member_rows(members: list[Member]) -> list[dict[str, Any]]:
    pending = set(
        Transfer.objects.filter(member__in=members, status=TransferStatus.PENDING).values_list(
            "member_id", flat=True
        )
    )
    return [
        {
            "member": m,
            "status": MemberStatus(m.status).label,
            "pending": m.pk in pending,
        }
        for m in members
    ]


def _success_message(transfers: list[Transfer]) -> str:
    first = transfers[0]
    target = (
        first.to_organization.name
        if first.to_organization
        else f"{first.to_outside} (ngoài hệ thống)"
    )
    who = first.member.full_name if len(transfers) == 1 else f"{len(transfers)} đảng viên"
    kind = "tạm thời " if first.temporary else ""
    return (
        f"Đã cấp giấy chuyển sinh hoạt {kind}cho {who} đến {target}; hạn xuất trình tại nơi "
        f"đến: {format_date(first.deadline)}."
    )


def _picker(form: TransferStartForm) -> dict[str, object]:
    checked = None
    if form.is_bound and hasattr(form, "cleaned_data"):
        chosen = form.cleaned_data.get("to_organization")
        checked = chosen if isinstance(chosen, Organization) else None
    return picker_context("to_organization", checked, [])


@login_required
@GET_POST
def transfer_create(request: HttpRequest) -> HttpResponse:
    require_some(request.user, Action.EDIT)
    if not request.GET.getlist("member"):
        messages.info(
            request,
            "Chọn đảng viên cần chuyển sinh hoạt trong danh sách (đánh dấu rồi bấm «Chuyển sinh "
            "hoạt»), hoặc bấm «Chuyển sinh hoạt» trong hồ sơ đảng viên.",
        )
        return redirect("members:member-list")
    ids = member_ids(request.GET.getlist("member"))
    if ids is None:
        raise Http404(NOT_YOURS)
    if len(ids) > MAX_MEMBERS:  # before any query: a hand-made URL may carry thousands
        return render(
            request,
            "members/transfer_form.html",
            {"too_many": len(ids), "max_members": MAX_MEMBERS},
            status=400,
        )
    members = _chosen_members(request, ids)
    form = TransferStartForm(request.POST if request.method == "POST" else None)
    refusals: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        issued, refused = start_all(request, members, form.service_arguments())
        if issued:
            messages.success(request, _success_message(issued))
            return redirect(f"{reverse('members:transfer-list')}?tab=di")
        refusals = _show_refusals(form, refused, len(members))
    letter_on = form.cleaned_data.get("letter_issued_on") if form.is_bound else today()
    context = {
        "form": form,
        "members": _member_rows(members),
        "refusals": refusals,
        "picker": _picker(form),
        "deadlines": deadline_preview(
            letter_on if isinstance(letter_on, date) else None,
            form.cleaned_data.get("cause_effective_on") if form.is_bound else None,
        ),
        "member_query": urlencode([("member", m.pk) for m in members]),
        "back_url": (
            reverse("members:member-detail", args=[members[0].pk])
            if len(members) == 1
            else reverse("members:member-list")
        ),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "members/transfer_form.html", context, status=status)


@login_required
@require_GET
def transfer_destinations(request: HttpRequest) -> HttpResponse:
    """htmx partial of the destination picker: cells of the whole tree whose name matches."""
    require_some(request.user, Action.EDIT)
    text = request.GET.get("unit_q", "")[:100]
    checked = None
    raw = request.GET.get("to_organization", "")
    if raw.isdigit() and len(raw) <= 18:
        checked = destinations().filter(pk=int(raw)).first()
    units = search(destinations(), text, limit=PICKER_LIMIT) if text.strip() else []
    return render(
        request,
        "access/partials/unit_choices.html",
        {"picker": picker_context("to_organization", checked, units, query=text)},
    )


def _day(raw: str) -> date | None:
    try:
        return parse_date(raw) if raw.strip() else None
    except ValueError:
        return None


def deadline_preview(letter_on: date | None, cause_on: date | None) -> dict[str, str]:
    """The deadlines the letter will carry, computed as the service will (rule rows and the
    working-day calendar): what is shown beside the dates while the form is filled in."""
    result = {"present": "", "process": "", "late": "", "problem": ""}
    day = today()
    try:
        if letter_on is not None:
            if letter_on > day:
                result["problem"] = "Ngày cấp giấy không được sau ngày hôm nay."
            else:
                result["present"] = format_date(transfer_deadline(letter_on))
                result["present_days"] = str(rule("transfer_present_working_days", letter_on))
        if cause_on is not None and cause_on <= day:
            process = transfer_process_deadline(cause_on)
            result["process"] = format_date(process)
            result["process_days"] = str(rule("transfer_process_working_days", cause_on))
            if letter_on is not None and letter_on > process:
                result["late"] = "Cấp giấy sau hạn làm thủ tục: ghi rõ lý do chậm."
    except ImproperlyConfigured:
        result["problem"] = "Chưa có quy định về thời hạn áp dụng cho ngày đã nhập."
    return result


@login_required
@require_GET
def transfer_deadlines(request: HttpRequest) -> HttpResponse:
    """htmx partial: the deadlines for the dates typed so far."""
    preview = deadline_preview(
        _day(request.GET.get("letter_issued_on", "")[:20]),
        _day(request.GET.get("cause_effective_on", "")[:20]),
    )
    return render(request, "members/transfer_deadlines.html", {"deadlines": preview})
