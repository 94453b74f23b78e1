"""What the member forms offer to choose, always from the user's scope (DESIGN rule 2): the
cells they may put members in, and the official members who may sponsor an admission."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse

from dangbo.access.policy import Action, allows
from dangbo.access.scoping import active_grants, scope, units_for
from dangbo.access.working import working_org
from dangbo.core.text import text_sort_key
from dangbo.members.models import Member, MemberStatus
from dangbo.orgs.models import CELL_KINDS, Organization

# A select stays usable (and light on a commune PC) up to a few hundred rows; a province
# office narrows it by choosing its working unit first.
CELLS_OFFERED = 400
SPONSORS_OFFERED = 300
HISTORY_ANCHOR = "pane-history"


def may_add_members(user: Any) -> bool:
    """Does any of the user's grants let them put members on a roll?"""
    return any(allows(g.role, Action.EDIT) for g in active_grants(user))


def editable_units(user: Any) -> QuerySet[Organization]:
    """Every unit the user may edit: a form accepts any of them, and the service says why a
    unit that is not a cell, or is dissolved, cannot hold members."""
    return units_for(user, Action.EDIT)


def offered_cells(request: HttpRequest) -> list[Organization]:
    """Active cells the user may edit under their working unit, in Vietnamese name order."""
    cells = editable_units(request.user).filter(kind__in=CELL_KINDS, active_to__isnull=True)
    near = working_org(request)
    if near is not None:
        cells = cells.filter(path__startswith=near.path)
    rows = list(cells.order_by("depth", "path")[:CELLS_OFFERED])
    return sorted(rows, key=lambda o: text_sort_key(o.name))


def chosen_cell(user: Any, raw: Any, offered: list[Organization]) -> Organization | None:
    """The cell named by `raw` (a form value or ?organization=), if the user may edit it; the
    only offered cell when there is one (a secretary's own)."""
    text = str(raw or "")
    if text.isdigit() and len(text) < 19:
        return editable_units(user).filter(pk=int(text), kind__in=CELL_KINDS).first()
    return offered[0] if len(offered) == 1 else None


def official_members(
    user: Any, cell: Organization | None, *, exclude: int | None = None
) -> list[Member]:
    """Official members of `cell` the user sees, by name: who may sponsor an admission."""
    if cell is None:
        return []
    rows = scope(user, Member).filter(organization=cell, status=MemberStatus.OFFICIAL)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return list(rows.order_by("name_sort", "id")[:SPONSORS_OFFERED])


def may_write_personal(user: Any) -> bool:
    """Are there cells where the user may enter CCCD, addresses and phone? The boxes show
    then; the unit finally chosen is checked on saving (members.api.members.check_personal)."""
    return units_for(user, Action.PERSONAL).filter(kind__in=CELL_KINDS).exists()


def posted(request: HttpRequest) -> Any:
    """The form data of a POST, even an empty one (`request.POST or None` would show an
    empty POST the blank form again, without saying what is missing)."""
    return request.POST if request.method == "POST" else None


def profile_url(member: Member, anchor: str = HISTORY_ANCHOR) -> str:
    url = reverse("members:member-detail", args=[member.pk])
    return f"{url}#{anchor}" if anchor else url
