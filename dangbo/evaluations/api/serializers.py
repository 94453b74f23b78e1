"""What the evaluations API reads and answers."""

from __future__ import annotations

from rest_framework import serializers

from dangbo.access.policy import Action
from dangbo.access.viewsets import (
    BooleanField,
    DateField,
    IdField,
    IndexField,
    InputSerializer,
    ListField,
    ScopedObjectField,
    TextField,
    enum_field,
)
from dangbo.evaluations.models import (
    EvaluationRound,
    MemberEvaluation,
    QuotaReading,
    Rating,
    RoundStage,
)
from dangbo.orgs.models import Organization

ORG_NOT_FOUND = "Không tìm thấy tổ chức này, hoặc tổ chức nằm ngoài phạm vi bạn được xem."
ROUND_NOT_FOUND = "Không tìm thấy đợt đánh giá này, hoặc nằm ngoài phạm vi bạn được xem."
MAX_GRID = 5000


def _rating(**kwargs: object) -> serializers.ChoiceField:
    return enum_field(Rating, "RatingEnum", **kwargs)


def _stage(**kwargs: object) -> serializers.ChoiceField:
    return enum_field(RoundStage, "RoundStageEnum", **kwargs)


def _reading(**kwargs: object) -> serializers.ChoiceField:
    return enum_field(QuotaReading, "QuotaReadingEnum", **kwargs)


class RoundSerializer(serializers.ModelSerializer):
    stage = _stage(read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    quota_reading = _reading(read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    evaluated = serializers.IntegerField(read_only=True)
    decided = serializers.IntegerField(read_only=True)

    class Meta:
        model = EvaluationRound
        fields = [
            "id",
            "organization",
            "organization_name",
            "year",
            "stage",
            "stage_label",
            "quota_reading",
            "rules_source",
            "self_review_due",
            "cell_due",
            "committee_due",
            "evaluated",
            "decided",
        ]
        read_only_fields = fields


class EvaluationSerializer(serializers.ModelSerializer):
    rule_rating = serializers.CharField(read_only=True, help_text="Mức theo quy định")
    proposed_rating = _rating(read_only=True, allow_blank=True)
    rating = _rating(read_only=True, allow_blank=True)
    final_rating = serializers.CharField(
        read_only=True, help_text="Cấp ủy quyết định, nếu chưa thì chi bộ đề xuất"
    )
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    year = serializers.IntegerField(source="round.year", read_only=True)
    rule_reasons = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = MemberEvaluation
        fields = [
            "id",
            "round",
            "year",
            "member",
            "member_name",
            "organization",
            "organization_name",
            "self_score",
            "score",
            "tasks_done_pct",
            "tasks_exceeding_pct",
            "tasks_on_time",
            "criteria_poor",
            "sick_leave_days",
            "maternity_leave_days",
            "votes_for",
            "votes_cast",
            "self_rating",
            "self_review_form",
            "not_rated",
            "rule_rating",
            "rule_reasons",
            "proposed_rating",
            "rating",
            "final_rating",
            "override_reason",
            "notes",
            "corrects",
            "current",
        ]
        read_only_fields = fields


class RoundListQuery(InputSerializer):
    year = IndexField(required=False, min_value=1945, max_value=2200)
    organization = ScopedObjectField(Organization, required=False, not_found=ORG_NOT_FOUND)


class RoundCreateInput(InputSerializer):
    organization = ScopedObjectField(Organization, action=Action.EDIT, not_found=ORG_NOT_FOUND)
    year = IndexField(min_value=1945, max_value=2200)
    quota_reading = _reading(required=False, default=QuotaReading.GOOD_ONLY)
    self_review_due = DateField(required=False, allow_null=True, default=None)
    cell_due = DateField(required=False, allow_null=True, default=None)
    committee_due = DateField(required=False, allow_null=True, default=None)


class RoundAdvanceInput(InputSerializer):
    stage = _stage()


class GridLineInput(InputSerializer):
    member = IdField()
    score = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True
    )
    self_score = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True
    )
    tasks_done_pct = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True
    )
    tasks_exceeding_pct = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True
    )
    tasks_on_time = BooleanField(required=False, default=True)
    criteria_poor = BooleanField(required=False, default=False)
    sick_leave_days = IndexField(required=False, default=0, min_value=0, max_value=366)
    maternity_leave_days = IndexField(required=False, default=0, min_value=0, max_value=366)
    proposed_rating = _rating(required=False, allow_blank=True, default="")
    votes_for = IndexField(
        required=False, allow_null=True, default=None, min_value=0, max_value=9999
    )
    votes_cast = IndexField(
        required=False, allow_null=True, default=None, min_value=1, max_value=9999
    )
    override_reason = TextField(required=False, allow_blank=True, max_length=2000, default="")
    notes = TextField(required=False, allow_blank=True, max_length=2000, default="")


class GridInputSerializer(InputSerializer):
    organization = ScopedObjectField(Organization, action=Action.EDIT, not_found=ORG_NOT_FOUND)
    lines = ListField(child=GridLineInput(), allow_empty=False, max_length=MAX_GRID)


class DecisionLineInput(InputSerializer):
    member = IdField()
    rating = _rating()
    reason = TextField(required=False, allow_blank=True, max_length=2000, default="")


class DecideInput(InputSerializer):
    organization = ScopedObjectField(Organization, not_found=ORG_NOT_FOUND)
    decisions = ListField(child=DecisionLineInput(), allow_empty=False, max_length=MAX_GRID)


class EvaluationListQuery(InputSerializer):
    year = IndexField(required=False, min_value=1945, max_value=2200)
    round = ScopedObjectField(EvaluationRound, required=False, not_found=ROUND_NOT_FOUND)
    rating = _rating(required=False)
    organization = ScopedObjectField(Organization, required=False, not_found=ORG_NOT_FOUND)


class CorrectInput(InputSerializer):
    rating = _rating()
    reason = TextField(max_length=2000)
