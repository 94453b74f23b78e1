"""Reference catalogs of the member record (mẫu 2-HSĐV): rows loaded by members.0002, and the
small fixed scales as TextChoices."""

from __future__ import annotations

from django.db import models


class Catalog(models.Model):
    """A coded reference row. `variants` lists other spellings found on paper rolls and in
    spreadsheets ("Khmer" for Khơ-me), comma-separated, so imports can match them."""

    code = models.CharField("mã", max_length=16, unique=True)
    name = models.CharField("tên", max_length=128, unique=True)
    variants = models.TextField("cách viết khác", blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class Ethnicity(Catalog):
    """Dân tộc: the 54 ethnic groups of Vietnam, official names and codes of the General
    Statistics Office list (QĐ 121-TCTK/PPCĐ)."""

    class Meta(Catalog.Meta):
        verbose_name = "dân tộc"
        verbose_name_plural = "dân tộc"


class Religion(Catalog):
    """Tôn giáo, with "Không" (none) as a row so the field is always answered."""

    class Meta(Catalog.Meta):
        verbose_name = "tôn giáo"
        verbose_name_plural = "tôn giáo"


class Sex(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class EducationLevel(models.TextChoices):
    """Trình độ chuyên môn nghiệp vụ (highest professional qualification)."""

    NONE = "none", "Chưa qua đào tạo"
    ELEMENTARY = "elementary", "Sơ cấp"
    INTERMEDIATE = "intermediate", "Trung cấp"
    COLLEGE = "college", "Cao đẳng"
    BACHELOR = "bachelor", "Đại học"
    MASTER = "master", "Thạc sĩ"
    DOCTOR = "doctor", "Tiến sĩ"


class TheoryLevel(models.TextChoices):
    """Trình độ lý luận chính trị (LLCT)."""

    NONE = "none", "Chưa qua đào tạo"
    ELEMENTARY = "elementary", "Sơ cấp"
    INTERMEDIATE = "intermediate", "Trung cấp"
    ADVANCED = "advanced", "Cao cấp"
    BACHELOR = "bachelor", "Cử nhân"
