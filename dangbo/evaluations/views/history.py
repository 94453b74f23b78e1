"""A member's ratings year by year, with every correction, linked from their profile."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangbo.access.scoping import get_or_404, scope
from dangbo.evaluations.models import MemberEvaluation
from dangbo.members.models import Member


@login_required
@require_GET
def member_history(request: HttpRequest, member_pk: int) -> HttpResponse:
    member: Member = get_or_404(request.user, Member, pk=member_pk)
    rows = (
        scope(request.user, MemberEvaluation)
        .filter(member=member)
        .select_related("round", "organization", "decided_by")
        .order_by("-round__year", "-current", "-id")
    )
    return render(
        request, "evaluations/member_history.html", {"member": member, "rows": list(rows)}
    )
