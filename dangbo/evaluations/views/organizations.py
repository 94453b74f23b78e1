"""Rating party organizations from the pages: the round's overview per assessing unit (loaded
into the round page), the superior's grid of its direct subordinates (assessment at the
self-review and cell stages, the committee's decision at the committee stage, results with a
correction link after publication), the collective's own review (Mẫu 01), a correction, and
an organization's results year by year.

Access: reading needs the round and the unit in the user's scope; writing the grid or the
decision needs Action.EDIT on the superior (`parent`); the self-review needs Action.EDIT on the
organization itself. The round's own organization appears on its parent's grid, listed in the
overview for users who may edit that parent (org_queries)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from dangbo.access.policy import Action
from dangbo.access.scoping import can, get_or_404, scope, units_for
from dangbo.core.formats import format_figure
from dangbo.evaluations import org_services
from dangbo.evaluations.forms import CorrectionForm
from dangbo.evaluations.grid_input import GridError, decisions_from_post
from dangbo.evaluations.models import (
    SHORT,
    EvaluationRound,
    OrganizationEvaluation,
    Rating,
    RoundStage,
)
from dangbo.evaluations.org_grid_input import POSTED_KEYS, org_grid_from_post
from dangbo.evaluations.org_queries import (
    OrgGridRow,
    assessing_units,
    in_round,
    is_root_parent,
    org_grid_rows,
    root_tally,
)
from dangbo.evaluations.org_rules import for_year
from dangbo.evaluations.org_services import GRID_STAGES, REVIEW_STAGES
from dangbo.evaluations.queries import evaluated_on
from dangbo.orgs.forms.base import BootstrapForm
from dangbo.orgs.models import Organization, OrgKind
from dangbo.orgs.views.common import actor, add_service_errors

UNITS_LIMIT = 500
FIGURES = ("self_score", "score", "tasks_done_pct", "tasks_exceeding_pct", "tasks_behind_pct")


def _root_parent(round_: EvaluationRound) -> Organization | None:
    root = round_.organization
    if root.depth <= 1:
        return None
    return Organization.objects.filter(path=root.parent_path).first()


@login_required
@require_GET
def org_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """Per assessing unit the user sees, its subordinates by rating; the round page loads the
    bare table (htmx), and the same URL is a page of its own without script."""
    round_: EvaluationRound = get_or_404(request.user, EvaluationRound, pk=pk)
    units = assessing_units(round_, units_for(request.user), UNITS_LIMIT)
    above = _root_parent(round_)
    if above is not None and can(request.user, Action.EDIT, above):
        units.insert(0, root_tally(round_, above))
    context = {
        "round": round_,
        "units": units,
        "ratings": [(r, SHORT[r]) for r in Rating],
        "truncated": len(units) >= UNITS_LIMIT,
        # The collectives whose own review (Mẫu 01) the user writes.
        "reviewers": list(
            units_for(request.user, Action.EDIT)
            .filter(path__startswith=round_.organization.path)
            .exclude(kind=OrgKind.GROUP)
            .order_by("path")[:20]
        ),
    }
    partial = request.headers.get("HX-Request") == "true"
    template = "evaluations/_org_overview.html" if partial else "evaluations/org_overview.html"
    return render(request, template, context)


def _parent(request: HttpRequest, round_: EvaluationRound, parent_pk: int) -> Organization:
    parent = units_for(request.user).filter(pk=parent_pk).first()
    if parent is None or not (in_round(round_, parent) or is_root_parent(round_, parent)):
        raise Http404("Không tìm thấy đơn vị đánh giá tổ chức đảng trong đợt này.")
    return parent


def _mode(request: HttpRequest, round_: EvaluationRound, parent: Organization) -> str:
    if not can(request.user, Action.EDIT, parent):
        return "read"
    if round_.stage in GRID_STAGES:
        return "assess"
    if round_.stage == RoundStage.COMMITTEE:
        return "committee"
    return "read"


def rule_label(evaluation: OrganizationEvaluation | None) -> str:
    """What the rules allow, in words (the field keeps the code only)."""
    if evaluation is None or evaluation.rule_rating not in Rating.values:
        return ""
    return str(Rating(evaluation.rule_rating).label)


def _short(rating: str) -> str:
    return SHORT[Rating(rating)] if rating in Rating.values else ""


def _figure(value: Any) -> str:
    return "" if value is None else format_figure(value)


def lines(rows: list[OrgGridRow], posted: dict[str, str]) -> list[dict[str, Any]]:
    """What each line's inputs show: what was just posted (after a refusal), else what is saved."""
    out = []
    for row in rows:
        pk, saved = row.organization.pk, row.evaluation
        if posted and f"m{pk}" in posted:
            values = {key: posted.get(f"{key}{pk}", "") for key in POSTED_KEYS}
            values |= {key: "1" if posted.get(f"{key}{pk}") == "1" else "" for key in "tgkl"}
        elif saved is not None and (saved.rule_rating or saved.not_rated or saved.score):
            values = {
                "s": _figure(saved.score),
                "d": _figure(saved.tasks_done_pct),
                "x": _figure(saved.tasks_exceeding_pct),
                "b": _figure(saved.tasks_behind_pct),
                "u": str(saved.subordinates_disciplined or ""),
                "t": "1" if saved.tasks_on_time else "",
                "g": "1" if saved.key_targets_missed else "",
                "k": "1" if saved.criteria_poor else "",
                "l": "1" if saved.leadership_disciplined else "",
                "p": saved.proposed_rating,
                "r": saved.override_reason,
                "n": saved.notes,
                "q": saved.rating or saved.proposed_rating,
            }
        else:
            values = {key: "" for key in POSTED_KEYS} | {"t": "1", "d": "100"}
        out.append(
            {
                "row": row,
                "org": row.organization,
                "evaluation": saved,
                "v": values,
                "rule_label": rule_label(saved),
                "rule_short": _short(saved.rule_rating if saved else ""),
                "proposed_short": _short(saved.proposed_rating if saved else ""),
                "self_short": _short(saved.self_rating if saved else ""),
                "f": {name: _figure(getattr(saved, name, None)) for name in FIGURES},
            }
        )
    return out


@login_required
@require_http_methods(["GET", "POST"])
def org_grid(request: HttpRequest, pk: int, parent_pk: int) -> HttpResponse:
    round_: EvaluationRound = get_or_404(request.user, EvaluationRound, pk=pk)
    parent = _parent(request, round_, parent_pk)
    mode = _mode(request, round_, parent)
    rows = org_grid_rows(round_, parent)
    errors: list[str] = []
    posted: dict[str, str] = {}
    if request.method == "POST":
        if mode == "read":
            raise PermissionDenied("Đồng chí không có quyền sửa bảng xếp loại này ở bước này.")
        posted = {k: request.POST.get(k, "") for k in request.POST}
        names = {row.organization.pk: row.organization.name for row in rows}
        try:
            if mode == "assess":
                org_services.assess_organizations(
                    actor=actor(request),
                    round_=round_,
                    parent=parent,
                    rows=org_grid_from_post(posted, names),
                )
            else:
                org_services.decide_organizations(
                    actor=actor(request),
                    round_=round_,
                    parent=parent,
                    decisions=decisions_from_post(posted),
                )
        except (ValidationError, GridError) as exc:
            errors = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        else:
            messages.success(request, f"Đã lưu bảng xếp loại tổ chức đảng của {parent.name}.")
            return redirect(reverse("evaluations:org-grid", args=[round_.pk, parent.pk]))
    rules = for_year(round_.year)
    context = {
        "round": round_,
        "parent": parent,
        "lines": lines(rows, posted),
        "mode": mode,
        "rules": rules,
        "rating_day": evaluated_on(round_),
        "quota_text": org_services.org_quota_text(round_.quota_reading, rules.excellent_share),
        "ratings": [(r.value, SHORT[r], r.label) for r in Rating],
        "errors": errors,
        "may_correct": round_.stage == RoundStage.PUBLISHED
        and mode == "read"
        and can(request.user, Action.EDIT, parent),
    }
    return render(request, "evaluations/org_grid.html", context, status=400 if errors else 200)


class OrgReviewForm(BootstrapForm):
    text = forms.CharField(
        label="Bản kiểm điểm tập thể (Mẫu 01)",
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=50_000,
        help_text="Kết quả thực hiện nhiệm vụ chính trị; công tác xây dựng Đảng; ưu điểm; hạn "
        "chế, khuyết điểm và nguyên nhân; kết quả khắc phục hạn chế đã chỉ ra; phương hướng, "
        "biện pháp khắc phục.",
        error_messages={"required": "Viết bản kiểm điểm tập thể."},
    )
    self_score = forms.DecimalField(
        label="Điểm tự chấm",
        required=False,
        max_digits=5,
        decimal_places=2,
        localize=True,
        error_messages={"invalid": "Điểm phải là số, ví dụ 87,5."},
    )
    self_rating = forms.ChoiceField(
        label="Tập thể tự nhận mức xếp loại",
        required=False,
        choices=[("", "— Chọn —"), *Rating.choices],
    )


@login_required
@require_http_methods(["GET", "POST"])
def org_self_review(request: HttpRequest, pk: int, org_pk: int) -> HttpResponse:
    round_: EvaluationRound = get_or_404(request.user, EvaluationRound, pk=pk)
    organization = units_for(request.user).filter(pk=org_pk).exclude(kind=OrgKind.GROUP).first()
    if organization is None or not in_round(round_, organization):
        raise Http404("Không tìm thấy tổ chức đảng trong đợt đánh giá này.")
    may_edit = can(request.user, Action.EDIT, organization)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied("Chỉ cấp ủy của tổ chức mới nộp bản kiểm điểm tập thể.")
    saved = OrganizationEvaluation.objects.filter(
        round=round_, organization=organization, current=True
    ).first()
    initial = (
        {
            "text": saved.self_review,
            "self_score": _figure(saved.self_score),
            "self_rating": saved.self_rating,
        }
        if saved
        else {}
    )
    form = OrgReviewForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            org_services.submit_org_review(
                actor=actor(request),
                round_=round_,
                organization=organization,
                text=form.cleaned_data["text"],
                self_score=form.cleaned_data["self_score"],
                self_rating=form.cleaned_data["self_rating"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Đã lưu bản kiểm điểm tập thể của {organization.name}.")
            return redirect(
                reverse("evaluations:org-self-review", args=[round_.pk, organization.pk])
            )
    context = {
        "round": round_,
        "organization": organization,
        "form": form,
        "saved": saved,
        "is_open": round_.stage in REVIEW_STAGES and may_edit,
        "self_score": _figure(saved.self_score if saved else None),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "evaluations/org_self_review.html", context, status=status)


def _superior(organization: Organization) -> Organization | None:
    if organization.depth <= 1:
        return None
    return Organization.objects.filter(path=organization.parent_path).first()


@login_required
@require_http_methods(["GET", "POST"])
def org_correct(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation: OrganizationEvaluation = get_or_404(request.user, OrganizationEvaluation, pk=pk)
    round_ = evaluation.round
    superior = _superior(evaluation.organization)
    if superior is None or not can(request.user, Action.EDIT, superior):
        raise PermissionDenied("Chỉ cấp ủy cấp trên trực tiếp mới đính chính kết quả.")
    form = CorrectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            org_services.correct_org_evaluation(
                actor=actor(request),
                evaluation=evaluation,
                rating=form.cleaned_data["rating"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, f"Đã đính chính kết quả xếp loại của {evaluation.organization.name}."
            )
            return redirect(reverse("evaluations:org-grid", args=[round_.pk, superior.pk]))
    evaluation.rule_label = rule_label(evaluation)  # type: ignore[attr-defined]
    context = {"evaluation": evaluation, "round": round_, "form": form, "superior": superior}
    status = 400 if request.method == "POST" else 200
    return render(request, "evaluations/org_correct.html", context, status=status)


@login_required
@require_GET
def org_history(request: HttpRequest, org_pk: int) -> HttpResponse:
    organization: Organization = get_or_404(request.user, Organization, pk=org_pk)
    rows = (
        scope(request.user, OrganizationEvaluation)
        .filter(organization=organization)
        .select_related("round", "decided_by")
        .order_by("-round__year", "-current", "-id")
    )
    found = list(rows)
    for row in found:
        row.rule_label = rule_label(row)  # type: ignore[attr-defined]
        row.score_text = _figure(row.score)  # type: ignore[attr-defined]
    return render(
        request, "evaluations/org_history.html", {"organization": organization, "rows": found}
    )
