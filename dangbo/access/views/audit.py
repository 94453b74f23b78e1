"""The audit log page: events scoped by the organisation they belong to (AuditEvent.org_path).

It lives in access, not audit, because reading it is scoped by grants (docs/adr/0001)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from dangbo.access.forms import AuditFilterForm
from dangbo.access.models import Role
from dangbo.access.policy import Action
from dangbo.access.scoping import active_grants, is_admin, scope
from dangbo.access.views.common import require_some
from dangbo.access.views.scope import action_roots, picker_context
from dangbo.audit.models import AuditEvent
from dangbo.audit.queries import DiffLine, action_label, diff_lines, filter_events
from dangbo.audit.verify import verify_chain
from dangbo.core.formats import format_number
from dangbo.orgs.models import Organization, OrgKind

PAGE_SIZE = 50
# Coded values the log shows by their label; audit sits below access and orgs in the layers,
# so the names are handed to it from here.
VALUE_LABELS = {"role": dict(Role.choices), "kind": dict(OrgKind.choices)}
FILTER_FIELDS = ("organization", "actor", "action", "date_from", "date_to")


def is_root_admin(user: Any) -> bool:
    """Holds a quản trị grant at a root of the tree (depth 1)."""
    return any(
        g.role == Role.ADMIN and len(g.path) == Organization.steplen for g in active_grants(user)
    )


def visible_events(user: Any) -> QuerySet[AuditEvent]:
    """Events the user may read in the log.

    scope() gives the events recorded under units in the user's AUDIT subtrees. Events with no
    organisation (a user changing their own password, setting up their second factor…) belong
    to no subtree, so scope() never returns them; they concern the whole installation and are
    shown only to quản trị of a root unit. The generic scope() cannot say "only at depth 1",
    hence this rule here."""
    events = scope(user, AuditEvent, Action.AUDIT)
    if is_root_admin(user):
        events = events | AuditEvent.objects.filter(org_path="")
    return events


@dataclass(frozen=True)
class LogRow:
    event: AuditEvent
    label: str
    organization: str
    changes: list[DiffLine]


def _rows(events: list[AuditEvent]) -> list[LogRow]:
    org_ids = {e.organization_id for e in events if e.organization_id is not None}
    names = dict(Organization.objects.filter(pk__in=org_ids).values_list("pk", "name"))
    return [
        LogRow(
            event=e,
            label=action_label(e.action),
            organization=names.get(e.organization_id, "") if e.organization_id else "",
            changes=diff_lines(e.before, e.after, VALUE_LABELS),
        )
        for e in events
    ]


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_some(user, Action.AUDIT)
    wanted = {k: request.GET.get(k, "") for k in FILTER_FIELDS if request.GET.get(k, "").strip()}
    form = AuditFilterForm(wanted or None, user=user)
    events = visible_events(user)
    if form.is_bound:
        form.is_valid()
        # Each valid filter applies; an invalid one is shown as a form error and ignored.
        data = form.cleaned_data
        org = data.get("organization")
        events = filter_events(
            events,
            org_path=org.path if org is not None else "",
            actor=data.get("actor") or "",
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
    page = Paginator(events.select_related("actor").order_by("-seq"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    checked = form.cleaned_data.get("organization") if form.is_bound else None
    context = {
        "form": form,
        "page": page,
        "rows": _rows(list(page.object_list)),
        "filter_query": urlencode(wanted),
        "filtered": bool(wanted),
        "picker": picker_context(
            "organization", checked, action_roots(user, Action.AUDIT), blank=True
        ),
        "can_verify": is_admin(user),
    }
    return render(request, "access/audit_log.html", context)


@login_required
@require_POST
def audit_verify(request: HttpRequest) -> HttpResponse:
    """Walk the whole hash chain on demand. Too slow to run on every page view at province
    scale, so it is a button for quản trị."""
    if not is_admin(request.user):
        raise PermissionDenied("Chỉ quản trị mới được kiểm tra tính toàn vẹn của nhật ký.")
    report = verify_chain()
    if report.intact:
        messages.success(
            request,
            f"Nhật ký toàn vẹn: đã kiểm tra {format_number(report.checked)} sự kiện, không có "
            "sự kiện nào bị sửa, xóa hay đảo thứ tự.",
        )
    else:
        messages.error(
            request,
            f"Nhật ký KHÔNG toàn vẹn: {report.problem} (đã kiểm tra "
            f"{format_number(report.checked)} sự kiện "
            "trước chỗ hỏng). Hãy báo ngay cho quản trị hệ thống.",
        )
    return redirect("access:audit-log")
