"""Grants: which user may do what, in which part of the tree, for which dates."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangbo.orgs.models import Organization


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị"
    COMMITTEE = "committee", "Cấp ủy viên"
    OFFICE = "office", "Văn phòng / Tổ chức"
    SECRETARY = "secretary", "Bí thư chi bộ"
    INSPECTION = "inspection", "Kiểm tra"
    VIEWER = "viewer", "Chỉ xem"
    MEMBER = "member", "Đảng viên"


class Grant(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người dùng",
        on_delete=models.PROTECT,
        related_name="grants",
    )
    organization = models.ForeignKey(
        Organization, verbose_name="tổ chức", on_delete=models.PROTECT, related_name="grants"
    )
    role = models.CharField("vai trò", max_length=16, choices=Role.choices)
    valid_from = models.DateField("hiệu lực từ")
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=255, blank=True)

    scope_path = "organization__path"
    # Seeing who holds which grant is itself a permission (docs/permissions.md).
    scope_view_action = "grants"

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        ordering = ["user__username", "valid_from"]
        indexes = [models.Index(fields=["user", "valid_from", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization}"

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


def valid_on(day: date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))
