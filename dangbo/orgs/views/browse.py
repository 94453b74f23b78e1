"""Reading the tree: the browser, its htmx partials, the tree as of a date, and a unit's page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from dangbo.access.policy import Action
from dangbo.access.scoping import can, get_or_404, scope
from dangbo.access.working import working_org
from dangbo.core.clock import today
from dangbo.core.formats import format_date, parse_date
from dangbo.orgs.forms import HistoryDayForm
from dangbo.orgs.models import (
    ALLOWED_CHILDREN,
    Assignment,
    Committee,
    CommitteeSeat,
    Organization,
    OrgEvent,
    OrgEventKind,
    OrgKind,
    SeatRole,
    Term,
)
from dangbo.orgs.queries import (
    active_child_rows,
    children_as_of,
    history,
    search,
    snapshots,
    subtree_counts,
)
from dangbo.orgs.views.common import (
    TreeNode,
    child_nodes,
    node_for,
    snapshot_nodes,
    trail,
)
from dangbo.orgs.views.rows import child_rows, org_url, pk_url, timeline_rows, url_shape

SEARCH_LIMIT = 20
SEARCH_MAX_CHARS = 100
HISTORY_FIRST = 15  # events on a unit's page: a secretary rarely needs more at once
HISTORY_PAGE = 50  # events each "Xem thêm" brings
HISTORY_MAX_PAGE = 1000
CHANGES_SHOWN = 100
ROLE_ORDER = [SeatRole.SECRETARY, SeatRole.DEPUTY_SECRETARY, SeatRole.STANDING, SeatRole.MEMBER]
ENDING_KINDS = [OrgEventKind.MERGED, OrgEventKind.SPLIT, OrgEventKind.DISSOLVED]


def _include_dissolved(request: HttpRequest) -> bool:
    return request.GET.get("tat_ca") == "1"


def _search_results(request: HttpRequest, root: Organization | None) -> list[dict[str, Any]]:
    """Units under the working organisation matching ?q=, each with the names of the ancestors
    the user may see (one query for all of them)."""
    text = request.GET.get("q", "")[:SEARCH_MAX_CHARS]
    if root is None or not text.strip():
        return []
    units = scope(request.user, Organization).filter(path__startswith=root.path)
    if not _include_dissolved(request):
        units = units.filter(active_to__isnull=True)
    found = search(units, text, limit=SEARCH_LIMIT)
    steplen = Organization.steplen
    wanted = {o.path[: steplen * i] for o in found for i in range(1, o.depth)}
    ancestors = {a.path: a for a in Organization.objects.filter(path__in=wanted)}
    results = []
    for org in found:
        line = [
            ancestors[org.path[: steplen * i]].name
            for i in range(1, org.depth)
            if org.path[: steplen * i] in ancestors
            and can(request.user, Action.VIEW, ancestors[org.path[: steplen * i]])
        ]
        results.append({"org": org, "ancestors": line})
    return results


@login_required
@require_GET
def tree(request: HttpRequest) -> HttpResponse:
    """The tree from the working organisation down, its first level open."""
    root = working_org(request)
    include_dissolved = _include_dissolved(request)
    context: dict[str, Any] = {
        "root_org": root,
        "include_dissolved": include_dissolved,
        "q": request.GET.get("q", "")[:SEARCH_MAX_CHARS],
    }
    if root is not None:
        node = node_for(request.user, root, include_dissolved=include_dissolved)
        node.children = child_nodes(request.user, root, include_dissolved=include_dissolved)
        node.child_count = len(node.children)
        node.expanded = True
        context["root_node"] = node.as_row()
        context["results"] = _search_results(request, root)
    return render(request, "orgs/tree.html", context)


@login_required
@require_GET
def org_children(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx partial: the rows under one unit, today or (with ?ngay=) as they stood then."""
    parent = get_or_404(request.user, Organization, Action.VIEW, pk=pk)
    nodes: list[TreeNode]
    raw_day = request.GET.get("ngay")
    if raw_day is not None:
        try:
            day = parse_date(raw_day[:20])
        except ValueError as exc:
            return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
        nodes = snapshot_nodes(request.user, children_as_of(parent, day), day)
    else:
        nodes = child_nodes(request.user, parent, include_dissolved=_include_dissolved(request))
    detail = url_shape("orgs:org-detail")
    rows = [node.as_row(detail) for node in nodes]
    return render(request, "orgs/_children.html", {"nodes": rows})


@login_required
@require_GET
def org_search(request: HttpRequest) -> HttpResponse:
    """htmx partial: up to 20 units matching ?q=, without diacritics."""
    results = _search_results(request, working_org(request))
    context = {"results": results, "q": request.GET.get("q", "")[:SEARCH_MAX_CHARS]}
    return render(request, "orgs/_search_results.html", context)


@login_required
@require_GET
def tree_history(request: HttpRequest) -> HttpResponse:
    """The tree as it stood on ?ngay=, and what has changed in it since."""
    root = working_org(request)
    form = HistoryDayForm(request.GET if "ngay" in request.GET else None, initial={"ngay": today()})
    day: date | None = today()
    if form.is_bound:
        day = form.cleaned_data["ngay"] if form.is_valid() else None
    context: dict[str, Any] = {"form": form, "day": day, "root_org": root}
    if root is not None and day is not None:
        root_snaps = snapshots(Organization.objects.filter(pk=root.pk), day)
        if root_snaps:
            node = snapshot_nodes(request.user, root_snaps, day)[0]
            node.children = snapshot_nodes(request.user, children_as_of(root, day), day)
            node.child_count = len(node.children)
            node.expanded = True
            context["root_node"] = node.as_row()
        changes = (
            scope(request.user, OrgEvent)
            .filter(organization__path__startswith=root.path, effective_on__gt=day)
            .order_by("effective_on", "id")
        )
        rows = timeline_rows(request.user, changes[: CHANGES_SHOWN + 1])
        context["changes"] = rows[:CHANGES_SHOWN]
        context["changes_truncated"] = len(rows) > CHANGES_SHOWN
        context["changes_shown"] = CHANGES_SHOWN
    return render(request, "orgs/tree_history.html", context)


def _status(org: Organization) -> dict[str, Any]:
    if not org.is_dissolved:
        return {"label": "Đang hoạt động", "css": "text-bg-success"}
    ending = org.events.filter(kind__in=ENDING_KINDS).order_by("-effective_on", "-id").first()
    kind = ending.kind if ending else OrgEventKind.DISSOLVED
    labels = {
        OrgEventKind.MERGED: "Đã hợp nhất vào",
        OrgEventKind.SPLIT: "Đã chia tách",
        OrgEventKind.DISSOLVED: "Đã giải thể",
    }
    return {
        "label": labels[OrgEventKind(kind)],
        "css": "text-bg-secondary",
        "merged": kind == OrgEventKind.MERGED,
    }


def _seat_row(seat: CommitteeSeat, day: date) -> dict[str, Any]:
    """A seat of the current committee as its row shows it (see views/rows.py)."""
    return {
        "holder_name": seat.holder_name,
        "started_on": format_date(seat.started_on),
        "ended_on": format_date(seat.ended_on),
        "decision_number": seat.decision_number,
        "is_current": seat.is_active_on(day),
        "assign_url": pk_url("orgs:assignment-add", seat.pk),
        "end_url": pk_url("orgs:seat-end", seat.pk),
        "assignments": [
            {
                "url": org_url(a.organization_id),
                "name": a.organization.name,
                "started_on": format_date(a.started_on),
                "ended_on": format_date(a.ended_on),
            }
            for a in seat.assignments.all()
        ],
    }


def _committees(user: Any, org: Organization) -> dict[str, Any]:
    """Terms of `org`, the current one's committee with its seats by role, and the others."""
    seats = CommitteeSeat.objects.order_by("started_on", "id").prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("organization").order_by("started_on"),
        )
    )
    committees = {
        c.term_id: c
        for c in scope(user, Committee)
        .filter(organization=org)
        .order_by()  # keyed by term below: no need for the Meta ordering's join on terms
        .prefetch_related(Prefetch("seats", queryset=seats))
    }
    for c in committees.values():
        # The seats are loaded anyway: counting them in Python spares a GROUP BY.
        c.seat_count = len(c.seats.all())  # type: ignore[attr-defined]
    terms = list(scope(user, Term).filter(organization=org).order_by("-starts_on"))
    day = today()
    current = next((t for t in terms if t.covers(day)), None)
    for term in terms:
        term.committee = committees.get(term.pk)  # type: ignore[attr-defined]
    committee = committees.get(current.pk) if current else None
    groups = []
    if committee is not None:
        by_role: dict[str, list[dict[str, Any]]] = {}
        for seat in committee.seats.all():
            by_role.setdefault(seat.role, []).append(_seat_row(seat, day))
        groups = [(SeatRole(role).label, by_role[role]) for role in ROLE_ORDER if role in by_role]
    return {
        "terms": terms,
        "current_term": current,
        "committee": committee,
        "seat_groups": groups,
        "other_terms": [t for t in terms if t is not current],
        "terms_without_committee": [t for t in terms if t.pk not in committees],
    }


def _history_page(request: HttpRequest) -> int | None:
    """The page of the timeline asked for by ?lich_su= (1 when absent), None when it is not a
    page number we serve."""
    raw = request.GET.get("lich_su")
    if raw is None:
        return 1
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 4:
        return None
    page = int(raw)
    return page if 1 <= page <= HISTORY_MAX_PAGE else None


def _history_slice(page: int) -> tuple[int, int]:
    """Which events (newest first) page `page` of the timeline holds: the unit's page shows
    the latest HISTORY_FIRST, each later page the next HISTORY_PAGE."""
    if page == 1:
        return 0, HISTORY_FIRST
    start = HISTORY_FIRST + (page - 2) * HISTORY_PAGE
    return start, start + HISTORY_PAGE


def _history_context(user: Any, org: Organization, start: int, end: int) -> dict[str, Any]:
    """Events `start`..`end` of the unit's timeline, what of them the user may open, and the
    page that follows when there is more."""
    # One more than shown, to know whether more follow.
    events = timeline_rows(user, history(org)[start : end + 1], about=org.pk)
    next_page = (end - HISTORY_FIRST) // HISTORY_PAGE + 2
    more = len(events) > end - start and next_page <= HISTORY_MAX_PAGE
    return {
        "events": events[: end - start],
        "history_next": next_page if more else None,
        "history_shown": end,
    }


@login_required
@require_GET
def org_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's page. With ?lich_su=N (N ≥ 2) it is an htmx request for the next events of
    its timeline, or without htmx the page with the timeline down to that point."""
    user = request.user
    org = get_or_404(user, Organization, Action.VIEW, pk=pk)
    page = _history_page(request)
    if page is None:
        return HttpResponseBadRequest(
            "Trang lịch sử không hợp lệ.", content_type="text/plain; charset=utf-8"
        )
    if page > 1 and request.headers.get("HX-Request") == "true":
        start, end = _history_slice(page)
        context = {
            "org": org,
            "org_url": org_url(org.pk),
            **_history_context(user, org, start, end),
        }
        response = render(request, "orgs/_history_page.html", context)
        patch_vary_headers(response, ["HX-Request"])
        return response
    counts = subtree_counts(org)
    active = not org.is_dissolved
    is_root = org.is_root()
    allowed_kinds = ALLOWED_CHILDREN[OrgKind(org.kind)]
    ancestors = trail(user, org)
    context = {
        "org": org,
        "org_url": org_url(org.pk),
        "trail": ancestors,
        "parent": ancestors[-1] if ancestors and ancestors[-1].depth == org.depth - 1 else None,
        "status": _status(org),
        "kind_counts": [
            (label, counts[value]) for value, label in OrgKind.choices if counts.get(value)
        ],
        # One scoped query rather than a permission check per cell.
        "children": child_rows(active_child_rows(scope(user, Organization), org)),
        **_history_context(user, org, 0, _history_slice(page)[1]),
        "can_structure": active and can(user, Action.STRUCTURE, org),
        "can_edit": active and can(user, Action.EDIT, org),
        "can_add_child": bool(allowed_kinds),
        "is_root": is_root,
        "merged_into_visible": bool(org.merged_into and can(user, Action.VIEW, org.merged_into)),
        "is_working_org": (w := working_org(request)) is not None and w.pk == org.pk,
        **_committees(user, org),
    }
    response = render(request, "orgs/org_detail.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response
