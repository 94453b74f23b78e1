"""/api/v1/meetings/: list (per cell and year), read with attendance and quorum, plan a
meeting, and save a whole attendance sheet in one request.

Scope: a user reads the meetings of the units they see (access.scope); the attendance rows of
a meeting are read through scope too, so a member sees only their own mark. Writes need
Action.EDIT on the cell (404 unseen, 403 seen but not allowed) and call the page's services.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.access.policy import Action
from dangbo.access.scoping import can, scope
from dangbo.access.viewsets import NOT_FOUND, ScopedViewSet, error_responses
from dangbo.meetings import services
from dangbo.meetings.api.rates import (
    AttendanceRatesQuery,
    AttendanceRatesSerializer,
    attendance_rates_data,
)
from dangbo.meetings.api.serializers import (
    MeetingAttendanceInput,
    MeetingCreateInput,
    MeetingDetailSerializer,
    MeetingListQuery,
    MeetingSerializer,
)
from dangbo.meetings.models import Attendance, Meeting
from dangbo.meetings.queries import attendance_sheet, meeting_rows

_DOC = (
    "Sinh hoạt chi bộ: lịch, thông báo, điểm danh (có mặt, vắng có lý do, vắng không lý do) và "
    "điều kiện sinh hoạt theo quy định. Cần quyền Cập nhật hồ sơ ở chi bộ để ghi."
)


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách buổi sinh hoạt chi bộ",
        parameters=[MeetingListQuery],
        responses={200: MeetingSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Một buổi sinh hoạt, với điểm danh và điều kiện sinh hoạt",
        responses={200: MeetingDetailSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Lên lịch một buổi sinh hoạt (có thể thông báo ngay)",
        request=MeetingCreateInput,
        responses={201: MeetingDetailSerializer, **error_responses(400)},
    ),
)
@extend_schema(tags=["Sinh hoạt chi bộ"], description=_DOC)
class MeetingViewSet(ScopedViewSet):
    model = Meeting
    write_action = Action.EDIT
    http_method_names = ["get", "post", "head"]

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return meeting_rows(queryset)

    def list(self, request: Request) -> Response:
        params = self.query(MeetingListQuery)
        rows = self.get_queryset()
        if params.get("organization") is not None:
            rows = rows.filter(organization__path__startswith=params["organization"].path)
        if params.get("year") is not None:
            rows = rows.filter(date__year=params["year"])
        if params.get("status"):
            rows = rows.filter(status=params["status"])
        return self.paginated(rows.order_by("-date", "-id"), MeetingSerializer)

    def _detail(self, meeting: Meeting, status: int = 200) -> Response:
        visible = (
            scope(self.request.user, Attendance)
            .filter(meeting=meeting)
            .select_related("member")
            .order_by("member__name_sort", "member_id")
        )
        context = {
            **self.get_serializer_context(),
            "attendance": list(visible),
            "quorum": attendance_sheet(meeting).quorum(),
        }
        return Response(MeetingDetailSerializer(meeting, context=context).data, status=status)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(self.get_object())

    def create(self, request: Request) -> Response:
        data = self.body(MeetingCreateInput)
        organization = data.pop("organization")
        if not can(request.user, Action.EDIT, organization):
            raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
        publish = data.pop("publish", False)
        meeting = services.create_meeting(actor=self.actor, organization=organization, **data)
        if publish:
            services.publish_notice(actor=self.actor, meeting=meeting)
        return self._detail(self.reread(meeting.pk), status=201)

    @extend_schema(
        summary="Lưu cả bảng điểm danh trong một lần (mọi đảng viên phải dự)",
        request=MeetingAttendanceInput,
        responses={200: MeetingDetailSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: str) -> Response:
        meeting: Meeting = self.get_object_for()
        rows = self.body(MeetingAttendanceInput)["attendance"]
        sheet = {row["member"]: (row["mark"], row.get("reason", "")) for row in rows}
        services.record_attendance(actor=self.actor, meeting=meeting, sheet=sheet)
        return self._detail(self.reread(meeting.pk))

    @extend_schema(
        summary="Tỷ lệ sinh hoạt, dự họp của một đơn vị trong năm",
        description=(
            "Tổng của đơn vị (gồm mọi cấp dưới) và mỗi đơn vị trực thuộc một dòng, hoặc mỗi chi "
            "bộ một dòng (rows=cells). Tỷ lệ dự họp = có mặt ÷ (có mặt + vắng có lý do + vắng "
            "không lý do) × 100 trên các buổi đã họp trong năm, không tính lượt của đảng viên "
            "miễn sinh hoạt; % đã họp = đã họp ÷ số buổi theo lịch đã đến hạn × 100. Chỉ tính "
            "những gì người dùng được xem."
        ),
        parameters=[AttendanceRatesQuery],
        responses={200: AttendanceRatesSerializer, **error_responses(400, 404)},
    )
    @action(detail=False, methods=["get"], url_path="attendance-rates")
    def attendance_rates(self, request: Request) -> Response:
        data = attendance_rates_data(request.user, self.query(AttendanceRatesQuery))
        if data is None:
            raise Http404(NOT_FOUND)
        return Response(AttendanceRatesSerializer(data).data)


__all__ = ["MeetingViewSet"]
