"""Study of resolutions (học tập, quán triệt nghị quyết): sessions where members study a
document, who attended them, and the written reflections (bài thu hoạch, kế hoạch hành động cá
nhân) members hand in afterwards. Coverage ("bao nhiêu % đảng viên đã học tập nghị quyết")
is computed from these rows by dangbo.study.queries, never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from dangbo.documents.models import Document
from dangbo.members.models import Member
from dangbo.orgs.models import Organization


class StudyLevel(models.TextChoices):
    """Who held the session: a cell studies on its own, or members join a conference of a
    higher level (the province's online conference reaches every commune point)."""

    CELL = "cell", "Chi bộ"
    GRASSROOTS = "grassroots", "Đảng bộ cơ sở"
    UPPER = "upper", "Cấp trên trực tiếp cơ sở"
    PROVINCE = "province", "Cấp tỉnh"
    CENTRAL = "central", "Trung ương (trực tuyến)"


class StudySession(models.Model):
    """One session (hội nghị học tập, quán triệt) of one document, organised by one unit.
    Members on the roll of the organiser's subtree may be marked as having attended."""

    document = models.ForeignKey(
        Document, verbose_name="văn bản", on_delete=models.PROTECT, related_name="study_sessions"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="đơn vị tổ chức",
        on_delete=models.PROTECT,
        related_name="study_sessions",
    )
    held_on = models.DateField("ngày học tập")
    level = models.CharField("cấp tổ chức", max_length=16, choices=StudyLevel.choices)
    place = models.CharField("địa điểm", max_length=255, blank=True)
    is_makeup = models.BooleanField("học bù", default=False)
    makeup_for = models.ForeignKey(
        "self",
        verbose_name="học bù cho buổi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="makeups",
    )
    guests = models.PositiveIntegerField("số người ngoài Đảng tham dự", default=0)
    notes = models.TextField("ghi chú", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_path = "organization__path"

    class Meta:
        verbose_name = "buổi học tập, quán triệt"
        verbose_name_plural = "buổi học tập, quán triệt"
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["document", "held_on"], name="study_session_doc_day"),
            models.Index(fields=["organization", "-held_on"], name="study_session_org_day"),
        ]

    def __str__(self) -> str:
        return f"Học tập {self.document_id} ngày {self.held_on:%d/%m/%Y}"


class StudyAttendance(models.Model):
    """A member on the attendance sheet of a session. `present=False` keeps a row that a later
    sheet unticked (nothing is deleted; the audit log holds each sheet)."""

    # Both keys lead a composite index (study_attendance_once, study_attendance_member): an
    # index of their own would only repeat its first column, and cost every mark written.
    session = models.ForeignKey(
        StudySession,
        verbose_name="buổi học tập",
        on_delete=models.PROTECT,
        related_name="attendances",
        db_index=False,
    )
    member = models.ForeignKey(
        Member,
        verbose_name="đảng viên",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    present = models.BooleanField("có mặt", default=True)

    scope_path = "session__organization__path"

    class Meta:
        verbose_name = "đảng viên dự học tập"
        verbose_name_plural = "đảng viên dự học tập"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="study_attendance_once")
        ]
        # Coverage asks "did this member attend any session of this document": member first.
        indexes = [models.Index(fields=["member", "session"], name="study_attendance_member")]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.session_id}"


def reflection_path(instance: Reflection, filename: str) -> str:
    return f"study/reflections/{instance.document_id}/{filename}"


class Reflection(models.Model):
    """A member's written reflection or personal action plan on a document. The file is kept
    in private storage (MEDIA_ROOT is never served) and read only through a scoped view.
    `organization` is the member's unit when it was handed in: who may read it."""

    member = models.ForeignKey(
        Member, verbose_name="đảng viên", on_delete=models.PROTECT, related_name="+"
    )
    document = models.ForeignKey(
        Document, verbose_name="văn bản", on_delete=models.PROTECT, related_name="reflections"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="chi bộ", on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField("tệp", upload_to=reflection_path, max_length=255)
    name = models.CharField("tên tệp", max_length=255)
    size = models.PositiveBigIntegerField("dung lượng (byte)")
    submitted_on = models.DateField("ngày nộp")
    received = models.BooleanField("đã nhận", default=False)
    received_on = models.DateField("ngày nhận", null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhận",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    scope_path = "organization__path"
    scope_owner = "member__user"

    class Meta:
        verbose_name = "bài thu hoạch"
        verbose_name_plural = "bài thu hoạch"
        ordering = ["-submitted_on", "-id"]
        indexes = [
            models.Index(fields=["document", "organization"], name="study_reflection_doc_org")
        ]

    def __str__(self) -> str:
        return self.name
