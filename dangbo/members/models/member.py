"""The member record (mẫu 2-HSĐV). Facts typed in by staff, plus cached state derived from
MemberEvent rows (status, unit, key dates), which only `members.services` writes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from dangbo.core.schema import where_set
from dangbo.core.text import fold
from dangbo.members.models.catalogs import (
    EducationLevel,
    Ethnicity,
    Religion,
    Sex,
    TheoryLevel,
)
from dangbo.members.models.sorting import MAX_LENGTH as NAME_SORT_LENGTH
from dangbo.members.models.sorting import name_sort_string
from dangbo.orgs.models import Organization


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", "Dự bị"
    OFFICIAL = "official", "Chính thức"
    EXEMPT = "exempt", "Miễn công tác và sinh hoạt"
    TRANSFERRED_OUT = "transferred_out", "Chuyển ra ngoài hệ thống"
    REMOVED = "removed", "Xóa tên"
    EXPELLED = "expelled", "Khai trừ"
    DIED = "died", "Từ trần"


# The groups of facts of mẫu 2-HSĐV, in the form's order, shared by the services, the
# correction requests and the forms.
BIOGRAPHY_FIELDS = (
    "full_name",
    "other_name",
    "sex",
    "birth_date",
    "birth_place",
    "hometown",
    "ethnicity",
    "religion",
)
QUALIFICATION_FIELDS = (
    "occupation",
    "general_education",
    "education_level",
    "specialty",
    "academic_title",
    "theory_level",
    "foreign_language",
    "it_skill",
)

# On the roll (đảng số) of their unit: everyone else has left it.
ON_ROLL = (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL, MemberStatus.EXEMPT)
# Statuses after which nothing but a re-admission (or, after death, a posthumous badge) happens.
LEFT = (MemberStatus.REMOVED, MemberStatus.EXPELLED, MemberStatus.DIED)


class Member(models.Model):
    """Đảng viên. Never deleted: a member who leaves keeps their record and their last unit."""

    full_name = models.CharField("họ và tên khai sinh", max_length=128)
    other_name = models.CharField("tên gọi khác", max_length=128, blank=True)
    sex = models.CharField("giới tính", max_length=8, choices=Sex.choices)
    birth_date = models.DateField("ngày sinh")
    # Old rolls sometimes give only the year ("1975"): kept as 01/01 of that year, shown and
    # exported as the year alone, and flagged so someone completes it from the dossier.
    birth_year_only = models.BooleanField("chỉ rõ năm sinh", default=False)
    birth_place = models.CharField("nơi sinh", max_length=255, blank=True)
    hometown = models.CharField("quê quán", max_length=255, blank=True)
    ethnicity = models.ForeignKey(
        Ethnicity, verbose_name="dân tộc", null=True, blank=True, on_delete=models.PROTECT
    )
    religion = models.ForeignKey(
        Religion, verbose_name="tôn giáo", null=True, blank=True, on_delete=models.PROTECT
    )
    # NULL, never "", when unknown: the unique constraints allow many NULLs but one "".
    national_id = models.CharField("số CCCD", max_length=12, null=True, blank=True, unique=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    permanent_address = models.CharField("nơi thường trú", max_length=255, blank=True)
    current_address = models.CharField("nơi ở hiện nay", max_length=255, blank=True)
    occupation = models.CharField("nghề nghiệp", max_length=128, blank=True)
    general_education = models.CharField(
        "giáo dục phổ thông", max_length=16, blank=True, help_text="vd 12/12"
    )
    education_level = models.CharField(
        "trình độ chuyên môn", max_length=16, choices=EducationLevel.choices, blank=True
    )
    specialty = models.CharField("chuyên môn nghiệp vụ", max_length=255, blank=True)
    academic_title = models.CharField("học hàm, học vị", max_length=128, blank=True)
    theory_level = models.CharField(
        "lý luận chính trị",
        max_length=16,
        choices=TheoryLevel.choices,
        default=TheoryLevel.NONE,
    )
    foreign_language = models.CharField("ngoại ngữ", max_length=128, blank=True)
    it_skill = models.CharField("tin học", max_length=128, blank=True)
    admitted_at = models.CharField("nơi vào Đảng", max_length=255, blank=True)
    sponsor_1 = models.ForeignKey(
        "self",
        verbose_name="người giới thiệu thứ nhất",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # a partial index (Meta): almost every record has none
    )
    sponsor_1_name = models.CharField(
        "người giới thiệu thứ nhất (ngoài hệ thống)", max_length=255, blank=True
    )
    sponsor_2 = models.ForeignKey(
        "self",
        verbose_name="người giới thiệu thứ hai",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    sponsor_2_name = models.CharField(
        "người giới thiệu thứ hai (ngoài hệ thống)", max_length=255, blank=True
    )
    card_number = models.CharField(
        "số thẻ đảng viên", max_length=32, null=True, blank=True, unique=True
    )
    dossier_number = models.CharField("số lý lịch", max_length=32, blank=True)
    party_position = models.CharField("chức vụ Đảng", max_length=255, blank=True)
    government_position = models.CharField("chức vụ chính quyền", max_length=255, blank=True)
    mass_org_position = models.CharField("chức vụ đoàn thể", max_length=255, blank=True)
    # Ảnh 3x4, re-encoded by services.set_member_photo; MEDIA_ROOT is never served as it
    # stands: members:member-photo serves it to those who may see the record.
    photo = models.ImageField("ảnh 3x4", upload_to="members/photos/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )

    # Cached from MemberEvent by members.lifecycle.replay; services rewrite them together.
    status = models.CharField(
        "trạng thái", max_length=16, choices=MemberStatus.choices, editable=False
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="chi bộ sinh hoạt chính thức",
        on_delete=models.PROTECT,
        related_name="members",
        editable=False,
    )
    temporary_organization = models.ForeignKey(
        Organization,
        verbose_name="nơi sinh hoạt tạm thời",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="temporary_members",
        editable=False,
        db_index=False,
    )
    decision_date = models.DateField("ngày quyết định kết nạp", null=True, editable=False)
    admitted_on = models.DateField("ngày vào Đảng", null=True, editable=False)
    official_on = models.DateField("ngày chính thức", null=True, editable=False)
    # Indexed with the birth date (Meta), as records are matched by name and birth date.
    name_folded = models.CharField(max_length=128, editable=False)
    # name_sort_key as [0-9a-z] text (members.models.sorting): the roll sorts by given name
    # in the database, from an index, so page 1,000 of a province costs what page 1 does.
    name_sort = models.CharField(max_length=NAME_SORT_LENGTH, editable=False, default="")

    scope_path = "organization__path"
    scope_owner = "user"

    class Meta:
        verbose_name = "đảng viên"
        verbose_name_plural = "đảng viên"
        ordering = ["id"]
        indexes = [
            models.Index(fields=["status", "organization"]),
            models.Index(fields=["admitted_on"]),
            models.Index(fields=["decision_date"]),
            models.Index(fields=["name_sort", "id"], name="members_member_name_sort"),
            # A name alone, or a name and birth date: how imports and the duplicate checks
            # find a record. The name alone would fetch every namesake to compare birth
            # dates: a province has some twenty Nguyễn Văn An.
            models.Index(fields=["name_folded", "birth_date"], name="members_name_birth"),
            # Sponsors and a temporary unit are known for few records (none of an imported
            # roll's): the index holds only those, not an entry per record that every
            # insert writes and nothing reads (a lookup by one of them implies IS NOT NULL).
            where_set("sponsor_1", "members_sponsor_1"),
            where_set("sponsor_2", "members_sponsor_2"),
            where_set("temporary_organization", "members_temporary_org"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_folded = fold(f"{self.full_name} {self.other_name}")[:128]
        self.name_sort = name_sort_string(self.full_name)
        super().save(*args, **kwargs)

    @property
    def is_on_roll(self) -> bool:
        return self.status in ON_ROLL
