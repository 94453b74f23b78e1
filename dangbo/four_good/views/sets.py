"""Criteria sets from the pages: the list (the sets issued in the user's part of the tree and
above it), issuing a set, editing it, its criteria grouped by the four contents, and a new
version of a set already used."""

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
from dangbo.four_good import services
from dangbo.four_good.forms import CriterionForm, SetForm
from dangbo.four_good.models import THRESHOLDS, FourGoodCriteriaSet, FourGoodCriterion, Group
from dangbo.four_good.queries import criteria_of, is_used, sets_with_counts
from dangbo.four_good.services import ISSUER_KINDS
from dangbo.orgs.views.common import actor, add_service_errors

PER_PAGE = 25


@login_required
@require_GET
def set_list(request: HttpRequest) -> HttpResponse:
    rows = sets_with_counts(scope(request.user, FourGoodCriteriaSet)).order_by(
        "-valid_from", "organization__path", "-id"
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    may_issue = units_for(request.user, Action.EDIT).filter(kind__in=ISSUER_KINDS).exists()
    return render(request, "four_good/set_list.html", {"page": page, "may_issue": may_issue})


@login_required
@require_http_methods(["GET", "POST"])
def set_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = SetForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            criteria_set = services.create_set(
                actor=user, organization=form.cleaned_data["organization"], data=form.set_input()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, "Đã ban hành bộ tiêu chí; thêm các tiêu chí theo bốn nội dung."
            )
            return redirect(reverse("four_good:set-detail", args=[criteria_set.pk]))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": "Ban hành bộ tiêu chí chi bộ bốn tốt", "button": "Ban hành"}
    return render(request, "four_good/set_form.html", context, status=status)


def _groups(
    criteria: list[FourGoodCriterion], criteria_set: FourGoodCriteriaSet
) -> list[dict[str, object]]:
    return [
        {
            "group": group,
            "criteria": [c for c in criteria if c.group == group.value],
            "minimum": criteria_set.minimum_for(group.value),
        }
        for group in Group
    ]


@login_required
@require_GET
def set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set: FourGoodCriteriaSet = get_or_404(request.user, FourGoodCriteriaSet, pk=pk)
    return _detail(request, criteria_set)


def _detail(
    request: HttpRequest, criteria_set: FourGoodCriteriaSet, form: CriterionForm | None = None
) -> HttpResponse:
    criteria = criteria_of(criteria_set)
    used = is_used(criteria_set)
    context = {
        "set": criteria_set,
        "groups": _groups(criteria, criteria_set),
        "used": used,
        "may_edit": can(request.user, Action.EDIT, criteria_set.organization),
        "form": form or CriterionForm(),
        "thresholds": [(m, unit, low, high) for m, (unit, low, high) in THRESHOLDS.items()],
        "versions": list(criteria_set.versions.order_by("-valid_from", "-id")),
    }
    return render(request, "four_good/set_detail.html", context, status=400 if form else 200)


@login_required
@require_http_methods(["GET", "POST"])
def set_edit(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set: FourGoodCriteriaSet = get_or_404(
        request.user, FourGoodCriteriaSet, Action.EDIT, pk=pk
    )
    user = actor(request)
    form = SetForm(
        request.POST if request.method == "POST" else None, user=user, instance=criteria_set
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_set(actor=user, criteria_set=criteria_set, data=form.set_input())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã lưu bộ tiêu chí.")
            return redirect(reverse("four_good:set-detail", args=[criteria_set.pk]))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "set": criteria_set, "title": "Sửa bộ tiêu chí", "button": "Lưu"}
    return render(request, "four_good/set_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def set_version(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set: FourGoodCriteriaSet = get_or_404(
        request.user, FourGoodCriteriaSet, Action.EDIT, pk=pk
    )
    user = actor(request)
    form = SetForm(
        request.POST if request.method == "POST" else None, user=user, instance=criteria_set
    )
    if request.method == "GET":
        form.fields["name"].initial = f"{criteria_set.name} (sửa đổi)"
        form.fields["source"].initial = ""
        form.fields["valid_from"].initial = criteria_set.valid_from + 1
        form.fields["valid_to"].initial = None
    if request.method == "POST" and form.is_valid():
        try:
            new = services.new_version(actor=user, criteria_set=criteria_set, data=form.set_input())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã lập phiên bản mới: sửa các tiêu chí trên bản này.")
            return redirect(reverse("four_good:set-detail", args=[new.pk]))
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "set": criteria_set,
        "title": "Lập phiên bản mới của bộ tiêu chí",
        "button": "Lập phiên bản mới",
        "version": True,
    }
    return render(request, "four_good/set_form.html", context, status=status)


@login_required
@require_POST
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set: FourGoodCriteriaSet = get_or_404(
        request.user, FourGoodCriteriaSet, Action.EDIT, pk=pk
    )
    form = CriterionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_criterion(
                actor=actor(request),
                criteria_set=criteria_set,
                group=data["group"],
                label=data["label"],
                measure_kind=data["measure"],
                threshold=data["threshold"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã thêm tiêu chí.")
            return redirect(reverse("four_good:set-detail", args=[criteria_set.pk]))
    return _detail(request, criteria_set, form)


@login_required
@require_POST
def criterion_remove(request: HttpRequest, pk: int) -> HttpResponse:
    criterion: FourGoodCriterion = get_or_404(request.user, FourGoodCriterion, Action.EDIT, pk=pk)
    set_pk = criterion.criteria_set_id
    try:
        services.remove_criterion(actor=actor(request), criterion=criterion)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã bỏ tiêu chí.")
    return redirect(reverse("four_good:set-detail", args=[set_pk]))
