"""The party tree (materialized path), its effective-dated history, terms and committees."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from treebeard.mp_tree import MP_Node

from dangbo.core.text import fold


class OrgKind(models.TextChoices):
    PROVINCE = "province", "Đảng bộ tỉnh"
    UPPER = "upper", "Đảng bộ cấp trên trực tiếp cơ sở"
    GRASSROOTS_COMMITTEE = "grassroots_committee", "Đảng bộ cơ sở"
    GRASSROOTS_CELL = "grassroots_cell", "Chi bộ cơ sở"
    CELL = "cell", "Chi bộ trực thuộc"
    GROUP = "group", "Tổ đảng"


# Which kinds may stand directly under which (Điều lệ Đảng; QĐ 294 lets commune đảng bộ act as
# the direct superior of TCCS, so UPPER may hold cells too).
ALLOWED_CHILDREN: dict[str, set[str]] = {
    OrgKind.PROVINCE: {OrgKind.UPPER, OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL},
    OrgKind.UPPER: {OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL, OrgKind.CELL},
    OrgKind.GRASSROOTS_COMMITTEE: {OrgKind.CELL},
    OrgKind.GRASSROOTS_CELL: {OrgKind.GROUP},
    OrgKind.CELL: {OrgKind.GROUP},
    OrgKind.GROUP: set(),
}
ROOT_KINDS = {OrgKind.PROVINCE, OrgKind.UPPER, OrgKind.GRASSROOTS_COMMITTEE}
# The cells: the units members belong to, that meet monthly and rate their members.
CELL_KINDS = (OrgKind.CELL, OrgKind.GRASSROOTS_CELL)


class Organization(MP_Node):
    """A node of the party tree. Its current name and place; the past is in OrgEvent."""

    kind = models.CharField("loại tổ chức", max_length=32, choices=OrgKind.choices)
    name = models.CharField("tên", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=64, blank=True)
    code = models.CharField("mã", max_length=32, unique=True)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    active_from = models.DateField("ngày thành lập")
    active_to = models.DateField("ngày chấm dứt", null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="hợp nhất vào",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )

    scope_path = "path"

    class Meta:
        verbose_name = "tổ chức đảng"
        verbose_name_plural = "tổ chức đảng"
        indexes = [
            models.Index(fields=["active_to"]),
            # Subtree reads are `path LIKE 'prefix%'`; PostgreSQL needs pattern ops to use an
            # index for that (other databases ignore the opclass).
            models.Index(
                fields=["path"], name="org_path_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(f"{self.name} {self.short_name} {self.code}")
        super().save(*args, **kwargs)

    def is_active_on(self, day: date) -> bool:
        return self.active_from <= day and (self.active_to is None or self.active_to > day)

    @property
    def is_dissolved(self) -> bool:
        return self.active_to is not None

    @property
    def parent_path(self) -> str:
        return self.path[: -self.steplen]


class OrgEventKind(models.TextChoices):
    CREATED = "created", "Thành lập"
    RENAMED = "renamed", "Đổi tên"
    MOVED = "moved", "Chuyển trực thuộc"
    MERGED = "merged", "Hợp nhất vào đơn vị khác"
    MERGED_FROM = "merged_from", "Tiếp nhận đơn vị hợp nhất"
    SPLIT = "split", "Chia tách"
    DISSOLVED = "dissolved", "Giải thể"


class OrgEvent(models.Model):
    """One dated change to an organization, with the decision behind it. Never edited:
    history is read back from these rows (see orgs.history)."""

    organization = models.ForeignKey(
        Organization, verbose_name="tổ chức", on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField("loại sự kiện", max_length=16, choices=OrgEventKind.choices)
    effective_on = models.DateField("ngày hiệu lực")
    decision_number = models.CharField("số quyết định", max_length=64, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    old_name = models.CharField(max_length=255, blank=True)
    new_name = models.CharField(max_length=255, blank=True)
    old_short_name = models.CharField(max_length=64, blank=True)
    new_short_name = models.CharField(max_length=64, blank=True)
    old_parent = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    new_parent = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The other party of a merge or split: where a unit went, or where it came from.
    counterpart = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    scope_path = "organization__path"

    class Meta:
        verbose_name = "sự kiện tổ chức"
        verbose_name_plural = "lịch sử tổ chức"
        ordering = ["effective_on", "id"]
        indexes = [models.Index(fields=["kind", "effective_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.organization_id} {self.effective_on}"


class Term(models.Model):
    """Nhiệm kỳ of one organization, e.g. 2025–2030, opened by its congress."""

    organization = models.ForeignKey(
        Organization, verbose_name="tổ chức", on_delete=models.PROTECT, related_name="terms"
    )
    name = models.CharField("nhiệm kỳ", max_length=32)
    starts_on = models.DateField("bắt đầu")
    ends_on = models.DateField("kết thúc")

    scope_path = "organization__path"

    class Meta:
        verbose_name = "nhiệm kỳ"
        verbose_name_plural = "nhiệm kỳ"
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "starts_on"], name="term_unique_start")
        ]

    def __str__(self) -> str:
        return f"Nhiệm kỳ {self.name}"

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class Committee(models.Model):
    """Cấp ủy (Ban Chấp hành / Chi ủy) of an organization for one term."""

    organization = models.ForeignKey(
        Organization, verbose_name="tổ chức", on_delete=models.PROTECT, related_name="committees"
    )
    term = models.ForeignKey(
        Term, verbose_name="nhiệm kỳ", on_delete=models.PROTECT, related_name="committees"
    )
    name = models.CharField("tên cấp ủy", max_length=255)

    scope_path = "organization__path"

    class Meta:
        verbose_name = "cấp ủy"
        verbose_name_plural = "cấp ủy"
        ordering = ["-term__starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "term"], name="committee_per_term")
        ]

    def __str__(self) -> str:
        return self.name


class SeatRole(models.TextChoices):
    SECRETARY = "secretary", "Bí thư"
    DEPUTY_SECRETARY = "deputy_secretary", "Phó Bí thư"
    STANDING = "standing", "Ủy viên Ban Thường vụ"
    MEMBER = "member", "Ủy viên"


class CommitteeSeat(models.Model):
    """One person in one role on a committee, for a period."""

    committee = models.ForeignKey(
        Committee, verbose_name="cấp ủy", on_delete=models.PROTECT, related_name="seats"
    )
    holder_name = models.CharField("họ và tên", max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_seats",
    )
    role = models.CharField("chức vụ", max_length=20, choices=SeatRole.choices)
    started_on = models.DateField("từ ngày")
    ended_on = models.DateField("đến ngày", null=True, blank=True)
    decision_number = models.CharField("số quyết định", max_length=64, blank=True)

    scope_path = "committee__organization__path"

    class Meta:
        verbose_name = "ủy viên cấp ủy"
        verbose_name_plural = "ủy viên cấp ủy"
        ordering = ["role", "started_on"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.holder_name}"

    def is_active_on(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)


class Assignment(models.Model):
    """Phân công phụ trách: a committee member follows a subordinate unit."""

    seat = models.ForeignKey(
        CommitteeSeat,
        verbose_name="cấp ủy viên",
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="đơn vị phụ trách",
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    started_on = models.DateField("từ ngày")
    ended_on = models.DateField("đến ngày", null=True, blank=True)

    scope_path = "seat__committee__organization__path"

    class Meta:
        verbose_name = "phân công phụ trách"
        verbose_name_plural = "phân công phụ trách"
        ordering = ["started_on"]

    def __str__(self) -> str:
        return f"{self.seat.holder_name} phụ trách {self.organization.name}"
