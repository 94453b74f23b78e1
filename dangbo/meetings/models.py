"""Cell meetings (sinh hoạt chi bộ) and who attended them.

A meeting is planned and its notice published ahead of time, then held; attendance is one row
per member on the cell's roll that day, saved a whole sheet at a time (services.record_attendance).
Members exempted from party activities (miễn sinh hoạt, regulations.md §3.5) keep a row marked
`exempt` when listed, and are left out of the quorum's denominator.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from dangbo.members.models import Member
from dangbo.orgs.models import Organization


class MeetingKind(models.TextChoices):
    REGULAR = "regular", "Sinh hoạt thường kỳ"
    THEMATIC = "thematic", "Sinh hoạt chuyên đề"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Dự kiến"
    HELD = "held", "Đã họp"


class Mark(models.TextChoices):
    PRESENT = "present", "Có mặt"
    EXCUSED = "excused", "Vắng có lý do"
    UNEXCUSED = "unexcused", "Vắng không lý do"


class Meeting(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name="chi bộ", on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(
        "loại sinh hoạt", max_length=16, choices=MeetingKind.choices, default=MeetingKind.REGULAR
    )
    date = models.DateField("ngày họp")
    place = models.CharField("địa điểm", max_length=255, blank=True)
    agenda = models.CharField("chủ đề, nội dung chính", max_length=500)
    chair = models.ForeignKey(
        Member,
        verbose_name="chủ trì",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    minute_taker = models.ForeignKey(
        Member,
        verbose_name="thư ký",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    content = models.TextField("diễn biến", blank=True)
    conclusions = models.TextField("kết luận", blank=True)
    supervisor = models.ForeignKey(
        Member,
        verbose_name="cấp ủy viên phụ trách",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supervisor_attended = models.BooleanField("cấp ủy viên phụ trách dự", null=True, blank=True)
    # One of the values of the rule row meetings.quality_scale in force on the meeting's date.
    quality = models.CharField("xếp loại chất lượng", max_length=32, blank=True)
    status = models.CharField(
        "trạng thái",
        max_length=16,
        choices=MeetingStatus.choices,
        default=MeetingStatus.PLANNED,
    )
    notice_published_at = models.DateTimeField("ngày thông báo", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_path = "organization__path"

    class Meta:
        verbose_name = "buổi sinh hoạt chi bộ"
        verbose_name_plural = "buổi sinh hoạt chi bộ"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["organization", "-date"], name="meeting_org_date"),
            models.Index(fields=["status", "date"], name="meeting_status_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y} — {self.agenda}"[:255]

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD

    @property
    def notice_published(self) -> bool:
        return self.notice_published_at is not None


class Attendance(models.Model):
    # Both keys lead a composite index (attendance_once, attendance_member): an index of
    # their own would only repeat its first column, and cost every mark written.
    meeting = models.ForeignKey(
        Meeting,
        verbose_name="buổi sinh hoạt",
        on_delete=models.PROTECT,
        related_name="attendance",
        db_index=False,
    )
    member = models.ForeignKey(
        Member,
        verbose_name="đảng viên",
        on_delete=models.PROTECT,
        related_name="meeting_attendance",
        db_index=False,
    )
    mark = models.CharField("điểm danh", max_length=16, choices=Mark.choices)
    reason = models.CharField("lý do vắng", max_length=255, blank=True)
    exempt = models.BooleanField("miễn sinh hoạt", default=False)

    scope_path = "meeting__organization__path"
    scope_owner = "member__user"

    class Meta:
        verbose_name = "điểm danh"
        verbose_name_plural = "điểm danh"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")
        ]
        indexes = [models.Index(fields=["member", "meeting"], name="attendance_member")]

    def __str__(self) -> str:
        return f"{self.member_id} — {self.get_mark_display()}"
