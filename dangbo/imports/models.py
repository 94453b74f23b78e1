"""What an import is and what it did: the job (who, when, which file, how far, with what
result), the objects it created or changed (so it can be reverted), and the column mappings
users confirmed (remembered per organisation, so the next file of the same shape maps itself).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from dangbo.orgs.models import Organization


class JobStatus(models.TextChoices):
    UPLOADED = "uploaded", "Đã tải lên"
    CHECKING = "checking", "Đang kiểm tra"
    CHECKED = "checked", "Đã kiểm tra"
    QUEUED = "queued", "Chờ ghi"
    WRITING = "writing", "Đang ghi"
    DONE = "done", "Đã nhập xong"
    FAILED = "failed", "Lỗi"
    CANCELLED = "cancelled", "Đã hủy"
    REVERTED = "reverted", "Đã hoàn tác"


# A job in one of these is being worked on by a process (a request or the task worker).
BUSY = (JobStatus.CHECKING, JobStatus.QUEUED, JobStatus.WRITING)


class ImportJob(models.Model):
    """One file brought in by one user under one organisation, from upload to commit (or
    revert). The file itself stays in private storage (MEDIA_ROOT/imports), never served
    publicly: the error workbook is rebuilt from it."""

    spec = models.CharField("loại dữ liệu", max_length=32)
    organization = models.ForeignKey(
        Organization, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField("tệp", upload_to="imports/%Y/%m/")
    file_name = models.CharField("tên tệp", max_length=255)
    file_hash = models.CharField("mã băm SHA-256", max_length=64)
    file_size = models.PositiveBigIntegerField("dung lượng (byte)")
    file_format = models.CharField("định dạng", max_length=8, blank=True)
    sheet = models.CharField("trang tính", max_length=128, blank=True)
    all_sheets = models.BooleanField("mọi trang tính", default=False)
    # {column index as text: field key}, per sheet name when all sheets are imported.
    mapping = models.JSONField("ghép cột", default=dict, blank=True)
    skip_invalid = models.BooleanField("bỏ qua dòng lỗi", default=False)

    status = models.CharField(
        "trạng thái", max_length=16, choices=JobStatus.choices, default=JobStatus.UPLOADED
    )
    phase = models.CharField("bước", max_length=64, blank=True)
    rows_done = models.PositiveIntegerField("số dòng đã xử lý", default=0)
    rows_total = models.PositiveIntegerField("tổng số dòng", default=0)
    # {"new", "updated", "unchanged", "invalid", "skipped"}: of the last check or the commit.
    counts = models.JSONField("kết quả", default=dict, blank=True)
    # [{"sheet", "row", "column", "field", "value", "reason"}], the first MAX_ERRORS.
    errors = models.JSONField("lỗi", default=list, blank=True)
    error_count = models.PositiveIntegerField("số lỗi", default=0)
    notices = models.JSONField("lưu ý", default=list, blank=True)
    message = models.TextField("thông báo", blank=True)
    cancel_requested = models.BooleanField(default=False)
    task_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField("tiến trình", max_length=128, blank=True)  # host:pid
    # Refreshed while a process works on the job: a busy job whose heartbeat stopped was
    # killed (the worker died mid-commit) and shows as failed.
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("tải lên lúc", auto_now_add=True)
    committed_at = models.DateTimeField("ghi lúc", null=True, blank=True)
    reverted_at = models.DateTimeField("hoàn tác lúc", null=True, blank=True)

    scope_path = "organization__path"
    scope_owner = "created_by"

    class Meta:
        verbose_name = "lần nhập dữ liệu"
        verbose_name_plural = "lần nhập dữ liệu"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"


class RecordAction(models.TextChoices):
    CREATED = "created", "Thêm mới"
    UPDATED = "updated", "Cập nhật"


class ImportRecord(models.Model):
    """One object a committed job created or changed, with the values it replaced, so a
    revert can put them back while nothing newer depends on them."""

    # Indexed by (job, action) below, which it leads.
    job = models.ForeignKey(
        ImportJob, on_delete=models.PROTECT, related_name="records", db_index=False
    )
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(max_length=8, choices=RecordAction.choices)
    row = models.PositiveIntegerField("dòng")
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    scope_path = "job__organization__path"

    class Meta:
        verbose_name = "bản ghi đã nhập"
        verbose_name_plural = "bản ghi đã nhập"
        indexes = [models.Index(fields=["job", "action"]), models.Index(fields=["object_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.object_id}"


class ColumnMapping(models.Model):
    """A header the user mapped to a field, remembered for their organisation: the next file
    with the same header text (compared folded) is mapped the same way."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    spec = models.CharField(max_length=32)
    header_key = models.CharField(max_length=255)
    field = models.CharField(max_length=64, blank=True)  # "": the user chose to ignore it
    updated_at = models.DateTimeField(auto_now=True)

    scope_path = "organization__path"

    class Meta:
        verbose_name = "ghép cột đã lưu"
        verbose_name_plural = "ghép cột đã lưu"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "spec", "header_key"], name="imports_mapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.header_key} → {self.field or '(bỏ qua)'}"
