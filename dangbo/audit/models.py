"""Audit trail: one row per service write, chained by SHA-256 so that a quiet change shows."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models

GENESIS_HASH = "0" * 64


class AuditEvent(models.Model):
    """What a service changed: who, what, where in the tree, before/after, from which address.

    `seq` numbers events 1, 2, 3 … with no gap; `hash` covers every field and the previous
    event's hash, so changing, deleting or reordering rows breaks the chain (audit_verify).
    """

    seq = models.PositiveBigIntegerField("số thứ tự", unique=True)
    created_at = models.DateTimeField("thời điểm")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("hành động", max_length=64, db_index=True)
    object_type = models.CharField("loại đối tượng", max_length=64)
    object_id = models.CharField("mã đối tượng", max_length=64)
    object_repr = models.CharField("đối tượng", max_length=255, blank=True)
    # The organisation the change belongs to: scopes who may read the event. Kept as an id,
    # not a foreign key, because audit sits below orgs in the layers.
    organization_id = models.BigIntegerField("tổ chức", null=True, blank=True, db_index=True)
    org_path = models.CharField("đường dẫn tổ chức", max_length=255, blank=True, db_index=True)
    before = models.JSONField("trước", default=dict, blank=True)
    after = models.JSONField("sau", default=dict, blank=True)
    ip = models.CharField("địa chỉ IP", max_length=45, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    # Scoped through the organisation path recorded with the event (see dangbo.access).
    scope_path = "org_path"
    # Reading the log is its own permission (Action.AUDIT): a plain VIEW grant, e.g. a
    # member's, must not show who changed what from which address.
    scope_view_action = "audit"

    class Meta:
        verbose_name = "sự kiện nhật ký"
        verbose_name_plural = "nhật ký"
        ordering = ["-seq"]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def compute_hash(self) -> str:
        return chain_hash(self.payload(), self.prev_hash)

    def payload(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "created_at": self.created_at.isoformat(),
            "actor": self.actor_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "organization": self.organization_id,
            "org_path": self.org_path,
            "before": self.before,
            "after": self.after,
            "ip": self.ip,
        }


class AuditHead(models.Model):
    """The last link of the chain. Locking this one row serialises writers on every database,
    and it lets audit_verify notice when the newest events are deleted."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = "đầu chuỗi nhật ký"

    def __str__(self) -> str:
        return f"Đầu chuỗi #{self.seq}"


def chain_hash(payload: dict[str, Any], prev_hash: str) -> str:
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}|{body}".encode()).hexdigest()
