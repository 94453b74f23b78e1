"""Pages of the indicator catalog (issue #9 §1): the catalog, an indicator's value for a unit
with its child units and its series over the periods, the drill-down that explains a value,
adding and editing an indicator, and "Tính lại" (recompute now).

The catalog is shared by every logged-in user; values, child units and drill-down lists are
read through dangbo.access, so a user sees the units and members of their scope only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.access.policy import Action
from dangbo.access.scoping import can, get_or_404, is_admin, root_units, scope, units_for
from dangbo.core.clock import today
from dangbo.indicators import services
from dangbo.indicators.catalog_forms import IndicatorForm
from dangbo.indicators.compute import definitions, recent_periods
from dangbo.indicators.definition import DefinitionError
from dangbo.indicators.models import Indicator, IndicatorKind, IndicatorValue
from dangbo.indicators.periods import Period, PeriodKind, parse_period, period_of, periods_between
from dangbo.indicators.queries import (
    child_values,
    drilldown,
    figures_text,
    series,
    value_of,
    value_text,
)
from dangbo.members.models import Member
from dangbo.orgs.models import Organization
from dangbo.orgs.views.common import actor, add_service_errors, trail

SERIES_LENGTH = 12


def how_computed(indicator: Indicator) -> str:
    """The definition in words (or why it does not parse), for the catalog."""
    if indicator.kind == IndicatorKind.REPORTED:
        return "Đơn vị báo cáo qua biểu mẫu; cấp trên cộng các báo cáo đã duyệt."
    try:
        numerator, denominator = definitions(indicator)
    except DefinitionError as error:
        return f"Định nghĩa lỗi: {error}"
    if denominator is None:
        return f"Đếm: {numerator.text()}."
    return f"Tử số: {numerator.text()}. Mẫu số: {denominator.text()}."


def _indicator(pk: int) -> Indicator:
    """An indicator of the catalog: the catalog is shared, not scoped (models.Indicator)."""
    indicator = Indicator.objects.filter(pk=pk).first()
    if indicator is None:
        raise Http404("Không có chỉ số này.")
    return indicator


def _may_create(user: Any) -> bool:
    return units_for(user, Action.EDIT).exists()


def _may_edit(user: Any, indicator: Indicator) -> bool:
    if indicator.organization is None:
        return is_admin(user)
    return can(user, Action.EDIT, indicator.organization)


@login_required
@require_GET
def catalog(request: HttpRequest) -> HttpResponse:
    indicators = list(Indicator.objects.all())
    groups = [
        (label, [(i, how_computed(i)) for i in indicators if i.kind == kind])
        for kind, label in IndicatorKind.choices
    ]
    kinds = dict(PeriodKind.choices)
    context = {
        "groups": groups,
        "kinds": kinds,
        "may_create": _may_create(request.user),
    }
    return render(request, "indicators/catalog.html", context)


def _unit(request: HttpRequest) -> Organization:
    """The unit asked for (?to_chuc=), else the user's first granted unit; 404 outside scope."""
    raw = request.GET.get("to_chuc", "")
    if raw:
        if not raw.isdigit():
            raise Http404("Đơn vị không hợp lệ.")
        unit: Organization = get_or_404(request.user, Organization, pk=int(raw))
        return unit
    roots = root_units(request.user)
    if not roots:
        raise Http404("Đồng chí chưa được phân quyền ở đơn vị nào.")
    return roots[0]


def _latest(indicator: Indicator, unit: Organization, kind: str) -> Period:
    """The latest period of `kind` up to today with a value for the unit (the current one
    when there is none yet): a rating of 2026 exists only once the 2026 round has results."""
    start = (
        IndicatorValue.objects.filter(
            indicator=indicator,
            organization=unit,
            period_kind=kind,
            period_start__lte=today(),
            value__isnull=False,
        )
        .order_by("-period_start")
        .values_list("period_start", flat=True)
        .first()
    )
    return period_of(kind, start or today())


def _period(request: HttpRequest, indicator: Indicator, unit: Organization) -> Period:
    """The period asked for (?ky=kind:yyyy-mm-dd), else the latest with a value, by year when
    the indicator has years; a bad key falls back to that with a message, not an error page."""
    kinds = [k for k in indicator.period_kinds if k in PeriodKind.values] or [PeriodKind.YEAR]
    raw = request.GET.get("ky", "")
    if raw:
        try:
            period = parse_period(raw)
        except ValueError as error:
            messages.warning(request, str(error))
        else:
            if period.kind in kinds:
                return period
            messages.warning(request, f"Chỉ số này không tính theo {period.label.lower()}.")
    return _latest(indicator, unit, PeriodKind.YEAR if PeriodKind.YEAR in kinds else kinds[0])


def _choices(indicator: Indicator, chosen: Period) -> list[tuple[str, str, bool]]:
    """(key, label, selected) of the periods a user may pick: this term, newest first."""
    start = period_of(PeriodKind.TERM, today()).start
    found = [
        p
        for kind in indicator.period_kinds
        if kind in PeriodKind.values
        for p in periods_between(kind, start, today())
    ]
    if chosen not in found:
        found.append(chosen)
    found.sort(key=lambda p: (p.kind, p.start), reverse=True)
    return [(p.key, p.label, p == chosen) for p in found]


def _chart(indicator: Indicator, unit: Organization, period: Period) -> dict[str, Any]:
    start = period.start
    for _ in range(SERIES_LENGTH - 1):
        start = period_of(period.kind, start).previous().start
    # Values are computed from the start of the term (compute.default_periods): no earlier.
    start = max(start, period_of(PeriodKind.TERM, period.start).start)
    points = series(indicator, unit, period.kind, start, period.end)
    return {
        "title": f"{indicator.name} ({indicator.unit})",
        "labels": [p.label for p, _ in points],
        "values": [None if v is None or v.value is None else float(v.value) for _, v in points],
        "rows": [(p, value_text(indicator, v)) for p, v in points],
    }


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator(pk)
    unit = _unit(request)
    period = _period(request, indicator, unit)
    value = value_of(indicator, unit, period)
    chart = _chart(indicator, unit, period)
    context = {
        "indicator": indicator,
        "how": how_computed(indicator),
        "unit": unit,
        "trail": trail(request.user, unit),
        "period": period,
        "periods": _choices(indicator, period),
        "value": value,
        "value_text": value_text(indicator, value),
        "figures": figures_text(indicator, value),
        "children": child_values(indicator, unit, period, scope(request.user, Organization)),
        "chart": {"title": chart["title"], "labels": chart["labels"], "values": chart["values"]},
        "series_rows": chart["rows"],
        "may_refresh": can(request.user, Action.EDIT, unit),
        "may_edit": _may_edit(request.user, indicator),
    }
    return render(request, "indicators/detail.html", context)


@login_required
@require_GET
def drill(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator(pk)
    unit = _unit(request)
    period = _period(request, indicator, unit)
    page = request.GET.get("trang", "1")
    found = drilldown(
        indicator,
        unit,
        period,
        organizations=scope(request.user, Organization),
        members=scope(request.user, Member),
        page=int(page) if page.isdigit() else 1,
    )
    context = {
        "indicator": indicator,
        "unit": unit,
        "trail": trail(request.user, unit),
        "period": period,
        "drill": found,
        "figures": figures_text(indicator, found.value),
    }
    return render(request, "indicators/drilldown.html", context)


@login_required
@require_POST
def refresh_now(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator(pk)
    unit = _unit(request)
    if not can(request.user, Action.EDIT, unit):
        raise PermissionDenied("Đồng chí không có quyền tính lại chỉ số ở đơn vị này.")
    periods = {_period(request, indicator, unit), *recent_periods(indicator)}
    run = services.refresh_indicators(
        actor=actor(request), indicators=[indicator], periods=sorted(periods)
    )
    messages.success(request, f"Đã tính lại {run.values} giá trị của chỉ số.")
    url = reverse("indicators:detail", args=[indicator.pk])
    return redirect(f"{url}?to_chuc={unit.pk}&ky={request.GET.get('ky', '')}")


def _creator_unit(user: Any) -> Organization:
    """The highest unit where the user may edit: the indicator belongs to it."""
    unit = units_for(user, Action.EDIT).order_by("depth", "path").first()
    if unit is None:
        raise PermissionDenied("Đồng chí không có quyền thêm chỉ số.")
    return unit


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    unit = _creator_unit(request.user)
    form = IndicatorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.create_indicator(
                actor=actor(request), organization=unit, **form.values()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã thêm chỉ số; giá trị được tính ở lần tính lại tới.")
            return redirect(reverse("indicators:detail", args=[indicator.pk]))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": "Thêm chỉ số", "unit": unit}
    return render(request, "indicators/indicator_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator(pk)
    if not _may_edit(request.user, indicator):
        raise PermissionDenied("Đồng chí không có quyền sửa chỉ số này.")
    form = IndicatorForm(request.POST if request.method == "POST" else None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_indicator(actor=actor(request), indicator=indicator, **form.values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã lưu chỉ số; giá trị được tính lại ở lần tính tới.")
            return redirect(reverse("indicators:detail", args=[indicator.pk]))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": f"Sửa chỉ số: {indicator.name}", "indicator": indicator}
    return render(request, "indicators/indicator_form.html", context, status=status)
