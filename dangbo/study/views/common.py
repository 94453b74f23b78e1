"""Query-string helpers shared by the study pages: a bad value is ignored, never a 500."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest

from dangbo.access.scoping import scope, units_for
from dangbo.core.formats import parse_date
from dangbo.documents.models import Document
from dangbo.orgs.models import Organization

PER_PAGE = 25


def int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw.isdigit() or len(raw) > 9:
        return None
    return int(raw)


def visible_unit(request: HttpRequest, name: str = "don_vi") -> Organization | None:
    pk = int_param(request, name)
    return None if pk is None else units_for(request.user).filter(pk=pk).first()


def visible_document(request: HttpRequest, name: str = "van_ban") -> Document | None:
    pk = int_param(request, name)
    return None if pk is None else scope(request.user, Document).filter(pk=pk).first()


def date_param(request: HttpRequest, name: str) -> date | None:
    raw = request.GET.get(name, "").strip()[:20]
    if not raw:
        return None
    try:
        return parse_date(raw)
    except ValueError:
        return None
