"""The working scope: choosing the organisation to work on, and finding units in pickers."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from dangbo.access.policy import Action, allows
from dangbo.access.scoping import active_grants, get_or_404, scope, units_for
from dangbo.access.views.common import safe_next
from dangbo.access.working import set_working_org, working_org
from dangbo.orgs.models import Organization
from dangbo.orgs.queries import search

SEARCH_LIMIT = 15
PICKER_ACTIONS = {Action.GRANTS.value, Action.AUDIT.value, Action.VIEW.value}


def _int_or_404(raw: str | None) -> int:
    if raw is None or not raw.isdecimal() or len(raw) > 18:
        raise Http404("Không tìm thấy đơn vị.")
    return int(raw)


@login_required
@require_POST
def scope_switch(request: HttpRequest) -> HttpResponse:
    """Make an organisation the working unit. An id outside the user's scope is a 404, as if
    it did not exist; `next` is followed only when it stays on this site."""
    org = get_or_404(request.user, Organization, pk=_int_or_404(request.POST.get("organization")))
    set_working_org(request, org)
    return redirect(safe_next(request, request.POST.get("next"), default="orgs:tree"))


def _current_path(request: HttpRequest) -> str:
    """The page the switcher sits on, for `next`: htmx sends it in HX-Current-URL."""
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.current_url_abs_path:
        return str(htmx.current_url_abs_path)
    return request.GET.get("next", "")


@login_required
@require_GET
def scope_search(request: HttpRequest) -> HttpResponse:
    """htmx partial of the switcher: units matching the text, as buttons that switch to them."""
    text = request.GET.get("q", "")[:100]
    units = search(scope(request.user, Organization), text, limit=SEARCH_LIMIT) if text else []
    with_parent_names(units)
    current = working_org(request)
    return render(
        request,
        "access/partials/scope_results.html",
        {
            "units": units,
            "query": text,
            "next_path": _current_path(request),
            "current_id": current.pk if current else None,
        },
    )


@login_required
@require_GET
def unit_picker(request: HttpRequest) -> HttpResponse:
    """htmx partial of the unit picker in forms: radio buttons named `field` for the units the
    user may `action` that match the text. The checked unit (sent back by the picker) stays
    first so a search never silently drops the choice already made."""
    action = request.GET.get("action", "")
    field = request.GET.get("field", "organization")
    if action not in PICKER_ACTIONS or not field.isidentifier():
        return HttpResponseBadRequest("Tham số không hợp lệ.")
    allowed = units_for(request.user, action)
    checked = None
    raw = request.GET.get(field, "")
    if raw.isdecimal() and len(raw) <= 18:
        checked = allowed.filter(pk=int(raw)).first()
    text = request.GET.get("unit_q", "")[:100]
    if text.strip():
        units = search(allowed, text, limit=SEARCH_LIMIT)
    else:
        units = action_roots(request.user, action)
    return render(
        request,
        "access/partials/unit_choices.html",
        {
            "picker": picker_context(
                field, checked, units, blank=request.GET.get("blank") == "1", query=text
            )
        },
    )


def action_roots(user: Any, action: str) -> list[Organization]:
    """The top units where the user may `action` (none below another): the picker's default
    choices before anything is typed."""
    kept: list[str] = []
    for path in sorted({g.path for g in active_grants(user) if allows(g.role, action)}, key=len):
        if not any(path.startswith(prefix) for prefix in kept):
            kept.append(path)
    if not kept:
        return []
    return list(Organization.objects.filter(path__in=kept).order_by("path"))


def with_parent_names(units: list[Organization]) -> list[Organization]:
    """Set `parent_name` on each unit (one query), so that two "Chi bộ khóm 2" under different
    wards can be told apart in a list of search results."""
    parent_paths = {u.parent_path for u in units if u.depth > 1}
    names = dict(Organization.objects.filter(path__in=parent_paths).values_list("path", "name"))
    for unit in units:
        unit.parent_name = names.get(unit.parent_path, "")
    return units


def picker_context(
    field: str,
    checked: Organization | None,
    units: list[Organization],
    *,
    blank: bool = False,
    query: str = "",
) -> dict[str, object]:
    """What the unit picker template needs: the checked unit first, then the other units."""
    choices = [checked] if checked is not None else []
    choices += [u for u in units if checked is None or u.pk != checked.pk]
    return {
        "field": field,
        "choices": with_parent_names(choices),
        "checked_id": checked.pk if checked is not None else None,
        "blank": blank,
        "query": query,
    }
