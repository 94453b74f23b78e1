"""Chi bộ bốn tốt / đảng bộ cơ sở bốn tốt (regulations.md §2).

NQ 21-NQ/TW (16/6/2022) names the four contents; the measurable criteria are issued locally,
by each province or bloc committee, so they are data: a `FourGoodCriteriaSet` issued by an
organization applies to the cells (or grassroots committees) below it for a span of years, and
holds its `FourGoodCriterion` rows, each in one of the four groups, either ticked by the
assessor with evidence or measured from the data (ratings, meetings, discipline, admissions).

A `FourGoodAssessment` is one organization × year. It keeps a snapshot of every criterion and
what was measured, so a set edited or replaced later never changes an assessment or a
recognition already issued (§2 test case 3). A change (a new assessment, the recognition) is a
new row whose `corrects` points at the old one, which stops being `current` (DESIGN rule 3).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from dangbo.orgs.models import CELL_KINDS, Organization, OrgKind


class Group(models.IntegerChoices):
    """The four contents of NQ 21-NQ/TW."""

    LEADERSHIP = 1, "Lãnh đạo hoàn thành tốt nhiệm vụ chính trị"
    MEETINGS = 2, "Chất lượng sinh hoạt tốt"
    UNITY = 3, "Đoàn kết, kỷ luật tốt"
    CADRES = 4, "Cán bộ, đảng viên tốt"


class AppliesTo(models.TextChoices):
    CELL = "cell", "Chi bộ (chi bộ cơ sở, chi bộ trực thuộc)"
    COMMITTEE = "committee", "Đảng bộ cơ sở"


KINDS_FOR = {
    AppliesTo.CELL: CELL_KINDS,
    AppliesTo.COMMITTEE: (OrgKind.GRASSROOTS_COMMITTEE,),
}


def applies_to_for(kind: str) -> str | None:
    """Which sets can assess an organization of this kind (None: not assessed)."""
    for applies_to, kinds in KINDS_FOR.items():
        if kind in kinds:
            return applies_to
    return None


class Measure(models.TextChoices):
    """How a criterion is decided: ticked with evidence, or measured from the data."""

    MANUAL = "manual", "Cấp ủy xem xét, đánh dấu (có minh chứng)"
    ORG_RATING = "org_rating", "Tổ chức đảng xếp loại «Hoàn thành tốt nhiệm vụ» trở lên"
    MEMBER_GOOD_SHARE = "member_good_share", "Tỷ lệ đảng viên xếp loại HTTNV trở lên đạt ngưỡng (%)"
    REGULAR_MEETINGS = "regular_meetings", "Số tháng có sinh hoạt thường kỳ đạt ngưỡng (kỳ)"
    THEMATIC_QUARTERLY = "thematic_quarterly", "Mỗi quý có ít nhất một buổi sinh hoạt chuyên đề"
    NO_DISCIPLINE = "no_discipline", "Không có đảng viên bị kỷ luật trong năm"
    ADMISSIONS = "admissions", "Số đảng viên kết nạp trong năm đạt ngưỡng"


# The measures that take a threshold, with its unit and allowed range.
THRESHOLDS: dict[str, tuple[str, int, int]] = {
    Measure.MEMBER_GOOD_SHARE: ("%", 1, 100),
    Measure.REGULAR_MEETINGS: ("kỳ", 1, 12),
    Measure.ADMISSIONS: ("đảng viên", 1, 1000),
}


class FourGoodCriteriaSet(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name="cấp ủy ban hành", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("tên bộ tiêu chí", max_length=255)
    source = models.CharField("văn bản ban hành (số, ngày)", max_length=255)
    valid_from = models.PositiveIntegerField("áp dụng từ năm")
    valid_to = models.PositiveIntegerField("áp dụng đến năm", null=True, blank=True)
    applies_to = models.CharField(
        "áp dụng cho", max_length=16, choices=AppliesTo.choices, default=AppliesTo.CELL
    )
    # "At least N criteria of the group" ({"2": 3}); a group not listed needs all its criteria.
    group_minimums = models.JSONField("số tiêu chí tối thiểu của nhóm", default=dict, blank=True)
    replaces = models.ForeignKey(
        "self",
        verbose_name="thay thế bộ tiêu chí",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="versions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_path = "organization__path"
    # The cells and committees below the issuer read (and are assessed by) its sets.
    scope_inherited = {"valid_from__gte": 0}

    class Meta:
        verbose_name = "bộ tiêu chí chi bộ bốn tốt"
        verbose_name_plural = "bộ tiêu chí chi bộ bốn tốt"
        ordering = ["-valid_from", "organization__path", "-id"]

    def __str__(self) -> str:
        return self.name

    def covers(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)

    @property
    def years_text(self) -> str:
        if self.valid_to is None:
            return f"từ năm {self.valid_from}"
        if self.valid_to == self.valid_from:
            return f"năm {self.valid_from}"
        return f"{self.valid_from}–{self.valid_to}"

    def minimum_for(self, group: int) -> int | None:
        value = (self.group_minimums or {}).get(str(group))
        return int(value) if value else None


class FourGoodCriterion(models.Model):
    criteria_set = models.ForeignKey(
        FourGoodCriteriaSet,
        verbose_name="bộ tiêu chí",
        on_delete=models.PROTECT,
        related_name="criteria",
    )
    group = models.PositiveSmallIntegerField("nội dung", choices=Group.choices)
    label = models.CharField("tiêu chí", max_length=500)
    measure = models.CharField(
        "cách đánh giá", max_length=24, choices=Measure.choices, default=Measure.MANUAL
    )
    threshold = models.DecimalField("ngưỡng", max_digits=7, decimal_places=2, null=True, blank=True)
    position = models.PositiveIntegerField("thứ tự", default=0)

    scope_path = "criteria_set__organization__path"
    scope_inherited = {"position__gte": 0}

    class Meta:
        verbose_name = "tiêu chí chi bộ bốn tốt"
        verbose_name_plural = "tiêu chí chi bộ bốn tốt"
        ordering = ["criteria_set", "group", "position", "id"]

    def __str__(self) -> str:
        return self.label


class FourGoodAssessment(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name="tổ chức đảng", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField("năm")
    criteria_set = models.ForeignKey(
        FourGoodCriteriaSet,
        verbose_name="bộ tiêu chí",
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    # The set as it stood when assessed: name and source, and per criterion its group, label,
    # measure, threshold, the measured value, pass/fail and evidence.
    set_name = models.CharField("bộ tiêu chí áp dụng", max_length=255)
    set_source = models.CharField("văn bản ban hành", max_length=255)
    results = models.JSONField("kết quả từng tiêu chí", default=list)
    groups = models.JSONField("kết quả từng nội dung", default=dict)
    eligible = models.BooleanField("đạt cả bốn nội dung", default=False)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField("ngày đánh giá", null=True, blank=True)
    recognized = models.BooleanField("đã công nhận", default=False)
    decision_number = models.CharField("số quyết định công nhận", max_length=64, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    recognition_note = models.TextField("lý do, ghi chú công nhận", blank=True)
    recognized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recognized_at = models.DateTimeField("ngày ghi nhận công nhận", null=True, blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name="thay cho kết quả",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_path = "organization__path"

    class Meta:
        verbose_name = "kết quả đánh giá chi bộ bốn tốt"
        verbose_name_plural = "kết quả đánh giá chi bộ bốn tốt"
        ordering = ["-year", "organization__path", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                condition=models.Q(current=True),
                name="four_good_assessed_once",
            )
        ]
        indexes = [models.Index(fields=["year", "current"], name="four_good_year")]

    def __str__(self) -> str:
        return f"Bốn tốt năm {self.year} — {self.organization}"

    def group_passed(self, group: int) -> bool:
        return bool((self.groups or {}).get(str(group)))

    @property
    def group_flags(self) -> list[bool]:
        return [self.group_passed(g) for g in Group.values]
