"""Chuyển sinh hoạt đảng: the list of transfer letters in four tabs. Who sees which letter is
members.transfer_access, shared with the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangbo.access.policy import Action
from dangbo.access.scoping import can, scope, units_for
from dangbo.core.clock import today
from dangbo.core.formats import format_date
from dangbo.core.workdays import WorkCalendar, load_calendar
from dangbo.members.models import Member, TemporaryReason, Transfer, TransferStatus
from dangbo.members.transfer_access import (
    incoming_transfers,
    visible_transfers,
)
from dangbo.orgs.views.rows import url_shape

PAGE_SIZE = 50
TEMPORARY_LABELS = dict(TemporaryReason.choices)
STATUS_LABELS = dict(TransferStatus.choices)


# --- Rows ---------------------------------------------------------------------------------


def calendar_for(days: list[date], day: date) -> WorkCalendar | None:
    """One calendar (one query) covering today and every deadline of a page."""
    if not days:
        return None
    return load_calendar(min([*days, day]), max([*days, day]))


def deadline_note(deadline: date, day: date, calendar: WorkCalendar | None) -> tuple[str, str]:
    """ "còn 12 ngày làm việc" / "quá hạn 3 ngày làm việc", and the badge class that goes with
    it. The deadline is counted in working days (QĐ 294 point 6.3.1), so is what is left."""
    if calendar is None:
        return "", ""
    left = calendar.working_days_between(day, deadline)
    if deadline < day:
        late = max(-left, 1)
        return f"quá hạn {late} ngày làm việc", "text-bg-danger"
    if left == 0:
        return "hạn cuối hôm nay", "text-bg-warning"
    return f"còn {left} ngày làm việc", "text-bg-warning" if left <= 5 else "text-bg-light"


def destination_name(transfer: Transfer) -> str:
    if transfer.to_organization is not None:
        return transfer.to_organization.name
    return f"{transfer.to_outside} (ngoài hệ thống)"


def temporary_detail(transfer: Transfer) -> str:
    """ "đi học tập trung trong nước, 9 tháng": why and how long a temporary transfer is."""
    if not transfer.temporary:
        return ""
    parts = [TEMPORARY_LABELS.get(transfer.temporary_reason, "").lower()]
    if transfer.expected_months:
        parts.append(f"{transfer.expected_months} tháng")
    return ", ".join(p for p in parts if p)


def transfer_rows(user: Any, transfers: list[Transfer], day: date) -> list[dict[str, Any]]:
    """Rows as plain dicts with final text (see orgs/views/rows.py for why). Three queries
    at most whatever the page size: members the user may open, letters they may act on as
    sender, and the working-day calendar."""
    member_ids = {t.member_id for t in transfers}
    openable = set(scope(user, Member).filter(pk__in=member_ids).values_list("pk", flat=True))
    pending = [t for t in transfers if t.status == TransferStatus.PENDING]
    as_sender = set(
        scope(user, Transfer, Action.EDIT)
        .filter(pk__in=[t.pk for t in pending])
        .values_list("pk", flat=True)
    )
    calendar = calendar_for([t.deadline for t in pending], day)
    profile_head, profile_tail = url_shape("members:member-detail")
    receive_head, receive_tail = url_shape("members:transfer-receive")
    cancel_head, cancel_tail = url_shape("members:transfer-cancel")
    rows = []
    for t in transfers:
        is_pending = t.status == TransferStatus.PENDING
        note, badge = deadline_note(t.deadline, day, calendar) if is_pending else ("", "")
        if t.to_organization is not None:
            receivable = is_pending and can(user, Action.EDIT, t.to_organization)
        else:
            receivable = is_pending and t.pk in as_sender
        rows.append(
            {
                "pk": t.pk,
                "member": t.member.full_name,
                "member_url": (
                    f"{profile_head}{t.member_id}{profile_tail}" if t.member_id in openable else ""
                ),
                "from": t.from_organization.name,
                "to": destination_name(t),
                "letter_number": t.letter_number,
                "issued": format_date(t.letter_issued_on),
                "deadline": format_date(t.deadline),
                "deadline_note": note,
                "deadline_badge": badge,
                "overdue": is_pending and t.deadline < day,
                "temporary": t.temporary,
                "temporary_detail": temporary_detail(t),
                "outside": t.to_organization is None,
                "status": STATUS_LABELS.get(t.status, t.status),
                "received": format_date(t.received_on),
                "receive_url": f"{receive_head}{t.pk}{receive_tail}" if receivable else "",
                "cancel_url": (
                    f"{cancel_head}{t.pk}{cancel_tail}" if is_pending and t.pk in as_sender else ""
                ),
            }
        )
    return rows


def with_relations(transfers: QuerySet[Transfer]) -> QuerySet[Transfer]:
    return transfers.select_related("member", "from_organization", "to_organization")


# --- The list page ------------------------------------------------------------------------


@dataclass(frozen=True)
class Tab:
    slug: str
    label: str
    empty: str


TABS = (
    Tab("di", "Đang chuyển đi", "Không có giấy chuyển đi nào đang chờ nơi đến tiếp nhận."),
    Tab("den", "Chờ tiếp nhận", "Không có giấy chuyển đến đơn vị của bạn đang chờ tiếp nhận."),
    Tab("qua-han", "Quá hạn", "Không có giấy chuyển sinh hoạt nào quá hạn xuất trình."),
    Tab("xong", "Đã xong", "Chưa có giấy chuyển sinh hoạt nào đã tiếp nhận hoặc đã hủy."),
)
TAB_BY_SLUG = {tab.slug: tab for tab in TABS}


def tab_rows(user: Any, slug: str, day: date) -> QuerySet[Transfer]:
    """The letters of one tab, in the order the tab reads."""
    if slug == "di":
        return (
            scope(user, Transfer).filter(status=TransferStatus.PENDING).order_by("deadline", "pk")
        )
    if slug == "den":
        return incoming_transfers(user).order_by("deadline", "pk")
    if slug == "qua-han":
        return (
            visible_transfers(user)
            .filter(status=TransferStatus.PENDING, deadline__lt=day)
            .order_by("deadline", "pk")
        )
    # Done: the latest first, by the day it was received (a cancelled letter by its issue).
    return (
        scope(user, Transfer)
        .exclude(status=TransferStatus.PENDING)
        .annotate(done_on=Coalesce("received_on", "letter_issued_on"))
        .order_by("-done_on", "-pk")
    )


@login_required
@require_GET
def transfer_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    day = today()
    current = TAB_BY_SLUG.get(request.GET.get("tab", ""), TABS[0])
    counts = {tab.slug: tab_rows(user, tab.slug, day).order_by().count() for tab in TABS}
    page = Paginator(with_relations(tab_rows(user, current.slug, day)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "tabs": [(tab, counts[tab.slug]) for tab in TABS],
        "current": current,
        "page": page,
        "rows": transfer_rows(user, list(page.object_list), day),
        "tab_query": f"tab={current.slug}",
        "done": current.slug == "xong",
        "may_start": bool(units_for(user, Action.EDIT).exists()),
    }
    return render(request, "members/transfer_list.html", context)
