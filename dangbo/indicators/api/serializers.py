"""What the indicators API reads and answers. Query serializers check the shape only (lists,
dates, choices); dangbo.indicators.api.analytics looks the names up and answers per field in
Vietnamese when one is unknown or out of the user's view."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from dangbo.access.viewsets import (
    MAX_ID,
    BooleanField,
    DateField,
    IndexField,
    InputSerializer,
    ListField,
    TextField,
    enum_field,
)
from dangbo.indicators.models import Indicator, IndicatorKind
from dangbo.indicators.periods import PeriodKind

# Bounds of one analytics request, before the database is asked: a dashboard or a spreadsheet
# needs far less; more is a mistake or a scrape, refused with a message asking to narrow it.
MAX_INDICATORS = 30
MAX_ORGANIZATIONS = 200
MAX_PERIODS = 120


class CommaListField(TextField):
    """ "a,b,c" → ["a", "b", "c"]: trimmed, blanks dropped, duplicates once, in order.
    A query string carries lists this way so that a link can be typed by hand."""

    def __init__(self, *, max_items: int, **kwargs: Any) -> None:
        self.max_items = max_items
        kwargs.setdefault("max_length", 4000)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> list[str]:  # type: ignore[override]
        text = super().to_internal_value(data)
        items = list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
        if not items:
            raise serializers.ValidationError("Cần ít nhất một giá trị.")
        if len(items) > self.max_items:
            raise serializers.ValidationError(
                f"Tối đa {self.max_items} giá trị mỗi lần, nhận được {len(items)}."
            )
        return items


class IdListField(CommaListField):
    """ "12,15" → [12, 15]: database ids, each a positive integer the database can hold."""

    def to_internal_value(self, data: Any) -> list[int]:  # type: ignore[override]
        ids = []
        for item in super().to_internal_value(data):
            if not item.isascii() or not item.isdigit() or not 0 < int(item) <= MAX_ID:
                raise serializers.ValidationError(
                    f"Mã đơn vị «{item[:40]}» không hợp lệ: cần số nguyên dương."
                )
            ids.append(int(item))
        return ids


# --- The catalog ------------------------------------------------------------------------------


class IndicatorSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    period_kinds = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Các loại kỳ tính: month, quarter, half, year, term",
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "description",
            "kind",
            "kind_label",
            "unit",
            "numerator",
            "numerator_label",
            "denominator",
            "denominator_label",
            "period_kinds",
            "min_value",
            "max_value",
            "higher_is_better",
            "organization",
            "active",
            "position",
        ]
        read_only_fields = fields


class IndicatorListQuery(InputSerializer):
    kind = enum_field(IndicatorKind, "IndicatorKindEnum", required=False)
    # default None: DRF reads a missing boolean in a query string as False.
    active = BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Chỉ các chỉ số đang dùng (1) hoặc đã thôi (0); mặc định tất cả.",
    )


class NumberField(serializers.DecimalField):
    """A bound of the indicator's values: a JSON number or a decimal string ("96.5")."""

    default_error_messages = {
        "required": "Trường này là bắt buộc.",
        "invalid": "Cần một số (dấu chấm thập phân), ví dụ 96.5.",
        "max_digits": "Số quá dài: tối đa {max_digits} chữ số.",
        "max_decimal_places": "Tối đa {max_decimal_places} chữ số sau dấu thập phân.",
        "max_whole_digits": "Số quá lớn: tối đa {max_whole_digits} chữ số phần nguyên.",
        "max_string_length": "Số quá dài.",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_digits=20, decimal_places=4, allow_null=True, **kwargs)


class IndicatorInput(InputSerializer):
    """An indicator to add (POST) or the fields to change (PATCH). Only the shape and the
    database's lengths are checked here; services.create_indicator checks the rest (the code,
    the definitions, which must parse) and answers per field."""

    code = TextField(max_length=64, help_text="Chữ thường không dấu, số, «_», «-»")
    name = TextField(max_length=255)
    description = TextField(max_length=10000, required=False, allow_blank=True)
    kind = enum_field(IndicatorKind, "IndicatorKindEnum")
    unit = TextField(max_length=32, help_text="«%», «đảng viên», «mô hình/chi bộ»…")
    numerator = TextField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="Chỉ số tính từ dữ liệu: định nghĩa tử số theo nguồn dữ liệu",
    )
    numerator_label = TextField(max_length=255, required=False, allow_blank=True)
    denominator = TextField(max_length=2000, required=False, allow_blank=True)
    denominator_label = TextField(max_length=255, required=False, allow_blank=True)
    period_kinds = ListField(
        child=enum_field(PeriodKind, "IndicatorPeriodKindEnum"), min_length=1, max_length=5
    )
    min_value = NumberField(required=False)
    max_value = NumberField(required=False)
    higher_is_better = BooleanField(required=False)
    active = BooleanField(required=False)
    position = IndexField(required=False, min_value=0, max_value=2**31 - 1)


# --- Analytics --------------------------------------------------------------------------------


class AnalyticsQuery(InputSerializer):
    indicator = CommaListField(
        max_items=MAX_INDICATORS,
        help_text="Mã chỉ số, cách nhau bằng dấu phẩy: members_on_roll,meetings_held",
    )
    organizations = IdListField(
        max_items=MAX_ORGANIZATIONS,
        required=False,
        help_text="Mã số đơn vị, cách nhau bằng dấu phẩy; mặc định các đơn vị cao nhất bạn "
        "được xem.",
    )
    children = BooleanField(
        required=False,
        default=False,
        help_text="1: thêm sau mỗi đơn vị các đơn vị trực thuộc trực tiếp của nó.",
    )
    periods = CommaListField(
        max_items=MAX_PERIODS,
        required=False,
        help_text="Các kỳ, cách nhau bằng dấu phẩy: quarter:2026-07-01, year:2026, "
        "month:2026-11-01, half:2026-07-01, term:2025. Mặc định năm nay.",
    )
    period_kind = enum_field(
        PeriodKind,
        "AnalyticsPeriodKindEnum",
        required=False,
        help_text="Thay cho periods: mọi kỳ loại này từ `from` đến `to`.",
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        # "from" is a Python keyword: it cannot be a class attribute.
        fields = super().get_fields()
        fields["from"] = DateField(
            required=False, help_text="Từ ngày (dd/mm/yyyy hoặc yyyy-mm-dd), cùng period_kind."
        )
        fields["to"] = DateField(
            required=False, help_text="Đến ngày (dd/mm/yyyy hoặc yyyy-mm-dd), cùng period_kind."
        )
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        ranged = [name for name in ("period_kind", "from", "to") if attrs.get(name) is not None]
        if attrs.get("periods") and ranged:
            raise serializers.ValidationError(
                {"periods": "Chỉ dùng một cách chọn kỳ: periods, hoặc period_kind với from, to."}
            )
        if ranged:
            missing = [n for n in ("period_kind", "from", "to") if attrs.get(n) is None]
            if missing:
                raise serializers.ValidationError(
                    {name: "Cần cả period_kind, from và to." for name in missing}
                )
            if attrs["from"] > attrs["to"]:
                raise serializers.ValidationError({"to": "Ngày cuối không được trước ngày đầu."})
        return attrs


class AnalyticsOrganizationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AnalyticsPeriodSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="quarter:2026-07-01")
    kind = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField(help_text="ngày cuối kỳ (tính cả ngày này)")
    label = serializers.CharField(help_text="Quý III/2026")  # type: ignore[assignment]  # the key, not Field.label


def _decimal(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=20, decimal_places=4, allow_null=True, help_text=help_text
    )


class AnalyticsRowSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="mã chỉ số")
    organization = AnalyticsOrganizationSerializer()
    period = AnalyticsPeriodSerializer()
    numerator = _decimal("tử số; null khi chưa có giá trị")
    denominator = _decimal("mẫu số; null khi chỉ số không có mẫu số")
    value = _decimal("giá trị (%, hoặc tử số ÷ mẫu số, hoặc tử số)")
    reporting_units = serializers.IntegerField(
        allow_null=True, help_text="số đơn vị đã báo cáo (chỉ số do đơn vị báo cáo)"
    )
    computed_at = serializers.DateTimeField(allow_null=True, help_text="thời điểm tính")


class AnalyticsIndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    higher_is_better = serializers.BooleanField()


@extend_schema_serializer(many=False)  # the answer of a list route, yet one object
class AnalyticsSerializer(serializers.Serializer):
    indicators = AnalyticsIndicatorSerializer(many=True)
    count = serializers.IntegerField(help_text="số dòng: chỉ số × đơn vị × kỳ")
    rows = AnalyticsRowSerializer(many=True)
