"""What the study API reads and answers."""

from __future__ import annotations

from rest_framework import serializers

from dangbo.access.policy import Action
from dangbo.access.viewsets import (
    DateField,
    IdField,
    IndexField,
    InputSerializer,
    ListField,
    ScopedObjectField,
    TextField,
    enum_field,
)
from dangbo.documents.models import Document
from dangbo.orgs.models import Organization
from dangbo.study.models import StudyLevel, StudySession
from dangbo.study.services import MAX_GUESTS, MAX_SHEET

DOC_NOT_FOUND = "Không tìm thấy văn bản này, hoặc văn bản nằm ngoài phạm vi bạn được xem."
ORG_NOT_FOUND = "Không tìm thấy tổ chức này, hoặc tổ chức nằm ngoài phạm vi bạn được xem."
SESSION_NOT_FOUND = "Không tìm thấy buổi học tập này, hoặc nằm ngoài phạm vi bạn được xem."


def _level(**kwargs: object) -> serializers.ChoiceField:
    return enum_field(StudyLevel, "StudyLevelEnum", **kwargs)


class StudySessionSerializer(serializers.ModelSerializer):
    level = _level(read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    document_symbol = serializers.CharField(source="document.symbol", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    present_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = StudySession
        fields = [
            "id",
            "document",
            "document_symbol",
            "organization",
            "organization_name",
            "held_on",
            "level",
            "level_label",
            "place",
            "is_makeup",
            "makeup_for",
            "guests",
            "notes",
            "present_count",
        ]
        read_only_fields = fields


class StudySessionDetailSerializer(StudySessionSerializer):
    present_members = serializers.ListField(child=serializers.IntegerField(), read_only=True)

    class Meta(StudySessionSerializer.Meta):
        fields = [*StudySessionSerializer.Meta.fields, "present_members"]
        read_only_fields = fields


class StudySessionListQuery(InputSerializer):
    document = ScopedObjectField(Document, required=False, not_found=DOC_NOT_FOUND)
    organization = ScopedObjectField(Organization, required=False, not_found=ORG_NOT_FOUND)


class StudySessionCreateInput(InputSerializer):
    document = ScopedObjectField(Document, not_found=DOC_NOT_FOUND)
    organization = ScopedObjectField(Organization, action=Action.EDIT, not_found=ORG_NOT_FOUND)
    held_on = DateField()
    level = _level()
    place = TextField(required=False, allow_blank=True, max_length=255)
    is_makeup = serializers.BooleanField(required=False, default=False)
    makeup_for = ScopedObjectField(
        StudySession, required=False, allow_null=True, not_found=SESSION_NOT_FOUND
    )
    guests = IndexField(required=False, default=0, min_value=0, max_value=MAX_GUESTS)
    notes = TextField(required=False, allow_blank=True, max_length=5000)


class AttendanceInput(InputSerializer):
    members = ListField(child=IdField(), allow_empty=True, max_length=MAX_SHEET)


class CoverageQuery(InputSerializer):
    document = ScopedObjectField(Document, not_found=DOC_NOT_FOUND)
    organization = ScopedObjectField(Organization, not_found=ORG_NOT_FOUND)
    as_of = DateField(required=False, help_text="Tính đến ngày (dd/mm/yyyy); mặc định hôm nay.")


class CoverageRowSerializer(serializers.Serializer):
    organization = serializers.IntegerField(source="organization.pk")
    organization_name = serializers.CharField(source="organization.name")
    expected = serializers.IntegerField(help_text="Đảng viên phải học (không tính miễn sinh hoạt)")
    studied = serializers.IntegerField(help_text="Đã học tập ít nhất một buổi")
    percent = serializers.FloatField(allow_null=True)


class NotStudiedSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    full_name = serializers.CharField()
    organization = serializers.IntegerField(source="unit_on")


class CoverageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Số đảng viên chưa học tập")
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = NotStudiedSerializer(many=True, help_text="Đảng viên chưa học tập (phân trang)")
    as_of = serializers.DateField()
    units = CoverageRowSerializer(many=True)
    total = CoverageRowSerializer()
