"""Actions on one member record through the API that are not an event of /events/: kết nạp
lại, the end of a temporary activity elsewhere, and the account linked to the record."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.access.policy import Action
from dangbo.access.scoping import require, scope
from dangbo.access.viewsets import (
    InputSerializer,
    ScopedObjectField,
    ScopedViewSet,
    TextField,
    error_responses,
)
from dangbo.accounts.models import User
from dangbo.members import services
from dangbo.members.api.events import MemberEventSerializer
from dangbo.members.api.fields import ORG_NOT_FOUND, PastDateField, fields_renamed, optional_text
from dangbo.members.models import EventKind, Member, MemberEvent
from dangbo.members.services.accounts import USER_NOT_FOUND
from dangbo.orgs.models import Organization
from dangbo.orgs.services import Decision


class ReadmitInput(InputSerializer):
    organization = ScopedObjectField(
        Organization, not_found=ORG_NOT_FOUND, help_text="Chi bộ kết nạp lại."
    )
    decision_date = PastDateField(help_text="Ngày ký quyết định kết nạp lại (dd/mm/yyyy).")
    effective_on = PastDateField(help_text="Ngày tổ chức lễ kết nạp lại.")
    decision_number = optional_text(64, "Số quyết định kết nạp lại.")
    late_ceremony_approval = optional_text(255, "Văn bản đồng ý cho tổ chức lễ kết nạp quá hạn.")
    note = optional_text(2000)


class EndTemporaryInput(InputSerializer):
    ended_on = PastDateField(help_text="Ngày kết thúc sinh hoạt tạm thời (dd/mm/yyyy).")


class LinkUserInput(InputSerializer):
    username = TextField(max_length=150, help_text="Tên đăng nhập của tài khoản cần gắn.")


class MemberAccountSerializer(serializers.ModelSerializer):
    username = serializers.CharField(
        source="user.username", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Member
        fields = ["id", "full_name", "user", "username"]
        read_only_fields = fields


def _event(user: object, pk: int) -> MemberEvent:
    rows: QuerySet[MemberEvent] = scope(user, MemberEvent).select_related(
        "organization", "counterpart", "organization_after", "recorded_by"
    )
    return rows.get(pk=pk)


class MemberActionsMixin(ScopedViewSet):
    """/members/{id}/readmit/, end-temporary-transfer/, link-user/, unlink-user/."""

    @extend_schema(
        summary="Kết nạp lại đảng viên đã bị xóa tên hoặc khai trừ",
        request=ReadmitInput,
        responses={201: MemberEventSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def readmit(self, request: Request, pk: str) -> Response:
        member: Member = self.get_object_for(Action.EDIT)
        data = self.body(ReadmitInput)
        organization: Organization = data["organization"]
        require(request.user, Action.EDIT, organization)
        member = services.readmit_member(
            actor=self.actor,
            member=member,
            organization=organization,
            decision=Decision(
                effective_on=data["effective_on"],
                number=data.get("decision_number", ""),
                decided_on=data["decision_date"],
                note=data.get("note", ""),
            ),
            late_ceremony_approval=data.get("late_ceremony_approval", ""),
        )
        admission = member.events.filter(kind=EventKind.ADMITTED).latest("pk")
        return self.output(_event(request.user, admission.pk), MemberEventSerializer, status=201)

    @extend_schema(
        summary="Kết thúc sinh hoạt tạm thời ở đơn vị khác (đảng viên trở về chi bộ)",
        request=EndTemporaryInput,
        responses={201: MemberEventSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"], url_path="end-temporary-transfer")
    def end_temporary_transfer(self, request: Request, pk: str) -> Response:
        member: Member = self.get_object_for(Action.EDIT)
        data = self.body(EndTemporaryInput)
        with fields_renamed({"effective_on": "ended_on", "member": "ended_on"}):
            event = services.end_temporary_transfer(
                actor=self.actor, member=member, ended_on=data["ended_on"]
            )
        return self.output(_event(request.user, event.pk), MemberEventSerializer, status=201)

    @extend_schema(
        summary="Gắn tài khoản đăng nhập với hồ sơ (đảng viên tự xem hồ sơ của mình)",
        description="Cần quyền Cập nhật hồ sơ hoặc Quản lý người dùng tại chi bộ của đảng viên; "
        "tài khoản phải có quyền tại đơn vị bạn quản lý và chưa gắn với hồ sơ nào.",
        request=LinkUserInput,
        responses={200: MemberAccountSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"], url_path="link-user")
    def link_user(self, request: Request, pk: str) -> Response:
        member: Member = self.get_object()
        data = self.body(LinkUserInput)
        user = User.objects.filter(username=data["username"]).first()
        if user is None:
            raise serializers.ValidationError({"username": [USER_NOT_FOUND]})
        with fields_renamed({"user": "username"}):
            services.link_member_user(actor=self.actor, member=member, user=user)
        return self.output(self.reread(member.pk), MemberAccountSerializer)

    @extend_schema(
        summary="Gỡ tài khoản đăng nhập khỏi hồ sơ",
        request=None,
        responses={200: MemberAccountSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"], url_path="unlink-user")
    def unlink_user(self, request: Request, pk: str) -> Response:
        member: Member = self.get_object()
        services.unlink_member_user(actor=self.actor, member=member)
        return self.output(self.reread(member.pk), MemberAccountSerializer)
