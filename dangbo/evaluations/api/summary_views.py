"""GET /api/v1/evaluation-rounds/{id}/summary/?organization=<id>: the report's member and
organization tables (evaluations.summary) for a unit of the round's subtree, the round's unit
by default. Counts only what the caller may see; a unit outside the round is a 400 on
`organization`."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.access.scoping import scope
from dangbo.access.viewsets import InputSerializer, ScopedObjectField, error_responses
from dangbo.core.errors import field_error
from dangbo.evaluations.api.serializers import ORG_NOT_FOUND
from dangbo.evaluations.models import (
    SHORT,
    EvaluationRound,
    MemberEvaluation,
    OrganizationEvaluation,
)
from dangbo.evaluations.summary import RATINGS, Counts, SummaryTable, Visible, summary
from dangbo.members.models import Member
from dangbo.orgs.models import Organization


class SummaryQuery(InputSerializer):
    organization = ScopedObjectField(Organization, required=False, not_found=ORG_NOT_FOUND)


class EvaluationSummaryRatingSerializer(serializers.Serializer):
    rating = serializers.CharField(help_text="htxs, htt, ht, kht")
    short = serializers.CharField(help_text="HTXSNV, HTTNV, HTNV, KHTNV")
    count = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True, help_text="trên số đã xếp loại")


class EvaluationSummaryCountsSerializer(serializers.Serializer):
    roll = serializers.IntegerField(help_text="phải xếp loại")
    rated = serializers.IntegerField(help_text="đã xếp loại")
    ratings = EvaluationSummaryRatingSerializer(many=True)
    good_or_better_percent = serializers.FloatField(allow_null=True)
    not_rated = serializers.IntegerField(help_text="không xếp loại (chưa đủ 6 tháng)")
    unrated = serializers.IntegerField(help_text="chưa xếp loại")
    exempt = serializers.IntegerField(help_text="miễn sinh hoạt (chỉ với đảng viên)")


class EvaluationSummaryRowSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    name = serializers.CharField()
    own = serializers.BooleanField(help_text="đảng viên trực tiếp của đơn vị (chi bộ)")
    counts = EvaluationSummaryCountsSerializer()


class EvaluationSummaryTableSerializer(serializers.Serializer):
    rows = EvaluationSummaryRowSerializer(many=True)
    total = EvaluationSummaryCountsSerializer()


class EvaluationSummarySerializer(serializers.Serializer):
    round = serializers.IntegerField()
    year = serializers.IntegerField()
    organization = serializers.IntegerField()
    day = serializers.DateField(help_text="ngày tính danh sách đảng viên")
    rules_source = serializers.CharField()
    members = EvaluationSummaryTableSerializer()
    organizations = EvaluationSummaryTableSerializer()


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _counts(counts: Counts) -> dict[str, Any]:
    return {
        "roll": counts.roll,
        "rated": counts.rated,
        "ratings": [
            {
                "rating": str(r),
                "short": SHORT[r],
                "count": counts.ratings[r],
                "percent": _percent(counts.share(r)),
            }
            for r in RATINGS
        ],
        "good_or_better_percent": _percent(counts.good_or_better),
        "not_rated": counts.not_rated,
        "unrated": counts.unrated,
        "exempt": counts.exempt,
    }


def _table(table: SummaryTable) -> dict[str, Any]:
    return {
        "rows": [
            {
                "organization": row.organization.pk,
                "name": row.organization.name,
                "own": row.own,
                "counts": _counts(row.counts),
            }
            for row in table.rows
        ],
        "total": _counts(table.total),
    }


class RoundSummaryMixin:
    """The `summary` action of EvaluationRoundViewSet."""

    @extend_schema(
        summary="Bảng tổng hợp kết quả xếp loại của một đơn vị trong đợt (theo đơn vị trực thuộc)",
        parameters=[SummaryQuery],
        responses={200: EvaluationSummarySerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["get"])
    def summary(self, request: Request, pk: str) -> Response:
        view: Any = self
        round_: EvaluationRound = view.get_object()
        unit = view.query(SummaryQuery).get("organization") or round_.organization
        if not unit.path.startswith(round_.organization.path):
            raise field_error(
                "organization",
                f"{unit.name} không thuộc phạm vi đợt đánh giá năm {round_.year} của "
                f"{round_.organization.name}.",
            )
        user = request.user
        visible = Visible(
            scope(user, Organization),
            scope(user, Member),
            scope(user, MemberEvaluation),
            scope(user, OrganizationEvaluation),
        )
        result = summary(visible, round_, unit)
        return Response(
            {
                "round": round_.pk,
                "year": round_.year,
                "organization": unit.pk,
                "day": result.day,
                "rules_source": round_.rules_source,
                "members": _table(result.members),
                "organizations": _table(result.organizations),
            }
        )
