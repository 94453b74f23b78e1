"""GET /api/v1/members/statistics/: the standard statistics tables of a unit on a day (issue
4 §5), the same numbers as the page and its .xlsx (members.statistics)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.access.scoping import root_units
from dangbo.access.viewsets import (
    InputSerializer,
    ScopedObjectField,
    ScopedViewSet,
    error_responses,
)
from dangbo.core.clock import today
from dangbo.members.api.fields import ORG_NOT_FOUND, PastDateField
from dangbo.members.statistics import Period, Row, Statistics, Table, member_statistics
from dangbo.orgs.models import Organization

NO_UNIT = "Bạn chưa được phân quyền ở tổ chức nào: hãy chọn tổ chức."


class StatisticsQuery(InputSerializer):
    organization = ScopedObjectField(
        Organization,
        required=False,
        not_found=ORG_NOT_FOUND,
        help_text="Tổ chức cần thống kê (gồm cả các đơn vị cấp dưới); mặc định: đơn vị cao "
        "nhất người dùng được phân quyền.",
    )
    as_of = PastDateField(
        required=False,
        help_text="Tính đến hết ngày này (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định: hôm nay.",
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        # "from" is a Python keyword: the two period fields cannot be class attributes.
        fields: dict[str, serializers.Field] = super().get_fields()
        fields["from"] = PastDateField(
            required=False,
            help_text="Đầu kỳ của bảng kết nạp và bảng ra khỏi danh sách (dd/mm/yyyy); "
            "mặc định: ngày 1 tháng 1 của năm cuối kỳ.",
        )
        fields["to"] = PastDateField(
            required=False, help_text="Cuối kỳ (dd/mm/yyyy); mặc định: ngày tính `as_of`."
        )
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        as_of = attrs.get("as_of") or today()
        end = attrs.get("to") or as_of
        start = attrs.get("from") or min(end.replace(month=1, day=1), end)
        if start > end:
            field = "to" if attrs.get("to") else "from"
            raise serializers.ValidationError({field: ["Ngày đầu kỳ không được sau ngày cuối kỳ."]})
        return {**attrs, "as_of": as_of, "from": start, "to": end}


class StatisticsColumnSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Mã cột: khóa của `values` ở mỗi dòng.")
    # The metaclass takes declared fields off the class, so `label` does not shadow
    # Field.label at run time; mypy only sees the class body.
    label = serializers.CharField(help_text="Tên cột tiếng Việt.")  # type: ignore[assignment]


class StatisticsRowSerializer(serializers.Serializer):
    organization = serializers.IntegerField(
        allow_null=True, help_text="Đơn vị của dòng; null ở dòng tổng cộng."
    )
    label = serializers.CharField()  # type: ignore[assignment]
    own = serializers.BooleanField(
        help_text="true: dòng đếm đảng viên sinh hoạt trực tiếp tại chính tổ chức được hỏi."
    )
    values = serializers.DictField(child=serializers.IntegerField(), help_text="Số theo cột.")


class StatisticsTableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    period = serializers.BooleanField(
        help_text="true: đếm sự kiện trong kỳ (from–to); false: đảng viên trong danh sách "
        "vào ngày as_of."
    )
    columns = StatisticsColumnSerializer(many=True)
    rows = StatisticsRowSerializer(many=True, help_text="Một dòng cho mỗi đơn vị cấp dưới.")
    total = StatisticsRowSerializer()


class StatisticsPeriodSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {"from": serializers.DateField(), "to": serializers.DateField()}


class StatisticsSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    organization_name = serializers.CharField(help_text="Tên tổ chức vào ngày as_of.")
    as_of = serializers.DateField()
    period = StatisticsPeriodSerializer()
    tables = StatisticsTableSerializer(many=True)


def _row(row: Row, table: Table) -> dict[str, Any]:
    return {
        "organization": row.organization_id,
        "label": row.label,
        "own": row.own,
        "values": row.as_dict(table.columns),
    }


def statistics_document(stats: Statistics) -> dict[str, Any]:
    return {
        "organization": stats.organization_id,
        "organization_name": stats.unit_name,
        "as_of": stats.as_of,
        "period": {"from": stats.period.start, "to": stats.period.end},
        "tables": [
            {
                "key": table.key,
                "title": table.title,
                "period": table.period,
                "columns": [{"key": c.key, "label": c.label} for c in table.columns],
                "rows": [_row(row, table) for row in table.rows],
                "total": _row(table.total, table),
            }
            for table in stats.tables
        ],
    }


class MemberStatisticsMixin(ScopedViewSet):
    """/members/statistics/."""

    @extend_schema(
        summary="Thống kê đảng viên của một tổ chức vào một ngày",
        description="Các bảng thống kê chuẩn (trạng thái, giới tính, độ tuổi, dân tộc, tôn "
        "giáo, trình độ chuyên môn, lý luận chính trị, tuổi đảng; kết nạp và ra khỏi danh "
        "sách trong kỳ), mỗi bảng một dòng cho mỗi đơn vị trực thuộc và dòng tổng cộng. Chỉ "
        "đếm đảng viên người dùng được xem.",
        parameters=[StatisticsQuery],
        responses={200: StatisticsSerializer, **error_responses(400)},
    )
    @action(detail=False, methods=["get"])
    def statistics(self, request: Request) -> Response:
        params = self.query(StatisticsQuery)
        unit: Organization | None = params.get("organization")
        if unit is None:
            roots = root_units(request.user)
            if not roots:
                raise serializers.ValidationError({"organization": [NO_UNIT]})
            unit = roots[0]
        stats = member_statistics(
            request.user, unit, params["as_of"], Period(params["from"], params["to"])
        )
        return Response(StatisticsSerializer(statistics_document(stats)).data)
