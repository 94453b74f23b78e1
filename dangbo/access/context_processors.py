"""The organisation being worked on (scope switcher) and what the menus may offer."""

from typing import Any

from django.http import HttpRequest

from dangbo.access.policy import Action, allows
from dangbo.access.scoping import active_grants, root_units
from dangbo.access.working import working_org


def working_scope(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = {g.role for g in active_grants(user)}
    return {
        "working_org": working_org(request),
        "root_units": root_units(user),
        "can_grants": any(allows(r, Action.GRANTS) for r in roles),
        "can_audit": any(allows(r, Action.AUDIT) for r in roles),
    }
