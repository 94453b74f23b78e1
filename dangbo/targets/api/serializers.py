"""What the targets and tasks API reads and answers. Input serializers check the shape
only; the services check the rules and answer per field in Vietnamese."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dangbo.access.viewsets import (
    DateField,
    IdField,
    IndexField,
    InputSerializer,
    ListField,
    ScopedObjectField,
    TextField,
    enum_field,
)
from dangbo.documents.models import Document
from dangbo.indicators.models import Indicator
from dangbo.orgs.models import Organization
from dangbo.targets.models import (
    Comparator,
    Period,
    Target,
    TargetProgress,
    TargetStatus,
    Task,
    TaskKind,
    TaskReport,
    TaskStatus,
)

ORG_NOT_FOUND = "Không tìm thấy tổ chức này, hoặc tổ chức nằm ngoài phạm vi bạn được xem."
DOC_NOT_FOUND = "Không tìm thấy văn bản này, hoặc văn bản nằm ngoài phạm vi bạn được xem."
TARGET_NOT_FOUND = "Không tìm thấy chỉ tiêu này, hoặc chỉ tiêu nằm ngoài phạm vi bạn được xem."
TASK_NOT_FOUND = "Không tìm thấy nhiệm vụ này, hoặc nhiệm vụ nằm ngoài phạm vi bạn được xem."


class NumberField(serializers.DecimalField):
    default_error_messages = {
        "required": "Trường này là bắt buộc.",
        "null": "Trường này không được để trống.",
        "invalid": "Cần một số (dấu chấm thập phân), ví dụ 96.5.",
        "max_value": "Giá trị không được lớn hơn {max_value}.",
        "min_value": "Giá trị không được nhỏ hơn {min_value}.",
        "max_digits": "Số quá dài: tối đa {max_digits} chữ số.",
        "max_decimal_places": "Tối đa {max_decimal_places} chữ số sau dấu thập phân.",
        "max_whole_digits": "Số quá lớn: tối đa {max_whole_digits} chữ số phần nguyên.",
        "max_string_length": "Số quá dài.",
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 20)
        kwargs.setdefault("decimal_places", 4)
        kwargs.setdefault("coerce_to_string", False)
        super().__init__(**kwargs)


def _org(**kwargs: Any) -> Any:
    return ScopedObjectField(Organization, not_found=ORG_NOT_FOUND, **kwargs)


class ForecastSerializer(serializers.Serializer):
    outlook = serializers.CharField(help_text="on_track, at_risk, off_track, achieved, unknown")
    label = serializers.CharField()  # type: ignore[assignment]
    explanation = serializers.CharField()
    projected = serializers.FloatField(allow_null=True)


class ProgressSerializer(serializers.Serializer):
    """The progress of a target with its formula (targets.progress)."""

    percent = serializers.FloatField(allow_null=True)
    formula = serializers.CharField()
    explanation = serializers.CharField()
    from_children = serializers.BooleanField()
    forecast = ForecastSerializer()


class MeasuredSerializer(serializers.Serializer):
    """The target measured from its indicator (targets.measured), with the rule applied."""

    value = NumberField(allow_null=True)
    value_text = serializers.CharField()
    period = serializers.CharField(allow_null=True, help_text="Khóa kỳ, ví dụ year:2026-01-01")
    period_label = serializers.CharField()
    expected = NumberField(allow_null=True)
    forecast = NumberField(allow_null=True)
    status = serializers.ChoiceField(choices=["met", "on_track", "at_risk", "off_track", "no_data"])
    status_label = serializers.CharField()
    formula = serializers.CharField()


class TargetSerializer(serializers.ModelSerializer):
    comparator = enum_field(Comparator, "TargetComparatorEnum", read_only=True)
    period = enum_field(Period, "TargetPeriodEnum", read_only=True)
    status = enum_field(TargetStatus, "TargetStatusEnum", read_only=True)
    value = NumberField(read_only=True)
    value_max = NumberField(read_only=True, allow_null=True)
    baseline = NumberField(read_only=True, allow_null=True)
    weight = NumberField(read_only=True, max_digits=6, decimal_places=2)
    responsible_name = serializers.CharField(
        source="responsible.name", read_only=True, allow_null=True, default=None
    )
    progress = serializers.SerializerMethodField()
    indicator: Any = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="Mã chỉ số đo chỉ tiêu"
    )
    cascaded_from: Any = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    measured = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = [
            "id",
            "document",
            "parent",
            "position",
            "label",
            "subject",
            "metric",
            "comparator",
            "value",
            "value_max",
            "unit",
            "period",
            "baseline",
            "baseline_on",
            "deadline",
            "responsible",
            "responsible_name",
            "weight",
            "status",
            "source_text",
            "source_start",
            "source_end",
            "progress",
            "indicator",
            "cascaded_from",
            "measured",
        ]
        read_only_fields = fields

    @extend_schema_field(MeasuredSerializer(allow_null=True))
    def get_measured(self, obj: Target) -> dict[str, Any] | None:
        found = self.context.get("measured", {}).get(obj.pk)
        if found is None:
            return None
        return {
            "value": found.value,
            "value_text": found.value_text,
            "period": found.period.key if found.period else None,
            "period_label": found.period_label,
            "expected": found.expected,
            "forecast": found.forecast,
            "status": found.status,
            "status_label": found.status_label,
            "formula": found.formula,
        }

    @extend_schema_field(ProgressSerializer(allow_null=True))
    def get_progress(self, obj: Target) -> dict[str, Any] | None:
        result = self.context.get("results", {}).get(obj.pk)
        if result is None:
            return None
        fc = result.forecast
        return {
            "percent": result.percent,
            "formula": result.formula,
            "explanation": result.explanation,
            "from_children": result.from_children,
            "forecast": {
                "outlook": fc.outlook,
                "label": fc.label,
                "explanation": fc.explanation,
                "projected": fc.projected,
            },
        }


class TargetProgressSerializer(serializers.ModelSerializer):
    value = NumberField(read_only=True)
    reported_by = serializers.CharField(
        source="reported_by.display_name", read_only=True, allow_null=True, default=None
    )
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = TargetProgress
        fields = [
            "id",
            "target",
            "period_label",
            "as_of",
            "value",
            "unit",
            "comment",
            "evidence_name",
            "has_evidence",
            "reported_by",
            "reported_at",
        ]
        read_only_fields = fields

    def get_has_evidence(self, obj: TargetProgress) -> bool:
        return bool(obj.evidence)


class TaskSerializer(serializers.ModelSerializer):
    kind = enum_field(TaskKind, "TaskKindEnum", read_only=True)
    status = enum_field(TaskStatus, "TaskStatusEnum", read_only=True)
    lead_name = serializers.CharField(
        source="lead.name", read_only=True, allow_null=True, default=None
    )
    supporting: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "document",
            "parent",
            "position",
            "kind",
            "title",
            "description",
            "lead",
            "lead_name",
            "supporting",
            "starts_on",
            "deadline",
            "status",
            "progress",
            "completed_on",
            "overdue",
            "source_start",
            "source_end",
        ]
        read_only_fields = fields

    def get_overdue(self, obj: Task) -> bool:
        day = self.context["today"]
        return obj.status == TaskStatus.OVERDUE or (
            obj.deadline is not None
            and obj.deadline < day
            and obj.status not in (TaskStatus.DONE, TaskStatus.PAUSED)
        )


class TaskReportSerializer(serializers.ModelSerializer):
    status = enum_field(TaskStatus, "TaskStatusEnum", read_only=True)
    reported_by = serializers.CharField(
        source="reported_by.display_name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = TaskReport
        fields = [
            "id",
            "task",
            "reported_on",
            "progress",
            "status",
            "text",
            "attachment_name",
            "reported_by",
            "reported_at",
        ]
        read_only_fields = fields


# --- Input ---------------------------------------------------------------------------------


class DocumentQuery(InputSerializer):
    document = IdField(required=False, help_text="Chỉ của văn bản này.")


class TaskQuery(DocumentQuery):
    kind = enum_field(TaskKind, "TaskKindEnum", required=False)
    status = enum_field(TaskStatus, "TaskStatusEnum", required=False)
    lead = IdField(required=False, help_text="Đơn vị chủ trì (kể cả đơn vị cấp dưới).")


class TargetProgressQuery(InputSerializer):
    target = IdField(required=False)


class TaskReportQuery(InputSerializer):
    task = IdField(required=False)


class IndicatorCodeField(TextField):
    """The code of an active indicator in the catalog; answers with the indicator. The text is
    checked (no NUL, valid Unicode) before it reaches the database."""

    def to_internal_value(self, data: Any) -> Any:
        code = super().to_internal_value(data)
        indicator = Indicator.objects.filter(code=code, active=True).first()
        if indicator is None:
            raise serializers.ValidationError(f"Không có chỉ số đang dùng với mã «{code[:64]}».")
        return indicator


class TargetFieldsInput(InputSerializer):
    label = TextField(required=False, allow_blank=True, max_length=255)  # type: ignore[assignment]
    subject = TextField(required=False, allow_blank=True, max_length=500)
    metric = TextField(required=False, allow_blank=True, max_length=500)
    comparator = enum_field(Comparator, "TargetComparatorEnum", required=False)
    value = NumberField(required=False)
    value_max = NumberField(required=False, allow_null=True)
    unit = TextField(required=False, max_length=64)
    period = enum_field(Period, "TargetPeriodEnum", required=False, allow_blank=True)
    baseline = NumberField(required=False, allow_null=True)
    baseline_on = DateField(required=False, allow_null=True)
    deadline = DateField(required=False, allow_null=True)
    responsible = _org(required=False, allow_null=True)
    weight = NumberField(required=False, max_digits=6, decimal_places=2)
    parent = ScopedObjectField(Target, not_found=TARGET_NOT_FOUND, required=False, allow_null=True)  # type: ignore[assignment]


class TargetCreateInput(TargetFieldsInput):
    document = ScopedObjectField(Document, not_found=DOC_NOT_FOUND)
    value = NumberField()
    unit = TextField(max_length=64)
    source_text = TextField(required=False, allow_blank=True, max_length=20000)
    source_start = IndexField(required=False, allow_null=True, min_value=0)
    source_end = IndexField(required=False, allow_null=True, min_value=0)


class TargetUpdateInput(TargetFieldsInput):
    status = enum_field(TargetStatus, "TargetStatusEnum", required=False)
    indicator = IndicatorCodeField(
        required=False,
        allow_null=True,
        help_text="Mã chỉ số đo chỉ tiêu (null: bỏ chỉ số); đơn vị tính phải khớp.",
    )


class TargetProgressInput(InputSerializer):
    period_label = TextField(max_length=64)
    as_of = DateField()
    value = NumberField()
    unit = TextField(max_length=64)
    comment = TextField(required=False, allow_blank=True, max_length=5000)


class CascadeShareInput(InputSerializer):
    organization = _org(help_text="Đơn vị cấp dưới được giao (id)")
    value = NumberField(help_text="Phần được giao: tỷ lệ phải đạt (%) hoặc phần của số lượng")


class TargetCascadeInput(InputSerializer):
    shares = serializers.ListField(child=CascadeShareInput(), min_length=1, max_length=500)


class TaskFieldsInput(InputSerializer):
    kind = enum_field(TaskKind, "TaskKindEnum", required=False)
    title = TextField(required=False, max_length=500)
    description = TextField(required=False, allow_blank=True, max_length=50000)
    lead = _org(required=False, allow_null=True)
    supporting = ListField(child=_org(), required=False, max_length=200)
    starts_on = DateField(required=False, allow_null=True)
    deadline = DateField(required=False, allow_null=True)
    parent = ScopedObjectField(Task, not_found=TASK_NOT_FOUND, required=False, allow_null=True)  # type: ignore[assignment]


class TaskCreateInput(TaskFieldsInput):
    document = ScopedObjectField(Document, not_found=DOC_NOT_FOUND)
    kind = enum_field(TaskKind, "TaskKindEnum")
    title = TextField(max_length=500)
    source_start = IndexField(required=False, allow_null=True, min_value=0)
    source_end = IndexField(required=False, allow_null=True, min_value=0)


class TaskUpdateInput(TaskFieldsInput):
    status = enum_field(TaskStatus, "TaskStatusEnum", required=False)


class TaskReportInput(InputSerializer):
    reported_on = DateField()
    progress = IndexField(help_text="0–100")
    status = enum_field(TaskStatus, "TaskStatusEnum")
    text = TextField(max_length=20000)
