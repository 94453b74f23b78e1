"""Phát triển đảng viên: a person the cell prepares for admission, through the stages of the
Điều lệ Đảng Art. 4 and its implementing rules (QĐ 24-QĐ/TW 2021 → QĐ 294-QĐ/TW 2025, §3.1 of
reference/regulations.md), until they are a `members.Member` recognised as official.

`Candidate.stage` is the last stage completed; each completed stage is one `StageRecord` (its
date, decision and votes), never edited, so the timeline and the funnel read the records.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from dangbo.members.models import Member, Sex
from dangbo.orgs.models import Organization


class Stage(models.TextChoices):
    """In the order the regulations require; a candidate moves one step at a time. After the
    ceremony the candidate is a probationary member (12 months, Điều lệ Art. 5)."""

    IDENTIFIED = "identified", "Chi bộ xác định quần chúng ưu tú"
    COURSE = "course", "Học lớp bồi dưỡng nhận thức về Đảng"
    FILE = "file", "Hoàn thiện hồ sơ"
    CELL_RESOLUTION = "cell_resolution", "Chi bộ ra nghị quyết đề nghị kết nạp"
    COMMITTEE = "committee", "Đảng ủy cơ sở xét, đề nghị"
    DECISION = "decision", "Quyết định kết nạp"
    CEREMONY = "ceremony", "Lễ kết nạp — dự bị 12 tháng"
    CELL_VOTE = "cell_vote", "Chi bộ xét công nhận chính thức"
    OFFICIAL = "official", "Đảng viên chính thức"


STAGE_ORDER: list[str] = list(Stage.values)


class Candidate(models.Model):
    """Quần chúng ưu tú / người vào Đảng, at the cell (`organization`) that prepares them."""

    full_name = models.CharField("họ và tên", max_length=128)
    birth_date = models.DateField("ngày sinh")
    sex = models.CharField("giới tính", max_length=8, choices=Sex.choices)
    # NULL when unknown, as on Member: many unknowns, one of each known number.
    national_id = models.CharField("số CCCD", max_length=12, null=True, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name="chi bộ",
        on_delete=models.PROTECT,
        related_name="admission_candidates",
    )
    stage = models.CharField(
        "bước hiện tại", max_length=16, choices=Stage.choices, default=Stage.IDENTIFIED
    )
    # The date of each stage, cached from its StageRecord for lists and deadlines.
    identified_on = models.DateField("ngày chi bộ xác định")
    course_on = models.DateField("ngày cấp giấy chứng nhận lớp nhận thức", null=True, blank=True)
    file_on = models.DateField("ngày hoàn thiện hồ sơ", null=True, blank=True)
    resolution_on = models.DateField("ngày nghị quyết chi bộ", null=True, blank=True)
    committee_on = models.DateField("ngày đảng ủy cơ sở đề nghị", null=True, blank=True)
    decision_on = models.DateField("ngày quyết định kết nạp", null=True, blank=True)
    decision_number = models.CharField("số quyết định kết nạp", max_length=64, blank=True)
    decision_received_on = models.DateField("ngày chi bộ nhận quyết định", null=True, blank=True)
    ceremony_on = models.DateField("ngày lễ kết nạp", null=True, blank=True)
    vote_on = models.DateField("ngày chi bộ xét chính thức", null=True, blank=True)
    official_on = models.DateField("ngày chính thức", null=True, blank=True)
    # The papers of the file (§3 issue 7): each ticked when received.
    paper_history = models.BooleanField("lý lịch người xin vào Đảng", default=False)
    paper_mass_org = models.BooleanField("ý kiến nhận xét của đoàn thể", default=False)
    paper_verification = models.BooleanField("kết quả thẩm tra lý lịch", default=False)
    member = models.OneToOneField(
        Member,
        verbose_name="đảng viên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidacy",
    )
    notes = models.TextField("ghi chú", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_path = "organization__path"

    class Meta:
        verbose_name = "người vào Đảng"
        verbose_name_plural = "người vào Đảng"
        ordering = ["id"]
        indexes = [models.Index(fields=["organization", "stage"])]

    def __str__(self) -> str:
        return self.full_name


class AwarenessCourse(models.Model):
    """Lớp bồi dưỡng nhận thức về Đảng, organised by a committee (usually the đảng ủy xã or the
    upper committee) for candidates of the cells below it."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="đơn vị tổ chức",
        on_delete=models.PROTECT,
        related_name="awareness_courses",
    )
    title = models.CharField("tên lớp", max_length=255)
    starts_on = models.DateField("ngày khai giảng")
    ends_on = models.DateField("ngày bế giảng")
    place = models.CharField("địa điểm", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_path = "organization__path"
    # A cell sees the courses its superiors organise: its candidates attend them. Every row
    # matches this filter; only the ancestor paths are added by it (access.scoping).
    scope_inherited = {"ends_on__isnull": False}

    class Meta:
        verbose_name = "lớp bồi dưỡng nhận thức về Đảng"
        verbose_name_plural = "lớp bồi dưỡng nhận thức về Đảng"
        ordering = ["-starts_on", "id"]

    def __str__(self) -> str:
        return self.title


class CourseResult(models.TextChoices):
    PENDING = "pending", "Đang học"
    PASSED = "passed", "Đạt"
    FAILED = "failed", "Không đạt"
    WITHDRAWN = "withdrawn", "Rút khỏi lớp"


class CourseEnrolment(models.Model):
    """One candidate on a course's roster, with the result and the certificate date."""

    course = models.ForeignKey(AwarenessCourse, on_delete=models.PROTECT, related_name="enrolments")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="enrolments")
    result = models.CharField(
        "kết quả", max_length=16, choices=CourseResult.choices, default=CourseResult.PENDING
    )
    certificate_on = models.DateField("ngày cấp giấy chứng nhận", null=True, blank=True)

    scope_path = "candidate__organization__path"

    class Meta:
        verbose_name = "học viên lớp nhận thức"
        verbose_name_plural = "học viên lớp nhận thức"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "candidate"], name="enrolment_once")
        ]

    def __str__(self) -> str:
        return f"{self.candidate} — {self.course}"


class SponsorRole(models.TextChoices):
    FIRST = "first", "Người giới thiệu thứ nhất"
    SECOND = "second", "Người giới thiệu thứ hai"


class Sponsor(models.Model):
    """Đảng viên chính thức giới thiệu (Điều lệ Art. 4 khoản 2): two per candidate."""

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="sponsors")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="sponsorships")
    role = models.CharField("vai trò", max_length=8, choices=SponsorRole.choices)
    since = models.DateField("ngày nhận giới thiệu")

    scope_path = "candidate__organization__path"

    class Meta:
        verbose_name = "người giới thiệu"
        verbose_name_plural = "người giới thiệu"
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "role"], name="sponsor_role_once"),
            models.UniqueConstraint(fields=["candidate", "member"], name="sponsor_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member} giới thiệu {self.candidate}"


class StageRecord(models.Model):
    """One completed stage: when, by which decision, and for the cell's votes, the counts."""

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="records")
    stage = models.CharField("bước", max_length=16, choices=Stage.choices)
    on = models.DateField("ngày")
    decision_number = models.CharField("số văn bản", max_length=64, blank=True)
    votes_for = models.PositiveIntegerField("tán thành", null=True, blank=True)
    votes_against = models.PositiveIntegerField("không tán thành", null=True, blank=True)
    votes_total = models.PositiveIntegerField("tổng số đảng viên chính thức", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    scope_path = "candidate__organization__path"

    class Meta:
        verbose_name = "bước phát triển đảng viên"
        verbose_name_plural = "bước phát triển đảng viên"
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["stage", "on"])]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.get_stage_display()}"
