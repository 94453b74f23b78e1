"""Party documents (NQ, CTr, KH, BC …) with their number and symbol as the Party writes them.

Numbering follows HD 36-HD/VPTW point 1.3.1 (reference/regulations.md §7.4): a committee's
documents run from 01 within one term, never reset at the new year; congress documents have
their own sequence across every kind. Whether the committee sequence is shared across kinds or
kept per kind is the rule row `documents.numbering_scope` (data, not code).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from dangbo.orgs.models import Organization, Term


class DocKind(models.TextChoices):
    RESOLUTION = "NQ", "Nghị quyết"
    PROGRAM = "CTr", "Chương trình"
    PLAN = "KH", "Kế hoạch"
    DIRECTIVE = "CT", "Chỉ thị"
    DECISION = "QĐ", "Quyết định, quy định"
    GUIDANCE = "HD", "Hướng dẫn"
    REPORT = "BC", "Báo cáo"
    NOTICE = "TB", "Thông báo"
    CONCLUSION = "KL", "Kết luận"
    OFFICIAL_LETTER = "CV", "Công văn"
    SUBMISSION = "TTr", "Tờ trình"
    MINUTES = "BB", "Biên bản"


# Kinds a program of action or plan can implement; shown as the "thực hiện văn bản" picker.
IMPLEMENTING_KINDS = {DocKind.PROGRAM, DocKind.PLAN, DocKind.DIRECTIVE, DocKind.GUIDANCE}


class DocStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    ISSUED = "issued", "Đã ban hành"
    REPLACED = "replaced", "Đã được thay thế"


class Document(models.Model):
    """One document of one issuing organisation. Drafts have no number; issuing reserves
    the next number of its sequence, which is never given again."""

    kind = models.CharField("loại văn bản", max_length=8, choices=DocKind.choices)
    issuer = models.ForeignKey(
        Organization,
        verbose_name="cơ quan ban hành",
        on_delete=models.PROTECT,
        related_name="documents",
    )
    term = models.ForeignKey(
        Term,
        verbose_name="nhiệm kỳ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    congress = models.BooleanField("văn bản đại hội", default=False)
    number = models.PositiveIntegerField("số", null=True, blank=True)
    issuer_code = models.CharField(
        "ký hiệu cơ quan ban hành", max_length=32, help_text="Phần sau dấu «/»: ĐU, TU, HU, CB…"
    )
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    place = models.CharField("địa danh", max_length=128, blank=True)
    signer = models.CharField("người ký", max_length=128, blank=True)
    signer_capacity = models.CharField(
        "thẩm quyền ký", max_length=128, blank=True, help_text="Ví dụ: T/M BAN THƯỜNG VỤ — BÍ THƯ"
    )
    title = models.CharField("trích yếu", max_length=500)
    summary = models.TextField("tóm tắt", blank=True)
    body = models.TextField("nội dung", blank=True)
    search_text = models.TextField(editable=False, default="")
    implements = models.ForeignKey(
        "self",
        verbose_name="thực hiện văn bản",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="implementations",
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name="được thay thế bởi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )
    status = models.CharField(
        "trạng thái", max_length=16, choices=DocStatus.choices, default=DocStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_path = "issuer__path"
    # Units below the issuer read what it has issued (a cell implements the commune's
    # resolution); drafts stay with the issuer's subtree. access.scoping reads this.
    scope_inherited = {"status__in": [DocStatus.ISSUED, DocStatus.REPLACED]}

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "term", "congress", "kind", "number"],
                condition=models.Q(number__isnull=False),
                name="document_number_once",
            )
        ]
        indexes = [
            models.Index(fields=["issuer", "status", "-issued_on"], name="document_issuer_date"),
            models.Index(fields=["kind", "-issued_on"], name="document_kind_date"),
        ]

    def __str__(self) -> str:
        return f"{self.symbol or self.get_kind_display()} — {self.title}"[:255]

    @property
    def symbol(self) -> str:
        """ "02-CTr/ĐU": the number and symbol line of HD 36 without "Số"."""
        if self.number is None:
            return ""
        return f"{self.number:02d}-{self.kind}/{self.issuer_code}"


class NumberSequence(models.Model):
    """The last number given in one sequence. Rows are locked while a number is taken, so two
    secretaries issuing at once never get the same number; `last` only grows."""

    issuer = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey(Term, null=True, on_delete=models.PROTECT, related_name="+")
    congress = models.BooleanField(default=False)
    kind = models.CharField(max_length=8, blank=True, help_text="empty when shared by all kinds")
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "sổ đăng ký số văn bản"
        verbose_name_plural = "sổ đăng ký số văn bản"
        constraints = [
            # Two partial indexes rather than nulls_distinct=False, which SQLite lacks.
            models.UniqueConstraint(
                fields=["issuer", "term", "congress", "kind"],
                condition=models.Q(term__isnull=False),
                name="sequence_once",
            ),
            models.UniqueConstraint(
                fields=["issuer", "congress", "kind"],
                condition=models.Q(term__isnull=True),
                name="sequence_once_without_term",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id}/{self.term_id}/{self.kind or '*'}: {self.last}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"documents/{instance.document_id}/{filename}"


class Attachment(models.Model):
    """A file of the document (the signed PDF, the Word original, an annex workbook). Kept in
    private storage and served only through a scoped view."""

    document = models.ForeignKey(
        Document, verbose_name="văn bản", on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField("tệp", upload_to=attachment_path, max_length=255)
    name = models.CharField("tên tệp", max_length=255)
    size = models.PositiveBigIntegerField("dung lượng (byte)")
    sha256 = models.CharField(max_length=64)
    text_extracted = models.BooleanField("đã lấy nội dung", default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    scope_path = "document__issuer__path"
    scope_inherited = {"document__status__in": [DocStatus.ISSUED, DocStatus.REPLACED]}

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
