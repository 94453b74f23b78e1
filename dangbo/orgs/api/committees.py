"""REST API of terms, committees, seats and "phụ trách" assignments, scoped by organisation."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.access.models import Grant
from dangbo.access.policy import Action
from dangbo.access.scoping import require, scope
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
from dangbo.orgs import services
from dangbo.orgs.api.organizations import ORG_NOT_FOUND
from dangbo.orgs.models import (
    Assignment,
    Committee,
    CommitteeSeat,
    Organization,
    SeatRole,
    Term,
)

# --- Terms, committees, seats, assignments --------------------------------------------------

_RECORD_TAG = ["Nhiệm kỳ, cấp ủy"]
_RECORD_DOC = (
    "Nhiệm kỳ, cấp ủy, cấp ủy viên và phân công phụ trách của các tổ chức trong phạm vi được "
    "xem. Thêm mới hoặc kết thúc cần quyền Cập nhật hồ sơ tại tổ chức."
)


class TermSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Term
        fields = ["id", "organization", "organization_name", "name", "starts_on", "ends_on"]
        read_only_fields = fields


class AssignmentSerializer(serializers.ModelSerializer):
    holder_name = serializers.CharField(source="seat.holder_name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "seat",
            "holder_name",
            "organization",
            "organization_name",
            "started_on",
            "ended_on",
        ]
        read_only_fields = fields


class SeatSerializer(serializers.ModelSerializer):
    role = enum_field(SeatRole, "SeatRoleEnum", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    organization = serializers.IntegerField(source="committee.organization_id", read_only=True)
    is_active = serializers.SerializerMethodField()

    class Meta:
        model = CommitteeSeat
        fields = [
            "id",
            "committee",
            "organization",
            "holder_name",
            "user",
            "role",
            "role_label",
            "started_on",
            "ended_on",
            "decision_number",
            "is_active",
        ]
        read_only_fields = fields

    def get_is_active(self, seat: CommitteeSeat) -> bool:
        return seat.is_active_on(today())


class SeatWithAssignmentsSerializer(SeatSerializer):
    assignments = AssignmentSerializer(many=True, read_only=True)

    class Meta(SeatSerializer.Meta):
        fields = [*SeatSerializer.Meta.fields, "assignments"]
        read_only_fields = fields


class CommitteeSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    term_name = serializers.CharField(source="term.name", read_only=True)

    class Meta:
        model = Committee
        fields = ["id", "organization", "organization_name", "term", "term_name", "name"]
        read_only_fields = fields


class CommitteeDetailSerializer(CommitteeSerializer):
    seats = SeatWithAssignmentsSerializer(many=True, read_only=True)

    class Meta(CommitteeSerializer.Meta):
        fields = [*CommitteeSerializer.Meta.fields, "seats"]
        read_only_fields = fields


class OrganizationQuery(InputSerializer):
    organization = IdField(required=False, help_text="Mã số tổ chức.")


class CommitteeQuery(OrganizationQuery):
    term = IdField(required=False, help_text="Mã số nhiệm kỳ.")


class SeatQuery(OrganizationQuery):
    committee = IdField(required=False, help_text="Mã số cấp ủy.")
    active = BooleanField(
        required=False, default=False, help_text="Chỉ những người đang giữ chức vụ hôm nay."
    )


class AssignmentQuery(OrganizationQuery):
    seat = IdField(required=False, help_text="Mã số cấp ủy viên.")


class TermInput(InputSerializer):
    organization = ScopedObjectField(Organization, not_found=ORG_NOT_FOUND)
    name = TextField(
        required=False,
        allow_blank=True,
        max_length=32,
        default="",
        help_text="Ví dụ 2025–2030; để trống thì ghi theo năm.",
    )
    starts_on = DateField()
    ends_on = DateField()


class CommitteeInput(InputSerializer):
    term = ScopedObjectField(Term, not_found="Không tìm thấy nhiệm kỳ này.")
    name = TextField(
        required=False,
        allow_blank=True,
        max_length=255,
        default="",
        help_text="Để trống thì đặt theo tên tổ chức và nhiệm kỳ.",
    )


class SeatInput(InputSerializer):
    committee = ScopedObjectField(Committee, not_found="Không tìm thấy cấp ủy này.")
    holder_name = TextField(max_length=150)
    role = enum_field(SeatRole, "SeatRoleEnum")
    started_on = DateField()
    ended_on = DateField(required=False, allow_null=True, default=None)
    user = IdField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Tài khoản của cấp ủy viên, nếu có.",
    )
    decision_number = TextField(required=False, allow_blank=True, max_length=64, default="")

    def validate_user(self, pk: int | None) -> User | None:
        if pk is None:
            return None
        # Only people who hold a grant somewhere the actor can see: ids of other accounts
        # must not be discoverable through this field.
        actor = self.context["request"].user
        user = (
            User.objects.filter(pk=pk, is_active=True, grants__in=scope(actor, Grant, Action.VIEW))
            .distinct()
            .first()
        )
        if user is None:
            raise serializers.ValidationError(
                "Không tìm thấy người dùng này trong phạm vi đơn vị bạn quản lý."
            )
        return user


class SeatEndInput(InputSerializer):
    ended_on = DateField(help_text="Ngày thôi giữ chức vụ.")


class AssignmentInput(InputSerializer):
    seat = ScopedObjectField(CommitteeSeat, not_found="Không tìm thấy cấp ủy viên này.")
    organization = ScopedObjectField(
        Organization, not_found=ORG_NOT_FOUND, help_text="Đơn vị được phân công phụ trách."
    )
    started_on = DateField()
    ended_on = DateField(required=False, allow_null=True, default=None)


def _list_and_detail(
    noun: str,
    serializer: type[serializers.Serializer],
    query: type[serializers.Serializer],
    detail: type[serializers.Serializer] | None = None,
) -> Any:
    return extend_schema_view(
        list=extend_schema(
            summary=f"Danh sách {noun}",
            parameters=[query],
            responses={200: serializer(many=True), **error_responses(400, 404)},
        ),
        retrieve=extend_schema(
            summary=f"Chi tiết {noun}",
            responses={200: detail or serializer, **error_responses(404)},
        ),
    )


class _RecordViewSet(ScopedViewSet):
    """List and detail of records that belong to an organisation, filtered by the query."""

    write_action = Action.EDIT
    serializer_class: type[serializers.Serializer]
    detail_serializer_class: type[serializers.Serializer] | None = None
    query_class: type[InputSerializer]
    # query parameter → ORM lookup
    filters: dict[str, str] = {}

    def list(self, request: Request) -> Response:
        params = self.query(self.query_class)
        rows = self.get_queryset()
        for name, lookup in self.filters.items():
            if params.get(name) is not None:
                rows = rows.filter(**{lookup: params[name]})
        return self.paginated(self.finish(rows, params), self.serializer_class)

    def finish(self, rows: QuerySet[Any], params: dict[str, Any]) -> QuerySet[Any]:
        return rows.order_by("pk")

    def retrieve(self, request: Request, pk: str) -> Response:
        return self.output(self.get_object(), self.detail_serializer_class or self.serializer_class)


@_list_and_detail("nhiệm kỳ", TermSerializer, OrganizationQuery)
@extend_schema(tags=_RECORD_TAG, description=_RECORD_DOC)
class TermViewSet(_RecordViewSet):
    model = Term
    serializer_class = TermSerializer
    query_class = OrganizationQuery
    filters = {"organization": "organization_id"}

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization")

    def finish(self, rows: QuerySet[Any], params: dict[str, Any]) -> QuerySet[Any]:
        return rows.order_by("organization__path", "-starts_on")

    @extend_schema(
        summary="Thêm nhiệm kỳ",
        request=TermInput,
        responses={201: TermSerializer, **error_responses(400)},
    )
    def create(self, request: Request) -> Response:
        data = self.body(TermInput)
        require(request.user, Action.EDIT, data["organization"])
        term = services.create_term(
            actor=self.actor,
            org=data["organization"],
            name=data["name"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )
        return self.output(self.reread(term.pk), TermSerializer, status=201)


@_list_and_detail("cấp ủy", CommitteeSerializer, CommitteeQuery, CommitteeDetailSerializer)
@extend_schema(tags=_RECORD_TAG, description=_RECORD_DOC)
class CommitteeViewSet(_RecordViewSet):
    model = Committee
    serializer_class = CommitteeSerializer
    detail_serializer_class = CommitteeDetailSerializer
    query_class = CommitteeQuery
    filters = {"organization": "organization_id", "term": "term_id"}

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = queryset.select_related("organization", "term")
        if self.action == "retrieve":
            seats = CommitteeSeat.objects.select_related("committee").prefetch_related(
                Prefetch(
                    "assignments",
                    Assignment.objects.select_related("organization", "seat").order_by(
                        "started_on", "pk"
                    ),
                )
            )
            queryset = queryset.prefetch_related(Prefetch("seats", seats))
        return queryset

    def finish(self, rows: QuerySet[Any], params: dict[str, Any]) -> QuerySet[Any]:
        return rows.order_by("organization__path", "-term__starts_on")

    @extend_schema(
        summary="Thêm cấp ủy cho một nhiệm kỳ",
        request=CommitteeInput,
        responses={201: CommitteeDetailSerializer, **error_responses(400)},
    )
    def create(self, request: Request) -> Response:
        data = self.body(CommitteeInput)
        term: Term = data["term"]
        require(request.user, Action.EDIT, term.organization)
        committee = services.create_committee(actor=self.actor, term=term, name=data["name"])
        self.action = "retrieve"  # read it back with its (empty) seats, as detail shows it
        return self.output(self.reread(committee.pk), CommitteeDetailSerializer, status=201)


@_list_and_detail("cấp ủy viên", SeatSerializer, SeatQuery)
@extend_schema(tags=_RECORD_TAG, description=_RECORD_DOC)
class CommitteeSeatViewSet(_RecordViewSet):
    model = CommitteeSeat
    serializer_class = SeatSerializer
    query_class = SeatQuery
    filters = {"organization": "committee__organization_id", "committee": "committee_id"}

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("committee")

    def finish(self, rows: QuerySet[Any], params: dict[str, Any]) -> QuerySet[Any]:
        if params["active"]:
            day = today()
            rows = rows.filter(started_on__lte=day).exclude(ended_on__lt=day)
        return rows.order_by("committee_id", "role", "started_on", "pk")

    @extend_schema(
        summary="Thêm cấp ủy viên",
        request=SeatInput,
        responses={201: SeatSerializer, **error_responses(400)},
    )
    def create(self, request: Request) -> Response:
        data = self.body(SeatInput)
        committee: Committee = data.pop("committee")
        require(request.user, Action.EDIT, committee.organization)
        seat = services.add_seat(actor=self.actor, committee=committee, **data)
        return self.output(self.reread(seat.pk), SeatSerializer, status=201)

    @extend_schema(
        summary="Kết thúc chức vụ (kết thúc cả các phân công phụ trách)",
        request=SeatEndInput,
        responses={200: SeatSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str) -> Response:
        seat = self.get_object_for()
        data = self.body(SeatEndInput)
        services.end_seat(actor=self.actor, seat=seat, ended_on=data["ended_on"])
        return self.output(self.reread(seat.pk), SeatSerializer)


@_list_and_detail("phân công phụ trách", AssignmentSerializer, AssignmentQuery)
@extend_schema(tags=_RECORD_TAG, description=_RECORD_DOC)
class AssignmentViewSet(_RecordViewSet):
    model = Assignment
    serializer_class = AssignmentSerializer
    query_class = AssignmentQuery
    filters = {"organization": "organization_id", "seat": "seat_id"}

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("seat", "organization")

    @extend_schema(
        summary="Phân công cấp ủy viên phụ trách một đơn vị",
        request=AssignmentInput,
        responses={201: AssignmentSerializer, **error_responses(400)},
    )
    def create(self, request: Request) -> Response:
        data = self.body(AssignmentInput)
        seat: CommitteeSeat = data["seat"]
        require(request.user, Action.EDIT, seat.committee.organization)
        assignment = services.assign_unit(
            actor=self.actor,
            seat=seat,
            unit=data["organization"],
            started_on=data["started_on"],
            ended_on=data["ended_on"],
        )
        return self.output(self.reread(assignment.pk), AssignmentSerializer, status=201)
