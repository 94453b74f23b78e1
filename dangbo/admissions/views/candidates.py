"""Pages of the admissions pipeline, for cell secretaries (phones) and office staff (PCs):
the candidates of a unit with their next step and overdue marks, a candidate's timeline with
the papers of the next step and the form to take it, and the funnel of a year.

Reads go through access (scope, get_or_404); each write is one service whose Vietnamese
messages appear beside the fields, with status 400 and nothing written (DESIGN rules 1, 2, 6).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.access.policy import Action
from dangbo.access.scoping import can, get_or_404, scope, units_for
from dangbo.access.working import working_org
from dangbo.admissions import services
from dangbo.admissions.forms import AdvanceForm, CandidateForm, PapersForm, SponsorForm
from dangbo.admissions.models import AwarenessCourse, Candidate, Stage
from dangbo.admissions.queries import candidate_rows, funnel, years_of
from dangbo.admissions.stages import checklist, next_stage, next_step
from dangbo.core.clock import today
from dangbo.members.models import Member, MemberStatus
from dangbo.members.queries import members_as_of
from dangbo.orgs.models import CELL_KINDS, Organization
from dangbo.orgs.views.common import actor, add_service_errors

PER_PAGE = 50


def _unit(request: HttpRequest) -> Organization | None:
    """The unit chosen with ?don_vi= (if the user sees it), else the working unit."""
    raw = request.GET.get("don_vi", "").strip()
    if raw.isdigit() and len(raw) <= 9:
        found = units_for(request.user).filter(pk=int(raw)).first()
        if found is not None:
            return found
    return working_org(request)


def _candidates(request: HttpRequest, unit: Organization | None) -> QuerySet[Candidate]:
    rows = scope(request.user, Candidate)
    if unit is not None:
        rows = rows.filter(organization__path__startswith=unit.path)
    return rows


@login_required
@require_GET
def candidate_list(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    rows = _candidates(request, unit)
    stage = request.GET.get("buoc", "")
    if stage in Stage.values:
        rows = rows.filter(stage=stage)
    page = Paginator(rows.order_by("organization__path", "stage", "id"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "unit": unit,
        "stage": stage,
        "stages": Stage.choices,
        "page": page,
        "rows": candidate_rows(page.object_list),  # type: ignore[arg-type]
        "units": list(units_for(request.user).order_by("path").only("id", "name", "depth")[:300]),
        "may_create": units_for(request.user, Action.EDIT).filter(kind__in=CELL_KINDS).exists(),
    }
    return render(request, "admissions/candidate_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_create(request: HttpRequest) -> HttpResponse:
    units = units_for(request.user, Action.EDIT).filter(kind__in=CELL_KINDS).order_by("path")
    unit = working_org(request)
    initial: dict[str, object] = {"identified_on": today()}
    if unit is not None and unit.kind in CELL_KINDS:
        initial["organization"] = unit.pk
    form = CandidateForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.identify_candidate(actor=actor(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Đã thêm {candidate.full_name} vào danh sách.")
            return redirect("admissions:candidate-detail", pk=candidate.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "admissions/candidate_form.html", {"form": form}, status=status)


def _sponsor_choices(request: HttpRequest, candidate: Candidate) -> QuerySet[Member]:
    cell = Organization.objects.filter(pk=candidate.organization_id)
    officials = members_as_of(cell, today()).filter(**{"status_on": MemberStatus.OFFICIAL})
    return scope(request.user, Member).filter(pk__in=officials.values("pk")).order_by("name_sort")


def _detail(
    request: HttpRequest,
    candidate: Candidate,
    *,
    advance_form: AdvanceForm | None = None,
    sponsor_form: SponsorForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_edit = can(request.user, Action.EDIT, candidate.organization)
    stage = next_stage(candidate.stage)
    sponsors = list(candidate.sponsors.select_related("member"))
    if may_edit and stage is not None and advance_form is None:
        advance_form = AdvanceForm(
            stage=stage,
            courses=scope(request.user, AwarenessCourse),
            initial={"on": today()},
        )
    early = Stage.values.index(candidate.stage) < Stage.values.index(Stage.FILE)
    if may_edit and early and sponsor_form is None:
        sponsor_form = SponsorForm(
            members=_sponsor_choices(request, candidate), initial={"since": today()}
        )
    step = next_step(candidate)
    context: dict[str, Any] = {
        "candidate": candidate,
        "records": list(candidate.records.select_related("recorded_by")),
        "sponsors": sponsors,
        "step": step,
        "overdue": step is not None and step.overdue(today()),
        "checklist": checklist(candidate, len(sponsors)),
        "may_edit": may_edit,
        "advance_form": advance_form if may_edit else None,
        "sponsor_form": sponsor_form if may_edit and early else None,
        "papers_form": PapersForm(
            initial={
                "paper_history": candidate.paper_history,
                "paper_mass_org": candidate.paper_mass_org,
                "paper_verification": candidate.paper_verification,
            }
        )
        if may_edit and early
        else None,
        "enrolments": list(candidate.enrolments.select_related("course")),
    }
    return render(request, "admissions/candidate_detail.html", context, status=status)


@login_required
@require_GET
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate: Candidate = get_or_404(request.user, Candidate, pk=pk)
    return _detail(request, candidate)


@login_required
@require_POST
def candidate_advance(request: HttpRequest, pk: int) -> HttpResponse:
    candidate: Candidate = get_or_404(request.user, Candidate, Action.EDIT, pk=pk)
    stage = next_stage(candidate.stage)
    if stage is None or request.POST.get("stage") != stage:
        messages.error(request, "Hồ sơ đã chuyển bước khác: xem lại trước khi ghi.")
        return redirect("admissions:candidate-detail", pk=pk)
    form = AdvanceForm(request.POST, stage=stage, courses=scope(request.user, AwarenessCourse))
    if form.is_valid():
        try:
            services.advance_candidate(
                actor=actor(request),
                candidate=candidate,
                stage=stage,
                **{k: v for k, v in form.cleaned_data.items() if v not in (None, "")},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            candidate.refresh_from_db()
        else:
            messages.success(request, f"Đã ghi bước «{Stage(stage).label}».")
            return redirect("admissions:candidate-detail", pk=pk)
    return _detail(request, candidate, advance_form=form, status=400)


@login_required
@require_POST
def candidate_papers(request: HttpRequest, pk: int) -> HttpResponse:
    candidate: Candidate = get_or_404(request.user, Candidate, Action.EDIT, pk=pk)
    form = PapersForm(request.POST)
    form.is_valid()  # checkboxes: always valid
    try:
        services.update_papers(actor=actor(request), candidate=candidate, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã cập nhật giấy tờ hồ sơ.")
    return redirect("admissions:candidate-detail", pk=pk)


@login_required
@require_POST
def candidate_sponsor(request: HttpRequest, pk: int) -> HttpResponse:
    candidate: Candidate = get_or_404(request.user, Candidate, Action.EDIT, pk=pk)
    form = SponsorForm(request.POST, members=_sponsor_choices(request, candidate))
    if form.is_valid():
        try:
            services.add_sponsor(actor=actor(request), candidate=candidate, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã thêm người giới thiệu.")
            return redirect("admissions:candidate-detail", pk=pk)
    return _detail(request, candidate, sponsor_form=form, status=400)


@login_required
@require_GET
def candidate_funnel(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    candidates = _candidates(request, unit)
    years = years_of(candidates)
    raw = request.GET.get("nam", "")
    year = int(raw) if raw.isdigit() and 1930 <= int(raw) <= 2200 else today().year
    steps = funnel(candidates, year)
    top = max((s.count for s in steps), default=0) or 1
    context = {
        "unit": unit,
        "year": year,
        "years": years,
        "steps": [(s, round(100 * s.count / top)) for s in steps],
        "units": list(units_for(request.user).order_by("path").only("id", "name", "depth")[:300]),
        "list_url": reverse("admissions:candidate-list"),
    }
    return render(request, "admissions/funnel.html", context)
