"""/api/v1/targets/ and /api/v1/target-progress/: targets of documents with their progress
and forecast (the published rules of targets.progress), and the values reported on them.

Scope: a user reads the targets of the documents they see (a cell reads what its commune
issued); defining or changing a target needs Action.EDIT on the issuing unit, reporting a
value needs it on the issuer or on the responsible unit (404 unseen, 403 seen but not
allowed). Every write is the service the pages call. POST /api/v1/targets/extract (reading
targets from text) lives in api/extract.py.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.access.policy import Action
from dangbo.access.scoping import scope
from dangbo.access.viewsets import ScopedViewSet, error_responses
from dangbo.core.clock import today
from dangbo.core.errors import field_error
from dangbo.targets import measured, progress, queries, services
from dangbo.targets.api.serializers import (
    DocumentQuery,
    TargetCascadeInput,
    TargetCreateInput,
    TargetProgressInput,
    TargetProgressQuery,
    TargetProgressSerializer,
    TargetSerializer,
    TargetUpdateInput,
)
from dangbo.targets.models import Target, TargetProgress
from dangbo.targets.services.common import require_issuer

_DOC = (
    "Chỉ tiêu của nghị quyết, chương trình: giá trị, đơn vị tính, so sánh, đầu kỳ, thời hạn, "
    "đơn vị chịu trách nhiệm; tiến độ và dự báo tính theo quy tắc công bố (kèm công thức). "
    "Cần quyền Cập nhật hồ sơ ở cơ quan ban hành để thêm, sửa; ở cơ quan ban hành hoặc đơn vị "
    "chịu trách nhiệm để báo cáo kết quả."
)


def results_for(user: Any, targets: list[Target]) -> dict[int, progress.Result]:
    """Progress of these targets, computed with every target of their documents (a parent
    needs its children): two queries, whatever the page."""
    docs = {t.document_id for t in targets}
    siblings = list(scope(user, Target).filter(document_id__in=docs))
    return queries.target_results(siblings)


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách chỉ tiêu (lọc theo văn bản), kèm tiến độ và dự báo",
        parameters=[DocumentQuery],
        responses={200: TargetSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Một chỉ tiêu, với tiến độ, công thức và dự báo",
        responses={200: TargetSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Thêm chỉ tiêu vào văn bản",
        request=TargetCreateInput,
        responses={201: TargetSerializer, **error_responses(400)},
    ),
    partial_update=extend_schema(
        summary="Sửa chỉ tiêu, gắn chỉ số đo (đơn vị tính cố định khi đã có kết quả báo cáo)",
        request=TargetUpdateInput,
        responses={200: TargetSerializer, **error_responses(400, 404)},
    ),
)
@extend_schema(tags=["Chỉ tiêu, nhiệm vụ"], description=_DOC)
class TargetViewSet(ScopedViewSet):
    model = Target
    http_method_names = ["get", "post", "patch", "head"]
    # progress: checked by the service (the responsible unit may report); cascade: by
    # require_issuer, then each unit by the service.
    action_permissions = {"progress": Action.VIEW, "cascade": Action.VIEW}

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("responsible", "indicator").order_by(
            "document_id", "position", "pk"
        )

    def _context(self, targets: list[Target]) -> dict[str, Any]:
        return {
            **self.get_serializer_context(),
            "results": results_for(self.actor, targets),
            "measured": measured.measure_all(targets, today()),
        }

    def list(self, request: Request) -> Response:
        params = self.query(DocumentQuery)
        rows = self.get_queryset()
        if params.get("document"):
            rows = rows.filter(document_id=params["document"])
        page = list(self.paginate_queryset(rows) or [])
        data = TargetSerializer(page, many=True, context=self._context(page)).data
        return self.get_paginated_response(data)

    def _one(self, target: Target, status: int = 200) -> Response:
        target = self.reread(target.pk)
        data = TargetSerializer(target, context=self._context([target])).data
        return Response(data, status=status)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._one(self.get_object())

    def create(self, request: Request) -> Response:
        data = self.body(TargetCreateInput)
        target = services.create_target(actor=self.actor, **data)
        return self._one(target, status=201)

    def partial_update(self, request: Request, pk: str) -> Response:
        target: Target = self.get_object()
        require_issuer(self.actor, target.document)
        data = self.body(TargetUpdateInput)
        status = data.pop("status", None)
        linking = "indicator" in data
        indicator = data.pop("indicator", None)
        with transaction.atomic():  # a refused indicator leaves the other changes unwritten
            if data:
                services.update_target(actor=self.actor, target=target, **data)
            if status is not None and status != target.status:
                services.set_target_status(actor=self.actor, target=target, status=status)
            if linking:
                services.link_indicator(actor=self.actor, target=target, indicator=indicator)
        return self._one(target)

    @extend_schema(
        summary="Báo cáo kết quả thực hiện chỉ tiêu (đơn vị tính phải trùng đơn vị chỉ tiêu)",
        request=TargetProgressInput,
        responses={201: TargetProgressSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: str) -> Response:
        target: Target = self.get_object()
        if not services.may_report(self.actor, target.document, target.responsible):
            raise PermissionDenied("Bạn không có quyền báo cáo kết quả chỉ tiêu này.")
        data = self.body(TargetProgressInput)
        row = services.report_target_progress(actor=self.actor, target=target, **data)
        return self.output(row, TargetProgressSerializer, status=201)

    @extend_schema(
        summary="Giao chỉ tiêu cho các đơn vị cấp dưới (phân bổ), trả về các chỉ tiêu đã giao",
        description=(
            "Mỗi đơn vị một chỉ tiêu trong cùng văn bản, đơn vị chịu trách nhiệm là đơn vị đó, "
            "cùng đơn vị tính, chỉ số đo và thời hạn. Giao lại thì sửa chỉ tiêu đã giao; đơn "
            "vị không nêu giữ nguyên. Với chỉ tiêu số lượng, tổng các phần không vượt giá trị "
            "chỉ tiêu; với tỷ lệ, mỗi phần không quá 100. Cần quyền Cập nhật hồ sơ ở cơ quan "
            "ban hành và ở từng đơn vị được giao."
        ),
        request=TargetCascadeInput,
        responses={200: TargetSerializer(many=True), **error_responses(400, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def cascade(self, request: Request, pk: str) -> Response:
        target: Target = self.get_object()
        require_issuer(self.actor, target.document)
        data = self.body(TargetCascadeInput)
        shares = {row["organization"]: row["value"] for row in data["shares"]}
        if len(shares) != len(data["shares"]):
            raise field_error("shares", "Mỗi đơn vị chỉ được giao một lần.")
        given = services.cascade_target(actor=self.actor, target=target, shares=shares)
        rows = list(self.decorate(self.get_queryset().filter(pk__in=[t.pk for t in given])))
        return Response(TargetSerializer(rows, many=True, context=self._context(rows)).data)


@extend_schema_view(
    list=extend_schema(
        summary="Kết quả đã báo cáo của các chỉ tiêu (lọc theo chỉ tiêu)",
        parameters=[TargetProgressQuery],
        responses={200: TargetProgressSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Một kết quả đã báo cáo",
        responses={200: TargetProgressSerializer, **error_responses(404)},
    ),
)
@extend_schema(tags=["Chỉ tiêu, nhiệm vụ"])
class TargetProgressViewSet(ScopedViewSet):
    model = TargetProgress
    http_method_names = ["get", "head"]

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("reported_by").order_by("target_id", "as_of", "pk")

    def list(self, request: Request) -> Response:
        params = self.query(TargetProgressQuery)
        rows = self.get_queryset()
        if params.get("target"):
            rows = rows.filter(target_id=params["target"])
        return self.paginated(rows, TargetProgressSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self.output(self.get_object(), TargetProgressSerializer)
