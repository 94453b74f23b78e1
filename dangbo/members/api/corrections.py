"""Đề nghị đính chính through the API: a member asks at /members/{id}/corrections/ (their own
record only); staff of the member's unit approve or refuse at /correction-requests/{id}/."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.access.policy import Action
from dangbo.access.scoping import scope
from dangbo.access.viewsets import (
    IdField,
    InputSerializer,
    ScopedViewSet,
    TextField,
    enum_field,
    error_responses,
)
from dangbo.members import services
from dangbo.members.api.fields import fields_renamed, optional_text
from dangbo.members.correctable import EVENT_FIELDS, RECORD_FIELDS, target_label
from dangbo.members.models import CorrectionRequest, CorrectionStatus, Member


class CorrectionRequestSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    field_label = serializers.SerializerMethodField()
    status = enum_field(CorrectionStatus, "CorrectionStatusEnum", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    requested_by_name = serializers.CharField(source="requested_by.display_name", read_only=True)
    decided_by_name = serializers.CharField(
        source="decided_by.display_name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = CorrectionRequest
        fields = [
            "id",
            "member",
            "member_name",
            "field",
            "field_label",
            "event",
            "current_value",
            "requested_value",
            "reason",
            "status",
            "status_label",
            "created_at",
            "requested_by_name",
            "decided_by_name",
            "decided_at",
            "decision_note",
            "correction_event",
        ]
        read_only_fields = fields

    def get_field_label(self, correction: CorrectionRequest) -> str:
        return target_label(correction.field, correction.event)


_FIELD_HELP = (
    "Trường của hồ sơ ("
    + ", ".join(RECORD_FIELDS)
    + "), hoặc, khi có `event`, trường của sự kiện ("
    + ", ".join(EVENT_FIELDS)
    + ")."
)


class CorrectionCreateInput(InputSerializer):
    field = TextField(max_length=32, help_text=_FIELD_HELP)
    event = IdField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Mã số sự kiện (trong quá trình của chính đảng viên) cần đính chính.",
    )
    requested_value = TextField(
        max_length=255,
        help_text="Giá trị đúng: chữ như trong hồ sơ giấy; ngày dd/mm/yyyy; giới tính, dân tộc, "
        "tôn giáo, trình độ ghi đúng tên (ví dụ: Nữ, Khơ-me, Trung cấp).",
    )
    reason = TextField(max_length=2000, help_text="Lý do đề nghị đính chính.")


class CorrectionListQuery(InputSerializer):
    status = enum_field(CorrectionStatus, "CorrectionStatusEnum", required=False)


class ApproveInput(InputSerializer):
    note = optional_text(2000, "Ý kiến khi đính chính.")


class RefuseInput(InputSerializer):
    reason = TextField(max_length=2000, help_text="Lý do không chấp nhận (đảng viên đọc được).")


def corrections_seen(user: Any) -> QuerySet[CorrectionRequest]:
    return scope(user, CorrectionRequest).select_related(
        "member", "event", "requested_by", "decided_by"
    )


class MemberCorrectionsMixin(ScopedViewSet):
    """/members/{id}/corrections/ on MemberViewSet."""

    @extend_schema(
        methods=["GET"],
        summary="Các đề nghị đính chính hồ sơ của đảng viên (mới nhất trước)",
        responses={200: CorrectionRequestSerializer(many=True), **error_responses(404)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Đảng viên đề nghị đính chính hồ sơ của chính mình",
        description="Chỉ tài khoản gắn với hồ sơ này gửi được (người khác: 403). Số CCCD, địa "
        "chỉ, điện thoại do văn phòng cấp ủy sửa trực tiếp.",
        request=CorrectionCreateInput,
        responses={201: CorrectionRequestSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["get", "post"])
    def corrections(self, request: Request, pk: str) -> Response:
        member: Member = self.get_object()
        if request.method == "GET":
            rows = corrections_seen(request.user).filter(member=member)
            return self.paginated(rows.order_by("-created_at", "-pk"), CorrectionRequestSerializer)
        data = self.body(CorrectionCreateInput)
        target = (
            f"event:{data['event']}:{data['field']}"
            if data["event"] is not None
            else f"field:{data['field']}"
        )
        correction = services.request_correction(
            actor=self.actor,
            member=member,
            target=target,
            requested_value=data["requested_value"],
            reason=data["reason"],
        )
        return self.output(
            corrections_seen(request.user).get(pk=correction.pk),
            CorrectionRequestSerializer,
            status=201,
        )


_DOC = (
    "Đề nghị đính chính hồ sơ do đảng viên gửi. Người có quyền Cập nhật hồ sơ tại chi bộ của "
    "đảng viên đính chính theo đề nghị (ghi sự kiện đính chính vào quá trình) hoặc không chấp "
    "nhận (ghi lý do); đảng viên chỉ thấy đề nghị của chính mình."
)


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách đề nghị đính chính trong phạm vi được xem",
        parameters=[CorrectionListQuery],
        responses={200: CorrectionRequestSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Chi tiết một đề nghị đính chính",
        responses={200: CorrectionRequestSerializer, **error_responses(404)},
    ),
)
@extend_schema(tags=["Đề nghị đính chính"], description=_DOC)
class CorrectionRequestViewSet(ScopedViewSet):
    model = CorrectionRequest
    write_action = Action.EDIT

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("member", "event", "requested_by", "decided_by")

    def list(self, request: Request) -> Response:
        params = self.query(CorrectionListQuery)
        rows = self.get_queryset()
        if params.get("status"):
            rows = rows.filter(status=params["status"])
        return self.paginated(rows.order_by("-created_at", "-pk"), CorrectionRequestSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self.output(self.get_object(), CorrectionRequestSerializer)

    @extend_schema(
        summary="Đính chính theo đề nghị",
        request=ApproveInput,
        responses={200: CorrectionRequestSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        correction: CorrectionRequest = self.get_object_for(Action.EDIT)
        data = self.body(ApproveInput)
        with fields_renamed({"decision_note": "note"}):
            services.approve_correction(
                actor=self.actor, correction=correction, note=data.get("note", "")
            )
        return self.output(self.reread(correction.pk), CorrectionRequestSerializer)

    @extend_schema(
        summary="Không chấp nhận đề nghị đính chính",
        request=RefuseInput,
        responses={200: CorrectionRequestSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, pk: str) -> Response:
        correction: CorrectionRequest = self.get_object_for(Action.EDIT)
        data = self.body(RefuseInput)
        with fields_renamed({"decision_note": "reason"}):
            services.refuse_correction(
                actor=self.actor, correction=correction, reason=data["reason"]
            )
        return self.output(self.reread(correction.pk), CorrectionRequestSerializer)
