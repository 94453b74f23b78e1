"""/api/v1/indicators/ (the catalog) and /api/v1/analytics/ (their values).

The catalog is not scoped: every logged-in user reads it, as the regulations, since a cell's
secretary needs the same definitions as the province. Adding an indicator needs Action.EDIT
somewhere (it belongs to the highest unit the user edits), changing one Action.EDIT at its unit
(the shipped ones, without a unit: an administrator), as on the catalog pages; the services
check the fields and the definitions. The values are scoped like everything
else: analytics reads them through scope(), and answers 400 on `organizations` for a unit the
user may not see (dangbo.indicators.api.analytics).
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import renderers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.access.policy import Action
from dangbo.access.scoping import can, is_admin, units_for
from dangbo.access.viewsets import ID_URL_PATTERN, NOT_FOUND, InputSerializer, error_responses
from dangbo.accounts.models import User
from dangbo.indicators import services
from dangbo.indicators.api.analytics import analytics_data, csv_of
from dangbo.indicators.api.serializers import (
    AnalyticsQuery,
    AnalyticsSerializer,
    IndicatorInput,
    IndicatorListQuery,
    IndicatorSerializer,
)
from dangbo.indicators.models import Indicator

_CATALOG = (
    "Danh mục chỉ số: chỉ số tính từ dữ liệu (tử số, mẫu số khai báo theo nguồn dữ liệu) và "
    "chỉ số do đơn vị báo cáo theo biểu mẫu. Mọi người dùng đã đăng nhập đều xem được."
)
_ANALYTICS = (
    "Giá trị chỉ số theo đơn vị và kỳ: chỉ số × đơn vị × kỳ, mỗi ô một dòng (null khi chưa có "
    "giá trị). Giá trị của một đơn vị là của cả cây đơn vị bên dưới. Chỉ đọc được các đơn vị "
    "trong phạm vi được xem; tối đa 5.000 ô mỗi lần. `format=csv` trả về tệp CSV."
)


def _indicator(pk: str) -> Indicator:
    indicator = Indicator.objects.filter(pk=int(pk)).first()
    if indicator is None:
        raise Http404(NOT_FOUND)
    return indicator


def _body(request: Request, *, partial: bool = False) -> dict[str, Any]:
    """The validated body: its shape; the service checks the rest (definitions included)."""
    serializer = IndicatorInput(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _query(request: Request, serializer_class: type[InputSerializer]) -> dict[str, Any]:
    serializer = serializer_class(data=request.query_params, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@extend_schema_view(
    list=extend_schema(
        summary="Danh mục chỉ số (lọc theo loại, đang dùng)",
        parameters=[IndicatorListQuery],
        responses={200: IndicatorSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="Một chỉ số trong danh mục",
        responses={200: IndicatorSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Thêm chỉ số vào danh mục (thuộc đơn vị cao nhất bạn được cập nhật)",
        request=IndicatorInput,
        responses={201: IndicatorSerializer, **error_responses(400)},
    ),
    partial_update=extend_schema(
        summary="Sửa chỉ số (giá trị được tính lại ở lần tính tới)",
        request=IndicatorInput(partial=True),
        responses={200: IndicatorSerializer, **error_responses(400, 404)},
    ),
)
@extend_schema(tags=["Chỉ số"], description=_CATALOG)
class IndicatorViewSet(viewsets.GenericViewSet):
    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.none()  # for the router and the schema; reads below
    pagination_class = None  # a few dozen rows, read whole by pickers and dashboards
    metadata_class = None
    lookup_value_regex = ID_URL_PATTERN
    http_method_names = ["get", "post", "patch", "head"]

    def list(self, request: Request) -> Response:
        params = _query(request, IndicatorListQuery)
        rows = Indicator.objects.all()
        if params.get("kind"):
            rows = rows.filter(kind=params["kind"])
        if params.get("active") is not None:
            rows = rows.filter(active=params["active"])
        return Response(IndicatorSerializer(rows.order_by("position", "code"), many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(IndicatorSerializer(_indicator(pk)).data)

    def create(self, request: Request) -> Response:
        unit = units_for(request.user, Action.EDIT).order_by("depth", "path").first()
        if unit is None:
            raise PermissionDenied("Bạn không có quyền thêm chỉ số.")
        data = _body(request)
        indicator = services.create_indicator(
            actor=cast(User, request.user), organization=unit, **data
        )
        return Response(IndicatorSerializer(indicator).data, status=201)

    def partial_update(self, request: Request, pk: str) -> Response:
        indicator = _indicator(pk)
        user = request.user
        owner = indicator.organization
        if not (is_admin(user) if owner is None else can(user, Action.EDIT, owner)):
            raise PermissionDenied("Bạn không có quyền sửa chỉ số này.")
        data = _body(request, partial=True)
        changed = services.update_indicator(actor=cast(User, user), indicator=indicator, **data)
        return Response(IndicatorSerializer(changed).data)


class CsvRenderer(renderers.BaseRenderer):
    """Lets `?format=csv` through DRF's content negotiation; the view streams the file itself
    (errors stay JSON: see AnalyticsViewSet.handle_exception)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> Any:
        return data


@extend_schema_view(
    list=extend_schema(
        summary="Giá trị chỉ số: chỉ số × đơn vị × kỳ",
        parameters=[AnalyticsQuery],
        responses={
            (200, "application/json"): AnalyticsSerializer,
            (200, "text/csv"): OpenApiResponse(
                response=OpenApiTypes.STR, description="Cùng các dòng, dạng CSV (UTF-8, có BOM)."
            ),
            # Errors are always JSON (handle_exception below).
            **{(code, "application/json"): r for code, r in error_responses(400, 404).items()},
        },
    ),
)
@extend_schema(tags=["Chỉ số"], description=_ANALYTICS)
class AnalyticsViewSet(viewsets.GenericViewSet):
    queryset = Indicator.objects.none()  # for the router only: values are read through scope()
    pagination_class = None  # bounded instead: at most analytics.MAX_CELLS rows
    metadata_class = None
    http_method_names = ["get", "head"]
    renderer_classes = [renderers.JSONRenderer, CsvRenderer]

    def handle_exception(self, exc: Exception) -> Response:
        # A refused CSV request still answers JSON, with its errors per field.
        self.request.accepted_renderer = renderers.JSONRenderer()
        self.request.accepted_media_type = "application/json"
        return super().handle_exception(exc)

    def list(self, request: Request) -> Any:
        data = analytics_data(request.user, _query(request, AnalyticsQuery))
        if request.accepted_renderer.format == "csv":
            response = StreamingHttpResponse(csv_of(data), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="chi-so.csv"'
            return response
        return Response(data)
