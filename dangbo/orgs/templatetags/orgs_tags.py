"""Small helpers for the organisation templates.

They may run once per row of a long list, so each is a dict lookup or a string splice rather
than a call into Django's enum, URL or date machinery (see views/rows.py)."""

from __future__ import annotations

from datetime import date

from django import template

from dangbo.core.formats import format_date
from dangbo.orgs.views.rows import (
    KIND_LABELS,
    SHORT_KIND_LABELS,
    org_url,
    pk_url,
)

register = template.Library()


@register.filter
def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


@register.filter
def kind_short(kind: str) -> str:
    return SHORT_KIND_LABELS.get(kind, kind)


@register.filter
def dmy(day: date | None) -> str:
    """dd/mm/yyyy, as `|date:"d/m/Y"` gives, for a fraction of its cost."""
    return format_date(day)


@register.filter
def detail_url(pk: int) -> str:
    """The page of the unit with this id (`{% url 'orgs:org-detail' pk %}`, cheaper)."""
    return org_url(pk)


@register.filter
def id_url(pk: int, name: str) -> str:
    """`{{ seat.pk|id_url:"orgs:seat-end" }}`: `{% url "orgs:seat-end" seat.pk %}`, cheaper."""
    return pk_url(name, pk)
