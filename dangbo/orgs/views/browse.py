"""Reading the tree: the browser, its htmx partials, the tree as of a date, and a unit's page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangbo.access.policy import Action
from dangbo.access.scoping import can, get_or_404, scope
from dangbo.access.working import working_org
from dangbo.core.clock import today
from dangbo.core.formats import parse_date
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
    active_children,
    children_as_of,
    history,
    search,
    snapshots,
    subtree_counts,
)
from dangbo.orgs.views.common import (
    TreeNode,
    child_nodes,
    children_url,
    node_for,
    snapshot_nodes,
    trail,
)

SEARCH_LIMIT = 20
SEARCH_MAX_CHARS = 100
HISTORY_EVENTS_SHOWN = 50
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
        context["root_node"] = node
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
    return render(request, "orgs/_children.html", {"nodes": nodes})


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
            context["root_node"] = node
        changes = (
            scope(request.user, OrgEvent)
            .filter(organization__path__startswith=root.path, effective_on__gt=day)
            .select_related("organization", "old_parent", "new_parent", "counterpart")
            .order_by("effective_on", "id")
        )
        context["changes"] = list(changes[: CHANGES_SHOWN + 1])
        context["changes_truncated"] = len(context["changes"]) > CHANGES_SHOWN
        context["changes"] = context["changes"][:CHANGES_SHOWN]
        context["changes_shown"] = CHANGES_SHOWN
        context["visible_ids"] = _visible_ids(request.user, context["changes"])
    return render(request, "orgs/tree_history.html", context)


def _visible_ids(user: Any, events: list[OrgEvent]) -> set[int]:
    """Which organisations named in these events the user may open (others show as text)."""
    named = {
        org.pk: org
        for event in events
        for org in (event.organization, event.old_parent, event.new_parent, event.counterpart)
        if org is not None
    }
    return {pk for pk, org in named.items() if can(user, Action.VIEW, org)}


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
        .annotate(seat_count=Count("seats"))
        .prefetch_related(Prefetch("seats", queryset=seats))
    }
    terms = list(scope(user, Term).filter(organization=org).order_by("-starts_on"))
    day = today()
    current = next((t for t in terms if t.covers(day)), None)
    for term in terms:
        term.committee = committees.get(term.pk)  # type: ignore[attr-defined]
    committee = committees.get(current.pk) if current else None
    groups = []
    if committee is not None:
        by_role: dict[str, list[CommitteeSeat]] = {}
        for seat in committee.seats.all():
            seat.is_current = seat.is_active_on(day)  # type: ignore[attr-defined]
            by_role.setdefault(seat.role, []).append(seat)
        groups = [(SeatRole(role).label, by_role[role]) for role in ROLE_ORDER if role in by_role]
    return {
        "terms": terms,
        "current_term": current,
        "committee": committee,
        "seat_groups": groups,
        "other_terms": [t for t in terms if t is not current],
        "terms_without_committee": [t for t in terms if t.pk not in committees],
    }


@login_required
@require_GET
def org_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    org = get_or_404(user, Organization, Action.VIEW, pk=pk)
    counts = subtree_counts(org)
    events = list(history(org)[: HISTORY_EVENTS_SHOWN + 1])
    active = not org.is_dissolved
    is_root = org.is_root()
    allowed_kinds = ALLOWED_CHILDREN[OrgKind(org.kind)]
    ancestors = trail(user, org)
    context: dict[str, Any] = {
        "org": org,
        "trail": ancestors,
        "parent": ancestors[-1] if ancestors and ancestors[-1].depth == org.depth - 1 else None,
        "status": _status(org),
        "kind_counts": [
            (label, counts[value]) for value, label in OrgKind.choices if counts.get(value)
        ],
        "children": [c for c in active_children(org) if can(user, Action.VIEW, c)],
        "events": events[:HISTORY_EVENTS_SHOWN],
        "events_truncated": len(events) > HISTORY_EVENTS_SHOWN,
        "events_shown": HISTORY_EVENTS_SHOWN,
        "visible_ids": _visible_ids(user, events) | {org.pk},
        "can_structure": active and can(user, Action.STRUCTURE, org),
        "can_edit": active and can(user, Action.EDIT, org),
        "can_add_child": bool(allowed_kinds),
        "is_root": is_root,
        "children_url": children_url(org.pk),
        "merged_into_visible": bool(org.merged_into and can(user, Action.VIEW, org.merged_into)),
        "is_working_org": (w := working_org(request)) is not None and w.pk == org.pk,
        **_committees(user, org),
    }
    return render(request, "orgs/org_detail.html", context)
