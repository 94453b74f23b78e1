"""Reporting forms from the pages: the list (forms my units issued, forms my units fill in),
issuing and changing a form, the completeness heat table of a form, and the reminders.
The fill-in page and the review of reports live in views/reporting_reports.py."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from dangbo.access.policy import Action
from dangbo.access.scoping import can, get_or_404, scope, units_for
from dangbo.core.clock import today
from dangbo.indicators import reporting
from dangbo.indicators.models import FormReminder, ReportingForm, Submission, SubmissionState
from dangbo.indicators.periods import Period, period_of, periods_between
from dangbo.indicators.reporting_queries import completeness, due_on
from dangbo.indicators.reporting_reminders import latest_due_period
from dangbo.indicators.views.reporting_forms import FormDefinitionForm
from dangbo.orgs.models import Organization
from dangbo.orgs.views.common import actor, add_service_errors

MY_UNITS_LIMIT = 200
PER_PAGE = 50


def fill_url(form: ReportingForm, org_pk: int, period: Period) -> str:
    return reverse("reporting:submission-fill", args=[form.pk, org_pk, period.key])


def _period_to_fill(form: ReportingForm, day: date) -> Period:
    """The period a unit should be working on: the latest whose reminders have started, or the
    one that ended last."""
    return latest_due_period(form, day) or period_of(form.period_kind, day).previous()


@login_required
@require_GET
def form_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    issued = list(
        scope(user, ReportingForm, Action.EDIT)
        .select_related("issuer")
        .annotate(
            waiting=Count("submissions", filter=Q(submissions__state=SubmissionState.SUBMITTED))
        )
        .order_by("issuer__path", "code")
    )
    issued_ids = {f.pk for f in issued}
    visible = [
        f
        for f in scope(user, ReportingForm).filter(active=True).select_related("issuer")
        if f.pk not in issued_ids
    ]
    my_units = list(
        units_for(user, Action.EDIT)
        .filter(active_to__isnull=True, kind__in=reporting.REPORTING_KINDS)
        .order_by("depth", "path")[:MY_UNITS_LIMIT]
    )
    day = today()
    pairs = [
        (form, unit, _period_to_fill(form, day))
        for form in visible + issued
        for unit in my_units
        if reporting.reports_to(form, unit)
    ]
    states = {
        (s.form_id, s.organization_id, s.period_start): s
        for s in Submission.objects.filter(
            form__in=[f for f, _, _ in pairs],
            organization__in=[u for _, u, _ in pairs],
            period_start__in={p.start for _, _, p in pairs},
        )
    }
    to_fill = [
        {
            "form": form,
            "unit": unit,
            "period": period,
            "due_on": due_on(form, period),
            "submission": states.get((form.pk, unit.pk, period.start)),
            "url": fill_url(form, unit.pk, period),
        }
        for form, unit, period in pairs
    ]
    may_issue = units_for(user, Action.EDIT).exclude(kind__in=["cell", "group"]).exists()
    context = {"issued": issued, "to_fill": to_fill, "may_issue": may_issue, "today": day}
    return render(request, "indicators/reporting/form_list.html", context)


def _form_page(
    request: HttpRequest, form: FormDefinitionForm, title: str, instance: ReportingForm | None
) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": title, "instance": instance}
    return render(request, "indicators/reporting/form_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def form_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = FormDefinitionForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issuer = get_or_404(user, Organization, Action.EDIT, pk=data["issuer"])
            created = reporting.create_form(
                actor=user,
                issuer=issuer,
                code=data["code"],
                name=data["name"],
                period_kind=data["period_kind"],
                org_kinds=data["org_kinds"],
                indicators=list(data["indicators"]),
                due_days=data["due_days"],
                remind_days=data["remind_days"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Đã ban hành biểu mẫu «{created.name}».")
            return redirect(reverse("reporting:form-detail", args=[created.pk]))
    return _form_page(request, form, "Ban hành biểu mẫu báo cáo", None)


@login_required
@require_http_methods(["GET", "POST"])
def form_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    instance: ReportingForm = get_or_404(user, ReportingForm, Action.EDIT, pk=pk)
    form = FormDefinitionForm(
        request.POST if request.method == "POST" else None, user=user, instance=instance
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reporting.update_form(
                actor=user,
                form=instance,
                name=data["name"],
                period_kind=data["period_kind"],
                org_kinds=data["org_kinds"],
                indicators=list(data["indicators"]),
                due_days=data["due_days"],
                remind_days=data["remind_days"],
                active=data["active"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã lưu biểu mẫu.")
            return redirect(reverse("reporting:form-detail", args=[instance.pk]))
    return _form_page(request, form, "Sửa biểu mẫu báo cáo", instance)


def _heat_unit(request: HttpRequest, form: ReportingForm) -> Organization:
    """The unit picked in ?unit= (404 outside the user's scope); else the issuer when the user
    sees it, else the top of the user's scope."""
    raw = request.GET.get("unit", "").strip()
    if raw:
        if not raw.isdigit() or len(raw) > 12:
            raise Http404("Không tìm thấy hoặc bạn không có quyền xem.")
        unit: Organization = get_or_404(request.user, Organization, pk=int(raw))
        return unit
    if can(request.user, Action.VIEW, form.issuer):
        return form.issuer
    top = units_for(request.user).order_by("depth", "path").first()
    if top is None:
        raise Http404("Đồng chí chưa được giao phạm vi đơn vị nào.")
    return top


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("nam", "").strip()
    if raw.isdigit() and 2000 <= int(raw) <= today().year:
        return int(raw)
    return today().year


@login_required
@require_GET
def form_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The form and its completeness heat table: units × periods of a year."""
    user = request.user
    form: ReportingForm = get_or_404(user, ReportingForm, pk=pk)
    unit, year = _heat_unit(request, form), _year(request)
    day = today()
    periods = [
        p
        for p in periods_between(form.period_kind, date(year, 1, 1), date(year, 12, 31))
        if p.start <= day
    ]
    heat = completeness(form, unit, periods, scope(user, Organization))
    rows = []
    for row in heat.rows:
        editable = not heat.rolled_up and can(user, Action.EDIT, row.organization)
        links = []
        for period, cell in zip(heat.columns, row.cells, strict=True):
            if heat.rolled_up:
                links.append("")
            elif cell.submission_id is not None:
                links.append(reverse("reporting:submission-detail", args=[cell.submission_id]))
            elif editable:
                links.append(fill_url(form, row.organization.pk, period))
            else:
                links.append("")
        rows.append({"row": row, "cells": list(zip(row.cells, links, strict=True))})
    parent = Organization.objects.get_parent(unit) if unit.pk != form.issuer_id else None
    if parent is not None and not can(user, Action.VIEW, parent):
        parent = None
    context = {
        "reporting_form": form,
        "indicators": list(form.indicators.all()),
        "heat": heat,
        "rows": rows,
        "columns": list(zip(heat.columns, heat.due_dates, heat.totals, strict=True)),
        "unit": unit,
        "year": year,
        "years": list(range(day.year, day.year - 5, -1)),
        "may_edit": can(user, Action.EDIT, form.issuer),
        "parent": parent,
    }
    return render(request, "indicators/reporting/form_detail.html", context)


@login_required
@require_GET
def reminder_list(request: HttpRequest) -> HttpResponse:
    rows = (
        scope(request.user, FormReminder)
        .select_related("form", "organization")
        .order_by("-raised_on", "form__code", "organization__path")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    items = []
    for r in page:
        period = period_of(r.form.period_kind, r.period_start)
        items.append(
            {
                "reminder": r,
                "period": period,
                "may_fill": can(request.user, Action.EDIT, r.organization),
                "url": fill_url(r.form, r.organization_id, period),
            }
        )
    return render(
        request, "indicators/reporting/reminder_list.html", {"page": page, "items": items}
    )
