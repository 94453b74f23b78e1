"""A target: its reported values, the formula of its progress, the report and edit forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.access.scoping import get_or_404
from dangbo.core.clock import today
from dangbo.orgs.views.common import actor, add_service_errors
from dangbo.targets import admission, evaluation, progress, queries, services
from dangbo.targets.forms import (
    CascadeForm,
    IndicatorLinkForm,
    TargetForm,
    TargetProgressForm,
    cascade_units,
)
from dangbo.targets.models import Target, TargetProgress
from dangbo.targets.views.common import can_edit, can_report, serve_file, target_for
from dangbo.targets.views.measured import measured_context


def _context(
    request: HttpRequest, target: Target, form: TargetProgressForm | None, **forms: Any
) -> dict:
    siblings = list(Target.objects.filter(document=target.document).select_related("responsible"))
    results = queries.target_results(siblings)
    reporter = can_report(request.user, target.document, target.responsible)
    return {
        "target": target,
        "document": target.document,
        "result": results[target.pk],
        "children": [(t, results[t.pk]) for t in siblings if t.parent_id == target.pk],
        "history": queries.progress_history(target),
        "form": form or (TargetProgressForm(target=target) if reporter else None),
        "can_report": reporter,
        "can_edit": can_edit(request.user, target.document),
        "parent_rule": progress.PARENT_RULE,
        "at_risk_from": progress.AT_RISK_FROM,
        # A target linked to an indicator is measured by it (measured_context); reading its
        # wording as well would show the same figure twice, possibly disagreeing.
        "admission": None if target.indicator_id else admission.measure(target, today()),
        "evaluation": None if target.indicator_id else evaluation.measure(target, today()),
        **measured_context(request, target, **forms),
    }


@login_required
@require_GET
def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = target_for(request, pk)
    return render(request, "targets/target_detail.html", _context(request, target, None))


@login_required
@require_POST
def target_report(request: HttpRequest, pk: int) -> HttpResponse:
    target = target_for(request, pk)
    if not can_report(request.user, target.document, target.responsible):
        raise PermissionDenied("Bạn không có quyền báo cáo kết quả chỉ tiêu này.")
    form = TargetProgressForm(request.POST, request.FILES, target=target)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.report_target_progress(
                actor=actor(request),
                target=target,
                period_label=data["period_label"],
                as_of=data["as_of"],
                value=data["value"],
                unit=data["unit"],
                comment=data["comment"],
                evidence=data.get("evidence") or None,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã ghi kết quả thực hiện chỉ tiêu.")
            return redirect(reverse("targets:target-detail", args=[target.pk]))
    context = _context(request, target, form)
    return render(request, "targets/target_detail.html", context, status=400)


def _editable(request: HttpRequest, pk: int) -> Target:
    target = target_for(request, pk)
    if not can_edit(request.user, target.document):
        raise PermissionDenied("Bạn không có quyền sửa chỉ tiêu của văn bản này.")
    return target


@login_required
@require_POST
def target_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the indicator that measures the target, or unlink it (empty choice)."""
    target = _editable(request, pk)
    form = IndicatorLinkForm(request.POST)
    if form.is_valid():
        indicator = form.cleaned_data["indicator"]
        try:
            services.link_indicator(actor=actor(request), target=target, indicator=indicator)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            done = "Đã gắn chỉ số đo cho chỉ tiêu." if indicator else "Đã bỏ chỉ số đo."
            messages.success(request, done)
            return redirect(reverse("targets:target-detail", args=[target.pk]))
    context = _context(request, target, None, link_form=form)
    return render(request, "targets/target_detail.html", context, status=400)


@login_required
@require_POST
def target_cascade(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the units below their shares of the target (services.cascade_target)."""
    target = _editable(request, pk)
    form = CascadeForm(request.POST, units=cascade_units(request.user, target))
    if form.is_valid():
        try:
            made = services.cascade_target(
                actor=actor(request),
                target=target,
                shares=form.shares(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Đã giao chỉ tiêu cho {len(made)} đơn vị.")
            return redirect(reverse("targets:target-detail", args=[target.pk]) + "#cascaded")
    context = _context(request, target, None, cascade_form=form)
    return render(request, "targets/target_detail.html", context, status=400)


def _initial(target: Target) -> dict[str, Any]:
    def text(value: Any) -> str:
        return "" if value is None else f"{value.normalize():f}".replace(".", ",")

    return {
        "label": target.label,
        "subject": target.subject,
        "metric": target.metric,
        "comparator": target.comparator,
        "value": text(target.value),
        "value_max": text(target.value_max),
        "unit": target.unit,
        "period": target.period,
        "baseline": text(target.baseline),
        "baseline_on": target.baseline_on,
        "deadline": target.deadline,
        "responsible": target.responsible_id,
        "weight": text(target.weight),
        "parent": target.parent_id,
        "status": target.status,
    }


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = target_for(request, pk)
    if not can_edit(request.user, target.document):
        raise PermissionDenied("Bạn không có quyền sửa chỉ tiêu của văn bản này.")
    if request.method == "POST":
        form = TargetForm(request.POST, user=request.user, target=target)
        if form.is_valid():
            data = dict(form.cleaned_data)
            status = data.pop("status")
            try:
                services.update_target(actor=request.user, target=target, **data)  # type: ignore[arg-type]
                if status != target.status:
                    services.set_target_status(actor=request.user, target=target, status=status)  # type: ignore[arg-type]
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Đã lưu chỉ tiêu.")
                return redirect(reverse("targets:target-detail", args=[target.pk]))
        status_code = 400
    else:
        form = TargetForm(initial=_initial(target), user=request.user, target=target)
        status_code = 200
    context = {"form": form, "target": target, "document": target.document}
    return render(request, "targets/target_edit.html", context, status=status_code)


@login_required
@require_GET
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    row: TargetProgress = get_or_404(request.user, TargetProgress, pk=pk)
    row = TargetProgress.objects.select_related("target__document__issuer").get(pk=row.pk)
    return serve_file(
        request,
        row.evidence,
        row.evidence_name or "minh-chung",
        row,
        row.target.document.issuer,
    )
