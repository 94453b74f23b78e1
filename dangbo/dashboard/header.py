"""The top of the dashboard: the unit, the ancestors the reader may open (the breadcrumb) and
the child units to drill down into. Two statements whatever the size of the tree."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from dangbo.core.text import text_sort_key
from dangbo.orgs.models import Organization, OrgKind
from dangbo.orgs.queries import active_now


@dataclass(frozen=True)
class Header:
    unit: Organization
    # From the highest unit the reader may see down to the unit's parent.
    ancestors: list[Organization]
    # The unit's active child units the reader may see, by name (tổ đảng left out: a cell's
    # party groups hold no figures of their own on the dashboard).
    children: list[Organization]


def ancestor_paths(unit: Organization) -> list[str]:
    """The materialized paths above the unit (treebeard: fixed-width steps), top first."""
    step = Organization.steplen
    return [unit.path[:end] for end in range(step, len(unit.path), step)]


def header(organizations: QuerySet[Organization], unit: Organization) -> Header:
    """`organizations` is the reader's scope(Organization): an ancestor out of their scope is
    not shown (a cell secretary's breadcrumb starts at their cell)."""
    ancestors = list(organizations.filter(path__in=ancestor_paths(unit)).order_by("depth"))
    children = list(
        organizations.filter(path__startswith=unit.path, depth=unit.depth + 1)
        .filter(active_now())
        .exclude(kind=OrgKind.GROUP)
        .order_by()
    )
    children.sort(key=lambda o: text_sort_key(o.name))
    return Header(unit, ancestors, children)
