"""The secretary's grid: every member of a cell on one screen, typed with the keyboard, checked
live against the year's rules and the HTXSNV quota (static/js/evaluation_grid.js), and saved
in one request. At the committee stage the same page takes the committee's decisions; after
publication it shows the results, each with a correction form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from dangbo.access.policy import Action
from dangbo.access.scoping import can, get_or_404, units_for
from dangbo.core.formats import format_figure
from dangbo.evaluations import services
from dangbo.evaluations.forms import CorrectionForm
from dangbo.evaluations.grid_input import GridError, decisions_from_post, grid_from_post
from dangbo.evaluations.models import (
    SHORT,
    EvaluationRound,
    MemberEvaluation,
    Rating,
    RoundStage,
)
from dangbo.evaluations.queries import GridRow, grid_rows
from dangbo.evaluations.quota import reading_text
from dangbo.evaluations.rules import RuleSet, for_year
from dangbo.orgs.models import CELL_KINDS, Organization
from dangbo.orgs.views.common import actor, add_service_errors

POSTED_KEYS = ("s", "ss", "d", "x", "o", "ts", "p", "b", "r", "n", "q", "sr")


def rules_for_script(rules: RuleSet, round_: EvaluationRound) -> dict[str, Any]:
    """What the page's script needs to check a line as it is typed; the service checks again."""
    return {
        "bands": [[float(low), rating] for low, rating in rules.score_bands or ()],
        "scaleMax": float(rules.scale_max),
        "excellentMinExceeding": (
            None
            if rules.excellent_min_exceeding_pct is None
            else float(rules.excellent_min_exceeding_pct)
        ),
        "goodNeedsOnTime": rules.good_needs_on_time,
        "failedBelowTasks": (
            None if rules.failed_below_tasks_pct is None else float(rules.failed_below_tasks_pct)
        ),
        "failedIfPoor": rules.failed_if_criterion_poor,
        "sickCapDays": rules.sick_leave_cap_days,
        "yearDays": 366,  # sick plus maternity days may not exceed it
        "share": [rules.excellent_share.numerator, rules.excellent_share.denominator],
        "reading": round_.quota_reading,
        "short": {r.value: SHORT[r] for r in Rating},
    }


def _cell(request: HttpRequest, round_: EvaluationRound, cell_pk: int) -> Organization:
    cell = (
        units_for(request.user)
        .filter(pk=cell_pk, kind__in=CELL_KINDS, path__startswith=round_.organization.path)
        .first()
    )
    if cell is None:
        raise Http404("Không tìm thấy chi bộ trong đợt đánh giá này.")
    return cell


def _mode(request: HttpRequest, round_: EvaluationRound, cell: Organization) -> str:
    if round_.stage in services.GRID_STAGES and can(request.user, Action.EDIT, cell):
        return "cell"
    if round_.stage == RoundStage.COMMITTEE and can(request.user, Action.EDIT, round_.organization):
        return "committee"
    return "read"


def _figure(value: Any) -> str:
    return "" if value is None else format_figure(value)


def self_points(rules: RuleSet, saved: MemberEvaluation | None) -> list[dict[str, str]]:
    """The member's own points per criteria group, as "27,5/30", for the grid and the print."""
    if saved is None or not saved.self_criteria:
        return []
    out = []
    for group in rules.criteria_groups:
        value = saved.self_criteria.get(group.code)
        if value is None:
            continue
        top = "" if group.max_points is None else f"/{format_figure(group.max_points)}"
        out.append({"label": group.label, "points": f"{format_figure(Decimal(str(value)))}{top}"})
    return out


def votes_text(saved: MemberEvaluation) -> str:
    if saved.votes_cast is None:
        return ""
    return f"{saved.votes_for}/{saved.votes_cast}"


def lines(rows: list[GridRow], posted: dict[str, str], rules: RuleSet) -> list[dict[str, Any]]:
    """What each line's inputs show: what was just posted (after a refusal), else what is saved."""
    out = []
    for row in rows:
        pk, saved = row.member.pk, row.evaluation
        if posted and f"m{pk}" in posted:
            values = {key: posted.get(f"{key}{pk}", "") for key in POSTED_KEYS}
            values["t"] = "1" if posted.get(f"t{pk}") == "1" else ""
            values["k"] = "1" if posted.get(f"k{pk}") == "1" else ""
        elif saved is not None:
            values = {
                "s": _figure(saved.score),
                "ss": _figure(saved.self_score),
                # A line only the member's self-review created starts as a new line does.
                "d": _figure(saved.tasks_done_pct) if saved.rule_reasons else "100",
                "x": _figure(saved.tasks_exceeding_pct),
                "t": "1" if saved.tasks_on_time else "",
                "k": "1" if saved.criteria_poor else "",
                "o": str(saved.sick_leave_days or ""),
                "ts": str(saved.maternity_leave_days or ""),
                "p": saved.proposed_rating if saved.proposed_rating != saved.rule_rating else "",
                "b": votes_text(saved),
                "r": saved.override_reason,
                "n": saved.notes,
                "q": saved.rating or saved.proposed_rating,
            }
        else:
            values = {key: "" for key in POSTED_KEYS} | {"t": "1", "d": "100"}
        out.append(
            {
                "member": row.member,
                "evaluation": saved,
                "v": values,
                "points": self_points(rules, saved),
                # The member handed in their own score: the secretary reads it, does not type it.
                "self_given": saved is not None and saved.self_reviewed_at is not None,
                "self_total": "" if saved is None else _figure(saved.self_score),
            }
        )
    return out


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_grid(request: HttpRequest, pk: int, cell_pk: int) -> HttpResponse:
    round_: EvaluationRound = get_or_404(request.user, EvaluationRound, pk=pk)
    cell = _cell(request, round_, cell_pk)
    mode = _mode(request, round_, cell)
    rows = grid_rows(round_, cell)
    errors: list[str] = []
    posted: dict[str, str] = {}
    if request.method == "POST":
        if mode == "read":
            raise PermissionDenied("Bước này không cho phép sửa bảng đánh giá.")
        posted = {k: request.POST.get(k, "") for k in request.POST}
        names = {row.member.pk: row.member.full_name for row in rows}
        try:
            if mode == "cell":
                services.save_grid(
                    actor=actor(request),
                    round_=round_,
                    cell=cell,
                    rows=grid_from_post(posted, names),
                )
            else:
                services.decide(
                    actor=actor(request),
                    round_=round_,
                    cell=cell,
                    decisions=decisions_from_post(posted),
                )
        except (ValidationError, GridError) as exc:
            errors = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        else:
            messages.success(request, f"Đã lưu bảng đánh giá, xếp loại của {cell.name}.")
            return redirect(reverse("evaluations:grid", args=[round_.pk, cell.pk]))
    rules = for_year(round_.year)
    context = {
        "round": round_,
        "cell": cell,
        "lines": lines(rows, posted, rules),
        "mode": mode,
        "rules": rules,
        "script_rules": rules_for_script(rules, round_),
        "quota_text": reading_text(round_.quota_reading, rules.excellent_share),
        "ratings": [(r.value, SHORT[r], r.label) for r in Rating],
        "errors": errors,
        "posted": posted,
        "may_correct": round_.stage == RoundStage.PUBLISHED
        and can(request.user, Action.EDIT, round_.organization),
    }
    return render(request, "evaluations/grid.html", context, status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_correct(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation: MemberEvaluation = get_or_404(request.user, MemberEvaluation, pk=pk)
    round_ = evaluation.round
    if not can(request.user, Action.EDIT, round_.organization):
        raise PermissionDenied("Chỉ cấp ủy của đợt đánh giá mới đính chính kết quả.")
    form = CorrectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_evaluation(
                actor=actor(request),
                evaluation=evaluation,
                rating=form.cleaned_data["rating"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Đã đính chính kết quả của {evaluation.member.full_name}.")
            return redirect(
                reverse("evaluations:grid", args=[round_.pk, evaluation.organization_id])
            )
    context = {"evaluation": evaluation, "round": round_, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "evaluations/correct.html", context, status=status)
