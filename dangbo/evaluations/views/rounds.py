"""Rounds from the pages: the list, opening a round, one round with its cells' tallies, and
moving it to the next stage."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.access.policy import Action
from dangbo.access.scoping import can, get_or_404, scope, units_for
from dangbo.evaluations import services
from dangbo.evaluations.forms import RoundForm
from dangbo.evaluations.models import (
    SHORT,
    STAGE_ORDER,
    EvaluationRound,
    MemberEvaluation,
    Rating,
    RoundStage,
)
from dangbo.evaluations.queries import (
    Tally,
    cell_tallies,
    roll_counts,
    rounds_with_counts,
)
from dangbo.evaluations.quota import reading_text
from dangbo.evaluations.rules import for_year
from dangbo.orgs.models import CELL_KINDS
from dangbo.orgs.views.common import actor, add_service_errors

PER_PAGE = 25
CELLS_LIMIT = 500


@login_required
@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    rows = rounds_with_counts(scope(request.user, EvaluationRound)).order_by(
        "-year", "organization__path"
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "may_open": units_for(request.user, Action.EDIT).exists()}
    return render(request, "evaluations/round_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = RoundForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.open_round(
                actor=user,
                organization=data["organization"],
                year=data["year"],
                quota_reading=data["quota_reading"],
                self_review_due=data["self_review_due"],
                cell_due=data["cell_due"],
                committee_due=data["committee_due"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Đã mở đợt đánh giá, xếp loại năm {round_.year}.")
            return redirect(reverse("evaluations:round-detail", args=[round_.pk]))
    status = 400 if request.method == "POST" else 200
    return render(request, "evaluations/round_form.html", {"form": form}, status=status)


@login_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_: EvaluationRound = get_or_404(request.user, EvaluationRound, pk=pk)
    cells = list(
        units_for(request.user)
        .filter(path__startswith=round_.organization.path, kind__in=CELL_KINDS)
        .order_by("path")[:CELLS_LIMIT]
    )
    tallies = cell_tallies(
        scope(request.user, MemberEvaluation).filter(round=round_, organization__in=cells)
    )
    rolls = roll_counts(round_, cells)
    rows = [(cell, tallies.get(cell.pk) or Tally(cell)) for cell in cells]
    total = Tally(round_.organization)
    for cell, tally in rows:
        tally.roll = rolls.get(cell.pk, 0)
        total.counts.update(tally.counts)
        total.not_rated += tally.not_rated
        total.pending += tally.pending
        total.roll += tally.roll
    here = STAGE_ORDER.index(round_.stage)
    next_stage = RoundStage(STAGE_ORDER[here + 1]) if here + 1 < len(STAGE_ORDER) else None
    rules = for_year(round_.year)
    context = {
        "round": round_,
        "rows": rows,
        "total": total,
        "ratings": [(r, SHORT[r]) for r in Rating],
        "stages": [(RoundStage(s), i <= here) for i, s in enumerate(STAGE_ORDER)],
        "next_stage": next_stage,
        "may_edit": can(request.user, Action.EDIT, round_.organization),
        "quota_text": reading_text(round_.quota_reading, rules.excellent_share),
        "truncated": len(cells) == CELLS_LIMIT,
    }
    return render(request, "evaluations/round_detail.html", context)


@login_required
@require_POST
def round_advance(request: HttpRequest, pk: int) -> HttpResponse:
    round_: EvaluationRound = get_or_404(request.user, EvaluationRound, Action.EDIT, pk=pk)
    try:
        services.advance_round(
            actor=actor(request), round_=round_, stage=request.POST.get("stage", "")[:16]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Đợt đã chuyển sang bước «{round_.get_stage_display()}».")
    return redirect(reverse("evaluations:round-detail", args=[round_.pk]))
