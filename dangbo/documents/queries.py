"""Reads of documents used by the pages and the API: the filtered, searched list and the tree
of implementation (resolution → programs → plans). Callers pass querysets already scoped by
access, so nothing here widens what a user sees."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Max, Min, QuerySet

from dangbo.documents.models import DocKind, DocStatus, Document
from dangbo.documents.search import search
from dangbo.orgs.models import Organization

# Levels of the tree page: a resolution, the programs implementing it, the plans under those.
TREE_DEPTH = 4
LIST_FIELDS = (
    "kind",
    "number",
    "issuer_code",
    "issued_on",
    "title",
    "status",
    "congress",
    "issuer",
    "created_at",
    "issuer__name",
    "issuer__path",
    "issuer__kind",
)


@dataclass(frozen=True)
class DocumentFilters:
    q: str = ""
    kind: str = ""
    issuer: Organization | None = None
    year: int | None = None
    status: str = ""


def document_rows(rows: QuerySet[Document], filters: DocumentFilters) -> QuerySet[Document]:
    """`rows` narrowed by the filters, newest first; only the columns a list shows (bodies of
    30 KB are never read for a list). Page through it with `page_ids` + `documents_in_order`."""
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.issuer is not None:
        rows = rows.filter(issuer__path__startswith=filters.issuer.path)
    if filters.year is not None:
        start, end = date(filters.year, 1, 1), date(filters.year, 12, 31)
        rows = rows.filter(issued_on__range=(start, end))
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.q.strip():
        rows = search(rows, filters.q)
    return rows.select_related("issuer").only(*LIST_FIELDS).order_by("-issued_on", "-id")


def ordered_ids(rows: QuerySet[Document]) -> QuerySet[Any]:
    """The ids of `rows` in list order. Paginate these, then read one page of documents.

    SQLite keeps a row's columns in order and title, body and search_text come before
    issuer and status: reading those for 20,000 matches walks every row's overflow pages.
    Counting and ordering ids is answered from the index (issuer, status, issued_on) alone."""
    return rows.values_list("pk", flat=True)


def documents_in_order(rows: QuerySet[Document], ids: Iterable[int]) -> list[Document]:
    """The documents of one page, in the order of `ids`."""
    wanted = list(ids)
    found = {doc.pk: doc for doc in rows.filter(pk__in=wanted).order_by()}
    return [found[pk] for pk in wanted if pk in found]


@dataclass
class TreeItem:
    document: Document
    children: list[TreeItem] = field(default_factory=list)


def document_tree(visible: QuerySet[Document], unit: Organization) -> list[TreeItem]:
    """Resolutions the unit issued (or received from above) with what implements them, level by
    level: one query per level, whatever the number of documents."""
    roots = list(
        visible.filter(kind=DocKind.RESOLUTION, issuer__path__in=_self_and_above(unit))
        .exclude(status=DocStatus.DRAFT)
        .select_related("issuer")
        .defer("body", "search_text")
        .order_by("-issued_on", "-id")[:100]
    )
    items = {doc.pk: TreeItem(doc) for doc in roots}
    level = list(items.values())
    for _ in range(TREE_DEPTH - 1):
        if not level:
            break
        children = (
            visible.filter(implements_id__in=[item.document.pk for item in level])
            .select_related("issuer")
            .defer("body", "search_text")
            .order_by("issued_on", "id")
        )
        next_level = []
        for doc in children:
            if doc.pk in items or doc.implements_id is None:
                continue
            item = TreeItem(doc)
            items[doc.pk] = item
            items[doc.implements_id].children.append(item)
            next_level.append(item)
        level = next_level
    return [items[doc.pk] for doc in roots]


def _self_and_above(unit: Organization) -> list[str]:
    step = Organization.steplen
    return [unit.path[:end] for end in range(step, len(unit.path) + 1, step)]


def years_of(rows: QuerySet[Document]) -> list[int]:
    """Years from the newest issued document back to the oldest (the year filter): two index
    lookups rather than a DISTINCT over every row."""
    span = rows.exclude(issued_on=None).aggregate(first=Min("issued_on"), last=Max("issued_on"))
    if span["first"] is None:
        return []
    return list(range(span["last"].year, max(span["first"].year, span["last"].year - 40) - 1, -1))
