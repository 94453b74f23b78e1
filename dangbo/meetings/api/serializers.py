"""What the meetings API reads and answers."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

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
from dangbo.meetings.models import Attendance, Mark, Meeting, MeetingKind, MeetingStatus
from dangbo.members.models import Member
from dangbo.orgs.models import Organization

ORG_NOT_FOUND = "Không tìm thấy chi bộ này, hoặc chi bộ nằm ngoài phạm vi bạn được xem."
MEMBER_NOT_FOUND = "Không tìm thấy đảng viên này, hoặc đảng viên nằm ngoài phạm vi bạn được xem."


class MeetingSerializer(serializers.ModelSerializer):
    kind = enum_field(MeetingKind, "MeetingKindEnum", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status = enum_field(MeetingStatus, "MeetingStatusEnum", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    present_count = serializers.IntegerField(read_only=True)
    excused_count = serializers.IntegerField(read_only=True)
    unexcused_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "organization",
            "organization_name",
            "kind",
            "kind_label",
            "date",
            "place",
            "agenda",
            "status",
            "status_label",
            "notice_published_at",
            "present_count",
            "excused_count",
            "unexcused_count",
        ]
        read_only_fields = fields


class MeetingAttendanceSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    mark = enum_field(Mark, "AttendanceMarkEnum", read_only=True)
    mark_label = serializers.CharField(source="get_mark_display", read_only=True)

    class Meta:
        model = Attendance
        fields = ["member", "member_name", "mark", "mark_label", "reason", "exempt"]
        read_only_fields = fields


class MeetingQuorumSerializer(serializers.Serializer):
    expected = serializers.IntegerField(help_text="Số đảng viên phải dự (trừ miễn sinh hoạt).")
    present = serializers.IntegerField()
    needed = serializers.IntegerField(help_text="Số có mặt tối thiểu theo quy định.")
    reached = serializers.BooleanField()
    rule_text = serializers.CharField()


class MeetingDetailSerializer(MeetingSerializer):
    attendance = serializers.SerializerMethodField()
    quorum = serializers.SerializerMethodField()

    class Meta(MeetingSerializer.Meta):
        fields = [
            *MeetingSerializer.Meta.fields,
            "chair",
            "minute_taker",
            "supervisor",
            "supervisor_attended",
            "content",
            "conclusions",
            "quality",
            "attendance",
            "quorum",
        ]
        read_only_fields = fields

    @staticmethod
    def _rows(obj: Meeting, context: dict[str, Any]) -> list[Attendance]:
        rows: list[Attendance] = context["attendance"]
        return rows

    def get_attendance(self, obj: Meeting) -> list[dict[str, Any]]:
        rows = self._rows(obj, self.context)
        return list(MeetingAttendanceSerializer(rows, many=True).data)

    def get_quorum(self, obj: Meeting) -> dict[str, Any]:
        return dict(MeetingQuorumSerializer(self.context["quorum"]).data)


class MeetingListQuery(InputSerializer):
    organization = ScopedObjectField(
        Organization, required=False, not_found=ORG_NOT_FOUND, help_text="Đơn vị và cấp dưới."
    )
    year = IndexField(required=False, min_value=1945, max_value=2200, help_text="Năm họp.")
    status = enum_field(MeetingStatus, "MeetingStatusEnum", required=False)


class MeetingCreateInput(InputSerializer):
    organization = ScopedObjectField(Organization, not_found=ORG_NOT_FOUND)
    kind = enum_field(MeetingKind, "MeetingKindEnum", required=False)
    date = DateField()
    place = TextField(required=False, allow_blank=True, max_length=255)
    agenda = TextField(max_length=500)
    chair = ScopedObjectField(Member, required=False, allow_null=True, not_found=MEMBER_NOT_FOUND)
    minute_taker = ScopedObjectField(
        Member, required=False, allow_null=True, not_found=MEMBER_NOT_FOUND
    )
    supervisor = ScopedObjectField(
        Member, required=False, allow_null=True, not_found=MEMBER_NOT_FOUND
    )
    publish = BooleanField(required=False, help_text="Thông báo ngay đến đảng viên.")


class MeetingAttendanceRowInput(InputSerializer):
    member = IdField()
    mark = enum_field(Mark, "AttendanceMarkEnum")
    reason = TextField(required=False, allow_blank=True, max_length=255)


class MeetingAttendanceInput(InputSerializer):
    """The whole sheet: every member who must attend, once."""

    attendance = ListField(child=MeetingAttendanceRowInput(), max_length=2000)

    def validate_attendance(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = [row["member"] for row in rows]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError("Mỗi đảng viên chỉ được điểm danh một lần.")
        return rows
