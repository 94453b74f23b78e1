"""/api/v1/study-sessions/: list, read and create study sessions, save a whole attendance
sheet, and the coverage of a document for a unit (per child unit, for the subtree, and the
members who have not studied it, paginated).

Scope: a user reads the sessions of the units they see; writes need Action.EDIT on the
organising unit. Every write is the service the pages call, with the same checks and audit.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.access.policy import Action
from dangbo.access.viewsets import ScopedViewSet, error_responses
from dangbo.core.clock import today
from dangbo.study import queries, services
from dangbo.study.api.serializers import (
    AttendanceInput,
    CoverageQuery,
    CoverageRowSerializer,
    CoverageSerializer,
    NotStudiedSerializer,
    StudySessionCreateInput,
    StudySessionDetailSerializer,
    StudySessionListQuery,
    StudySessionSerializer,
)
from dangbo.study.models import StudyAttendance, StudySession

_DOC = (
    "Buổi học tập, quán triệt văn bản (nghị quyết, chương trình…) của một đơn vị, danh sách "
    "đảng viên dự học, và kết quả học tập theo đơn vị. Cần quyền Cập nhật hồ sơ ở đơn vị tổ "
    "chức để ghi."
)


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách buổi học tập (lọc theo văn bản, đơn vị)",
        parameters=[StudySessionListQuery],
        responses={200: StudySessionSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Một buổi học tập, với mã các đảng viên có mặt",
        responses={200: StudySessionDetailSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Tạo buổi học tập, quán triệt một văn bản đã ban hành",
        request=StudySessionCreateInput,
        responses={201: StudySessionDetailSerializer, **error_responses(400)},
    ),
)
@extend_schema(tags=["Học tập, quán triệt"], description=_DOC)
class StudySessionViewSet(ScopedViewSet):
    model = StudySession
    write_action = Action.EDIT
    read_actions = frozenset({"list", "retrieve", "coverage"})
    http_method_names = ["get", "post", "head"]

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queries.sessions_with_counts(queryset)

    def _detail(self, pk: int, status: int = 200) -> Response:
        session = self.reread(pk)
        session.present_members = sorted(
            StudyAttendance.objects.filter(session_id=pk, present=True).values_list(
                "member_id", flat=True
            )
        )
        return self.output(session, StudySessionDetailSerializer, status=status)

    def list(self, request: Request) -> Response:
        params = self.query(StudySessionListQuery)
        rows = self.get_queryset()
        if params.get("document") is not None:
            rows = rows.filter(document=params["document"])
        if params.get("organization") is not None:
            rows = rows.filter(organization__path__startswith=params["organization"].path)
        return self.paginated(rows.order_by("-held_on", "-id"), StudySessionSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(int(self.get_object().pk))

    def create(self, request: Request) -> Response:
        data = self.body(StudySessionCreateInput)
        session = services.create_study_session(actor=self.actor, **data)
        return self._detail(session.pk, status=201)

    @extend_schema(
        summary="Lưu cả danh sách đảng viên có mặt (ai không có trong danh sách là vắng)",
        request=AttendanceInput,
        responses={200: StudySessionDetailSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: str) -> Response:
        session: StudySession = self.get_object_for()
        data = self.body(AttendanceInput)
        services.record_attendance(actor=self.actor, session=session, member_ids=data["members"])
        return self._detail(session.pk)

    @extend_schema(
        summary="Kết quả học tập một văn bản: tỷ lệ theo đơn vị trực thuộc, toàn đơn vị, và "
        "danh sách đảng viên chưa học tập (phân trang)",
        parameters=[CoverageQuery],
        responses={200: CoverageSerializer, **error_responses(400, 404)},
    )
    @action(detail=False, methods=["get"])
    def coverage(self, request: Request) -> Response:
        params = self.query(CoverageQuery)
        as_of = params.get("as_of") or today()
        document, unit = params["document"], params["organization"]
        result = queries.coverage(document, unit, as_of)
        page = self.paginate_queryset(queries.not_studied(document, unit, as_of))
        response = self.get_paginated_response(NotStudiedSerializer(page, many=True).data)
        response.data["as_of"] = as_of.isoformat()
        response.data["units"] = CoverageRowSerializer(result.rows, many=True).data
        response.data["total"] = CoverageRowSerializer(result.total).data
        return response
