"""The working scope: the organisation a user has chosen to work on, kept in the session.

It only narrows what pages show; what the user may see is still decided by their grants."""

from __future__ import annotations

from django.http import HttpRequest

from dangbo.access.scoping import active_grants, root_units, scope
from dangbo.orgs.models import Organization

SESSION_KEY = "working_org_id"
_CACHE_ATTR = "_dangbo_working_org"
_ROOTS_ATTR = "_dangbo_root_units"


def working_roots(request: HttpRequest) -> list[Organization]:
    """`root_units` of the request's user, read once per request: the scope switcher, the
    working organisation and some views all need them. Kept only as long as the user's
    cached grants are the same list, so a grant changed during the request is seen."""
    grants = active_grants(request.user)
    cached: tuple[object, list[Organization]] | None = getattr(request, _ROOTS_ATTR, None)
    if cached is not None and cached[0] is grants:
        return cached[1]
    roots = root_units(request.user)
    setattr(request, _ROOTS_ATTR, (grants, roots))
    return roots


def working_org(request: HttpRequest) -> Organization | None:
    if hasattr(request, _CACHE_ATTR):
        cached: Organization | None = getattr(request, _CACHE_ATTR)
        return cached
    org: Organization | None = None
    roots = working_roots(request)
    org_id = request.session.get(SESSION_KEY)
    if org_id is not None:
        # Most often one of the user's own units, which the layout has read anyway.
        org = next((r for r in roots if r.pk == org_id), None)
        if org is None:
            org = scope(request.user, Organization).filter(pk=org_id).first()
    if org is None:
        org = roots[0] if roots else None
    setattr(request, _CACHE_ATTR, org)
    return org


def set_working_org(request: HttpRequest, org: Organization) -> None:
    request.session[SESSION_KEY] = org.pk
    setattr(request, _CACHE_ATTR, org)
