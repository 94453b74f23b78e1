"""The one gate for reading scoped data (DESIGN rule 2).

A model is scoped by declaring `scope_path`, the lookup of the organisation path it belongs
to (e.g. "organization__path"). It may declare `scope_owner` (a lookup to the user a row
belongs to: members see only their own rows), `scope_view_action` (the action needed to
see it at all, "view" by default) and `scope_inherited` (a filter of rows that units below
the owning organisation may also read: an issued resolution of the commune is read by its
cells; only for the view action).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from dangbo.access.models import Grant, Role, valid_on
from dangbo.access.policy import NODE_ONLY_ROLES, Action, allows
from dangbo.core.clock import today
from dangbo.orgs.models import Organization

M = TypeVar("M", bound=models.Model)

_CACHE_ATTR = "_dangbo_grants"


@dataclass(frozen=True)
class ActiveGrant:
    path: str
    role: str
    organization_id: int


def active_grants(user: Any) -> list[ActiveGrant]:
    """The user's grants valid today: one query, cached on the user object for the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        rows = Grant.objects.filter(valid_on(today()), user=user).values_list(
            "organization__path", "role", "organization_id"
        )
        cached = [ActiveGrant(path, role, org_id) for path, role, org_id in rows]
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user: Any) -> None:
    """Drop the cached grants after they change (services call this for the acting user)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _minimal_prefixes(paths: set[str]) -> list[str]:
    """Drop paths already covered by a shorter one, so the SQL stays short."""
    kept: list[str] = []
    for path in sorted(paths, key=len):
        if not any(path.startswith(prefix) for prefix in kept):
            kept.append(path)
    return kept


def _ancestor_paths(paths: set[str]) -> set[str]:
    """The materialized paths strictly above each path (treebeard: fixed-width steps)."""
    step = Organization.steplen
    return {path[:end] for path in paths for end in range(step, len(path), step)}


def view_action(model: type[models.Model]) -> str:
    return str(getattr(model, "scope_view_action", Action.VIEW))


def scope_q(user: Any, model: type[models.Model], action: str) -> Q | None:
    """The filter for rows of `model` that `user` may act on, or None when nothing."""
    path_field: str = model.scope_path  # type: ignore[attr-defined]
    owner_field: str | None = getattr(model, "scope_owner", None)
    subtree: set[str] = set()
    nodes: set[str] = set()
    for grant in active_grants(user):
        if not allows(grant.role, action):
            continue
        (nodes if grant.role in NODE_ONLY_ROLES else subtree).add(grant.path)
    parts = [Q(**{f"{path_field}__startswith": p}) for p in _minimal_prefixes(subtree)]
    if nodes:
        if owner_field:
            parts.append(Q(**{owner_field: user}))
        else:
            parts.append(Q(**{f"{path_field}__in": sorted(nodes)}))
    inherited: dict[str, Any] | None = getattr(model, "scope_inherited", None)
    if inherited and action == view_action(model):
        above = _ancestor_paths(subtree | nodes)
        if above:
            parts.append(Q(**{f"{path_field}__in": sorted(above)}, **inherited))
    if not parts:
        return None
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


def scope(user: Any, model: type[M], action: str | None = None) -> models.QuerySet[M]:
    """Rows of `model` the user may see (or act on, with `action`). At most 2 queries:
    the user's grants, then the rows."""
    q = scope_q(user, model, action or view_action(model))
    manager = model._default_manager
    return manager.none() if q is None else manager.filter(q)


def get_or_404(user: Any, model: type[M], action: str | None = None, **lookup: Any) -> M:
    """The object, 404 when the user may not see it, 403 when they see it but may not act."""
    obj = scope(user, model).filter(**lookup).first()
    if obj is None:
        raise Http404("Không tìm thấy hoặc bạn không có quyền xem.")
    wanted = action or view_action(model)
    if wanted != view_action(model) and not scope(user, model, wanted).filter(pk=obj.pk).exists():
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
    return obj


def units_for(user: Any, action: str = Action.VIEW) -> models.QuerySet[Organization]:
    """Organisations the user may act on: for pickers and the scope switcher."""
    return scope(user, Organization, action)


def can(user: Any, action: str, organization: Organization) -> bool:
    """May `user` do `action` on this organisation? Answered from the cached grants."""
    return any(True for _ in _grants_reaching(user, action, organization))


def covers_subtree(user: Any, model: type[models.Model], organization: Organization) -> bool:
    """Does scope(user, model) hold every row of `model` under the organisation? True when a
    grant that sees the model reaches the whole subtree (not a node-only grant, such as a
    member's, which sees only its own rows): counts kept per unit may then answer for it."""
    return any(
        grant.role not in NODE_ONLY_ROLES
        for grant in _grants_reaching(user, view_action(model), organization)
    )


def _grants_reaching(user: Any, action: str, organization: Organization) -> Iterator[ActiveGrant]:
    """The user's grants that allow `action` on this organisation: a node-only grant held on
    the organisation itself, any other held on it or above it."""
    for grant in active_grants(user):
        if not allows(grant.role, action):
            continue
        if grant.role in NODE_ONLY_ROLES:
            if organization.path == grant.path:
                yield grant
        elif organization.path.startswith(grant.path):
            yield grant


def require(user: Any, action: str, organization: Organization) -> None:
    if not can(user, action, organization):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")


def roles_of(user: Any) -> set[str]:
    return {grant.role for grant in active_grants(user)}


def is_admin(user: Any) -> bool:
    return Role.ADMIN in roles_of(user)


def root_units(user: Any) -> list[Organization]:
    """The granted organisations that are not below another granted one: where work starts."""
    prefixes = _minimal_prefixes({g.path for g in active_grants(user)})
    if not prefixes:
        return []
    return list(Organization.objects.filter(path__in=prefixes).order_by("path"))
