"""Users and their grants, for holders of the GRANTS action (docs/permissions.md).

A manager sees a user when the user holds at least one grant in the manager's GRANTS subtree,
and sees only those grants. Resetting a password or locking an account acts on the whole
account, so it needs more: every grant the user still holds must lie in the manager's subtree
(else a commune administrator could take over a province account that also has a commune
grant)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.access import services
from dangbo.access.forms import (
    GrantEndForm,
    GrantForm,
    UserActiveForm,
    UserCreateForm,
    UserSearchForm,
    add_service_errors,
)
from dangbo.access.models import Grant, Role, valid_on
from dangbo.access.policy import Action
from dangbo.access.scoping import get_or_404, scope
from dangbo.access.views.common import once, require_some
from dangbo.access.views.scope import action_roots, picker_context
from dangbo.access.working import working_org
from dangbo.accounts.models import User
from dangbo.core.clock import today
from dangbo.core.text import fold, name_sort_key
from dangbo.orgs.models import Organization

PAGE_SIZE = 50


@login_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    viewer = request.user
    require_some(viewer, Action.GRANTS)
    grants = scope(viewer, Grant)
    search_form = UserSearchForm(request.GET or None)
    text = search_form.cleaned_data["q"] if search_form.is_valid() else ""
    words = fold(text).split()
    # User has no folded-name column, so the accent-free match and the Vietnamese name order
    # run in Python over (id, name) tuples: one query of small rows, whatever the page, and
    # a province has thousands of accounts, not millions.
    rows = User.objects.filter(pk__in=grants.values("user_id")).values_list(
        "pk", "full_name", "username", "email"
    )
    matched = [r for r in rows if all(w in fold(f"{r[1]} {r[2]} {r[3]}") for w in words)]
    matched.sort(key=lambda r: name_sort_key(r[1] or r[2]))
    page = Paginator([r[0] for r in matched], PAGE_SIZE).get_page(request.GET.get("page"))
    current = (
        grants.filter(valid_on(today()))
        .select_related("organization")
        .order_by("organization__path", "role")
    )
    users = User.objects.filter(pk__in=list(page.object_list)).prefetch_related(
        Prefetch("grants", queryset=current, to_attr="current_grants")
    )
    by_id = {u.pk: u for u in users}
    return render(
        request,
        "access/user_list.html",
        {
            "page": page,
            "users": [by_id[pk] for pk in page.object_list if pk in by_id],
            "search_form": search_form,
            "query": text,
            "page_query": urlencode({"q": text}) if text else "",
            "total": len(matched),
        },
    )


def _working_unit_for(request: HttpRequest, action: str) -> Organization | None:
    """The working unit, when the user may `action` there: a sensible default for pickers."""
    org = working_org(request)
    if org is not None and scope(request.user, Organization, action).filter(pk=org.pk).exists():
        return org
    return None


def _picker(request: HttpRequest, form: Any, action: str, field: str = "organization") -> dict:
    """The unit picker of `form`: the unit already chosen (when valid), else the working unit."""
    checked = None
    if form.is_bound:
        checked = form.cleaned_data.get(field) if hasattr(form, "cleaned_data") else None
    else:
        checked = _working_unit_for(request, action)
    return picker_context(field, checked, action_roots(request.user, action))


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    """A new account with its first grant; without a typed password a temporary one is made
    and shown once."""
    viewer = request.user
    require_some(viewer, Action.GRANTS)
    form = UserCreateForm(request.POST or None, user=viewer)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                user, password = services.create_user_with_grant(
                    actor=viewer,  # type: ignore[arg-type]
                    username=data["username"],
                    full_name=data["full_name"],
                    organization=data["organization"],
                    role=data["role"],
                    valid_from=data["valid_from"],
                    valid_to=data["valid_to"],
                    password=data["password"] or None,
                    email=data["email"],
                    phone=data["phone"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if data["password"]:
                    messages.success(request, f"Đã tạo tài khoản {user.username}.")
                    return redirect("access:user-detail", pk=user.pk)
                return once(
                    render(
                        request, "access/user_created.html", {"target": user, "password": password}
                    )
                )
        status = 400
    context = {"form": form, "picker": _picker(request, form, Action.GRANTS)}
    return render(request, "access/user_form.html", context, status=status)


def _target(viewer: Any, pk: int) -> tuple[User, list[Grant]]:
    """The user and the grants of theirs the viewer may see; 404 when there is none."""
    grants = list(
        scope(viewer, Grant)
        .filter(user_id=pk)
        .select_related("organization", "user")
        .order_by("-valid_from", "-pk")
    )
    if not grants:
        raise Http404("Không tìm thấy người dùng hoặc người dùng nằm ngoài phạm vi của bạn.")
    return grants[0].user, grants


def _manages_whole_account(viewer: Any, target: User) -> bool:
    """True when every grant the target still holds (current or future) is in the viewer's
    GRANTS scope: only then may the viewer act on the account itself."""
    outside = (
        Grant.objects.filter(user=target)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today()))
        .exclude(pk__in=scope(viewer, Grant, Action.GRANTS).values("pk"))
    )
    return not outside.exists()


def _audit_unit(grants: list[Grant]) -> Organization:
    """The unit an account-level change is recorded under, so those who manage the account
    can read it in the log: the highest unit among the visible grants."""
    return min((g.organization for g in grants), key=lambda o: (o.depth, o.path))


def _detail(
    request: HttpRequest,
    target: User,
    grants: list[Grant],
    *,
    grant_form: GrantForm | None = None,
    errors: list[str] | None = None,
    password: str = "",
    status: int = 200,
) -> HttpResponse:
    viewer = request.user
    day = today()
    grant_form = grant_form or GrantForm(user=viewer)
    rows = [
        {
            "grant": g,
            "state": "active"
            if g.is_valid_on(day)
            else ("future" if g.valid_from > day else "ended"),
        }
        for g in grants
    ]
    context = {
        "target": target,
        "rows": rows,
        "grant_form": grant_form,
        "picker": _picker(request, grant_form, Action.GRANTS),
        "end_form": GrantEndForm(),
        "errors": errors or [],
        "password": password,
        "is_self": target.pk == viewer.pk,
        "manages_account": _manages_whole_account(viewer, target),
    }
    response = render(request, "access/user_detail.html", context, status=status)
    return once(response) if password else response


@login_required
@require_GET
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target, grants = _target(request.user, pk)
    return _detail(request, target, grants)


@login_required
@require_POST
def grant_add(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = request.user
    target, grants = _target(viewer, pk)
    form = GrantForm(request.POST, user=viewer)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_grant(
                actor=viewer,  # type: ignore[arg-type]
                user=target,
                organization=data["organization"],
                role=data["role"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                note=data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Đã cấp quyền {Role(data['role']).label} tại {data['organization'].name}.",
            )
            return redirect("access:user-detail", pk=target.pk)
    return _detail(request, target, grants, grant_form=form, status=400)


@login_required
@require_POST
def grant_end(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = request.user
    grant = get_or_404(viewer, Grant, Action.GRANTS, pk=pk)
    target, grants = _target(viewer, grant.user_id)
    form = GrantEndForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        try:
            services.end_grant(actor=viewer, grant=grant, valid_to=form.cleaned_data["valid_to"])  # type: ignore[arg-type]
        except ValidationError as exc:
            errors.extend(exc.messages)
        else:
            messages.success(
                request,
                f"Đã kết thúc quyền {grant.get_role_display()} tại {grant.organization.name}.",
            )
            return redirect("access:user-detail", pk=target.pk)
    else:
        errors.extend(str(m) for field_errors in form.errors.values() for m in field_errors)
    return _detail(request, target, grants, errors=errors, status=400)


def _account_action_refused(request: HttpRequest, target: User) -> str:
    """Why the viewer may not reset or lock this account ("" when they may)."""
    if target.pk == request.user.pk:
        return "Không thể thực hiện thao tác này trên tài khoản của chính mình."
    if not _manages_whole_account(request.user, target):
        raise PermissionDenied("Người dùng còn quyền ở đơn vị ngoài phạm vi quản lý của bạn.")
    return ""


@login_required
@require_POST
def password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = request.user
    target, grants = _target(viewer, pk)
    if refused := _account_action_refused(request, target):
        return _detail(request, target, grants, errors=[refused], status=400)
    password = services.reset_password(
        actor=viewer,  # type: ignore[arg-type]
        user=target,
        organization=_audit_unit(grants),
    )
    return _detail(request, target, grants, password=password)


@login_required
@require_POST
def user_active(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = request.user
    target, grants = _target(viewer, pk)
    if refused := _account_action_refused(request, target):
        return _detail(request, target, grants, errors=[refused], status=400)
    form = UserActiveForm(request.POST)
    if not form.is_valid():
        errors = [str(m) for field_errors in form.errors.values() for m in field_errors]
        return _detail(request, target, grants, errors=errors, status=400)
    active: bool = form.cleaned_data["active"]
    if active == target.is_active:
        messages.info(request, "Tài khoản đã ở trạng thái này.")
    else:
        services.set_user_active(
            actor=viewer,  # type: ignore[arg-type]
            user=target,
            active=active,
            organization=_audit_unit(grants),
        )
        messages.success(request, "Đã mở khóa tài khoản." if active else "Đã khóa tài khoản.")
    return redirect("access:user-detail", pk=target.pk)
