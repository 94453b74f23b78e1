"""Rows of the long lists on organisation pages (tree nodes, a unit's cells, its timeline),
prepared in Python as plain dicts.

A commune's page lists about fifty cells and its timeline; the tree shows the sixty-odd units
of a province. Per row, Django's template engine looks each variable up as a dict key first
and only then as an attribute, and calls every filter and `{% url %}` anew: on model
instances that was most of these pages' time under load. Dict rows whose URLs, labels and
dates are already final render in a fraction of it, with the same HTML."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db.models import QuerySet
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from dangbo.access.policy import Action
from dangbo.access.scoping import can
from dangbo.core.formats import format_date
from dangbo.orgs.models import Organization, OrgEvent, OrgEventKind, OrgKind
from dangbo.orgs.queries import ChildRow

KIND_LABELS: dict[str, str] = {kind.value: str(kind.label) for kind in OrgKind}

# The full kind names are long ("Đảng bộ cấp trên trực tiếp cơ sở"); tree rows on a phone
# show these, with the full name as a tooltip.
SHORT_KIND_LABELS: dict[str, str] = {
    OrgKind.PROVINCE: "ĐB tỉnh",
    OrgKind.UPPER: "Cấp trên cơ sở",
    OrgKind.GRASSROOTS_COMMITTEE: "ĐB cơ sở",
    OrgKind.GRASSROOTS_CELL: "CB cơ sở",
    OrgKind.CELL: "CB trực thuộc",
    OrgKind.GROUP: "Tổ đảng",
}

EVENT_KIND_LABELS: dict[str, str] = {kind.value: str(kind.label) for kind in OrgEventKind}

# An id no unit will have, reversed once and cut out to leave the URL's head and tail.
_URL_MARK = "987654321"
_url_shapes: dict[tuple[str, str, Any], tuple[str, str]] = {}


def url_shape(name: str) -> tuple[str, str]:
    """The head and tail of URL `name` around its one integer argument: `f"{head}{pk}{tail}"`
    is `reverse(name, args=[pk])`. reverse() was a third of a commune's page, once per row;
    the pattern is reversed once per script prefix and urlconf (what reverse() depends on)."""
    key = (name, get_script_prefix(), get_urlconf())
    shape = _url_shapes.get(key)
    if shape is None:
        head, _, tail = reverse(name, args=[_URL_MARK]).partition(_URL_MARK)
        shape = _url_shapes[key] = (head, tail)
    return shape


def pk_url(name: str, pk: int) -> str:
    """`reverse(name, args=[pk])` for a URL whose one argument is an integer id, cheaply."""
    head, tail = url_shape(name)
    return f"{head}{int(pk)}{tail}"


def org_url(pk: int) -> str:
    """The page of the unit with this id."""
    return pk_url("orgs:org-detail", pk)


def org_link_html(pk: int, name: str, linkable: bool) -> SafeString:
    """The unit's name, a link to its page when the user may open it."""
    if not linkable:
        return format_html("<span>{}</span>", name)
    return format_html('<a href="{}">{}</a>', org_url(pk), name)


def child_rows(children: Iterable[ChildRow]) -> list[dict[str, Any]]:
    """A unit's direct children as links with their kind (the list on its page)."""
    head, tail = url_shape("orgs:org-detail")
    return [
        {
            "url": f"{head}{c.id}{tail}",
            "name": c.name,
            "kind_label": KIND_LABELS.get(c.kind, c.kind),
            "kind_short": SHORT_KIND_LABELS.get(c.kind, c.kind),
        }
        for c in children
    ]


class _Named(NamedTuple):
    """Just enough of an organisation for `can()`, which reads only its path."""

    pk: int
    path: str


_NAMED = ("organization", "old_parent", "new_parent", "counterpart")
_EVENT_VALUES = (
    "id",
    "kind",
    "effective_on",
    "decision_number",
    "decision_date",
    "note",
    "old_name",
    "new_name",
    *(f"{rel}_id" for rel in _NAMED),
)


def timeline_rows(
    user: Any, events: QuerySet[OrgEvent], *, about: int | None = None
) -> list[dict[str, Any]]:
    """Rows for orgs/_event.html from an (ordered, possibly sliced) query of events: the
    organisations they name become links when the user may open them, plain names when not.
    `about` is the unit whose page shows them: its own name is not repeated on each row.

    Two queries: the events without joins, then the few organisations they name. Joining the
    organisation table four times made PostgreSQL hash-join whole tables before the LIMIT
    (2 ms at province size, worse nationally) and built four model instances per row."""
    found = list(events.values(*_EVENT_VALUES))
    named_ids = {ev[f"{rel}_id"] for ev in found for rel in _NAMED} - {None}
    named = {
        pk: (name, path)
        for pk, name, path in Organization.objects.filter(pk__in=named_ids)
        .order_by()
        .values_list("pk", "name", "path")
    }
    links: dict[int, SafeString] = {}
    for pk, (name, path) in named.items():
        visible = pk == about or can(user, Action.VIEW, _Named(pk, path))  # type: ignore[arg-type]
        links[pk] = org_link_html(pk, name, visible)
    rows = []
    for ev in found:
        kind = ev["kind"]
        rows.append(
            {
                "kind": kind,
                "kind_label": EVENT_KIND_LABELS.get(kind, kind),
                "effective_on": format_date(ev["effective_on"]),
                "decision_number": ev["decision_number"],
                "decision_date": format_date(ev["decision_date"]),
                "note": ev["note"],
                "old_name": ev["old_name"],
                "new_name": ev["new_name"],
                "about_self": about is not None and ev["organization_id"] == about,
                **{rel: links.get(ev[f"{rel}_id"]) for rel in _NAMED},
            }
        )
    return rows
