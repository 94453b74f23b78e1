"""/api/v1/four-good-sets/ and /api/v1/four-good-assessments/, read-only. Scope: a user reads
the sets issued in their part of the tree and above it (the sets that assess their cells), and
the assessments of the units they see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.access.viewsets import ScopedViewSet, error_responses
from dangbo.four_good.api.serializers import (
    FourGoodAssessmentListQuery,
    FourGoodAssessmentSerializer,
    FourGoodSetListQuery,
    FourGoodSetSerializer,
)
from dangbo.four_good.models import FourGoodAssessment, FourGoodCriteriaSet

_SETS = (
    "Bộ tiêu chí chi bộ bốn tốt, đảng bộ cơ sở bốn tốt do tỉnh ủy, đảng ủy cấp trên ban hành "
    "(NQ 21-NQ/TW): bốn nội dung, mỗi nội dung gồm các tiêu chí do cấp ủy xem xét hoặc tính tự "
    "động từ dữ liệu."
)
_ASSESSMENTS = (
    "Kết quả đánh giá bốn tốt theo đơn vị và năm, kèm nội dung tiêu chí lúc đánh giá và quyết "
    "định công nhận của cấp ủy cấp trên trực tiếp (bản hiện hành; bản cũ có current=false)."
)


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách bộ tiêu chí bốn tốt (lọc theo năm áp dụng)",
        parameters=[FourGoodSetListQuery],
        responses={200: FourGoodSetSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Một bộ tiêu chí bốn tốt",
        responses={200: FourGoodSetSerializer, **error_responses(404)},
    ),
)
@extend_schema(tags=["Chi bộ bốn tốt"], description=_SETS)
class FourGoodSetViewSet(ScopedViewSet):
    model = FourGoodCriteriaSet
    http_method_names = ["get", "head"]

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization").prefetch_related("criteria")

    def list(self, request: Request) -> Response:
        params = self.query(FourGoodSetListQuery)
        rows = self.get_queryset()
        if params.get("year") is not None:
            year = params["year"]
            rows = rows.filter(valid_from__lte=year).filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=year)
            )
        return self.paginated(
            rows.order_by("-valid_from", "organization__path", "-id"), FourGoodSetSerializer
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return self.output(self.get_object(), FourGoodSetSerializer)


@extend_schema_view(
    list=extend_schema(
        summary="Kết quả đánh giá bốn tốt (lọc theo năm, đơn vị, đã công nhận)",
        parameters=[FourGoodAssessmentListQuery],
        responses={200: FourGoodAssessmentSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Một kết quả đánh giá bốn tốt",
        responses={200: FourGoodAssessmentSerializer, **error_responses(404)},
    ),
)
@extend_schema(tags=["Chi bộ bốn tốt"], description=_ASSESSMENTS)
class FourGoodAssessmentViewSet(ScopedViewSet):
    model = FourGoodAssessment
    http_method_names = ["get", "head"]

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization")

    def list(self, request: Request) -> Response:
        params = self.query(FourGoodAssessmentListQuery)
        rows = self.get_queryset().filter(current=True)
        if params.get("year") is not None:
            rows = rows.filter(year=params["year"])
        if params.get("organization") is not None:
            rows = rows.filter(organization__path__startswith=params["organization"].path)
        if params.get("recognized") is not None:
            rows = rows.filter(recognized=params["recognized"])
        return self.paginated(
            rows.order_by("-year", "organization__path", "-id"), FourGoodAssessmentSerializer
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return self.output(self.get_object(), FourGoodAssessmentSerializer)
