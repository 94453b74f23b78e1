"""The working scope: the organisation a user has chosen to work on, kept in the session.

It only narrows what pages show; what the user may see is still decided by their grants."""

from __future__ import annotations

from django.http import HttpRequest

from dangbo.access.scoping import root_units, scope
from dangbo.orgs.models import Organization

SESSION_KEY = "working_org_id"
_CACHE_ATTR = "_dangbo_working_org"


def working_org(request: HttpRequest) -> Organization | None:
    if hasattr(request, _CACHE_ATTR):
        cached: Organization | None = getattr(request, _CACHE_ATTR)
        return cached
    org: Organization | None = None
    org_id = request.session.get(SESSION_KEY)
    if org_id is not None:
        org = scope(request.user, Organization).filter(pk=org_id).first()
    if org is None:
        roots = root_units(request.user)
        org = roots[0] if roots else None
    setattr(request, _CACHE_ATTR, org)
    return org


def set_working_org(request: HttpRequest, org: Organization) -> None:
    request.session[SESSION_KEY] = org.pk
    setattr(request, _CACHE_ATTR, org)
