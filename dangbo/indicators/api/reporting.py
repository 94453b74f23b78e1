"""/api/v1/reporting-forms/ and /api/v1/submissions/: the reporting forms a user's units issue
or fill in, and the reports on them (issue #9 §2).

Scope: a user reads the forms issued in their part of the tree and above it (the forms their
units fill in), and the reports of the units they see. Saving a report needs Action.EDIT on
the reporting unit (a unit the user does not see answers 404); approving or returning it needs
Action.EDIT on the form's issuer (dangbo.indicators.reporting says why). Every write is the
service the pages call; its refusals answer 400 per field (`numerator_<code>`, …).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.access.scoping import get_or_404
from dangbo.access.viewsets import (
    IdField,
    InputSerializer,
    ListField,
    ScopedObjectField,
    ScopedViewSet,
    TextField,
    enum_field,
    error_responses,
)
from dangbo.core.errors import field_error
from dangbo.indicators import reporting
from dangbo.indicators.models import (
    Indicator,
    ReportingForm,
    Submission,
    SubmissionState,
    SubmissionValue,
)
from dangbo.indicators.periods import parse_period
from dangbo.orgs.models import Organization

FORM_NOT_FOUND = "Không tìm thấy biểu mẫu này, hoặc biểu mẫu nằm ngoài phạm vi bạn được xem."
_FORMS = (
    "Biểu mẫu báo cáo: các chỉ số đơn vị phải báo cáo (phần mềm không tự tính được), kỳ báo "
    "cáo, loại tổ chức phải báo cáo và hạn nộp (số ngày sau khi hết kỳ)."
)
_SUBMISSIONS = (
    "Báo cáo của đơn vị theo biểu mẫu cho một kỳ: lưu nháp, gửi cấp trên; cấp ban hành biểu "
    "mẫu duyệt (khóa) hoặc trả lại kèm ý kiến. Lỗi số liệu trả về 400 theo từng trường "
    "numerator_<mã chỉ số>, denominator_<mã chỉ số>, note_<mã chỉ số>."
)


# --- Output --------------------------------------------------------------------------------


class FormIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "unit",
            "numerator_label",
            "denominator_label",
            "min_value",
            "max_value",
        ]
        read_only_fields = fields


class ReportingFormSerializer(serializers.ModelSerializer):
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)
    org_kinds = serializers.ListField(child=serializers.CharField(), read_only=True)
    indicators = FormIndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = ReportingForm
        fields = [
            "id",
            "code",
            "name",
            "issuer",
            "issuer_name",
            "period_kind",
            "org_kinds",
            "indicators",
            "due_days",
            "remind_days",
            "active",
        ]
        read_only_fields = fields


class SubmissionValueSerializer(serializers.ModelSerializer):
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)

    class Meta:
        model = SubmissionValue
        fields = ["indicator", "indicator_code", "numerator", "denominator", "note"]
        read_only_fields = fields


class SubmissionSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    period = serializers.SerializerMethodField()
    period_label = serializers.SerializerMethodField()
    values = SubmissionValueSerializer(many=True, read_only=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "form",
            "organization",
            "organization_name",
            "period",
            "period_label",
            "period_start",
            "period_end",
            "due_on",
            "state",
            "submitted_at",
            "reviewed_at",
            "review_comment",
            "values",
        ]
        read_only_fields = fields

    def get_period(self, obj: Submission) -> str:
        return reporting.period_of_submission(obj).key

    def get_period_label(self, obj: Submission) -> str:
        return reporting.period_of_submission(obj).label


# --- Input ---------------------------------------------------------------------------------


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string"}], "nullable": True})
class FigureField(serializers.Field):
    """A figure as a number or as text typed the Vietnamese way ("1.234,5"); the service reads
    and checks it, so that the API and the pages answer alike."""

    default_error_messages = {
        "invalid": 'Cần một số, ví dụ 12 hoặc "1.234,5".',
        "too_long": "Số quá dài.",
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int | float | str):
            self.fail("invalid")
        if isinstance(data, str):
            if len(data) > 40:
                self.fail("too_long")
            return TextField().to_internal_value(data)
        return data

    def to_representation(self, value: Any) -> Any:
        return value


class FigureInput(InputSerializer):
    indicator = TextField(max_length=64, help_text="Mã chỉ số, ví dụ cells_qd144.")
    numerator = FigureField(required=True)
    denominator = FigureField()
    note = TextField(required=False, allow_blank=True, max_length=500)


class SubmissionInput(InputSerializer):
    form = ScopedObjectField(ReportingForm, not_found=FORM_NOT_FOUND)
    organization = IdField(help_text="Đơn vị báo cáo (ngoài phạm vi được xem: 404).")
    period = TextField(max_length=32, help_text="Kỳ báo cáo, ví dụ quarter:2026-07-01.")
    values = ListField(child=FigureInput(), max_length=100)


class ReviewInput(InputSerializer):
    comment = TextField(required=False, allow_blank=True, max_length=5000)


class SubmissionQuery(InputSerializer):
    form = IdField(required=False)
    organization = IdField(required=False, help_text="Các đơn vị trong cây của đơn vị này.")
    state = enum_field(SubmissionState, "SubmissionStateEnum", required=False)


# --- Viewsets ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách biểu mẫu báo cáo (ban hành trong phạm vi và cấp trên giao)",
        # 404: a page past the last one (the lists are paginated).
        responses={200: ReportingFormSerializer(many=True), **error_responses(404)},
    ),
    retrieve=extend_schema(
        summary="Một biểu mẫu báo cáo với các chỉ số",
        responses={200: ReportingFormSerializer, **error_responses(404)},
    ),
)
@extend_schema(tags=["Chỉ số, biểu mẫu báo cáo"], description=_FORMS)
class ReportingFormViewSet(ScopedViewSet):
    model = ReportingForm
    http_method_names = ["get", "head"]

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("issuer").prefetch_related("indicators")

    def list(self, request: Request) -> Response:
        return self.paginated(
            self.get_queryset().order_by("issuer__path", "code"), ReportingFormSerializer
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return self.output(self.get_object(), ReportingFormSerializer)


@extend_schema_view(
    list=extend_schema(
        summary="Báo cáo theo biểu mẫu (lọc theo biểu mẫu, đơn vị, trạng thái)",
        parameters=[SubmissionQuery],
        responses={200: SubmissionSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Một báo cáo với số liệu",
        responses={200: SubmissionSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Lưu nháp báo cáo của đơn vị cho một kỳ (tạo mới hoặc sửa bản nháp)",
        request=SubmissionInput,
        responses={200: SubmissionSerializer, **error_responses(400, 404)},
    ),
)
@extend_schema(tags=["Chỉ số, biểu mẫu báo cáo"], description=_SUBMISSIONS)
class SubmissionViewSet(ScopedViewSet):
    model = Submission
    http_method_names = ["get", "post", "head"]
    # Checked by the services: the reporting unit (submit) or the form's issuer (review).
    action_permissions = {"create": "view", "submit": "view", "approve": "view", "return_": "view"}

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization").prefetch_related("values__indicator")

    def list(self, request: Request) -> Response:
        params = self.query(SubmissionQuery)
        rows = self.get_queryset()
        if params.get("form"):
            rows = rows.filter(form_id=params["form"])
        if params.get("organization"):
            unit = Organization.objects.filter(pk=params["organization"]).first()
            rows = rows.filter(organization__path__startswith=unit.path) if unit else rows.none()
        if params.get("state"):
            rows = rows.filter(state=params["state"])
        return self.paginated(
            rows.order_by("form_id", "-period_start", "organization__path"), SubmissionSerializer
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return self.output(self.get_object(), SubmissionSerializer)

    def create(self, request: Request) -> Response:
        data = self.body(SubmissionInput)
        form: ReportingForm = data["form"]
        organization = get_or_404(self.actor, Organization, pk=data["organization"])
        try:
            period = parse_period(data["period"])
        except ValueError as exc:
            raise field_error("period", str(exc)) from None
        indicators = {i.code: i for i in form.indicators.all()}
        values: dict[Indicator, reporting.ValueInput] = {}
        for item in data["values"]:
            indicator = indicators.get(item["indicator"])
            if indicator is None:
                raise field_error("values", f"Chỉ số «{item['indicator']}» không thuộc biểu mẫu.")
            values[indicator] = reporting.ValueInput(
                item["numerator"], item.get("denominator"), item.get("note", "")
            )
        submission = reporting.save_submission(
            actor=self.actor, form=form, organization=organization, period=period, values=values
        )
        return self.output(self.reread(submission.pk), SubmissionSerializer)

    def _seen(self, *, review: bool) -> Submission:
        """The report named in the URL (404 unseen); 403 when the user sees it but is neither
        the reporting unit (to send it) nor the form's issuer (to review it)."""
        submission: Submission = self.get_object()
        allowed = (
            reporting.may_review(self.actor, submission.form)
            if review
            else reporting.may_report(self.actor, submission.organization)
        )
        if not allowed:
            raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
        return submission

    @extend_schema(
        summary="Gửi báo cáo lên cấp trên",
        request=None,
        responses={200: SubmissionSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        submission = reporting.submit_submission(
            actor=self.actor, submission=self._seen(review=False)
        )
        return self.output(self.reread(submission.pk), SubmissionSerializer)

    @extend_schema(
        summary="Duyệt và khóa báo cáo (cấp ban hành biểu mẫu)",
        request=ReviewInput,
        responses={200: SubmissionSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        submission = self._seen(review=True)
        comment = self.body(ReviewInput).get("comment", "")
        done = reporting.approve_submission(
            actor=self.actor, submission=submission, comment=comment
        )
        return self.output(self.reread(done.pk), SubmissionSerializer)

    @extend_schema(
        summary="Trả lại báo cáo kèm ý kiến (cấp ban hành biểu mẫu)",
        request=ReviewInput,
        responses={200: SubmissionSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str) -> Response:
        submission = self._seen(review=True)
        comment = self.body(ReviewInput).get("comment", "")
        done = reporting.return_submission(actor=self.actor, submission=submission, comment=comment)
        return self.output(self.reread(done.pk), SubmissionSerializer)
