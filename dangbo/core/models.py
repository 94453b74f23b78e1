"""Effective-dated reference data shared by every app: rule rows and the holiday calendar.

Both are data, not code (DESIGN rule 4): a new regulation or next year's Tết is a new row,
loaded by a data migration or entered by staff, never an edit to a constant.
"""

from __future__ import annotations

from django.db import models


class Confidence(models.TextChoices):
    """How sure the reference (shared/reference/regulations.md) is of a rule."""

    HIGH = "high", "Chắc chắn"
    MEDIUM = "medium", "Khá chắc chắn"
    LOW = "low", "Chưa xác nhận"


class Rule(models.Model):
    """One value of a regulation, valid from `valid_from` until the day before `valid_to`.

    Read through `dangbo.core.rules.rule(key, on=day)`, which picks the row in force that day,
    so a 2024 case is judged by the 2024 text and a 2026 case by the 2026 one.
    """

    key = models.CharField("khóa", max_length=64)
    value = models.JSONField("giá trị")
    source = models.CharField("văn bản", max_length=255)
    valid_from = models.DateField("hiệu lực từ")
    valid_to = models.DateField("hết hiệu lực từ", null=True, blank=True)
    confidence = models.CharField(
        "độ tin cậy", max_length=8, choices=Confidence.choices, default=Confidence.HIGH
    )
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "quy định"
        verbose_name_plural = "quy định"
        ordering = ["key", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "valid_from"], name="rule_unique_start")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.source})"


class Holiday(models.Model):
    """A day that breaks the Monday–Friday working week in Vietnam.

    `is_day_off=True`: a public holiday or a compensatory/swapped day off on a weekday.
    `is_day_off=False`: a Saturday or Sunday worked to make up a swapped day off (the Prime
    Minister's yearly swap notices), which therefore counts as a working day.
    """

    date = models.DateField("ngày", unique=True)
    name = models.CharField("tên", max_length=128)
    is_day_off = models.BooleanField("ngày nghỉ", default=True)
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "ngày nghỉ lễ"
        verbose_name_plural = "ngày nghỉ lễ"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"
