"""/api/v1/tasks/ and /api/v1/task-reports/: tasks of documents (key tasks, breakthroughs,
solutions, assignments), who leads and supports them, and their progress reports.

Scope: as for targets: read what the documents seen hold; define, assign and change a task
with Action.EDIT on the issuing unit; report with it on the issuer or on the lead unit.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.access.policy import Action
from dangbo.access.viewsets import ScopedViewSet, error_responses
from dangbo.core.clock import today
from dangbo.orgs.models import Organization
from dangbo.targets import queries, services
from dangbo.targets.api.serializers import (
    TaskCreateInput,
    TaskQuery,
    TaskReportInput,
    TaskReportQuery,
    TaskReportSerializer,
    TaskSerializer,
    TaskUpdateInput,
)
from dangbo.targets.models import Task, TaskReport
from dangbo.targets.services.common import require_issuer

_DOC = (
    "Nhiệm vụ của nghị quyết, chương trình (nhiệm vụ trọng tâm, khâu đột phá, giải pháp, việc "
    "được giao): đơn vị chủ trì, phối hợp, thời hạn, trạng thái, tiến độ, báo cáo định kỳ. Cần "
    "quyền Cập nhật hồ sơ ở cơ quan ban hành để thêm, giao, sửa; ở cơ quan ban hành hoặc đơn vị "
    "chủ trì để báo cáo tiến độ."
)


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách nhiệm vụ (lọc theo văn bản, loại, trạng thái, đơn vị chủ trì)",
        parameters=[TaskQuery],
        responses={200: TaskSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Một nhiệm vụ",
        responses={200: TaskSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Thêm nhiệm vụ vào văn bản",
        request=TaskCreateInput,
        responses={201: TaskSerializer, **error_responses(400)},
    ),
    partial_update=extend_schema(
        summary="Sửa, giao nhiệm vụ (chủ trì, phối hợp, thời hạn, trạng thái)",
        request=TaskUpdateInput,
        responses={200: TaskSerializer, **error_responses(400, 404)},
    ),
)
@extend_schema(tags=["Chỉ tiêu, nhiệm vụ"], description=_DOC)
class TaskViewSet(ScopedViewSet):
    model = Task
    http_method_names = ["get", "post", "patch", "head"]
    action_permissions = {"reports": Action.VIEW}  # checked by the service: lead unit

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": today()}

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return (
            queryset.select_related("lead")
            .prefetch_related("supporting")
            .order_by("document_id", "position", "pk")
        )

    def list(self, request: Request) -> Response:
        params = self.query(TaskQuery)
        lead = None
        if params.get("lead"):
            lead = Organization.objects.filter(pk=params["lead"]).first()
            if lead is None:
                return self.paginated(Task.objects.none(), TaskSerializer)
        rows = self.get_queryset()
        if params.get("document"):
            rows = rows.filter(document_id=params["document"])
        if params.get("kind"):
            rows = rows.filter(kind=params["kind"])
        if params.get("status") == "overdue":
            rows = rows.filter(queries.overdue_q(today()))
        elif params.get("status"):
            rows = rows.filter(status=params["status"])
        if lead is not None:
            rows = rows.filter(lead__path__startswith=lead.path)
        return self.paginated(rows, TaskSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self.output(self.get_object(), TaskSerializer)

    def create(self, request: Request) -> Response:
        data = self.body(TaskCreateInput)
        task = services.create_task(actor=self.actor, **data)
        return self.output(self.reread(task.pk), TaskSerializer, status=201)

    def partial_update(self, request: Request, pk: str) -> Response:
        task: Task = self.get_object()
        require_issuer(self.actor, task.document)
        data = self.body(TaskUpdateInput)
        if data:
            services.update_task(actor=self.actor, task=task, **data)
        return self.output(self.reread(task.pk), TaskSerializer)

    @extend_schema(
        summary="Báo cáo tiến độ nhiệm vụ (0–100%; «Hoàn thành» là 100%)",
        request=TaskReportInput,
        responses={201: TaskReportSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def reports(self, request: Request, pk: str) -> Response:
        task: Task = self.get_object()
        if not services.may_report(self.actor, task.document, task.lead):
            raise PermissionDenied("Bạn không có quyền báo cáo tiến độ nhiệm vụ này.")
        data = self.body(TaskReportInput)
        report = services.report_task(actor=self.actor, task=task, **data)
        return self.output(report, TaskReportSerializer, status=201)


@extend_schema_view(
    list=extend_schema(
        summary="Báo cáo tiến độ của các nhiệm vụ (lọc theo nhiệm vụ)",
        parameters=[TaskReportQuery],
        responses={200: TaskReportSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Một báo cáo tiến độ",
        responses={200: TaskReportSerializer, **error_responses(404)},
    ),
)
@extend_schema(tags=["Chỉ tiêu, nhiệm vụ"])
class TaskReportViewSet(ScopedViewSet):
    model = TaskReport
    http_method_names = ["get", "head"]

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("reported_by").order_by("task_id", "reported_on", "pk")

    def list(self, request: Request) -> Response:
        params = self.query(TaskReportQuery)
        rows = self.get_queryset()
        if params.get("task"):
            rows = rows.filter(task_id=params["task"])
        return self.paginated(rows, TaskReportSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self.output(self.get_object(), TaskReportSerializer)
