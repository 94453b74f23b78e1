"""Pages of the awareness courses (lớp bồi dưỡng nhận thức về Đảng): the committee office
opens a course, enrols the candidates waiting for it and records the whole roster's results
in one form; a cell secretary reads the course and her candidates on it from a phone.

Reads go through access (a cell sees the courses its superiors open, and only its own people
on their rosters); each write is one service of services/courses.py (DESIGN rules 1, 2, 6).
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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.access.policy import Action
from dangbo.access.scoping import can, get_or_404, scope, units_for
from dangbo.admissions import services
from dangbo.admissions.forms import CourseForm, RosterResultsForm
from dangbo.admissions.models import AwarenessCourse, Candidate, CourseEnrolment, CourseResult
from dangbo.admissions.queries import CourseCounts, course_counts, course_years, enrollable
from dangbo.core.clock import today
from dangbo.orgs.models import Organization, OrgKind
from dangbo.orgs.views.common import actor, add_service_errors

PER_PAGE = 50
NOT_FOUND = "Không tìm thấy người này, hoặc người này nằm ngoài phạm vi bạn được ghi."
NOT_ON_ROSTER = "Người này chưa có trong danh sách lớp."
# The roster's editable rows: a pass is final, a withdrawn enrolment is re-added first.
OPEN = (CourseResult.PENDING, CourseResult.FAILED)


def _organisers(request: HttpRequest) -> QuerySet[Organization]:
    """Units that may open a course: committees the user edits (a plain cell has none)."""
    return units_for(request.user, Action.EDIT).exclude(kind=OrgKind.CELL).order_by("path")


def _year(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and 1930 <= int(raw) <= 2200 else None


@login_required
@require_GET
def course_list(request: HttpRequest) -> HttpResponse:
    courses = scope(request.user, AwarenessCourse)
    years = course_years(courses)
    organisers = list(
        Organization.objects.filter(pk__in=courses.values("organization"))
        .order_by("path")
        .only("id", "name")
    )
    year = _year(request.GET.get("nam", ""))
    rows = courses
    if year is not None:
        rows = rows.filter(starts_on__year=year)
    raw = request.GET.get("to_chuc", "")
    organiser = next((o for o in organisers if raw.isdigit() and o.pk == int(raw)), None)
    if organiser is not None:
        rows = rows.filter(organization=organiser)
    page = Paginator(
        rows.select_related("organization").order_by("-starts_on", "id"), PER_PAGE
    ).get_page(request.GET.get("page"))
    counts = course_counts(scope(request.user, CourseEnrolment), page.object_list)
    context = {
        "page": page,
        "rows": [(c, counts.get(c.pk, CourseCounts())) for c in page.object_list],
        "years": years,
        "year": year,
        "organisers": organisers,
        "organiser": organiser,
        "may_create": _organisers(request).exists(),
    }
    return render(request, "admissions/course_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest) -> HttpResponse:
    units = _organisers(request)
    initial: dict[str, Any] = {"starts_on": today(), "ends_on": today()}
    first = units.first()
    if first is not None:
        initial["organization"] = first.pk
    form = CourseForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.create_course(actor=actor(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Đã mở lớp «{course.title}».")
            return redirect("admissions:course-detail", pk=course.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "course": None}
    return render(request, "admissions/course_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course: AwarenessCourse = get_or_404(request.user, AwarenessCourse, Action.EDIT, pk=pk)
    form = CourseForm(
        request.POST or None,
        initial={
            "title": course.title,
            "starts_on": course.starts_on,
            "ends_on": course.ends_on,
            "place": course.place,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_course(actor=actor(request), course=course, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã lưu thông tin lớp.")
            return redirect("admissions:course-detail", pk=course.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "course": course}
    return render(request, "admissions/course_form.html", context, status=status)


def _roster(request: HttpRequest, course: AwarenessCourse) -> list[CourseEnrolment]:
    """The enrolments of the course the user may see (a cell sees only its own people)."""
    return list(
        scope(request.user, CourseEnrolment)
        .filter(course=course)
        .select_related("candidate__organization")
        .order_by("candidate__organization__path", "candidate__full_name", "id")
    )


def _editable(request: HttpRequest, roster: list[CourseEnrolment]) -> list[CourseEnrolment]:
    return [
        e
        for e in roster
        if e.result in OPEN and can(request.user, Action.EDIT, e.candidate.organization)
    ]


def _detail(
    request: HttpRequest,
    course: AwarenessCourse,
    *,
    results_form: RosterResultsForm | None = None,
    enrol_errors: list[str] | None = None,
    chosen: list[int] | None = None,
    status: int = 200,
) -> HttpResponse:
    roster = _roster(request, course)
    editable = _editable(request, roster)
    if results_form is None and editable:
        results_form = RosterResultsForm(enrolments=editable)
    candidates = list(enrollable(scope(request.user, Candidate, Action.EDIT), course)[:500])
    counts = course_counts(scope(request.user, CourseEnrolment), [course]).get(
        course.pk, CourseCounts()
    )
    fields = {e.pk: (r, c) for e, r, c in results_form.rows()} if results_form else {}
    context = {
        "course": course,
        "rows": [(e, *fields.get(e.pk, (None, None))) for e in roster],
        "results_form": results_form,
        "candidates": candidates,
        "chosen": set(chosen or ()),
        "enrol_errors": enrol_errors or [],
        "counts": counts,
        "may_edit": can(request.user, Action.EDIT, course.organization),
        "withdrawable": {e.pk for e in editable},
    }
    return render(request, "admissions/course_detail.html", context, status=status)


@login_required
@require_GET
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course: AwarenessCourse = get_or_404(request.user, AwarenessCourse, pk=pk)
    return _detail(request, course)


@login_required
@require_GET
def course_print(request: HttpRequest, pk: int) -> HttpResponse:
    course: AwarenessCourse = get_or_404(request.user, AwarenessCourse, pk=pk)
    roster = [e for e in _roster(request, course) if e.result != CourseResult.WITHDRAWN]
    context = {"course": course, "roster": roster, "printed_on": today()}
    return render(request, "admissions/course_print.html", context)


@login_required
@require_POST
def course_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    course: AwarenessCourse = get_or_404(request.user, AwarenessCourse, pk=pk)
    raw = request.POST.getlist("candidate")
    ids = sorted({int(v) for v in raw if v.isdigit() and len(v) <= 9})
    if not raw:
        return _detail(
            request, course, enrol_errors=["Chọn ít nhất một người để thêm vào lớp."], status=400
        )
    found = list(
        scope(request.user, Candidate, Action.EDIT)
        .filter(pk__in=ids)
        .select_related("organization")
    )
    if len(found) != len(raw) or len(ids) != len(raw):
        return _detail(request, course, enrol_errors=[NOT_FOUND], chosen=ids, status=400)
    try:
        done = services.enrol_candidates(actor=actor(request), course=course, candidates=found)
    except ValidationError as exc:
        return _detail(request, course, enrol_errors=exc.messages, chosen=ids, status=400)
    messages.success(request, f"Đã thêm {len(done)} người vào danh sách lớp.")
    return redirect("admissions:course-detail", pk=course.pk)


@login_required
@require_POST
def course_results(request: HttpRequest, pk: int) -> HttpResponse:
    course: AwarenessCourse = get_or_404(request.user, AwarenessCourse, pk=pk)
    editable = _editable(request, _roster(request, course))
    form = RosterResultsForm(request.POST, enrolments=editable)
    keys = {f"result_{e.candidate_id}" for e in editable}
    strangers = [k for k in request.POST if k.startswith("result_") and k not in keys]
    if strangers:
        form.add_error(None, NOT_ON_ROSTER)
    elif not editable:
        form.add_error(None, "Không có học viên nào để ghi kết quả.")
    if form.is_valid():
        data = form.cleaned_data
        rows = [
            services.ResultRow(
                candidate=e.candidate,
                result=data[f"result_{e.candidate_id}"],
                certificate_on=data[f"certificate_{e.candidate_id}"],
            )
            for e in editable
        ]
        try:
            changed = services.record_course_results(actor=actor(request), course=course, rows=rows)
        except ValidationError as exc:
            for key, errors in exc.message_dict.items():
                candidate = key.removeprefix("candidate-")
                field = f"result_{candidate}"
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
            form.mark_invalid()
        else:
            messages.success(request, f"Đã ghi kết quả của {len(changed)} học viên.")
            return redirect("admissions:course-detail", pk=course.pk)
    return _detail(request, course, results_form=form, status=400)


@login_required
@require_POST
def course_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment: CourseEnrolment = get_or_404(request.user, CourseEnrolment, Action.EDIT, pk=pk)
    try:
        services.withdraw_enrolment(actor=actor(request), enrolment=enrolment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{enrolment.candidate.full_name} đã rút khỏi lớp.")
    return redirect("admissions:course-detail", pk=enrolment.course_id)
