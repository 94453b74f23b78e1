"""Small helpers for the organisation templates."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from dangbo.orgs.models import OrgKind

register = template.Library()

# The full kind names are long ("Đảng bộ cấp trên trực tiếp cơ sở"); tree rows on a phone
# show these, with the full name as a tooltip.
SHORT_KIND_LABELS = {
    OrgKind.PROVINCE: "ĐB tỉnh",
    OrgKind.UPPER: "Cấp trên cơ sở",
    OrgKind.GRASSROOTS_COMMITTEE: "ĐB cơ sở",
    OrgKind.GRASSROOTS_CELL: "CB cơ sở",
    OrgKind.CELL: "CB trực thuộc",
    OrgKind.GROUP: "Tổ đảng",
}


@register.filter
def kind_label(kind: str) -> str:
    return str(OrgKind(kind).label) if kind in OrgKind.values else kind


@register.filter
def kind_short(kind: str) -> str:
    return SHORT_KIND_LABELS.get(OrgKind(kind), kind) if kind in OrgKind.values else kind


@register.simple_tag
def org_link(org: Any, visible_ids: set[int] | None = None) -> SafeString:
    """The unit's name, a link to its page when the user may open it."""
    if org is None:
        return format_html("")
    if visible_ids is not None and org.pk not in visible_ids:
        return format_html("<span>{}</span>", org.name)
    return format_html('<a href="{}">{}</a>', reverse("orgs:org-detail", args=[org.pk]), org.name)
