"""Changing the tree: create, rename, move, merge, split, dissolve. Each page loads the unit
with the STRUCTURE permission (403 for a unit the user only views) and calls one service."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from dangbo.access.policy import Action
from dangbo.access.scoping import can, get_or_404, units_for
from dangbo.core.formats import format_date
from dangbo.core.text import text_sort_key
from dangbo.orgs import services
from dangbo.orgs.forms import (
    OrgCreateForm,
    OrgDissolveForm,
    OrgMergeForm,
    OrgMoveForm,
    OrgRenameForm,
    OrgSplitForm,
)
from dangbo.orgs.models import ALLOWED_CHILDREN, Organization, OrgKind
from dangbo.orgs.views.common import GET_POST, actor, detail_url, form_page


def _structure_unit(request: HttpRequest, pk: int, *, not_root: bool = False) -> Organization:
    """The unit the user may restructure. A dissolved unit, or the root for changes that need
    a parent, has no such page: 404 rather than a form that can only fail."""
    org = get_or_404(request.user, Organization, Action.STRUCTURE, pk=pk)
    if org.is_dissolved or (not_root and org.is_root()):
        raise Http404("Đơn vị này không thể thay đổi cơ cấu.")
    return org


def _structure_units(request: HttpRequest) -> QuerySet[Organization]:
    return units_for(request.user, Action.STRUCTURE)


@login_required
@GET_POST
def org_create(request: HttpRequest, pk: int) -> HttpResponse:
    parent = _structure_unit(request, pk)
    if not ALLOWED_CHILDREN[OrgKind(parent.kind)]:
        raise Http404("Loại tổ chức này không có đơn vị trực thuộc.")
    form = OrgCreateForm(request.POST or None, parent=parent)

    def submit() -> tuple[str, str]:
        data = form.cleaned_data
        org = services.create_organization(
            actor=actor(request),
            parent=parent,
            kind=data["kind"],
            name=data["name"],
            code=data["code"],
            short_name=data["short_name"],
            decision=form.decision(),
        )
        return f"Đã thành lập {org.name}.", detail_url(org)

    return form_page(
        request,
        form,
        org=parent,
        action="Thêm đơn vị trực thuộc",
        submit=submit,
        refresh=[parent],
        title=f"Thêm đơn vị trực thuộc {parent.name}",
        submit_label="Thành lập đơn vị",
    )


@login_required
@GET_POST
def org_rename(request: HttpRequest, pk: int) -> HttpResponse:
    org = _structure_unit(request, pk)
    form = OrgRenameForm(
        request.POST or None, initial={"name": org.name, "short_name": org.short_name}
    )
    old_name = org.name

    def submit() -> tuple[str, str]:
        data = form.cleaned_data
        services.rename_organization(
            actor=actor(request),
            org=org,
            name=data["name"],
            short_name=data["short_name"],
            decision=form.decision(),
        )
        return f"Đã đổi tên {old_name} thành {org.name}.", detail_url(org)

    return form_page(
        request,
        form,
        org=org,
        action="Đổi tên",
        submit=submit,
        refresh=[org],
        title=f"Đổi tên {org.name}",
        intro="Tên cũ vẫn được giữ trong lịch sử và trong cây tổ chức theo ngày.",
    )


@login_required
@GET_POST
def org_move(request: HttpRequest, pk: int) -> HttpResponse:
    org = _structure_unit(request, pk, not_root=True)
    parent = Organization.objects.get_parent(org)
    form = OrgMoveForm(request.POST or None, org=org, units=_structure_units(request))

    def submit() -> tuple[str, str]:
        new_parent = form.cleaned_data["new_parent"]
        services.move_organization(
            actor=actor(request), org=org, new_parent=new_parent, decision=form.decision()
        )
        return f"Đã chuyển {org.name} về trực thuộc {new_parent.name}.", detail_url(org)

    intro = "Đơn vị được chuyển cùng toàn bộ các đơn vị cấp dưới của nó."
    if parent is not None and can(request.user, Action.VIEW, parent):
        intro = f"Hiện trực thuộc {parent.name}. {intro}"
    return form_page(
        request,
        form,
        org=org,
        action="Chuyển trực thuộc",
        submit=submit,
        refresh=[org],
        title=f"Chuyển trực thuộc {org.name}",
        intro=intro,
    )


@login_required
@GET_POST
def org_merge(request: HttpRequest, pk: int) -> HttpResponse:
    org = _structure_unit(request, pk, not_root=True)
    siblings = (
        _structure_units(request)
        .filter(path__startswith=org.parent_path, depth=org.depth, active_to__isnull=True)
        .exclude(pk=org.pk)
        .order_by("name")
    )
    form = OrgMergeForm(
        request.POST or None, org=org, units=_structure_units(request), siblings=siblings
    )

    def submit() -> tuple[str, str]:
        target = form.cleaned_data["target"]
        sources = [org, *form.cleaned_data["sources"]]
        services.merge_organizations(
            actor=actor(request), sources=sources, target=target, decision=form.decision()
        )
        names = ", ".join(s.name for s in sources)
        return f"Đã hợp nhất {names} vào {target.name}.", detail_url(target)

    return form_page(
        request,
        form,
        org=org,
        action="Hợp nhất",
        submit=submit,
        refresh=[org],
        title=f"Hợp nhất {org.name} vào đơn vị khác",
        danger=True,
        confirm=f"Hợp nhất {org.name}? Đơn vị này sẽ chấm dứt hoạt động từ ngày hiệu lực.",
        intro="Các đơn vị trực thuộc của đơn vị bị hợp nhất chuyển sang đơn vị tiếp nhận; "
        "đơn vị bị hợp nhất chấm dứt hoạt động nhưng vẫn còn trong lịch sử.",
    )


@login_required
@GET_POST
def org_split(request: HttpRequest, pk: int) -> HttpResponse:
    org = _structure_unit(request, pk, not_root=True)
    parent = Organization.objects.get_parent(org)
    assert parent is not None  # _structure_unit refused the root
    children = sorted(
        Organization.objects.get_children(org).filter(active_to__isnull=True),
        key=lambda c: text_sort_key(c.name),
    )
    form = OrgSplitForm(request.POST or None, org=org, parent=parent, children=children)

    def submit() -> tuple[str, str]:
        created = services.split_organization(
            actor=actor(request),
            org=org,
            new_units=form.new_units(),
            child_destinations=form.child_destinations(),
            decision=form.decision(),
        )
        names = ", ".join(u.name for u in created)
        return f"Đã chia tách {org.name} thành {names}.", detail_url(org)

    return form_page(
        request,
        form,
        org=org,
        action="Chia tách",
        submit=submit,
        refresh=[org],
        template="orgs/org_split.html",
        title=f"Chia tách {org.name}",
        parent=parent,
        children=children,
    )


@login_required
@GET_POST
def org_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    org = _structure_unit(request, pk, not_root=True)
    form = OrgDissolveForm(request.POST or None)

    def submit() -> tuple[str, str]:
        decision = form.decision()
        services.dissolve_organization(actor=actor(request), org=org, decision=decision)
        return (
            f"Đã giải thể {org.name} từ ngày {format_date(decision.effective_on)}.",
            detail_url(org),
        )

    return form_page(
        request,
        form,
        org=org,
        action="Giải thể",
        submit=submit,
        refresh=[org],
        title=f"Giải thể {org.name}",
        danger=True,
        confirm=f"Giải thể {org.name}? Thao tác này ghi vào lịch sử, không hoàn tác.",
        intro="Chỉ giải thể được đơn vị không còn đơn vị trực thuộc đang hoạt động. Đơn vị đã "
        "giải thể vẫn còn trong lịch sử và trong cây tổ chức theo ngày.",
    )
