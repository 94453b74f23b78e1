"""Recording audit events. Every domain service calls `record` inside its own transaction."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from dangbo.accounts.models import User
from dangbo.audit.context import current_ip
from dangbo.audit.models import AuditEvent, AuditHead
from dangbo.core.jsonable import jsonable


def record(
    *,
    actor: User | None,
    action: str,
    target: models.Model,
    organization: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. `organization` is the Organization the change belongs
    to (anything with `id` and `path`), which decides who may read the event."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            seq=head.seq + 1,
            created_at=timezone.now(),
            actor=actor if actor is not None and actor.is_authenticated else None,
            action=action,
            object_type=target._meta.label_lower,
            object_id=str(target.pk),
            object_repr=str(target)[:255],
            organization_id=getattr(organization, "id", None),
            org_path=getattr(organization, "path", "") or "",
            before=jsonable(before or {}),
            after=jsonable(after or {}),
            ip=current_ip.get(),
            prev_hash=head.hash,
        )
        event.hash = event.compute_hash()
        event.save()
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
        return event
