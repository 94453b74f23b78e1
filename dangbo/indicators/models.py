"""Indicators (chỉ số) and their values per organization and period, and the reporting forms
through which units report what the software does not hold (issue #9).

An indicator is either computed from the data (its numerator and denominator are declared as
text over a registered source, dangbo.indicators.definition) or reported by the units through a
form. Values are kept per organization × period in `IndicatorValue`, written only by the
refresh (dangbo.indicators.compute): a unit's value is that of its whole subtree.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from dangbo.indicators.periods import PeriodKind
from dangbo.orgs.models import Organization


class IndicatorKind(models.TextChoices):
    COMPUTED = "computed", "Tính từ dữ liệu"
    REPORTED = "reported", "Đơn vị báo cáo"


class Indicator(models.Model):
    """One measure in the catalog: "Tỷ lệ chi bộ hoàn thành tốt nhiệm vụ trở lên".

    The catalog is shared by the whole tree (every logged-in user reads it, as the rule rows);
    `organization` is the unit that added it, empty for the indicators the software ships.
    A value is numerator / denominator × 100 when the unit is "%", numerator / denominator for
    other units with a denominator, and the numerator alone without one.
    """

    code = models.SlugField("mã", max_length=64, unique=True)
    name = models.CharField("tên chỉ số", max_length=255)
    description = models.TextField("cách tính, ghi chú", blank=True)
    kind = models.CharField("loại", max_length=16, choices=IndicatorKind.choices)
    unit = models.CharField("đơn vị tính", max_length=32)
    numerator = models.TextField(
        "tử số", blank=True, help_text="chỉ số tính từ dữ liệu: định nghĩa theo nguồn dữ liệu"
    )
    numerator_label = models.CharField("tên tử số", max_length=255, blank=True)
    denominator = models.TextField("mẫu số", blank=True)
    denominator_label = models.CharField("tên mẫu số", max_length=255, blank=True)
    period_kinds = models.JSONField("các kỳ tính", default=list)
    min_value = models.DecimalField(
        "giá trị nhỏ nhất", max_digits=20, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        "giá trị lớn nhất", max_digits=20, decimal_places=4, null=True, blank=True
    )
    higher_is_better = models.BooleanField("càng cao càng tốt", default=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name="đơn vị ban hành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    active = models.BooleanField("đang dùng", default=True)
    position = models.PositiveIntegerField("thứ tự", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "chỉ số"
        verbose_name_plural = "chỉ số"
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class ValueSource(models.TextChoices):
    COMPUTED = "computed", "Tính từ dữ liệu"
    REPORTED = "reported", "Đơn vị báo cáo"


class IndicatorValue(models.Model):
    """The value of an indicator for an organization's whole subtree in one period."""

    # Each key leads a composite index (indicator_value_once, value_by_unit): an index of
    # its own would only repeat its first column.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", db_index=False
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="indicator_values", db_index=False
    )
    period_kind = models.CharField("loại kỳ", max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField("từ ngày")
    period_end = models.DateField("đến ngày")
    numerator = models.DecimalField("tử số", max_digits=20, decimal_places=4)
    denominator = models.DecimalField("mẫu số", max_digits=20, decimal_places=4, null=True)
    value = models.DecimalField("giá trị", max_digits=20, decimal_places=4, null=True)
    # How many units below reported, for reported indicators (the rest have not yet).
    reporting_units = models.PositiveIntegerField("số đơn vị đã báo cáo", null=True)
    source = models.CharField("nguồn", max_length=16, choices=ValueSource.choices)
    computed_at = models.DateTimeField("thời điểm tính")

    scope_path = "organization__path"

    class Meta:
        verbose_name = "giá trị chỉ số"
        verbose_name_plural = "giá trị chỉ số"
        ordering = ["indicator_id", "period_start", "organization_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_kind", "period_start", "organization"],
                name="indicator_value_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["organization", "period_kind", "period_start"], name="value_by_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period_kind}:{self.period_start} → {self.value}"


class RefreshTrigger(models.TextChoices):
    TASK = "task", "Tác vụ nền"
    ON_DEMAND = "on_demand", "Người dùng yêu cầu"
    COMMAND = "command", "Lệnh quản trị"


class IndicatorRefresh(models.Model):
    """One run of the refresh: what it recomputed and up to which audit event it has seen.
    The next incremental run looks only at the audit events after `audit_seq`."""

    trigger = models.CharField(max_length=16, choices=RefreshTrigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)
    audit_seq = models.PositiveBigIntegerField(default=0)
    indicators = models.PositiveIntegerField(default=0)
    values = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "lần tính lại chỉ số"
        verbose_name_plural = "lần tính lại chỉ số"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} {self.started_at:%d/%m/%Y %H:%M}"


class ReportingForm(models.Model):
    """A data set (biểu mẫu báo cáo) of reported indicators, issued by a unit to the units of
    the given kinds below it, for each period of its kind, due `due_days` after the period."""

    code = models.SlugField("mã biểu", max_length=64, unique=True)
    name = models.CharField("tên biểu mẫu", max_length=255)
    issuer = models.ForeignKey(
        Organization, verbose_name="đơn vị ban hành", on_delete=models.PROTECT, related_name="+"
    )
    period_kind = models.CharField("kỳ báo cáo", max_length=8, choices=PeriodKind.choices)
    org_kinds = models.JSONField("loại tổ chức báo cáo", default=list)
    indicators: models.ManyToManyField[Indicator, models.Model] = models.ManyToManyField(
        Indicator, verbose_name="chỉ số", related_name="forms"
    )
    due_days = models.PositiveSmallIntegerField("hạn nộp (số ngày sau kỳ)", default=10)
    remind_days = models.PositiveSmallIntegerField("nhắc trước hạn (ngày)", default=3)
    active = models.BooleanField("đang dùng", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_path = "issuer__path"
    # The units below the issuer read the forms they must fill in.
    scope_inherited = {"due_days__gte": 0}

    class Meta:
        verbose_name = "biểu mẫu báo cáo"
        verbose_name_plural = "biểu mẫu báo cáo"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class SubmissionState(models.TextChoices):
    DRAFT = "draft", "Đang nhập"
    SUBMITTED = "submitted", "Đã gửi, chờ duyệt"
    RETURNED = "returned", "Bị trả lại"
    APPROVED = "approved", "Đã duyệt (khóa)"


class Submission(models.Model):
    """One unit's report on one form for one period. Approval by the level above locks it."""

    form = models.ForeignKey(ReportingForm, on_delete=models.PROTECT, related_name="submissions")
    organization = models.ForeignKey(
        Organization, verbose_name="đơn vị báo cáo", on_delete=models.PROTECT, related_name="+"
    )
    period_kind = models.CharField(max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField("từ ngày")
    period_end = models.DateField("đến ngày")
    due_on = models.DateField("hạn nộp")
    state = models.CharField(
        "trạng thái", max_length=16, choices=SubmissionState.choices, default=SubmissionState.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("thời điểm gửi", null=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("thời điểm duyệt", null=True)
    review_comment = models.TextField("ý kiến của cấp trên", blank=True)

    scope_path = "organization__path"

    class Meta:
        verbose_name = "báo cáo theo biểu mẫu"
        verbose_name_plural = "báo cáo theo biểu mẫu"
        ordering = ["form_id", "period_start", "organization_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "period_start", "organization"], name="submission_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.form_id} {self.organization_id} {self.period_start}"


class SubmissionValue(models.Model):
    """A reported figure of a submission: the numerator (and the denominator, for a rate)."""

    submission = models.ForeignKey(  # leads submission_value_once (Meta)
        Submission, on_delete=models.PROTECT, related_name="values", db_index=False
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    numerator = models.DecimalField("tử số / giá trị", max_digits=20, decimal_places=4)
    denominator = models.DecimalField("mẫu số", max_digits=20, decimal_places=4, null=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)

    scope_path = "submission__organization__path"

    class Meta:
        verbose_name = "số liệu báo cáo"
        verbose_name_plural = "số liệu báo cáo"
        ordering = ["submission_id", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator"], name="submission_value_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}/{self.indicator_id}: {self.numerator}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Sắp đến hạn"
    OVERDUE = "overdue", "Quá hạn"


class FormReminder(models.Model):
    """A reminder to a unit that has not yet sent a form's report: before and after the due
    date, one per unit, form, period, kind and day (the daily task raises them)."""

    form = models.ForeignKey(ReportingForm, on_delete=models.PROTECT, related_name="reminders")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    due_on = models.DateField("hạn nộp")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    raised_on = models.DateField("ngày nhắc")

    scope_path = "organization__path"

    class Meta:
        verbose_name = "nhắc báo cáo"
        verbose_name_plural = "nhắc báo cáo"
        ordering = ["-raised_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "organization", "period_start", "kind", "raised_on"],
                name="form_reminder_once_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.form_id} {self.organization_id}"
