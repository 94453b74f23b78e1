"""Targets (chỉ tiêu) and tasks (nhiệm vụ) of a document, their progress reports, and the
proposals read from the document's text that a person confirms before they become either."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from dangbo.documents.models import DocStatus, Document
from dangbo.indicators.models import Indicator
from dangbo.orgs.models import Organization

_ISSUED = {"document__status__in": [DocStatus.ISSUED, DocStatus.REPLACED]}


class Comparator(models.TextChoices):
    AT_LEAST = ">=", "trở lên (≥)"
    MORE_THAN = ">", "trên (>)"
    AT_MOST = "<=", "không quá (≤)"
    LESS_THAN = "<", "dưới (<)"
    EQUAL = "=", "khoảng, bằng (=)"


class Period(models.TextChoices):
    ANNUAL = "annual", "Hằng năm"
    TERM = "term", "Cả nhiệm kỳ / đến hạn"


class TargetStatus(models.TextChoices):
    ACTIVE = "active", "Đang theo dõi"
    ACHIEVED = "achieved", "Đã đạt"
    MISSED = "missed", "Không đạt"
    DROPPED = "dropped", "Thôi theo dõi"


class Target(models.Model):
    """A numeric commitment: "95% trở lên tổ chức đảng hoàn thành tốt nhiệm vụ"."""

    document = models.ForeignKey(
        Document, verbose_name="văn bản", on_delete=models.PROTECT, related_name="targets"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="thuộc chỉ tiêu («trong đó»)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    position = models.PositiveIntegerField("thứ tự", default=0)
    label = models.CharField("tên ngắn", max_length=255, blank=True)
    source_text = models.TextField("câu gốc", blank=True)
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)
    value = models.DecimalField("giá trị", max_digits=20, decimal_places=4)
    value_max = models.DecimalField(
        "giá trị tối đa (khoảng)", max_digits=20, decimal_places=4, null=True, blank=True
    )
    unit = models.CharField("đơn vị tính", max_length=64)
    comparator = models.CharField(
        "so sánh", max_length=2, choices=Comparator.choices, default=Comparator.AT_LEAST
    )
    subject = models.CharField("đối tượng", max_length=500, blank=True)
    metric = models.CharField("nội dung đo", max_length=500, blank=True)
    period = models.CharField(
        "kỳ", max_length=8, choices=Period.choices, blank=True, help_text="để trống khi không rõ"
    )
    baseline = models.DecimalField(
        "giá trị đầu kỳ", max_digits=20, decimal_places=4, null=True, blank=True
    )
    baseline_on = models.DateField("ngày của giá trị đầu kỳ", null=True, blank=True)
    deadline = models.DateField("thời hạn", null=True, blank=True)
    responsible = models.ForeignKey(
        Organization,
        verbose_name="đơn vị chịu trách nhiệm",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    weight = models.DecimalField(
        "trọng số trong chỉ tiêu cha", max_digits=6, decimal_places=2, default=1
    )
    status = models.CharField(
        "trạng thái", max_length=16, choices=TargetStatus.choices, default=TargetStatus.ACTIVE
    )
    # Measured: the indicator whose value (for the responsible unit, else the issuer) is the
    # target's progress (issue #9 §3).
    indicator = models.ForeignKey(
        Indicator,
        verbose_name="chỉ số đo",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    # Cascaded: a share of a higher level's target given to a unit below it.
    cascaded_from = models.ForeignKey(
        "self",
        verbose_name="giao từ chỉ tiêu của cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cascaded",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_path = "document__issuer__path"
    scope_inherited = _ISSUED

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["document_id", "position", "id"]

    def __str__(self) -> str:
        return self.label or f"{self.value:g}{self.unit} {self.subject}"[:255]


class TargetProgress(models.Model):
    """A value reported for one period ("6 tháng đầu năm 2026: 96%"), with its evidence."""

    target = models.ForeignKey(
        Target, verbose_name="chỉ tiêu", on_delete=models.PROTECT, related_name="progress"
    )
    period_label = models.CharField("kỳ báo cáo", max_length=64)
    as_of = models.DateField("số liệu tính đến ngày")
    value = models.DecimalField("giá trị đạt được", max_digits=20, decimal_places=4)
    unit = models.CharField("đơn vị tính", max_length=64)
    comment = models.TextField("nhận xét", blank=True)
    evidence = models.FileField("minh chứng", upload_to="targets/evidence/%Y/", blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)

    scope_path = "target__document__issuer__path"
    scope_inherited = {"target__document__status__in": [DocStatus.ISSUED, DocStatus.REPLACED]}

    class Meta:
        verbose_name = "kết quả thực hiện chỉ tiêu"
        verbose_name_plural = "kết quả thực hiện chỉ tiêu"
        ordering = ["target_id", "as_of", "id"]

    def __str__(self) -> str:
        return f"{self.period_label}: {self.value:g}{self.unit}"


class TaskKind(models.TextChoices):
    KEY = "key", "Nhiệm vụ trọng tâm"
    BREAKTHROUGH = "breakthrough", "Khâu đột phá"
    SOLUTION = "solution", "Giải pháp"
    ASSIGNED = "assigned", "Việc được giao"


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Hoàn thành"
    OVERDUE = "overdue", "Quá hạn"
    PAUSED = "paused", "Tạm dừng"


class Task(models.Model):
    """A work item of a document: a key task, a breakthrough, a solution or an assignment."""

    document = models.ForeignKey(
        Document, verbose_name="văn bản", on_delete=models.PROTECT, related_name="tasks"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="thuộc nhiệm vụ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField("loại", max_length=16, choices=TaskKind.choices)
    position = models.PositiveIntegerField("thứ tự", default=0)
    title = models.CharField("tên nhiệm vụ", max_length=500)
    description = models.TextField("nội dung", blank=True)
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)
    lead = models.ForeignKey(
        Organization,
        verbose_name="đơn vị chủ trì",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    supporting: models.ManyToManyField[Organization, models.Model] = models.ManyToManyField(
        Organization, verbose_name="đơn vị phối hợp", blank=True, related_name="supported_tasks"
    )
    starts_on = models.DateField("ngày bắt đầu", null=True, blank=True)
    deadline = models.DateField("thời hạn", null=True, blank=True)
    status = models.CharField(
        "trạng thái", max_length=16, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_path = "document__issuer__path"
    scope_inherited = _ISSUED

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["document_id", "position", "id"]
        indexes = [models.Index(fields=["status", "deadline"], name="task_status_deadline")]

    def __str__(self) -> str:
        return self.title[:255]


class TaskReport(models.Model):
    """A periodic progress report on a task: what was done, how far, with an attachment."""

    task = models.ForeignKey(
        Task, verbose_name="nhiệm vụ", on_delete=models.PROTECT, related_name="reports"
    )
    reported_on = models.DateField("ngày báo cáo")
    progress = models.PositiveSmallIntegerField("tiến độ (%)")
    status = models.CharField("trạng thái", max_length=16, choices=TaskStatus.choices)
    text = models.TextField("kết quả thực hiện")
    attachment = models.FileField("tệp đính kèm", upload_to="targets/reports/%Y/", blank=True)
    attachment_name = models.CharField(max_length=255, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)

    scope_path = "task__document__issuer__path"
    scope_inherited = {"task__document__status__in": [DocStatus.ISSUED, DocStatus.REPLACED]}

    class Meta:
        verbose_name = "báo cáo tiến độ nhiệm vụ"
        verbose_name_plural = "báo cáo tiến độ nhiệm vụ"
        ordering = ["task_id", "reported_on", "id"]

    def __str__(self) -> str:
        return f"{self.task_id} — {self.reported_on:%d/%m/%Y}: {self.progress}%"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Sắp đến hạn (trong 7 ngày)"
    OVERDUE = "overdue", "Quá hạn"


class TaskReminder(models.Model):
    """A reminder raised by the daily background task; one per task, kind and day, shown to
    the lead unit in the app until the task is done."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField("loại nhắc việc", max_length=16, choices=ReminderKind.choices)
    raised_on = models.DateField("ngày nhắc")
    deadline = models.DateField("thời hạn")

    scope_path = "task__document__issuer__path"
    scope_inherited = {"task__document__status__in": [DocStatus.ISSUED, DocStatus.REPLACED]}

    class Meta:
        verbose_name = "nhắc việc"
        verbose_name_plural = "nhắc việc"
        ordering = ["-raised_on", "deadline"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "kind", "raised_on"], name="reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.task_id}"


class ProposalKind(models.TextChoices):
    TARGET = "target", "Chỉ tiêu"
    TASK = "task", "Nhiệm vụ"


class ProposalState(models.TextChoices):
    PENDING = "pending", "Chờ xem xét"
    ACCEPTED = "accepted", "Đã nhận"
    REJECTED = "rejected", "Đã bỏ"


class Proposal(models.Model):
    """A target or task the software read from a document's text, waiting for a person to
    accept (possibly edited) or reject it. Nothing becomes a Target or Task without that."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="proposals")
    kind = models.CharField(max_length=8, choices=ProposalKind.choices)
    position = models.PositiveIntegerField(default=0)
    data = models.JSONField(help_text="the fields as read from the text")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    state = models.CharField(
        max_length=16, choices=ProposalState.choices, default=ProposalState.PENDING
    )
    target = models.ForeignKey(Target, null=True, on_delete=models.PROTECT, related_name="+")
    task = models.ForeignKey(Task, null=True, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True)

    scope_path = "document__issuer__path"

    class Meta:
        verbose_name = "đề xuất từ văn bản"
        verbose_name_plural = "đề xuất từ văn bản"
        ordering = ["document_id", "kind", "position"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.position + 1} của văn bản {self.document_id}"
