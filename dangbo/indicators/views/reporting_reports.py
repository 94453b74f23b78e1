"""A unit's report from the pages: the fill-in page of a form for one unit and period (save as
a draft, or save and send), the report's page with its figures, and the review queue of the
level above with its approve / return buttons."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.access.policy import Action
from dangbo.access.scoping import get_or_404, scope
from dangbo.core.formats import format_figure
from dangbo.indicators import reporting
from dangbo.indicators.models import (
    Indicator,
    ReportingForm,
    Submission,
    SubmissionState,
    SubmissionValue,
)
from dangbo.indicators.periods import Period, parse_period
from dangbo.indicators.reporting_queries import due_on
from dangbo.indicators.reporting_values import ValueInput, field_names, value_of
from dangbo.orgs.models import Organization
from dangbo.orgs.views.common import actor

PER_PAGE = 50


def _detail_url(submission: Submission) -> str:
    return reverse("reporting:submission-detail", args=[submission.pk])


def _rows(
    indicators: list[Indicator],
    saved: dict[int, SubmissionValue],
    posted: dict[str, str] | None,
    errors: dict[str, list[str]],
) -> list[dict[str, Any]]:
    """One row per indicator: its inputs' names, what they hold and their errors."""
    rows = []
    for indicator in indicators:
        num_name, den_name, note_name = field_names(indicator)
        value = saved.get(indicator.pk)
        if posted is not None:
            shown = [posted.get(n, "") for n in (num_name, den_name, note_name)]
        elif value is not None:
            den = "" if value.denominator is None else format_figure(value.denominator, 4)
            shown = [format_figure(value.numerator, 4), den, value.note]
        else:
            shown = ["", "", ""]
        figure = (
            value_of(indicator, value.numerator, value.denominator) if value is not None else None
        )
        rows.append(
            {
                "indicator": indicator,
                "names": (num_name, den_name, note_name),
                "values": shown,
                "errors": [errors.get(n, []) for n in (num_name, den_name, note_name)],
                "value_text": "—"
                if figure is None
                else f"{format_figure(figure)} {indicator.unit}",
            }
        )
    return rows


def _saved(submission: Submission | None) -> dict[int, SubmissionValue]:
    if submission is None:
        return {}
    return {v.indicator_id: v for v in submission.values.all()}


def _fill_target(
    request: HttpRequest, pk: int, org_pk: int, period_key: str
) -> tuple[ReportingForm, Organization, Period]:
    form: ReportingForm = get_or_404(request.user, ReportingForm, pk=pk)
    org: Organization = get_or_404(request.user, Organization, Action.EDIT, pk=org_pk)
    try:
        period = parse_period(period_key)
    except ValueError:
        raise Http404("Kỳ báo cáo không hợp lệ.") from None
    if period.kind != form.period_kind or not reporting.reports_to(form, org):
        raise Http404("Đơn vị không báo cáo biểu mẫu này theo kỳ đó.")
    return form, org, period


@login_required
@require_http_methods(["GET", "POST"])
def submission_fill(request: HttpRequest, pk: int, org_pk: int, period: str) -> HttpResponse:
    form, org, chosen = _fill_target(request, pk, org_pk, period)
    user = actor(request)
    submission = Submission.objects.filter(
        form=form, organization=org, period_start=chosen.start
    ).first()
    indicators = list(form.indicators.all())
    errors: dict[str, list[str]] = {}
    posted: dict[str, str] | None = None
    if request.method == "POST":
        posted = {k: str(v) for k, v in request.POST.items()}
        values = {
            i: ValueInput(*(posted.get(name, "") for name in field_names(i))) for i in indicators
        }
        send = request.POST.get("action") == "submit"
        try:
            with transaction.atomic():
                saved = reporting.save_submission(
                    actor=user, form=form, organization=org, period=chosen, values=values
                )
                if send:
                    reporting.submit_submission(actor=user, submission=saved)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        else:
            messages.success(
                request,
                f"Đã gửi báo cáo {chosen.label} của {org.name} lên cấp trên."
                if send
                else f"Đã lưu nháp báo cáo {chosen.label} của {org.name}.",
            )
            return redirect(_detail_url(saved))
    editable = submission is None or submission.state in reporting.EDITABLE
    known = {n for i in indicators for n in field_names(i)}
    context = {
        "reporting_form": form,
        "org": org,
        "period": chosen,
        "due_on": due_on(form, chosen),
        "submission": submission,
        "editable": editable,
        "rows": _rows(indicators, _saved(submission), posted, errors),
        "other_errors": [m for k, ms in errors.items() if k not in known for m in ms],
    }
    status = 400 if errors else 200
    return render(request, "indicators/reporting/submission_fill.html", context, status=status)


@login_required
@require_GET
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    submission: Submission = get_or_404(user, Submission, pk=pk)
    form = submission.form
    period = reporting.period_of_submission(submission)
    context = {
        "submission": submission,
        "reporting_form": form,
        "period": period,
        "rows": _rows(list(form.indicators.all()), _saved(submission), None, {}),
        "may_report": reporting.may_report(user, submission.organization),
        "may_review": reporting.may_review(user, form),
        "editable": submission.state in reporting.EDITABLE,
        "fill_url": reverse(
            "reporting:submission-fill", args=[form.pk, submission.organization_id, period.key]
        ),
    }
    return render(request, "indicators/reporting/submission_detail.html", context)


def _act(request: HttpRequest, pk: int, review: bool) -> tuple[Submission, Any]:
    submission: Submission = get_or_404(request.user, Submission, pk=pk)
    allowed = (
        reporting.may_review(request.user, submission.form)
        if review
        else reporting.may_report(request.user, submission.organization)
    )
    if not allowed:
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
    return submission, actor(request)


def _after(request: HttpRequest, submission: Submission, done: str) -> HttpResponse:
    messages.success(request, done)
    queue = reverse("reporting:review-queue")
    return redirect(queue if request.POST.get("next") == queue else _detail_url(submission))


def _refused(request: HttpRequest, submission: Submission, exc: ValidationError) -> HttpResponse:
    for message in exc.messages:
        messages.error(request, message)
    return redirect(_detail_url(submission))


@login_required
@require_POST
def submission_submit(request: HttpRequest, pk: int) -> HttpResponse:
    submission, user = _act(request, pk, review=False)
    try:
        reporting.submit_submission(actor=user, submission=submission)
    except ValidationError as exc:
        return _refused(request, submission, exc)
    return _after(request, submission, "Đã gửi báo cáo lên cấp trên.")


@login_required
@require_POST
def submission_approve(request: HttpRequest, pk: int) -> HttpResponse:
    submission, user = _act(request, pk, review=True)
    try:
        reporting.approve_submission(
            actor=user, submission=submission, comment=request.POST.get("comment", "")[:5000]
        )
    except ValidationError as exc:
        return _refused(request, submission, exc)
    return _after(
        request, submission, f"Đã duyệt và khóa báo cáo của {submission.organization.name}."
    )


@login_required
@require_POST
def submission_return(request: HttpRequest, pk: int) -> HttpResponse:
    submission, user = _act(request, pk, review=True)
    try:
        reporting.return_submission(
            actor=user, submission=submission, comment=request.POST.get("comment", "")[:5001]
        )
    except ValidationError as exc:
        return _refused(request, submission, exc)
    return _after(request, submission, f"Đã trả lại báo cáo cho {submission.organization.name}.")


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    """Reports sent to the forms the user's units issued, oldest first."""
    rows = (
        scope(request.user, Submission)
        .filter(
            state=SubmissionState.SUBMITTED,
            form__in=scope(request.user, ReportingForm, Action.EDIT),
        )
        .select_related("form", "organization", "submitted_by")
        .order_by("submitted_at", "pk")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    items = [
        {"submission": s, "period": reporting.period_of_submission(s)} for s in page.object_list
    ]
    return render(
        request,
        "indicators/reporting/review_queue.html",
        {"page": page, "items": items, "queue_url": reverse("reporting:review-queue")},
    )
