"""Annual evaluation and classification of members (đánh giá, xếp loại chất lượng đảng viên).

A round (`EvaluationRound`) covers one year and one subtree and walks through its stages; each
member of a cell in the subtree gets one current `MemberEvaluation`: what they scored
themselves, what the cell agreed (score, task figures, proposed rating), what the committee
decided. A later correction is a new row whose `corrects` points at the old one, which stops
being `current` (DESIGN rule 3). Which rules apply is read from the rule row
`evaluations.member` in force on 31/12 of the year (rules.py), so 2024 is rated with QĐ 124 and
2025 onwards with QĐ 366 by the same code.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from dangbo.members.models import Member, MemberEvent
from dangbo.orgs.models import Organization


class Rating(models.TextChoices):
    EXCELLENT = "htxs", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "htt", "Hoàn thành tốt nhiệm vụ"
    SATISFACTORY = "ht", "Hoàn thành nhiệm vụ"
    FAILED = "kht", "Không hoàn thành nhiệm vụ"


# Higher is better; used to cap a rating and to compare a proposal with what the rules allow.
RANK = {Rating.FAILED: 0, Rating.SATISFACTORY: 1, Rating.GOOD: 2, Rating.EXCELLENT: 3}
SHORT = {
    Rating.EXCELLENT: "HTXSNV",
    Rating.GOOD: "HTTNV",
    Rating.SATISFACTORY: "HTNV",
    Rating.FAILED: "KHTNV",
}


class RoundStage(models.TextChoices):
    SELF_REVIEW = "self_review", "Đảng viên tự kiểm điểm"
    CELL = "cell", "Chi bộ đánh giá, đề xuất"
    COMMITTEE = "committee", "Cấp ủy xem xét, quyết định"
    PUBLISHED = "published", "Đã công bố kết quả"
    LOCKED = "locked", "Đã khóa sổ"


STAGE_ORDER = list(RoundStage.values)


class QuotaReading(models.TextChoices):
    """The two readings of "không quá 20% số đảng viên xếp loại HTTNV" (regulations.md §1.3)."""

    GOOD_ONLY = "a", "(A) 20% số xếp loại HTTNV: tối đa ⌊P/6⌋"
    GOOD_OR_BETTER = "b", "(B) 20% số xếp loại HTTNV trở lên: tối đa ⌊P/5⌋"


class SelfReviewForm(models.TextChoices):
    """The self-review forms of HD 43-HD/BTCTW (regulations.md §1.5): the member picks theirs."""

    LEADER = "2a", "Mẫu 2A: cán bộ lãnh đạo, quản lý"
    STAFF = "2b", "Mẫu 2B: cán bộ, công chức, viên chức không giữ chức vụ lãnh đạo"
    OUTSIDE = "2c", "Mẫu 2C: đảng viên không làm việc trong hệ thống chính trị"


class EvaluationRound(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name="đảng bộ, chi bộ", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField("năm đánh giá")
    stage = models.CharField(
        "bước", max_length=16, choices=RoundStage.choices, default=RoundStage.SELF_REVIEW
    )
    quota_reading = models.CharField(
        "cách tính tỷ lệ HTXSNV",
        max_length=1,
        choices=QuotaReading.choices,
        default=QuotaReading.GOOD_ONLY,
    )
    self_review_due = models.DateField("hạn tự kiểm điểm", null=True, blank=True)
    cell_due = models.DateField("hạn chi bộ họp đánh giá", null=True, blank=True)
    committee_due = models.DateField("hạn cấp ủy quyết định", null=True, blank=True)
    # The rule row's source when the round opened, shown on every report of the round.
    rules_source = models.CharField("quy định áp dụng", max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_path = "organization__path"
    # The cells below read the round their commune opened (every round: the filter is true).
    scope_inherited = {"year__gte": 0}

    class Meta:
        verbose_name = "đợt đánh giá, xếp loại"
        verbose_name_plural = "đợt đánh giá, xếp loại"
        ordering = ["-year", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="round_once_per_year")
        ]

    def __str__(self) -> str:
        return f"Đánh giá, xếp loại năm {self.year} — {self.organization}"

    @property
    def is_locked(self) -> bool:
        return self.stage == RoundStage.LOCKED


class MemberEvaluation(models.Model):
    round = models.ForeignKey(
        EvaluationRound,
        verbose_name="đợt",
        on_delete=models.PROTECT,
        related_name="members",
        db_index=False,  # leads the index evaluation_cell (Meta)
    )
    member = models.ForeignKey(
        Member, verbose_name="đảng viên", on_delete=models.PROTECT, related_name="evaluations"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="chi bộ", on_delete=models.PROTECT, related_name="+"
    )
    self_score = models.DecimalField(
        "điểm tự chấm", max_digits=5, decimal_places=2, null=True, blank=True
    )
    self_rating = models.CharField("tự nhận mức", max_length=4, choices=Rating.choices, blank=True)
    # The member's own review (bản tự kiểm điểm): strengths, shortcomings, what they will do.
    self_review = models.TextField("bản tự kiểm điểm", blank=True)
    self_reviewed_at = models.DateTimeField("ngày nộp bản tự kiểm điểm", null=True, blank=True)
    self_review_form = models.CharField(
        "mẫu bản tự kiểm điểm", max_length=2, choices=SelfReviewForm.choices, blank=True
    )
    # The member's own points per criteria group of the rule set ({group code: points}); their
    # sum is self_score.
    self_criteria = models.JSONField("điểm tự chấm theo nhóm tiêu chí", default=dict, blank=True)
    score = models.DecimalField(
        "điểm chi bộ thống nhất", max_digits=5, decimal_places=2, null=True, blank=True
    )
    tasks_done_pct = models.DecimalField(
        "% nhiệm vụ hoàn thành", max_digits=5, decimal_places=2, null=True, blank=True
    )
    tasks_exceeding_pct = models.DecimalField(
        "% nhiệm vụ vượt mức", max_digits=5, decimal_places=2, null=True, blank=True
    )
    tasks_on_time = models.BooleanField("hoàn thành đúng hạn", default=True)
    criteria_poor = models.BooleanField("có tiêu chí bị đánh giá kém", default=False)
    sick_leave_days = models.PositiveIntegerField("số ngày nghỉ ốm trong năm", default=0)
    # Rated on the time actually worked (HD 21 §1.5); not counted as sick leave.
    maternity_leave_days = models.PositiveIntegerField("số ngày nghỉ thai sản", default=0)
    # The discipline of the year that made the member KHTNV: a violation counts once only.
    discipline_event = models.ForeignKey(
        MemberEvent,
        verbose_name="kỷ luật đã tính",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    not_rated = models.BooleanField("không xếp loại", default=False)
    # The cell's vote on the proposal (biểu quyết): members agreeing out of those voting.
    votes_for = models.PositiveSmallIntegerField("số đảng viên tán thành", null=True, blank=True)
    votes_cast = models.PositiveSmallIntegerField("số đảng viên biểu quyết", null=True, blank=True)
    # What the rules give, and why (the reasons of every cap), kept with the row.
    rule_rating = models.CharField("mức theo quy định", max_length=4, blank=True)
    rule_reasons = models.JSONField("căn cứ", default=list, blank=True)
    proposed_rating = models.CharField(
        "chi bộ đề xuất", max_length=4, choices=Rating.choices, blank=True
    )
    rating = models.CharField("cấp ủy quyết định", max_length=4, choices=Rating.choices, blank=True)
    override_reason = models.TextField("lý do (vượt tỷ lệ, khác đề xuất)", blank=True)
    notes = models.TextField("ghi chú", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("ngày quyết định", null=True, blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name="đính chính kết quả",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    current = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_path = "organization__path"
    scope_owner = "member__user"

    class Meta:
        verbose_name = "kết quả xếp loại đảng viên"
        verbose_name_plural = "kết quả xếp loại đảng viên"
        ordering = ["round", "organization__path", "member__name_sort"]
        constraints = [
            # A member is classified once per round; a correction retires the old row.
            models.UniqueConstraint(
                fields=["round", "member"],
                condition=models.Q(current=True),
                name="member_evaluated_once",
            )
        ]
        indexes = [models.Index(fields=["round", "organization"], name="evaluation_cell")]

    def __str__(self) -> str:
        return f"{self.member} — {self.round.year}: {self.get_rating_display() or '—'}"

    @property
    def final_rating(self) -> str:
        """The committee's decision, else the cell's proposal."""
        return self.rating or self.proposed_rating


class OrganizationEvaluation(models.Model):
    """One party organization's rating in a round: the collective's own review (Mẫu 01), the
    figures its superior's committee agreed, what the rules allow (organization rules read from
    `evaluations.organization`, with its members' and subordinates' results), the proposal and
    the decision of the direct superior. Corrections work as for members."""

    round = models.ForeignKey(
        EvaluationRound, verbose_name="đợt", on_delete=models.PROTECT, related_name="organizations"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="tổ chức đảng", on_delete=models.PROTECT, related_name="+"
    )
    self_review = models.TextField("bản kiểm điểm tập thể", blank=True)
    self_score = models.DecimalField(
        "điểm tự chấm", max_digits=5, decimal_places=2, null=True, blank=True
    )
    self_rating = models.CharField("tự nhận mức", max_length=4, choices=Rating.choices, blank=True)
    score = models.DecimalField(
        "điểm cấp trên thẩm định", max_digits=5, decimal_places=2, null=True, blank=True
    )
    tasks_done_pct = models.DecimalField(
        "% nhiệm vụ hoàn thành", max_digits=5, decimal_places=2, null=True, blank=True
    )
    tasks_exceeding_pct = models.DecimalField(
        "% nhiệm vụ vượt mức", max_digits=5, decimal_places=2, null=True, blank=True
    )
    tasks_behind_pct = models.DecimalField(
        "% nhiệm vụ chưa bảo đảm tiến độ", max_digits=5, decimal_places=2, null=True, blank=True
    )
    tasks_on_time = models.BooleanField("hoàn thành đúng hạn", default=True)
    key_targets_missed = models.BooleanField("có chỉ tiêu chủ yếu không đạt", default=False)
    criteria_poor = models.BooleanField("có tiêu chí bị đánh giá kém", default=False)
    leadership_disciplined = models.BooleanField(
        "tập thể lãnh đạo hoặc thành viên bị kỷ luật trong năm", default=False
    )
    subordinates_disciplined = models.PositiveIntegerField(
        "số đơn vị trực thuộc bị kỷ luật trong năm", default=0
    )
    not_rated = models.BooleanField("không xếp loại", default=False)
    rule_rating = models.CharField("mức theo quy định", max_length=4, blank=True)
    rule_reasons = models.JSONField("căn cứ", default=list, blank=True)
    proposed_rating = models.CharField("đề xuất", max_length=4, choices=Rating.choices, blank=True)
    rating = models.CharField(
        "cấp trên quyết định", max_length=4, choices=Rating.choices, blank=True
    )
    override_reason = models.TextField("lý do (vượt tỷ lệ, khác đề xuất)", blank=True)
    notes = models.TextField("ghi chú", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("ngày quyết định", null=True, blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name="đính chính kết quả",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    current = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_path = "organization__path"

    class Meta:
        verbose_name = "kết quả xếp loại tổ chức đảng"
        verbose_name_plural = "kết quả xếp loại tổ chức đảng"
        ordering = ["round", "organization__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organization"],
                condition=models.Q(current=True),
                name="organization_evaluated_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.round.year}: {self.get_rating_display() or '—'}"

    @property
    def final_rating(self) -> str:
        return self.rating or self.proposed_rating
