"""/api/v1/organization-evaluations/ and /api/v1/evaluation-rules/. Scope: a user reads the
results of the organizations they see; the superior's grid and its committee's decision need
Action.EDIT on the superior (`parent`), a correction Action.EDIT on the corrected
organization's direct superior. Every write is the service the pages call."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.access.policy import Action
from dangbo.access.scoping import can
from dangbo.access.viewsets import ScopedViewSet, error_responses
from dangbo.core.models import Rule
from dangbo.evaluations import org_services
from dangbo.evaluations.api.org_serializers import (
    RULE_KEYS,
    EvaluationRuleQuery,
    EvaluationRuleSerializer,
    OrganizationEvaluationQuery,
    OrganizationEvaluationSerializer,
    OrgAssessInput,
    OrgCorrectInput,
    OrgDecideInput,
)
from dangbo.evaluations.models import OrganizationEvaluation
from dangbo.evaluations.org_services import OrgInput
from dangbo.orgs.models import Organization

_RESULTS = (
    "Kết quả xếp loại tổ chức đảng (bản hiện hành; bản đã đính chính có current=false). Cấp "
    "trên trực tiếp thẩm định, đề xuất và quyết định xếp loại các tổ chức trực thuộc; ghi cần "
    "quyền Cập nhật hồ sơ ở cấp trên."
)
_RULES = (
    "Quy định đánh giá, xếp loại theo thời gian hiệu lực: evaluations.member (đảng viên), "
    "evaluations.organization (tổ chức đảng); văn bản nguồn, độ tin cậy và các thông số."
)


@extend_schema_view(
    list=extend_schema(
        summary="Kết quả xếp loại tổ chức đảng (lọc theo năm, đợt, mức, cây tổ chức)",
        parameters=[OrganizationEvaluationQuery],
        responses={200: OrganizationEvaluationSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Một kết quả xếp loại tổ chức đảng",
        responses={200: OrganizationEvaluationSerializer, **error_responses(404)},
    ),
)
@extend_schema(tags=["Đánh giá, xếp loại"], description=_RESULTS)
class OrganizationEvaluationViewSet(ScopedViewSet):
    model = OrganizationEvaluation
    http_method_names = ["get", "post", "head"]
    # Checked against the superior named in the body or found from the row, below.
    action_permissions = {"assess": Action.VIEW, "decide": Action.VIEW, "correct": Action.VIEW}

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization", "round")

    def list(self, request: Request) -> Response:
        params = self.query(OrganizationEvaluationQuery)
        rows = self.get_queryset().filter(current=True)
        if params.get("year") is not None:
            rows = rows.filter(round__year=params["year"])
        if params.get("round") is not None:
            rows = rows.filter(round=params["round"])
        if params.get("organization") is not None:
            rows = rows.filter(organization__path__startswith=params["organization"].path)
        if params.get("rating"):
            rating = params["rating"]
            rows = rows.filter(Q(rating=rating) | Q(rating="", proposed_rating=rating))
        return self.paginated(
            rows.order_by("-round__year", "organization__path", "id"),
            OrganizationEvaluationSerializer,
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return self.output(self.get_object(), OrganizationEvaluationSerializer)

    @extend_schema(
        summary="Cấp trên thẩm định, đề xuất xếp loại các tổ chức trực thuộc (cả bảng một lần)",
        request=OrgAssessInput,
        responses={
            200: OrganizationEvaluationSerializer(many=True),
            **error_responses(400, 403, 404),
        },
    )
    @action(detail=False, methods=["post"])
    def assess(self, request: Request) -> Response:
        data = self.body(OrgAssessInput)
        rows = {
            line.pop("organization"): OrgInput(**line) for line in (dict(x) for x in data["lines"])
        }
        saved = org_services.assess_organizations(
            actor=self.actor, round_=data["round"], parent=data["parent"], rows=rows
        )
        return Response(OrganizationEvaluationSerializer(saved, many=True).data)

    @extend_schema(
        summary="Cấp ủy cấp trên quyết định xếp loại các tổ chức trực thuộc",
        request=OrgDecideInput,
        responses={
            200: OrganizationEvaluationSerializer(many=True),
            **error_responses(400, 403, 404),
        },
    )
    @action(detail=False, methods=["post"])
    def decide(self, request: Request) -> Response:
        data = self.body(OrgDecideInput)
        decisions = {d["organization"]: (d["rating"], d["reason"]) for d in data["decisions"]}
        changed = org_services.decide_organizations(
            actor=self.actor, round_=data["round"], parent=data["parent"], decisions=decisions
        )
        return Response(OrganizationEvaluationSerializer(changed, many=True).data)

    @extend_schema(
        summary="Đính chính kết quả đã công bố (ghi thành quyết định mới, giữ kết quả cũ)",
        request=OrgCorrectInput,
        responses={201: OrganizationEvaluationSerializer, **error_responses(400, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        evaluation: OrganizationEvaluation = self.get_object()
        org = evaluation.organization
        superior = Organization.objects.filter(path=org.parent_path).first()
        if superior is None or not can(self.actor, Action.EDIT, superior):
            raise PermissionDenied("Chỉ cấp ủy cấp trên trực tiếp mới đính chính kết quả.")
        data = self.body(OrgCorrectInput)
        new = org_services.correct_org_evaluation(actor=self.actor, evaluation=evaluation, **data)
        found = self.get_queryset().filter(pk=new.pk).first()
        if found is None:
            raise Http404
        return self.output(found, OrganizationEvaluationSerializer, status=201)


@extend_schema(tags=["Đánh giá, xếp loại"], description=_RULES)
class EvaluationRuleViewSet(viewsets.GenericViewSet):
    """Regulations are public texts: every logged-in user reads them, unscoped."""

    serializer_class = EvaluationRuleSerializer
    queryset = Rule.objects.none()
    pagination_class = None
    metadata_class = None
    http_method_names = ["get", "head"]

    @extend_schema(
        summary="Quy định đánh giá, xếp loại (mọi dòng, theo ngày hiệu lực)",
        parameters=[EvaluationRuleQuery],
        responses={200: EvaluationRuleSerializer(many=True), **error_responses(400)},
    )
    def list(self, request: Request) -> Response:
        query = EvaluationRuleQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        keys = [query.validated_data["key"]] if query.validated_data.get("key") else RULE_KEYS
        rows = Rule.objects.filter(key__in=keys).order_by("key", "valid_from")
        return Response(EvaluationRuleSerializer(rows, many=True).data)
