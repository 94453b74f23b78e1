"""/api/v1/evaluation-rounds/ and /api/v1/evaluations/. Scope: a user reads the rounds of the
units they see and of the units above them (as the pages do), and the results of the members
they see; every write is the service the pages call, with the same checks and audit."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.access.policy import Action
from dangbo.access.scoping import can
from dangbo.access.viewsets import ScopedViewSet, error_responses
from dangbo.evaluations import services
from dangbo.evaluations.api.serializers import (
    CorrectInput,
    DecideInput,
    EvaluationListQuery,
    EvaluationSerializer,
    GridInputSerializer,
    RoundAdvanceInput,
    RoundCreateInput,
    RoundListQuery,
    RoundSerializer,
)
from dangbo.evaluations.api.summary_views import RoundSummaryMixin
from dangbo.evaluations.models import EvaluationRound, MemberEvaluation
from dangbo.evaluations.queries import rounds_with_counts
from dangbo.evaluations.services import GridInput

_ROUNDS = (
    "Đợt đánh giá, xếp loại chất lượng đảng viên theo năm và đơn vị: quy định áp dụng theo năm "
    "(QĐ 124 cho năm 2024 trở về trước, QĐ 366 từ năm 2025), cách tính tỷ lệ HTXSNV, các bước. "
    "Ghi cần quyền Cập nhật hồ sơ ở đơn vị."
)
_RESULTS = "Kết quả xếp loại đảng viên (bản hiện hành; bản đã đính chính có current=false)."


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách đợt đánh giá (lọc theo năm, đơn vị)",
        parameters=[RoundListQuery],
        responses={200: RoundSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Một đợt đánh giá", responses={200: RoundSerializer, **error_responses(404)}
    ),
    create=extend_schema(
        summary="Mở đợt đánh giá, xếp loại",
        request=RoundCreateInput,
        responses={201: RoundSerializer, **error_responses(400)},
    ),
)
@extend_schema(tags=["Đánh giá, xếp loại"], description=_ROUNDS)
class EvaluationRoundViewSet(RoundSummaryMixin, ScopedViewSet):
    model = EvaluationRound
    http_method_names = ["get", "post", "head"]
    # The grid is checked against the cell, the decisions against the round's unit, below.
    action_permissions = {"grid": Action.VIEW, "decide": Action.VIEW}

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return rounds_with_counts(queryset)

    def list(self, request: Request) -> Response:
        params = self.query(RoundListQuery)
        rows = self.get_queryset()
        if params.get("year") is not None:
            rows = rows.filter(year=params["year"])
        if params.get("organization") is not None:
            rows = rows.filter(organization__path__startswith=params["organization"].path)
        return self.paginated(rows.order_by("-year", "organization__path"), RoundSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self.output(self.get_object(), RoundSerializer)

    def create(self, request: Request) -> Response:
        data = self.body(RoundCreateInput)
        round_ = services.open_round(actor=self.actor, **data)
        return self.output(self.reread(round_.pk), RoundSerializer, status=201)

    @extend_schema(
        summary="Chuyển đợt sang bước kế tiếp",
        request=RoundAdvanceInput,
        responses={200: RoundSerializer, **error_responses(400, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def advance(self, request: Request, pk: str) -> Response:
        round_: EvaluationRound = self.get_object_for()
        services.advance_round(actor=self.actor, round_=round_, **self.body(RoundAdvanceInput))
        return self.output(self.reread(round_.pk), RoundSerializer)

    @extend_schema(
        summary="Lưu bảng đánh giá của một chi bộ (cả bảng trong một yêu cầu)",
        request=GridInputSerializer,
        responses={200: EvaluationSerializer(many=True), **error_responses(400, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def grid(self, request: Request, pk: str) -> Response:
        round_: EvaluationRound = self.get_object()
        data = self.body(GridInputSerializer)
        rows = {line.pop("member"): GridInput(**line) for line in (dict(x) for x in data["lines"])}
        saved = services.save_grid(
            actor=self.actor, round_=round_, cell=data["organization"], rows=rows
        )
        return Response(EvaluationSerializer(saved, many=True).data)

    @extend_schema(
        summary="Cấp ủy quyết định xếp loại đảng viên của một chi bộ",
        request=DecideInput,
        responses={200: EvaluationSerializer(many=True), **error_responses(400, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        round_: EvaluationRound = self.get_object()
        if not can(self.actor, Action.EDIT, round_.organization):
            raise PermissionDenied("Chỉ cấp ủy của đợt đánh giá mới quyết định xếp loại.")
        data = self.body(DecideInput)
        decisions = {d["member"]: (d["rating"], d["reason"]) for d in data["decisions"]}
        changed = services.decide(
            actor=self.actor, round_=round_, cell=data["organization"], decisions=decisions
        )
        return Response(EvaluationSerializer(changed, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="Kết quả xếp loại (lọc theo năm, đợt, mức, đơn vị)",
        parameters=[EvaluationListQuery],
        responses={200: EvaluationSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Một kết quả xếp loại",
        responses={200: EvaluationSerializer, **error_responses(404)},
    ),
)
@extend_schema(tags=["Đánh giá, xếp loại"], description=_RESULTS)
class EvaluationViewSet(ScopedViewSet):
    model = MemberEvaluation
    http_method_names = ["get", "post", "head"]
    action_permissions = {"correct": Action.VIEW}

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("member", "organization", "round")

    def list(self, request: Request) -> Response:
        params = self.query(EvaluationListQuery)
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
            rows.order_by("-round__year", "organization__path", "member__name_sort", "id"),
            EvaluationSerializer,
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return self.output(self.get_object(), EvaluationSerializer)

    @extend_schema(
        summary="Đính chính kết quả đã công bố (ghi thành quyết định mới, giữ kết quả cũ)",
        request=CorrectInput,
        responses={201: EvaluationSerializer, **error_responses(400, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        evaluation: MemberEvaluation = self.get_object()
        if not can(self.actor, Action.EDIT, evaluation.round.organization):
            raise PermissionDenied("Chỉ cấp ủy của đợt đánh giá mới đính chính kết quả.")
        data = self.body(CorrectInput)
        new = services.correct_evaluation(actor=self.actor, evaluation=evaluation, **data)
        found = self.get_queryset().filter(pk=new.pk).first()
        if found is None:
            raise Http404
        return self.output(found, EvaluationSerializer, status=201)
