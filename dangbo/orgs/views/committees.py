"""Terms, committees, seats and phụ trách assignments: records of a unit, so the EDIT
permission (a cell secretary has it for her own cell) rather than STRUCTURE."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from dangbo.access.policy import Action
from dangbo.access.scoping import get_or_404, scope
from dangbo.core.formats import format_date
from dangbo.orgs import services
from dangbo.orgs.forms import AssignmentForm, CommitteeForm, SeatEndForm, SeatForm, TermForm
from dangbo.orgs.models import Committee, CommitteeSeat, Organization, Term
from dangbo.orgs.views.common import GET_POST, actor, detail_url, form_page

ANCHOR = "cap-uy"


def _editable_unit(request: HttpRequest, pk: int) -> Organization:
    org = get_or_404(request.user, Organization, Action.EDIT, pk=pk)
    if org.is_dissolved:
        raise Http404("Đơn vị này đã chấm dứt hoạt động.")
    return org


@login_required
@GET_POST
def term_create(request: HttpRequest, pk: int) -> HttpResponse:
    org = _editable_unit(request, pk)
    form = TermForm(request.POST or None)

    def submit() -> tuple[str, str]:
        data = form.cleaned_data
        term = services.create_term(
            actor=actor(request),
            org=org,
            name=data["name"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )
        return f"Đã thêm nhiệm kỳ {term.name}.", detail_url(org, ANCHOR)

    return form_page(
        request,
        form,
        org=org,
        action="Thêm nhiệm kỳ",
        submit=submit,
        title=f"Thêm nhiệm kỳ của {org.name}",
    )


@login_required
@GET_POST
def committee_create(request: HttpRequest, pk: int) -> HttpResponse:
    org = _editable_unit(request, pk)
    terms = scope(request.user, Term, Action.EDIT).filter(organization=org).order_by("-starts_on")
    form = CommitteeForm(request.POST or None, terms=terms)

    def submit() -> tuple[str, str]:
        data = form.cleaned_data
        committee = services.create_committee(
            actor=actor(request), term=data["term"], name=data["name"]
        )
        return f"Đã lập {committee.name}.", detail_url(org, ANCHOR)

    return form_page(
        request,
        form,
        org=org,
        action="Lập cấp ủy",
        submit=submit,
        title=f"Lập cấp ủy của {org.name}",
        no_terms=not terms.exists(),
    )


@login_required
@GET_POST
def seat_add(request: HttpRequest, committee_pk: int) -> HttpResponse:
    committee = get_or_404(request.user, Committee, Action.EDIT, pk=committee_pk)
    org = committee.organization
    term = committee.term
    form = SeatForm(request.POST or None, initial={"started_on": term.starts_on})

    def submit() -> tuple[str, str]:
        data = form.cleaned_data
        seat = services.add_seat(
            actor=actor(request),
            committee=committee,
            holder_name=data["holder_name"],
            role=data["role"],
            started_on=data["started_on"],
            ended_on=data["ended_on"],
            decision_number=data["decision_number"],
        )
        return f"Đã thêm {seat.get_role_display()} {seat.holder_name}.", detail_url(org, ANCHOR)

    return form_page(
        request,
        form,
        org=org,
        action="Thêm cấp ủy viên",
        submit=submit,
        title=f"Thêm cấp ủy viên — {committee.name}",
        intro=f"Nhiệm kỳ {term.name}: từ {format_date(term.starts_on)} "
        f"đến {format_date(term.ends_on)}.",
    )


def _seat(request: HttpRequest, seat_pk: int) -> CommitteeSeat:
    return get_or_404(request.user, CommitteeSeat, Action.EDIT, pk=seat_pk)


@login_required
@GET_POST
def seat_end(request: HttpRequest, seat_pk: int) -> HttpResponse:
    seat = _seat(request, seat_pk)
    org = seat.committee.organization
    form = SeatEndForm(request.POST or None)

    def submit() -> tuple[str, str]:
        services.end_seat(actor=actor(request), seat=seat, ended_on=form.cleaned_data["ended_on"])
        return (
            f"{seat.holder_name} thôi giữ chức vụ {seat.get_role_display()} từ ngày "
            f"{format_date(seat.ended_on)}.",
            detail_url(org, ANCHOR),
        )

    return form_page(
        request,
        form,
        org=org,
        action="Kết thúc chức vụ",
        submit=submit,
        refresh=[seat],
        title=f"Kết thúc chức vụ: {seat.get_role_display()} {seat.holder_name}",
        danger=True,
        confirm=f"Kết thúc chức vụ của {seat.holder_name}?",
        intro=f"Giữ chức vụ từ {format_date(seat.started_on)} trong {seat.committee.name}. "
        "Các phân công phụ trách đang có cũng kết thúc cùng ngày.",
    )


@login_required
@GET_POST
def assignment_add(request: HttpRequest, seat_pk: int) -> HttpResponse:
    seat = _seat(request, seat_pk)
    owner = seat.committee.organization
    units = scope(request.user, Organization).filter(
        path__startswith=owner.path, depth__gt=owner.depth
    )
    form = AssignmentForm(
        request.POST or None,
        units=units,
        initial={"started_on": max(seat.started_on, seat.committee.term.starts_on)},
    )

    def submit() -> tuple[str, str]:
        data = form.cleaned_data
        assignment = services.assign_unit(
            actor=actor(request),
            seat=seat,
            unit=data["organization"],
            started_on=data["started_on"],
            ended_on=data["ended_on"],
        )
        return (
            f"Đã phân công {seat.holder_name} phụ trách {assignment.organization.name}.",
            detail_url(owner, ANCHOR),
        )

    return form_page(
        request,
        form,
        org=owner,
        action="Phân công phụ trách",
        submit=submit,
        title=f"Phân công phụ trách: {seat.get_role_display()} {seat.holder_name}",
        submit_label="Phân công",
        no_units=not units.filter(active_to__isnull=True).exists(),
    )
