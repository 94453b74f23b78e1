"""What the four-good API reads and answers."""

from __future__ import annotations

from rest_framework import serializers

from dangbo.access.viewsets import BooleanField, IndexField, InputSerializer, ScopedObjectField
from dangbo.four_good.models import FourGoodAssessment, FourGoodCriteriaSet, FourGoodCriterion
from dangbo.orgs.models import Organization

ORG_NOT_FOUND = "Không tìm thấy tổ chức này, hoặc tổ chức nằm ngoài phạm vi bạn được xem."


class FourGoodCriterionSerializer(serializers.ModelSerializer):
    group_label = serializers.CharField(source="get_group_display", read_only=True)
    measure_label = serializers.CharField(source="get_measure_display", read_only=True)

    class Meta:
        model = FourGoodCriterion
        fields = ["id", "group", "group_label", "label", "measure", "measure_label", "threshold"]
        read_only_fields = fields


class FourGoodSetSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    criteria = FourGoodCriterionSerializer(many=True, read_only=True)
    group_minimums = serializers.DictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="Số tiêu chí tối thiểu phải đạt theo nội dung (không có: phải đạt tất cả)",
    )

    class Meta:
        model = FourGoodCriteriaSet
        fields = [
            "id",
            "organization",
            "organization_name",
            "name",
            "source",
            "valid_from",
            "valid_to",
            "applies_to",
            "group_minimums",
            "replaces",
            "criteria",
        ]
        read_only_fields = fields


class FourGoodResultSerializer(serializers.Serializer):
    """One criterion as it stood when assessed, with what was measured."""

    criterion = serializers.IntegerField()
    group = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]  # the key, not Field.label
    measure = serializers.CharField()
    threshold = serializers.CharField(allow_null=True)
    value = serializers.CharField(allow_null=True)
    value_text = serializers.CharField(allow_blank=True)
    passed = serializers.BooleanField()
    evidence = serializers.CharField(allow_blank=True)


class FourGoodAssessmentSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    results = FourGoodResultSerializer(many=True, read_only=True)
    groups = serializers.DictField(
        child=serializers.BooleanField(), read_only=True, help_text="Đạt từng nội dung 1–4"
    )

    class Meta:
        model = FourGoodAssessment
        fields = [
            "id",
            "organization",
            "organization_name",
            "year",
            "criteria_set",
            "set_name",
            "set_source",
            "results",
            "groups",
            "eligible",
            "assessed_at",
            "recognized",
            "decision_number",
            "decision_date",
            "recognition_note",
            "recognized_at",
            "corrects",
            "current",
        ]
        read_only_fields = fields


class FourGoodSetListQuery(InputSerializer):
    year = IndexField(required=False, min_value=1945, max_value=2200)


class FourGoodAssessmentListQuery(InputSerializer):
    year = IndexField(required=False, min_value=1945, max_value=2200)
    organization = ScopedObjectField(Organization, required=False, not_found=ORG_NOT_FOUND)
    recognized = BooleanField(required=False, allow_null=True, default=None)
