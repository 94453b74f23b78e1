"""The organisation being worked on (scope switcher) and what the menus may offer."""

from typing import Any

from django.http import HttpRequest

from dangbo.access.policy import Action, allows
from dangbo.access.scoping import active_grants
from dangbo.access.working import working_org, working_roots


def working_scope(request: HttpRequest) -> dict[str, Any]:
    """Callables, which the template engine calls where a template reads them: the layout
    reads each once (cached on the request), and htmx partials, which render with this
    context too but show no layout, cost no query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def roles() -> set[str]:
        return {g.role for g in active_grants(user)}

    return {
        "working_org": lambda: working_org(request),
        "root_units": lambda: working_roots(request),
        # Menus that lead only to changing records (imports) are offered to who may edit.
        "can_edit": lambda: any(allows(r, Action.EDIT) for r in roles()),
        "can_grants": lambda: any(allows(r, Action.GRANTS) for r in roles()),
        "can_audit": lambda: any(allows(r, Action.AUDIT) for r in roles()),
    }
