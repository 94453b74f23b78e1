"""Reads of the tree used by pages, the API and later by indicators.

History is read backwards from today's rows: an organisation's name on a past date is the
`old_name` (and `old_short_name`) of its first rename after that date (or today's if none), and
its parent the `old_parent` of its first move after that date. So a question about any date
costs three queries, whatever the size of the tree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from dangbo.core.text import fold, text_sort_key
from dangbo.orgs.models import Organization, OrgEvent, OrgEventKind


@dataclass(frozen=True)
class OrgSnapshot:
    """An organisation as it stood on one date."""

    id: int
    code: str
    kind: str
    name: str
    short_name: str
    parent_id: int | None
    active_from: date
    active_to: date | None
    path: str  # today's path, for scoping and links
    as_of: date

    @property
    def kind_label(self) -> str:
        from dangbo.orgs.models import OrgKind

        return str(OrgKind(self.kind).label)


def existed_on(day: date) -> Q:
    return Q(active_from__lte=day) & (Q(active_to__isnull=True) | Q(active_to__gt=day))


def active_now() -> Q:
    return Q(active_to__isnull=True)


def _first_after(events: Iterable[OrgEvent]) -> dict[int, OrgEvent]:
    first: dict[int, OrgEvent] = {}
    for event in events:  # ordered by effective_on, id
        first.setdefault(event.organization_id, event)
    return first


def snapshots(orgs: QuerySet[Organization], day: date) -> list[OrgSnapshot]:
    """The given organisations as of `day` (only those that existed then), in tree order."""
    rows = list(orgs.filter(existed_on(day)).order_by("path"))
    ids = [o.pk for o in rows]
    later = OrgEvent.objects.filter(effective_on__gt=day, organization_id__in=ids).order_by(
        "effective_on", "id"
    )
    renames = _first_after(later.filter(kind=OrgEventKind.RENAMED))
    moves = _first_after(later.filter(kind=OrgEventKind.MOVED))
    parent_ids = _current_parent_ids(rows)
    result = []
    for org in rows:
        rename = renames.get(org.pk)
        move = moves.get(org.pk)
        result.append(
            OrgSnapshot(
                id=org.pk,
                code=org.code,
                kind=org.kind,
                name=rename.old_name if rename else org.name,
                short_name=rename.old_short_name if rename else org.short_name,
                parent_id=move.old_parent_id if move else parent_ids.get(org.pk),
                active_from=org.active_from,
                active_to=org.active_to,
                path=org.path,
                as_of=day,
            )
        )
    return result


def _current_parent_ids(rows: list[Organization]) -> dict[int, int | None]:
    steplen = Organization.steplen
    parent_paths = {o.path[:-steplen] for o in rows if o.depth > 1}
    by_path = dict(Organization.objects.filter(path__in=parent_paths).values_list("path", "pk"))
    return {o.pk: by_path.get(o.path[:-steplen]) for o in rows}


def children_as_of(parent: Organization, day: date) -> list[OrgSnapshot]:
    """Units directly under `parent` on `day`: today's children that were already there,
    plus units that have since moved away from it."""
    moved_away = OrgEvent.objects.filter(
        kind=OrgEventKind.MOVED, effective_on__gt=day, old_parent=parent
    ).values("organization_id")
    candidates = Organization.objects.filter(
        Q(path__startswith=parent.path, depth=parent.depth + 1) | Q(pk__in=moved_away)
    )
    return sort_by_name(s for s in snapshots(candidates, day) if s.parent_id == parent.pk)


def sort_by_name(items: Iterable[OrgSnapshot]) -> list[OrgSnapshot]:
    return sorted(items, key=lambda s: text_sort_key(s.name))


def active_children(parent: Organization) -> list[Organization]:
    """Today's active units under `parent`, in Vietnamese order, with their own child counts."""
    rows = (
        Organization.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .filter(active_now())
        .order_by()
    )
    children = list(rows)
    counts = child_counts(children)
    for child in children:
        child.active_child_count = counts.get(child.path, 0)
    return sorted(children, key=lambda o: text_sort_key(o.name))


def child_counts(orgs: list[Organization]) -> dict[str, int]:
    """Active direct children of each organisation, in one GROUP BY over path prefixes."""
    if not orgs:
        return {}
    steplen = Organization.steplen
    depth = orgs[0].depth
    if any(o.depth != depth for o in orgs):
        raise ValueError("child_counts expects siblings")
    from django.db.models.functions import Substr

    prefix_len = depth * steplen
    rows = (
        Organization.objects.filter(depth=depth + 1, active_to__isnull=True)
        .filter(path__startswith=orgs[0].path[: (depth - 1) * steplen])
        .annotate(parent_path=Substr("path", 1, prefix_len))
        # treebeard's manager orders by path, which would otherwise join the GROUP BY and
        # count every row as its own group.
        .order_by()
        .values("parent_path")
        .annotate(n=Count("id"))
    )
    wanted = {o.path for o in orgs}
    return {r["parent_path"]: r["n"] for r in rows if r["parent_path"] in wanted}


def subtree_counts(org: Organization) -> dict[str, int]:
    """How many active units of each kind stand below `org`."""
    rows = (
        Organization.objects.filter(path__startswith=org.path, depth__gt=org.depth)
        .filter(active_now())
        .order_by()  # keep "path" out of the GROUP BY (see child_counts)
        .values("kind")
        .annotate(n=Count("id"))
    )
    return {r["kind"]: r["n"] for r in rows}


def search(orgs: QuerySet[Organization], text: str, limit: int = 20) -> list[Organization]:
    """Find units by any part of their name, without diacritics ("dang bo xa tan" finds
    "Đảng bộ xã Tân …"). All words must appear, in any order."""
    words = fold(text).split()
    if not words:
        return []
    q = orgs
    for word in words:
        q = q.filter(name_folded__contains=word)
    found = list(q.order_by("depth", "path")[: limit * 3])
    found.sort(key=lambda o: (o.is_dissolved, o.depth, text_sort_key(o.name)))
    return found[:limit]


def history(org: Organization) -> QuerySet[OrgEvent]:
    """Events about this unit, plus those that name it as parent or counterpart."""
    return (
        OrgEvent.objects.filter(
            Q(organization=org) | Q(old_parent=org) | Q(new_parent=org) | Q(counterpart=org)
        )
        .select_related("organization", "old_parent", "new_parent", "counterpart", "recorded_by")
        .order_by("-effective_on", "-id")
    )


@dataclass(frozen=True)
class ChildRow:
    """A unit directly under another, as a list row needs it: no model instance."""

    id: int
    name: str
    kind: str
    child_count: int | None = None  # its own active children, when asked for


def active_child_rows(
    units: QuerySet[Organization], parent: Organization, *, with_counts: bool = False
) -> list[ChildRow]:
    """Today's active units directly under `parent` among `units` (the caller's scoped
    queryset), in Vietnamese order, optionally with how many active units each holds (one
    GROUP BY over path prefixes, as child_counts). For lists and tree rows that show a name, a
    kind and a link: a few columns instead of whole rows (compare active_children)."""
    rows = (
        units.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .filter(active_now())
        .order_by()
        .values_list("id", "name", "kind", "path")
    )
    counts: dict[str, int] = {}
    if with_counts:
        from django.db.models.functions import Substr

        prefix_len = (parent.depth + 1) * Organization.steplen
        counts = dict(
            Organization.objects.filter(path__startswith=parent.path, depth=parent.depth + 2)
            .filter(active_now())
            .annotate(parent_path=Substr("path", 1, prefix_len))
            .order_by()  # keep "path" out of the GROUP BY (see child_counts)
            .values("parent_path")
            .annotate(n=Count("id"))
            .values_list("parent_path", "n")
        )
    children = [
        ChildRow(pk, name, kind, counts.get(path, 0) if with_counts else None)
        for pk, name, kind, path in rows
    ]
    return sorted(children, key=lambda c: text_sort_key(c.name))
