"""A member's own review for a round: the text, the score and the level they give themselves,
handed in while the round is at the self-review stage."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from dangbo.access.scoping import get_or_404, scope
from dangbo.evaluations import services
from dangbo.evaluations.models import EvaluationRound, MemberEvaluation, Rating, RoundStage
from dangbo.members.models import Member
from dangbo.orgs.forms.base import BootstrapForm
from dangbo.orgs.views.common import actor, add_service_errors


class SelfReviewForm(BootstrapForm):
    text = forms.CharField(
        label="Bản tự kiểm điểm",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20_000,
        help_text="Ưu điểm; hạn chế, khuyết điểm và nguyên nhân; kết quả khắc phục những hạn "
        "chế đã chỉ ra; phương hướng, biện pháp khắc phục.",
        error_messages={"required": "Viết bản tự kiểm điểm."},
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
        label="Tự nhận mức xếp loại",
        required=False,
        choices=[("", "— Chọn —"), *Rating.choices],
    )


@login_required
@require_http_methods(["GET", "POST"])
def self_review(request: HttpRequest, pk: int) -> HttpResponse:
    round_: EvaluationRound = get_or_404(request.user, EvaluationRound, pk=pk)
    user = actor(request)
    member = scope(user, Member).filter(user=user).first()
    if member is None:
        raise Http404("Tài khoản chưa gắn với hồ sơ đảng viên.")
    saved = MemberEvaluation.objects.filter(round=round_, member=member, current=True).first()
    initial = (
        {
            "text": saved.self_review,
            "self_score": saved.self_score,
            "self_rating": saved.self_rating,
        }
        if saved
        else {}
    )
    form = SelfReviewForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_self_review(
                actor=user,
                round_=round_,
                member=member,
                text=form.cleaned_data["text"],
                self_score=form.cleaned_data["self_score"],
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
        "is_open": round_.stage == RoundStage.SELF_REVIEW,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "evaluations/self_review.html", context, status=status)
