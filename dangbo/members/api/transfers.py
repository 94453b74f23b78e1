"""Chuyển sinh hoạt đảng through the API (QĐ 294 point 6.3.1): the sender issues the letter,
the receiving unit records receipt (only then does the member move), the sender may cancel
while it is pending.

Who sees a transfer: whoever sees the member (the sender while pending, the receiver once
received), and, while pending, whoever may edit the receiving unit, who must act on it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.access.policy import Action
from dangbo.access.viewsets import (
    BooleanField,
    IdField,
    IndexField,
    InputSerializer,
    ScopedObjectField,
    ScopedViewSet,
    TextField,
    enum_field,
    error_responses,
)
from dangbo.members import services
from dangbo.members.api.fields import (
    MEMBER_NOT_FOUND,
    ORG_NOT_FOUND,
    PastDateField,
    optional_text,
)
from dangbo.members.models import Member, TemporaryReason, Transfer, TransferStatus
from dangbo.members.transfer_access import (
    incoming_q,
    may_act_as_sender,
    may_receive,
    visible_transfers,
)
from dangbo.orgs.models import Organization


class TransferSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    from_organization_name = serializers.CharField(source="from_organization.name", read_only=True)
    to_organization_name = serializers.CharField(
        source="to_organization.name", read_only=True, allow_null=True, default=None
    )
    status = enum_field(TransferStatus, "TransferStatusEnum", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    temporary_reason = serializers.CharField(
        read_only=True, help_text="Lý do chuyển tạm thời (mã), rỗng nếu chuyển chính thức."
    )

    class Meta:
        model = Transfer
        fields = [
            "id",
            "member",
            "member_name",
            "from_organization",
            "from_organization_name",
            "to_organization",
            "to_organization_name",
            "to_outside",
            "temporary",
            "temporary_reason",
            "expected_months",
            "cause_effective_on",
            "process_deadline",
            "late_reason",
            "letter_number",
            "letter_issued_on",
            "deadline",
            "received_on",
            "status",
            "status_label",
            "note",
            "created_at",
        ]
        read_only_fields = fields


class TransferListQuery(InputSerializer):
    status = enum_field(TransferStatus, "TransferStatusEnum", required=False)
    incoming = BooleanField(
        required=False,
        help_text="true: chỉ giấy chuyển đến đơn vị bạn quản lý đang chờ tiếp nhận.",
    )


class DestinationField(IdField):
    """The receiving unit: any organisation of the tree, not only the sender's scope (a member
    moving to another province goes to a unit the sender cannot see), as on the transfer page;
    the service checks that it is active on the letter's date. The answer names the unit only
    by id, so nothing about it leaks."""

    def to_internal_value(self, data: Any) -> Organization:
        pk = super().to_internal_value(data)
        super().run_validators(pk)
        unit = Organization.objects.filter(pk=pk).first()
        if unit is None:
            raise serializers.ValidationError(ORG_NOT_FOUND)
        return unit

    def run_validators(self, value: Any) -> None:
        """Already run on the id in to_internal_value; `value` is now the organisation."""


class TransferStartInput(InputSerializer):
    member = ScopedObjectField(
        Member, action=Action.EDIT, not_found=MEMBER_NOT_FOUND, help_text="Đảng viên chuyển đi."
    )
    letter_issued_on = PastDateField(help_text="Ngày cấp giấy giới thiệu (dd/mm/yyyy).")
    to_organization = DestinationField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Chi bộ nơi đến trong hệ thống (bất kỳ tổ chức nào của cây, như trang web).",
    )
    to_outside = optional_text(255, "Nơi đến ngoài hệ thống (khi không chọn chi bộ nơi đến).")
    temporary = BooleanField(required=False, default=False, help_text="Chuyển tạm thời.")
    temporary_reason = enum_field(
        TemporaryReason, "TemporaryReasonEnum", required=False, allow_blank=True, default=""
    )
    expected_months = IndexField(
        required=False,
        allow_null=True,
        default=None,
        min_value=0,
        max_value=600,
        help_text="Thời gian dự kiến (tháng), khi chuyển tạm thời.",
    )
    cause_effective_on = PastDateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Ngày quyết định (nghỉ hưu, điều động…) có hiệu lực.",
    )
    late_reason = optional_text(2000, "Lý do làm thủ tục chậm.")
    letter_number = optional_text(64, "Số giấy giới thiệu.")
    note = optional_text(2000)


class TransferReceiveInput(InputSerializer):
    received_on = PastDateField(help_text="Ngày tiếp nhận (dd/mm/yyyy).")


class TransferCancelInput(InputSerializer):
    reason = TextField(max_length=2000, help_text="Lý do hủy.")


_DOC = (
    "Giấy chuyển sinh hoạt đảng. Nơi đi thấy giấy đang chờ; nơi đến (người có quyền Cập nhật "
    "hồ sơ tại chi bộ nơi đến) thấy giấy chuyển đến và ghi tiếp nhận, khi đó đảng viên mới "
    "chuyển sang; chuyển ra ngoài hệ thống thì nơi đi ghi đã bàn giao. Nơi đi hủy được giấy "
    "đang chờ."
)


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách giấy chuyển sinh hoạt (mới nhất trước)",
        parameters=[TransferListQuery],
        responses={200: TransferSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Chi tiết giấy chuyển sinh hoạt",
        responses={200: TransferSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Cấp giấy chuyển sinh hoạt đảng",
        request=TransferStartInput,
        responses={201: TransferSerializer, **error_responses(400)},
    ),
)
@extend_schema(tags=["Chuyển sinh hoạt đảng"], description=_DOC)
class TransferViewSet(ScopedViewSet):
    model = Transfer
    write_action = Action.EDIT

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return Transfer.objects.none()
        return visible_transfers(self.request.user).select_related(
            "member", "from_organization", "to_organization"
        )

    def list(self, request: Request) -> Response:
        params = self.query(TransferListQuery)
        rows = self.get_queryset()
        if params.get("status"):
            rows = rows.filter(status=params["status"])
        if params.get("incoming") is True:
            rows = rows.filter(incoming_q(self.request.user))
        return self.paginated(rows.order_by("-letter_issued_on", "-pk"), TransferSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self.output(self.get_object(), TransferSerializer)

    def create(self, request: Request) -> Response:
        data = self.body(TransferStartInput)
        transfer = services.start_transfer(actor=self.actor, **data)
        return self.output(self.reread(transfer.pk), TransferSerializer, status=201)

    @extend_schema(
        summary="Ghi tiếp nhận (nơi đến; chuyển ra ngoài hệ thống: nơi đi ghi đã bàn giao)",
        request=TransferReceiveInput,
        responses={200: TransferSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def receive(self, request: Request, pk: str) -> Response:
        transfer: Transfer = self.get_object()
        if not may_receive(request.user, transfer):
            raise PermissionDenied("Chỉ nơi đến mới ghi tiếp nhận giấy chuyển sinh hoạt.")
        data = self.body(TransferReceiveInput)
        services.receive_transfer(actor=self.actor, transfer=transfer, **data)
        return self.output(self.reread(transfer.pk), TransferSerializer)

    @extend_schema(
        summary="Hủy giấy chuyển sinh hoạt đang chờ (nơi đi)",
        request=TransferCancelInput,
        responses={200: TransferSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        transfer: Transfer = self.get_object()
        if not may_act_as_sender(request.user, transfer):
            raise PermissionDenied("Chỉ nơi đi mới hủy được giấy chuyển sinh hoạt.")
        data = self.body(TransferCancelInput)
        services.cancel_transfer(actor=self.actor, transfer=transfer, **data)
        return self.output(self.reread(transfer.pk), TransferSerializer)
