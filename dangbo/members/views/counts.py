"""How many members a unit and the units below it have: the panel of the organisation page.

The organisation page (orgs) loads it with htmx, so orgs need not know about members."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangbo.access.scoping import get_or_404, scope
from dangbo.members.models import ON_ROLL, Member, MemberStatus
from dangbo.orgs.models import Organization


@login_required
@require_GET
def org_member_counts(request: HttpRequest, org_pk: int) -> HttpResponse:
    org = get_or_404(request.user, Organization, pk=org_pk)
    rows = (
        scope(request.user, Member)
        .filter(organization__path__startswith=org.path, status__in=ON_ROLL)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
    )
    by_status = {row["status"]: row["n"] for row in rows}
    counts = [
        (MemberStatus(status).label, by_status.get(status, 0))
        for status in ON_ROLL
        if by_status.get(status)
    ]
    return render(
        request,
        "members/_org_counts.html",
        {"org": org, "total": sum(by_status.values()), "counts": counts},
    )
