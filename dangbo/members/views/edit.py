"""Putting members on the roll and editing their record, in the browser: kết nạp (a new
member), entering a member already admitted (from the paper roll), and "Sửa thông tin".

Each page loads what it changes through access (404 outside the user's scope, 403 without
the right to edit), shows its form, and calls one service through orgs' form_page: bad input
comes back as the same form with Vietnamese messages, status 400, nothing written."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from dangbo.access.policy import Action
from dangbo.access.scoping import get_or_404, scope
from dangbo.access.working import working_org
from dangbo.audit.services import record
from dangbo.members import services
from dangbo.members.api.members import check_personal
from dangbo.members.forms.record import (
    AdmitForm,
    CellRecordForm,
    EnterForm,
    RecordForm,
    changed_fields,
    record_initial,
)
from dangbo.members.models import Member
from dangbo.members.views.choosing import (
    chosen_cell,
    editable_units,
    may_add_members,
    may_write_personal,
    offered_cells,
    official_members,
    posted,
    profile_url,
)
from dangbo.members.views.detail import may_read_personal
from dangbo.orgs.services import Decision
from dangbo.orgs.views.common import GET_POST, actor, form_page

FORM_TEMPLATE = "members/member_form.html"


def _cell_form(request: HttpRequest, form_class: type[CellRecordForm]) -> CellRecordForm:
    """A record form whose cell is chosen on the page. The sponsors offered are the official
    members of the cell chosen (or named by ?organization=); the select reloads them."""
    user = request.user
    if not may_add_members(user):
        raise PermissionDenied("Bạn không có quyền cập nhật danh sách đảng viên.")
    offered = offered_cells(request)
    source = request.POST if request.method == "POST" else request.GET
    cell = chosen_cell(user, source.get("organization"), offered)
    form = form_class(
        posted(request),
        initial={"organization": cell.pk if cell else None},
        cells=editable_units(user),
        offered=offered,
        members=scope(user, Member),
        sponsors=official_members(user, cell),
        personal=may_write_personal(user),
    )
    # Choosing another cell reloads the sponsor list (htmx, the same page with ?organization=).
    form.fields["organization"].widget.attrs.update(
        {
            "hx-get": request.path,
            "hx-trigger": "change",
            "hx-target": "#sponsors",
            "hx-select": "#sponsors",
            "hx-swap": "outerHTML",
        }
    )
    return form


def _record_page(
    request: HttpRequest,
    form: RecordForm,
    *,
    title: str,
    submit: Any,
    **context: Any,
) -> HttpResponse:
    org = working_org(request)
    assert org is not None  # may_add_members: the user has a grant, so a working unit
    return form_page(
        request,
        form,
        org=org,
        action=title,
        submit=submit,
        template=FORM_TEMPLATE,
        title=title,
        **context,
    )


@login_required
@GET_POST
def member_admit(request: HttpRequest) -> HttpResponse:
    """Kết nạp đảng viên mới: a probationary member with their admission event."""
    form = _cell_form(request, AdmitForm)

    def submit() -> tuple[str, str]:
        data = form.cleaned_data
        organization = data["organization"]
        record_data = form.record_data()
        check_personal(request.user, organization, record_data)
        member = services.admit_member(
            actor=actor(request),
            organization=organization,
            data=record_data,
            decision=Decision(
                effective_on=data["effective_on"],
                number=data["decision_number"],
                decided_on=data["decision_date"],
                note=data["note"],
            ),
            decision_received_on=data["decision_received_on"],
            late_ceremony_approval=data["late_ceremony_approval"],
            over_age_approval=data["over_age_approval"],
        )
        return (
            f"Đã kết nạp {member.full_name} vào {organization.name} (đảng viên dự bị).",
            profile_url(member),
        )

    return _record_page(
        request,
        form,
        title="Kết nạp đảng viên mới",
        submit=submit,
        submit_label="Kết nạp",
        intro="Ghi quyết định kết nạp của cấp ủy có thẩm quyền và ngày tổ chức lễ kết nạp "
        "tại chi bộ; đảng viên mới là đảng viên dự bị 12 tháng.",
        other_url=reverse("members:member-create"),
        other_label="Người này đã là đảng viên từ trước? Nhập hồ sơ đảng viên đã có",
    )


@login_required
@GET_POST
def member_create(request: HttpRequest) -> HttpResponse:
    """Nhập hồ sơ đảng viên đã có: someone admitted before the roll was kept here."""
    form = _cell_form(request, EnterForm)

    def submit() -> tuple[str, str]:
        data = form.cleaned_data
        organization = data["organization"]
        record_data = form.record_data()
        check_personal(request.user, organization, record_data)
        member = services.create_member(
            actor=actor(request),
            organization=organization,
            data=record_data,
            decision_date=data["decision_date"],
            admitted_on=data["admitted_on"],
            official_on=data["official_on"],
            decision_number=data["decision_number"],
            note=data["note"],
        )
        return f"Đã nhập hồ sơ đảng viên {member.full_name} vào {organization.name}.", profile_url(
            member
        )

    return _record_page(
        request,
        form,
        title="Nhập hồ sơ đảng viên đã có",
        submit=submit,
        submit_label="Lưu hồ sơ",
        intro="Cho đảng viên đã vào Đảng trước khi có sổ này (theo hồ sơ giấy): ngày quyết "
        "định, ngày vào Đảng và ngày chính thức trở thành những sự kiện đầu tiên trong quá "
        "trình của họ.",
        other_url=reverse("members:member-admit"),
        other_label="Kết nạp đảng viên mới",
    )


@login_required
@GET_POST
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Sửa thông tin: the facts of the record. Status, cell and dates change by events only."""
    user = request.user
    member = get_or_404(user, Member, Action.EDIT, pk=pk)
    personal = may_read_personal(user, member.organization)
    form = RecordForm(
        posted(request),
        initial=record_initial(member),
        members=scope(user, Member),
        sponsors=official_members(user, member.organization, exclude=member.pk),
        personal=personal,
    )
    if personal and request.method == "GET":
        # The form shows personal data: a read of it leaves a trace, as on the profile.
        record(
            actor=actor(request),
            action="member.view_full",
            target=member,
            organization=member.organization,
        )

    def submit() -> tuple[str, str]:
        data = changed_fields(form, member)
        if not data:
            return "Không có thông tin nào thay đổi.", profile_url(member, "")
        check_personal(user, member.organization, data, clearing=True)
        saved = services.update_member(actor=actor(request), member=member, data=data)
        return f"Đã lưu thông tin của {saved.full_name}.", profile_url(saved, "")

    return form_page(
        request,
        form,
        org=member.organization,
        action="Sửa thông tin",
        submit=submit,
        template=FORM_TEMPLATE,
        title=f"Sửa thông tin: {member.full_name}",
        member=member,
        submit_label="Lưu thay đổi",
        intro="Trạng thái, chi bộ và các ngày vào Đảng, chính thức chỉ thay đổi qua quá "
        "trình (Cập nhật quá trình, Đính chính) để lịch sử không bị mất.",
    )
