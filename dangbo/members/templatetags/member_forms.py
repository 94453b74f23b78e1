"""The buttons that open the member forms, as inclusion tags: the list and profile views need
not know about the forms, and each button shows only to those the form pages let through
(Action.EDIT on the member's unit)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.http import urlencode

from dangbo.access.policy import Action
from dangbo.access.scoping import can
from dangbo.members.models import Member
from dangbo.members.views.choosing import may_add_members
from dangbo.members.views.events import event_menu
from dangbo.orgs.models import CELL_KINDS, Organization

register = template.Library()


def _user(context: Any) -> Any:
    request = context.get("request")
    return request.user if request is not None else None


@register.inclusion_tag("members/_member_actions.html", takes_context=True)
def member_actions(context: Any) -> dict[str, Any]:
    """ "Sửa thông tin" and the "Cập nhật quá trình" menu of the profile."""
    member: Member = context["member"]
    editor = can(_user(context), Action.EDIT, member.organization)
    return {"member": member, "editor": editor, "menu": event_menu(member) if editor else []}


@register.inclusion_tag("members/_correct_link.html", takes_context=True)
def correct_link(context: Any, row: dict[str, Any]) -> dict[str, Any]:
    """ "Đính chính" on a timeline row that still counts (not corrected, not a voiding, not a
    record correction)."""
    member: Member = context["member"]
    live = not row.get("superseded") and row.get("correctable") and row.get("pk")
    show = bool(live) and can(_user(context), Action.EDIT, member.organization)
    return {"show": show, "pk": row.get("pk"), "label": row.get("kind_label", "")}


@register.inclusion_tag("members/_add_member.html", takes_context=True)
def add_member_menu(context: Any, unit: Organization | None = None) -> dict[str, Any]:
    """ "Thêm đảng viên" on the roll: admit a new member or enter an existing one, into the
    cell being listed when it is one the user may edit."""
    user = _user(context)
    if not may_add_members(user):
        return {"show": False}
    query = ""
    if unit is not None and unit.kind in CELL_KINDS and can(user, Action.EDIT, unit):
        query = "?" + urlencode({"organization": unit.pk})
    return {"show": True, "query": query}
