"""/api/v1/awareness-courses/: courses, their roster (as far as the user may see it) and
results; a pass moves the candidate on (services.record_course_result)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.access.scoping import scope
from dangbo.access.viewsets import (
    InputSerializer,
    ScopedObjectField,
    ScopedViewSet,
    TextField,
    enum_field,
    error_responses,
)
from dangbo.admissions import services
from dangbo.admissions.models import (
    AwarenessCourse,
    Candidate,
    CourseEnrolment,
    CourseResult,
)
from dangbo.core.errors import field_error
from dangbo.members.api.fields import PastDateField
from dangbo.orgs.models import Organization

ORG_NOT_FOUND = "Không tìm thấy tổ chức này, hoặc tổ chức nằm ngoài phạm vi bạn được xem."
NOT_FOUND = "Không tìm thấy, hoặc nằm ngoài phạm vi bạn được xem."


# --- Courses -------------------------------------------------------------------------------


class EnrolmentSerializer(serializers.ModelSerializer):
    candidate_name = serializers.CharField(source="candidate.full_name", read_only=True)
    result = enum_field(CourseResult, "CourseResultEnum", read_only=True)

    class Meta:
        model = CourseEnrolment
        fields = ["id", "candidate", "candidate_name", "result", "certificate_on"]
        read_only_fields = fields


class CourseSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = AwarenessCourse
        fields = [
            "id",
            "organization",
            "organization_name",
            "title",
            "starts_on",
            "ends_on",
            "place",
        ]
        read_only_fields = fields


class CourseDetailSerializer(CourseSerializer):
    roster = serializers.SerializerMethodField()

    class Meta(CourseSerializer.Meta):
        fields = [*CourseSerializer.Meta.fields, "roster"]
        read_only_fields = fields

    @extend_schema_field(EnrolmentSerializer(many=True))
    def get_roster(self, obj: AwarenessCourse) -> list[dict[str, Any]]:
        # Only the enrolments the user may see: a course above the cell lists other cells' people.
        rows = scope(self.context["request"].user, CourseEnrolment).filter(course=obj)
        return list(EnrolmentSerializer(rows.select_related("candidate"), many=True).data)


class CourseCreateInput(InputSerializer):
    organization = ScopedObjectField(Organization, not_found=ORG_NOT_FOUND)
    title = TextField(max_length=255)
    starts_on = PastDateField()
    ends_on = PastDateField()
    place = TextField(required=False, allow_blank=True, max_length=255)


class EnrolInput(InputSerializer):
    candidate = ScopedObjectField(Candidate, not_found=NOT_FOUND)


class ResultInput(InputSerializer):
    candidate = ScopedObjectField(Candidate, not_found=NOT_FOUND)
    result = enum_field(CourseResult, "CourseResultEnum")
    certificate_on = PastDateField(required=False)


@extend_schema_view(
    list=extend_schema(
        summary="Lớp bồi dưỡng nhận thức về Đảng (của đơn vị và cấp trên)",
        responses={200: CourseSerializer(many=True), **error_responses(404)},
    ),
    retrieve=extend_schema(
        summary="Một lớp, với danh sách học viên bạn được xem",
        responses={200: CourseDetailSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Mở lớp",
        request=CourseCreateInput,
        responses={201: CourseDetailSerializer, **error_responses(400)},
    ),
)
@extend_schema(tags=["Phát triển đảng viên"])
class AwarenessCourseViewSet(ScopedViewSet):
    model = AwarenessCourse
    http_method_names = ["get", "post", "head"]

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization")

    def list(self, request: Request) -> Response:
        return self.paginated(self.get_queryset(), CourseSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self.output(self.get_object(), CourseDetailSerializer)

    def create(self, request: Request) -> Response:
        data = self.body(CourseCreateInput)
        course = services.create_course(actor=self.actor, **data)
        return self.output(self.reread(course.pk), CourseDetailSerializer, status=201)

    @extend_schema(
        summary="Thêm học viên (người vào Đảng của chi bộ thuộc đơn vị mở lớp)",
        request=EnrolInput,
        responses={200: CourseDetailSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def enrolments(self, request: Request, pk: str) -> Response:
        course: AwarenessCourse = self.get_object()
        data = self.body(EnrolInput)
        services.enrol_candidate(actor=self.actor, course=course, candidate=data["candidate"])
        return self.output(course, CourseDetailSerializer)

    @extend_schema(
        summary="Ghi kết quả học; «passed» chuyển người vào Đảng sang bước tiếp theo",
        request=ResultInput,
        responses={200: CourseDetailSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def results(self, request: Request, pk: str) -> Response:
        course: AwarenessCourse = self.get_object()
        data = self.body(ResultInput)
        enrolment = CourseEnrolment.objects.filter(
            course=course, candidate=data["candidate"]
        ).first()
        if enrolment is None:
            raise field_error("candidate", "Người này chưa có trong danh sách lớp.")
        services.record_course_result(
            actor=self.actor,
            enrolment=enrolment,
            result=data["result"],
            certificate_on=data.get("certificate_on"),
        )
        return self.output(course, CourseDetailSerializer)
