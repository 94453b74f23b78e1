"""The HTXSNV quota at every level of the round's tree, and applying the rules of the year
again to the whole round (bulk.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from dangbo.access.policy import Action
from dangbo.access.scoping import can, get_or_404, units_for
from dangbo.evaluations import bulk
from dangbo.evaluations.models import EvaluationRound
from dangbo.evaluations.quota import reading_text
from dangbo.evaluations.rules import for_year
from dangbo.orgs.models import CELL_KINDS
from dangbo.orgs.views.common import actor

NAMES_SHOWN = 10


@login_required
@require_GET
def round_quota(request: HttpRequest, pk: int) -> HttpResponse:
    round_: EvaluationRound = get_or_404(request.user, EvaluationRound, pk=pk)
    lines = bulk.quota_by_level(round_)
    visible = set(
        units_for(request.user)
        .filter(path__in=[q.organization.path for q in lines])
        .values_list("pk", flat=True)
    )
    # Units above the cells are all shown; a cell only when it is over the cap or has reasons.
    shown = [
        q
        for q in lines
        if q.organization.pk in visible
        and (q.organization.kind not in CELL_KINDS or q.over or q.with_reason)
    ]
    top = round_.organization.depth
    context = {
        "round": round_,
        # Indented by depth below the round's unit (Bootstrap's ps-2 … ps-5).
        "lines": [(q, min(q.level - top, 3)) for q in shown],
        "cells_over": sum(1 for q in lines if q.organization.kind in CELL_KINDS and q.over),
        "quota_text": reading_text(round_.quota_reading, for_year(round_.year).excellent_share),
        "may_apply": round_.stage in bulk.APPLY_STAGES
        and can(request.user, Action.EDIT, round_.organization),
    }
    return render(request, "evaluations/quota.html", context)


@login_required
@require_POST
def round_apply_rules(request: HttpRequest, pk: int) -> HttpResponse:
    round_: EvaluationRound = get_or_404(request.user, EvaluationRound, Action.EDIT, pk=pk)
    try:
        applied = bulk.apply_rules(actor=actor(request), round_=round_)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Đã áp dụng {round_.rules_source} cho {applied.lines} đảng viên: "
            f"{applied.changed} trường hợp thay đổi mức theo quy định.",
        )
        if applied.above_rules:
            names = "; ".join(applied.above_rules_names[:NAMES_SHOWN])
            more = applied.above_rules - min(applied.above_rules, NAMES_SHOWN)
            messages.warning(
                request,
                f"{applied.above_rules} đảng viên có mức đề xuất hoặc quyết định cao hơn mức quy "
                f"định cho phép, chi bộ và cấp ủy cần xem lại: {names}"
                + (f" và {more} trường hợp khác." if more else "."),
            )
    return redirect(reverse("evaluations:round-quota", args=[round_.pk]))
