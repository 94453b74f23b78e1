"""Đề nghị đính chính: a member asks, from their own record, that a fact or an event be put
right; staff of their unit approve (which writes the correction) or refuse, with a reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from dangbo.members.models.events import MemberEvent
from dangbo.members.models.member import Member


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", "Chờ xử lý"
    APPROVED = "approved", "Đã đính chính"
    REFUSED = "refused", "Không chấp nhận"


class CorrectionRequest(models.Model):
    """One request about one field of the record, or one field of one event. The current value
    is copied when the request is made, so the request still reads right after the change."""

    member = models.ForeignKey(
        Member,
        verbose_name="đảng viên",
        on_delete=models.PROTECT,
        related_name="correction_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người đề nghị",
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A field of the record (event is None), or of the event (effective_on, decision_number…).
    field = models.CharField("nội dung cần đính chính", max_length=32)
    event = models.ForeignKey(
        MemberEvent,
        verbose_name="sự kiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction_requests",
    )
    current_value = models.CharField("giá trị đang ghi", max_length=255, blank=True)
    requested_value = models.CharField("giá trị đề nghị", max_length=255)
    reason = models.TextField("lý do")
    status = models.CharField(
        "trạng thái",
        max_length=16,
        choices=CorrectionStatus.choices,
        default=CorrectionStatus.PENDING,
    )
    created_at = models.DateTimeField("ngày đề nghị", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xử lý",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("ngày xử lý", null=True, blank=True)
    decision_note = models.TextField("ý kiến xử lý", blank=True)
    # What the approval wrote: the correcting event (of an event, or of the record).
    correction_event = models.ForeignKey(
        MemberEvent,
        verbose_name="sự kiện đính chính",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Read by whoever holds the member now, and by the member themself.
    scope_path = "member__organization__path"
    scope_owner = "member__user"

    class Meta:
        verbose_name = "đề nghị đính chính"
        verbose_name_plural = "đề nghị đính chính"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"Đề nghị đính chính của {self.member}"
