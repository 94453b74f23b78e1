"""Access control: every read of scoped data goes through here (DESIGN rule 2).

from dangbo import access
access.scope(user, Model, action)       # queryset the user may see / act on
access.get_or_404(user, Model, action, pk=…)
access.units_for(user, action)          # organisations, for pickers
"""

from typing import Any

_EXPORTS = {"scope", "get_or_404", "units_for", "can", "require", "scope_q", "active_grants"}


def __getattr__(name: str) -> Any:
    # Lazy, so that importing dangbo.access does not load models before apps are ready.
    if name in _EXPORTS:
        from dangbo.access import scoping

        return getattr(scoping, name)
    raise AttributeError(name)
