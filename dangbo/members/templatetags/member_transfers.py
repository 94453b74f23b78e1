"""The transfer buttons of a member's profile, as an inclusion tag: the profile view need not
know about transfers, and the buttons show only to those the pages would let through."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.http import urlencode

from dangbo.access.policy import Action
from dangbo.access.scoping import can
from dangbo.members.models import Member, Transfer
from dangbo.members.transfer_access import may_act_as_sender, may_receive

register = template.Library()


@register.inclusion_tag("members/transfer_profile_actions.html", takes_context=True)
def transfer_actions(context: Any) -> dict[str, Any]:
    """Start a transfer (no letter pending), receive or cancel the pending one, end a
    temporary activity elsewhere; each only where the user may edit the member's unit."""
    member: Member = context["member"]
    transfer: Transfer | None = context.get("transfer")
    user = context["request"].user
    editor = can(user, Action.EDIT, member.organization)
    return {
        "member": member,
        "transfer": transfer,
        "start_query": urlencode({"member": member.pk}),
        "may_start": editor and member.is_on_roll and transfer is None,
        "may_receive": transfer is not None and may_receive(user, transfer),
        "may_cancel": transfer is not None and editor and may_act_as_sender(user, transfer),
        "may_end_temporary": editor and member.temporary_organization_id is not None,
    }
