"""Who sees and acts on which transfer letter, for the pages and the API alike.

A pending letter is seen by the sender (the member is still on its roll, so the member's scope
covers it) and by whoever may edit the receiving unit, who must act on it although the member
is not theirs yet. Once received, the letter follows the member to the receiver.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dangbo.access.policy import Action
from dangbo.access.scoping import can, scope, scope_q, units_for
from dangbo.members.models import Transfer, TransferStatus


def incoming_q(user: Any) -> Q:
    """Letters waiting for a unit the user may edit: the receiver's to-do."""
    return Q(status=TransferStatus.PENDING, to_organization__in=units_for(user, Action.EDIT))


def visible_transfers(user: Any) -> QuerySet[Transfer]:
    """Every letter the user may read: the member's scope, plus incoming ones."""
    seen = scope_q(user, Transfer, Action.VIEW)
    wanted = incoming_q(user) if seen is None else seen | incoming_q(user)
    return Transfer.objects.filter(wanted)


def incoming_transfers(user: Any) -> QuerySet[Transfer]:
    return Transfer.objects.filter(incoming_q(user))


def may_act_as_sender(user: Any, transfer: Transfer) -> bool:
    """Cancel, or record the hand-over of a letter out of the system: the sender's staff."""
    return scope(user, Transfer, Action.EDIT).filter(pk=transfer.pk).exists()


def may_receive(user: Any, transfer: Transfer) -> bool:
    """Only the receiving unit records receipt; out of the system, the sender records it."""
    if transfer.status != TransferStatus.PENDING:
        return False
    if transfer.to_organization is not None:
        return can(user, Action.EDIT, transfer.to_organization)
    return may_act_as_sender(user, transfer)
