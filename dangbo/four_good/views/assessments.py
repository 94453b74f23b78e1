"""Assessments from the pages: for a committee and a year, the table of its cells (each
content passed or not, eligible, recognized); one cell's page to review the automatic values,
tick the manual criteria with evidence and save; the recognition by the direct superior; and
the printable list of the recognized cells."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.access.policy import Action
from dangbo.access.scoping import can, get_or_404, scope, units_for
from dangbo.core.clock import today
from dangbo.core.formats import format_date
from dangbo.four_good import services
from dangbo.four_good.forms import RecognitionForm, answers_from_post
from dangbo.four_good.models import FourGoodAssessment, Group, Measure
from dangbo.four_good.queries import assessed_units, criteria_of, current_assessments
from dangbo.four_good.services import ManualAnswer
from dangbo.orgs.models import Organization
from dangbo.orgs.views.common import actor, add_service_errors

UNITS_LIMIT = 500


def _year(request: HttpRequest) -> int:
    raw = (request.POST.get("year") or request.GET.get("year") or "").strip()
    if raw.isdigit() and 2000 <= int(raw) <= today().year:
        return int(raw)
    return today().year


def _unit(request: HttpRequest) -> Organization:
    """The unit picked in ?unit= (404 outside the user's scope), else the top of their scope."""
    raw = request.GET.get("unit", "").strip()
    if raw:
        if not raw.isdigit() or len(raw) > 12:
            raise Http404("Không tìm thấy hoặc bạn không có quyền xem.")
        unit: Organization = get_or_404(request.user, Organization, pk=int(raw))
        return unit
    top = units_for(request.user).order_by("depth", "path").first()
    if top is None:
        raise Http404("Đồng chí chưa được giao phạm vi đơn vị nào.")
    return top


def _years() -> list[int]:
    return list(range(today().year, today().year - 6, -1))


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    unit, year = _unit(request), _year(request)
    units = list(assessed_units(units_for(request.user), unit)[:UNITS_LIMIT])
    found = current_assessments(
        scope(request.user, FourGoodAssessment).select_related("recognized_by"),
        year,
        [u.pk for u in units],
    )
    rows = [(u, found.get(u.pk)) for u in units]
    context = {
        "unit": unit,
        "year": year,
        "years": _years(),
        "rows": rows,
        "groups": list(Group),
        "assessed": sum(1 for _, a in rows if a is not None),
        "eligible": sum(1 for _, a in rows if a is not None and a.eligible),
        "recognized": sum(1 for _, a in rows if a is not None and a.recognized),
        "pickable": _pickable(request, unit),
        "truncated": len(units) == UNITS_LIMIT,
    }
    return render(request, "four_good/board.html", context)


def _pickable(request: HttpRequest, unit: Organization) -> list[Organization]:
    """The units whose cells the table can show: committees in scope, and the one shown."""
    units = list(units_for(request.user).exclude(kind__in=["cell", "group"]).order_by("path")[:300])
    return units if unit in units else [unit, *units]


def _parent(org: Organization) -> Organization | None:
    if not org.parent_path:
        return None
    return Organization.objects.filter(path=org.parent_path).first()


@login_required
@require_http_methods(["GET", "POST"])
def assessment_detail(request: HttpRequest, org_pk: int) -> HttpResponse:
    org: Organization = get_or_404(request.user, Organization, pk=org_pk)
    year = _year(request)
    may_assess = can(request.user, Action.EDIT, org)
    if request.method == "POST" and not may_assess:
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
    current = (
        scope(request.user, FourGoodAssessment)
        .filter(organization=org, year=year, current=True)
        .select_related("criteria_set", "assessed_by", "recognized_by")
        .first()
    )
    errors: dict[str, list[str]] = {}
    posted: dict[int, ManualAnswer] | None = None
    if request.method == "POST":
        try:
            criteria_set = services.preview(org, year)[0]
            posted = answers_from_post(request.POST, criteria_of(criteria_set))
            services.assess(
                actor=actor(request), organization=org, year=year, manual_answers=posted
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        else:
            messages.success(request, f"Đã lưu kết quả đánh giá bốn tốt năm {year} của {org.name}.")
            return redirect(f"{reverse('four_good:assessment', args=[org.pk])}?year={year}")
    answers = posted
    if answers is None and current is not None:
        answers = {
            int(r["criterion"]): ManualAnswer(bool(r["passed"]), str(r["evidence"] or ""))
            for r in current.results
            if r["measure"] == Measure.MANUAL
        }
    live: dict[str, object] = {}
    no_set = ""
    try:
        criteria_set, results, groups, eligible = services.preview(org, year, answers or {})
    except ValidationError as exc:
        no_set = " ".join(exc.messages)
    else:
        for r in results:
            r["invalid"] = f"evidence_{r['criterion']}" in errors
        live = {
            "set": criteria_set,
            "groups": [
                {
                    "group": g,
                    "passed": groups[str(g.value)],
                    "minimum": criteria_set.minimum_for(g.value),
                    "rows": [r for r in results if r["group"] == g.value],
                }
                for g in Group
            ],
            "eligible": eligible,
        }
    parent = _parent(org)
    may_recognize = parent is not None and can(request.user, Action.EDIT, parent)
    history = list(
        scope(request.user, FourGoodAssessment)
        .filter(organization=org, year=year, current=False)
        .select_related("assessed_by", "recognized_by")
        .order_by("-id")
    )
    context = {
        "org": org,
        "year": year,
        "years": _years(),
        "current": current,
        "current_groups": _snapshot_groups(current) if current else [],
        "live": live,
        "no_set": no_set,
        "errors": errors,
        "error_list": [m for ms in errors.values() for m in ms],
        "may_assess": may_assess,
        "may_recognize": may_recognize,
        "parent": parent,
        "recognition_form": RecognitionForm(initial={"decision_date": today()}),
        "history": history,
    }
    return render(request, "four_good/assessment.html", context, status=400 if errors else 200)


def _snapshot_groups(a: FourGoodAssessment) -> list[dict[str, object]]:
    return [
        {
            "group": g,
            "passed": a.group_passed(g.value),
            "rows": [r for r in a.results if r["group"] == g.value],
        }
        for g in Group
    ]


@login_required
@require_POST
def assessment_recognize(request: HttpRequest, pk: int) -> HttpResponse:
    assessment: FourGoodAssessment = get_or_404(request.user, FourGoodAssessment, pk=pk)
    parent = _parent(assessment.organization)
    if parent is None or not can(request.user, Action.EDIT, parent):
        raise PermissionDenied(
            "Chỉ cấp ủy cấp trên trực tiếp của đơn vị mới công nhận chi bộ bốn tốt."
        )
    form = RecognitionForm(request.POST)
    url = reverse("four_good:assessment", args=[assessment.organization_id])
    back = f"{url}?year={assessment.year}"
    if form.is_valid():
        data = form.cleaned_data
        try:
            new = services.recognize(
                actor=actor(request),
                assessment=assessment,
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                note=data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Đã công nhận {new.organization.name} đạt bốn tốt năm {new.year} "
                f"(quyết định {new.decision_number} ngày {format_date(new.decision_date)}).",
            )
            return redirect(back)
    for field, errs in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for message in errs:
            messages.error(request, f"{label}: {message}" if label else str(message))
    return redirect(back)


@login_required
@require_GET
def recognized_list(request: HttpRequest) -> HttpResponse:
    unit, year = _unit(request), _year(request)
    rows = list(
        scope(request.user, FourGoodAssessment)
        .filter(
            year=year,
            current=True,
            recognized=True,
            organization__path__startswith=unit.path,
        )
        .select_related("organization")
        .order_by("organization__path")[:UNITS_LIMIT]
    )
    context = {"unit": unit, "year": year, "rows": rows, "today": today()}
    return render(request, "four_good/recognized_print.html", context)
