"""What the organization-evaluations and evaluation-rules endpoints read and answer."""

from __future__ import annotations

from rest_framework import serializers

from dangbo.access.policy import Action
from dangbo.access.viewsets import (
    BooleanField,
    IdField,
    IndexField,
    InputSerializer,
    ListField,
    ScopedObjectField,
    TextField,
    enum_field,
)
from dangbo.core.models import Rule
from dangbo.evaluations.models import EvaluationRound, OrganizationEvaluation, Rating
from dangbo.orgs.models import Organization

ORG_NOT_FOUND = "Không tìm thấy tổ chức này, hoặc tổ chức nằm ngoài phạm vi bạn được xem."
ROUND_NOT_FOUND = "Không tìm thấy đợt đánh giá này, hoặc nằm ngoài phạm vi bạn được xem."
MAX_LINES = 2000
RULE_KEYS = ("evaluations.member", "evaluations.organization")


def _rating(**kwargs: object) -> serializers.ChoiceField:
    return enum_field(Rating, "RatingEnum", **kwargs)


def _percent() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=6, decimal_places=2, required=False, allow_null=True)


class OrganizationEvaluationSerializer(serializers.ModelSerializer):
    rule_rating = serializers.CharField(read_only=True, help_text="Mức tối đa theo quy định")
    self_rating = _rating(read_only=True, allow_blank=True)
    proposed_rating = _rating(read_only=True, allow_blank=True)
    rating = _rating(read_only=True, allow_blank=True)
    final_rating = serializers.CharField(
        read_only=True, help_text="Cấp trên quyết định, nếu chưa thì mức đề xuất"
    )
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    year = serializers.IntegerField(source="round.year", read_only=True)
    rule_reasons = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = OrganizationEvaluation
        fields = [
            "id",
            "round",
            "year",
            "organization",
            "organization_name",
            "self_score",
            "self_rating",
            "score",
            "tasks_done_pct",
            "tasks_exceeding_pct",
            "tasks_behind_pct",
            "tasks_on_time",
            "key_targets_missed",
            "criteria_poor",
            "leadership_disciplined",
            "subordinates_disciplined",
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


class OrganizationEvaluationQuery(InputSerializer):
    year = IndexField(required=False, min_value=1945, max_value=2200)
    round = ScopedObjectField(EvaluationRound, required=False, not_found=ROUND_NOT_FOUND)
    rating = _rating(required=False)
    organization = ScopedObjectField(
        Organization,
        required=False,
        not_found=ORG_NOT_FOUND,
        help_text="Mã số (id) tổ chức: kết quả của tổ chức này và các tổ chức trong cây dưới nó.",
    )


class OrgLineInput(InputSerializer):
    organization = IdField()
    score = _percent()
    tasks_done_pct = _percent()
    tasks_exceeding_pct = _percent()
    tasks_behind_pct = _percent()
    tasks_on_time = BooleanField(required=False, default=True)
    key_targets_missed = BooleanField(required=False, default=False)
    criteria_poor = BooleanField(required=False, default=False)
    leadership_disciplined = BooleanField(required=False, default=False)
    subordinates_disciplined = IndexField(required=False, default=0, min_value=0, max_value=100000)
    proposed_rating = _rating(required=False, allow_blank=True, default="")
    override_reason = TextField(required=False, allow_blank=True, max_length=2000, default="")
    notes = TextField(required=False, allow_blank=True, max_length=2000, default="")


class OrgAssessInput(InputSerializer):
    round = ScopedObjectField(EvaluationRound, not_found=ROUND_NOT_FOUND)
    # The superior whose direct subordinates are rated (as orgs.api names it).
    parent = ScopedObjectField(  # type: ignore[assignment]
        Organization, action=Action.EDIT, not_found=ORG_NOT_FOUND
    )
    lines = ListField(child=OrgLineInput(), allow_empty=False, max_length=MAX_LINES)


class OrgDecisionLineInput(InputSerializer):
    organization = IdField()
    rating = _rating()
    reason = TextField(required=False, allow_blank=True, max_length=2000, default="")


class OrgDecideInput(InputSerializer):
    round = ScopedObjectField(EvaluationRound, not_found=ROUND_NOT_FOUND)
    # The superior whose direct subordinates are rated (as orgs.api names it).
    parent = ScopedObjectField(  # type: ignore[assignment]
        Organization, action=Action.EDIT, not_found=ORG_NOT_FOUND
    )
    decisions = ListField(child=OrgDecisionLineInput(), allow_empty=False, max_length=MAX_LINES)


class OrgCorrectInput(InputSerializer):
    rating = _rating()
    reason = TextField(max_length=2000)


class EvaluationRuleSerializer(serializers.ModelSerializer):
    value = serializers.JSONField(read_only=True, help_text="Các thông số của quy định")

    class Meta:
        model = Rule
        fields = ["id", "key", "valid_from", "valid_to", "source", "confidence", "note", "value"]
        read_only_fields = fields


class EvaluationRuleQuery(InputSerializer):
    key = serializers.ChoiceField(
        choices=RULE_KEYS,
        required=False,
        error_messages={"invalid_choice": "Chọn evaluations.member hoặc evaluations.organization."},
    )
