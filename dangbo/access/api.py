"""REST API for grants (who may do what, where) and for the requesting user.

Seeing and managing grants needs the GRANTS action on the organisation (docs/permissions.md);
user accounts are not listed here: `/users/me/` only answers "who am I"."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.access.models import Grant, Role, valid_on
from dangbo.access.policy import MATRIX, Action
from dangbo.access.scoping import require, scope, units_for
from dangbo.access.services import add_grant, end_grant
from dangbo.access.viewsets import (
    BooleanField,
    DateField,
    IdField,
    InputSerializer,
    ScopedObjectField,
    ScopedViewSet,
    TextField,
    enum_field,
    error_responses,
)
from dangbo.accounts.models import User
from dangbo.core.clock import today
from dangbo.orgs.models import Organization

NO_GRANTS_RIGHT = "Bạn không có quyền quản lý phân quyền."


class GrantSerializer(serializers.ModelSerializer):
    role = enum_field(Role, "RoleEnum", read_only=True)
    user_username = serializers.CharField(source="user.username", read_only=True)
    user_full_name = serializers.CharField(source="user.full_name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    is_active = serializers.SerializerMethodField()

    class Meta:
        model = Grant
        fields = [
            "id",
            "user",
            "user_username",
            "user_full_name",
            "organization",
            "organization_name",
            "role",
            "role_label",
            "valid_from",
            "valid_to",
            "note",
            "is_active",
        ]
        read_only_fields = fields

    def get_is_active(self, grant: Grant) -> bool:
        return grant.is_valid_on(today())


class GrantQuery(InputSerializer):
    user = IdField(required=False, help_text="Mã số người dùng.")
    organization = IdField(required=False, help_text="Mã số tổ chức (đúng đơn vị đó).")
    role = enum_field(Role, "RoleEnum", required=False)
    active = BooleanField(
        required=False, default=False, help_text="Chỉ quyền còn hiệu lực hôm nay."
    )


class GrantInput(InputSerializer):
    user = IdField(help_text="Mã số người dùng được phân quyền.")
    organization = ScopedObjectField(
        Organization,
        not_found="Không tìm thấy tổ chức này, hoặc tổ chức nằm ngoài phạm vi bạn được xem.",
    )
    role = enum_field(Role, "RoleEnum")
    valid_from = DateField(help_text="Hiệu lực từ ngày (dd/mm/yyyy).")
    valid_to = DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Hiệu lực đến hết ngày; để trống là không thời hạn.",
    )
    note = TextField(required=False, allow_blank=True, max_length=255, default="")

    def validate_user(self, pk: int) -> User:
        # As on the users pages (docs/permissions.md): a manager sees a person only through a
        # grant inside their own scope; a first grant comes with the account, in the web pages.
        actor = self.context["request"].user
        user = (
            User.objects.filter(pk=pk, is_active=True, grants__in=scope(actor, Grant))
            .distinct()
            .first()
        )
        if user is None:
            raise serializers.ValidationError(
                "Không tìm thấy người dùng đang hoạt động có mã số này trong phạm vi bạn quản lý."
            )
        return user


class GrantEndInput(InputSerializer):
    valid_to = DateField(
        required=False,
        default=None,
        allow_null=True,
        help_text="Ngày cuối cùng quyền còn hiệu lực; mặc định hôm nay.",
    )


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách phân quyền trong phạm vi quản lý",
        parameters=[GrantQuery],
        responses={200: GrantSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Chi tiết một phân quyền", responses={200: GrantSerializer, **error_responses(404)}
    ),
)
@extend_schema(
    tags=["Phân quyền"],
    description="Phân quyền người dùng theo tổ chức, vai trò và thời hạn. Xem và thay đổi cần "
    "quyền Quản lý người dùng, phân quyền tại tổ chức đó.",
)
class GrantViewSet(ScopedViewSet):
    model = Grant
    write_action = Action.GRANTS

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("user", "organization")

    def list(self, request: Request) -> Response:
        params = self.query(GrantQuery)
        rows = self.get_queryset()
        if params.get("user") is not None:
            rows = rows.filter(user_id=params["user"])
        if params.get("organization") is not None:
            rows = rows.filter(organization_id=params["organization"])
        if params.get("role"):
            rows = rows.filter(role=params["role"])
        if params["active"]:
            rows = rows.filter(valid_on(today()))
        return self.paginated(
            rows.order_by("organization__path", "user__username", "valid_from", "pk"),
            GrantSerializer,
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return self.output(self.get_object(), GrantSerializer)

    @extend_schema(
        summary="Phân quyền cho người dùng tại một tổ chức",
        request=GrantInput,
        responses={201: GrantSerializer, **error_responses(400)},
    )
    def create(self, request: Request) -> Response:
        # Refuse before reading the body, so that whether a user id exists is only ever
        # answered to someone who manages grants.
        if not units_for(request.user, Action.GRANTS).exists():
            raise PermissionDenied(NO_GRANTS_RIGHT)
        data = self.body(GrantInput)
        require(request.user, Action.GRANTS, data["organization"])
        grant = add_grant(actor=self.actor, **data)
        return self.output(self.reread(grant.pk), GrantSerializer, status=201)

    @extend_schema(
        summary="Chấm dứt hiệu lực một phân quyền",
        request=GrantEndInput,
        responses={200: GrantSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str) -> Response:
        grant = self.get_object_for()
        data = self.body(GrantEndInput)
        end_grant(actor=self.actor, grant=grant, valid_to=data["valid_to"] or today())
        return self.output(self.reread(grant.pk), GrantSerializer)


# --- Who am I -------------------------------------------------------------------------------


class MyGrantSerializer(serializers.ModelSerializer):
    role = enum_field(Role, "RoleEnum", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    organization_code = serializers.CharField(source="organization.code", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    actions = serializers.SerializerMethodField(help_text="Các thao tác vai trò này cho phép.")

    class Meta:
        model = Grant
        fields = [
            "id",
            "organization",
            "organization_name",
            "organization_code",
            "role",
            "role_label",
            "valid_from",
            "valid_to",
            "actions",
        ]
        read_only_fields = fields

    def get_actions(self, grant: Grant) -> list[str]:
        allowed = MATRIX.get(Role(grant.role), frozenset())
        return [str(a) for a in Action if a in allowed]


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True, help_text="Có thể để trống.")
    phone = serializers.CharField(read_only=True)
    otp_verified = serializers.BooleanField(
        read_only=True, help_text="Phiên làm việc này đã xác thực hai lớp (TOTP)."
    )
    grants = MyGrantSerializer(many=True, read_only=True, help_text="Quyền còn hiệu lực hôm nay.")


@extend_schema(
    tags=["Người dùng"],
    description="Tài khoản đang đăng nhập; danh sách người dùng không có trong API.",
)
class UserViewSet(viewsets.GenericViewSet):
    """Only the requesting user: accounts are managed in the web pages."""

    serializer_class = MeSerializer
    pagination_class = None
    metadata_class = None

    @extend_schema(
        summary="Tài khoản đang đăng nhập và các quyền còn hiệu lực",
        responses={200: MeSerializer, **error_responses()},
    )
    @action(detail=False, methods=["get"])
    def me(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        # A user always sees their own grants, whatever they may do with others'.
        grants = (
            Grant.objects.filter(valid_on(today()), user=user)
            .select_related("organization")
            .order_by("organization__path", "role")
        )
        verified = getattr(user, "is_verified", None)
        data = {
            "id": user.pk,
            "username": user.username,
            "full_name": user.full_name,
            "email": user.email,
            "phone": user.phone,
            "otp_verified": bool(verified()) if callable(verified) else False,
            "grants": grants,
        }
        return Response(MeSerializer(data, context=self.get_serializer_context()).data)
