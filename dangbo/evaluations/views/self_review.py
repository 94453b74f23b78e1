"""A member's own review for a round (bản tự kiểm điểm, mẫu 2A/2B/2C): its parts, their points
per criteria group of the year's rules and the level they give themselves, handed in while the
round is at the self-review stage; and the review printed with the Party letterhead, for the
member and for those who read their cell's grid."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from dangbo.access.scoping import get_or_404
from dangbo.audit.services import record
from dangbo.core.formats import format_date, format_figure
from dangbo.core.text import fold
from dangbo.evaluations import review_text, services
from dangbo.evaluations.forms import MemberSelfReviewForm
from dangbo.evaluations.models import EvaluationRound, MemberEvaluation, RoundStage
from dangbo.evaluations.rules import RuleSet, for_year
from dangbo.evaluations.self_review_docx import PrintedReview, self_review_docx
from dangbo.evaluations.views.grid import self_points
from dangbo.members.exports.layout import letterhead_for
from dangbo.members.views.own import own_member
from dangbo.orgs.views.common import actor, add_service_errors

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _initial(saved: MemberEvaluation | None) -> dict[str, object]:
    if saved is None:
        return {}
    initial: dict[str, object] = {
        "form": saved.self_review_form,
        "self_rating": saved.self_rating,
        "self_score": "" if saved.self_score is None else format_figure(saved.self_score),
        **review_text.split_sections(saved.self_review),
    }
    for code, value in (saved.self_criteria or {}).items():
        initial[f"points_{code}"] = format_figure(Decimal(str(value)))
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def self_review(request: HttpRequest, pk: int) -> HttpResponse:
    round_: EvaluationRound = get_or_404(request.user, EvaluationRound, pk=pk)
    user = actor(request)
    member = own_member(user)
    if member is None:
        raise Http404("Tài khoản chưa gắn với hồ sơ đảng viên.")
    saved = MemberEvaluation.objects.filter(round=round_, member=member, current=True).first()
    rules = for_year(round_.year)
    form = MemberSelfReviewForm(
        request.POST if request.method == "POST" else None, initial=_initial(saved), rules=rules
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_self_review(
                actor=user,
                round_=round_,
                member=member,
                sections=form.sections,
                form=form.cleaned_data["form"],
                criteria=form.criteria,
                self_score=form.cleaned_data.get("self_score"),
                self_rating=form.cleaned_data["self_rating"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã nộp bản tự kiểm điểm.")
            return redirect(reverse("evaluations:self-review", args=[round_.pk]))
    context = {
        "round": round_,
        "member": member,
        "form": form,
        "saved": saved,
        "rules": rules,
        "points": self_points(rules, saved),
        "total": _total(rules, saved),
        "sections": _sections(saved),
        "is_open": round_.stage == RoundStage.SELF_REVIEW,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "evaluations/self_review.html", context, status=status)


def _total(rules: RuleSet, saved: MemberEvaluation | None) -> str:
    """ "86,5/100", "" when the member gave no score."""
    if saved is None or saved.self_score is None:
        return ""
    top = f"/{format_figure(rules.scale_max)}" if rules.scored else ""
    return f"{format_figure(saved.self_score)}{top}"


def _sections(saved: MemberEvaluation | None) -> list[tuple[str, str]]:
    if saved is None or not saved.self_review:
        return []
    parts = review_text.split_sections(saved.self_review)
    return [(s.heading, parts[s.code]) for s in review_text.SECTIONS]


@login_required
@require_GET
def self_review_print(request: HttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    """The bản tự kiểm điểm as a page to print (or, `fmt` "docx", a Word file to edit and
    sign): the cell's letterhead, the member, each part under its heading, the points and the
    level they gave themselves, and their signature."""
    evaluation: MemberEvaluation = get_or_404(request.user, MemberEvaluation, pk=pk)
    if evaluation.self_reviewed_at is None:
        raise Http404("Đảng viên chưa nộp bản tự kiểm điểm.")
    round_ = evaluation.round
    member = evaluation.member
    rules = for_year(round_.year)
    day = timezone.localtime(evaluation.self_reviewed_at).date()
    form_code = f"Mẫu {evaluation.self_review_form.upper()}" if evaluation.self_review_form else ""
    letterhead = letterhead_for(
        evaluation.organization, day=day, as_issuer=False, form_code=form_code
    )
    points = self_points(rules, evaluation)
    total = _total(rules, evaluation)
    if fmt == "docx":
        birth = (
            str(member.birth_date.year)
            if member.birth_year_only
            else format_date(member.birth_date)
        )
        review = PrintedReview(
            letterhead=letterhead,
            year=round_.year,
            form_label=evaluation.get_self_review_form_display() if form_code else "",
            member_name=member.full_name,
            birth=birth,
            cell_name=evaluation.organization.name,
            sections=_sections(evaluation),
            rating_heading=review_text.RATING_HEADING,
            points=[(p["label"], p["points"]) for p in points],
            total=total,
            self_rating=evaluation.get_self_rating_display() if evaluation.self_rating else "",
        )
        record(
            actor=actor(request),
            action="evaluation.self_review_print",
            target=evaluation,
            organization=evaluation.organization,
            after={"year": round_.year, "member": member.full_name, "format": "docx"},
        )
        response = HttpResponse(self_review_docx(review), content_type=DOCX)
        name = f"ban-tu-kiem-diem-{round_.year}-{slugify(fold(member.full_name))}.docx"
        response["Content-Disposition"] = content_disposition_header(True, name) or ""
        response["Cache-Control"] = "private, no-store"
        return response
    context = {
        "evaluation": evaluation,
        "round": round_,
        "member": member,
        "letterhead": letterhead,
        "sections": _sections(evaluation),
        "rating_heading": review_text.RATING_HEADING,
        "points": points,
        "total": total,
    }
    return render(request, "evaluations/self_review_print.html", context)
