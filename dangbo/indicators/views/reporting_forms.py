"""The page form that issues or changes a reporting form: shape only, the service
(dangbo.indicators.reporting) holds the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from dangbo.access.policy import Action
from dangbo.access.scoping import units_for
from dangbo.accounts.models import User
from dangbo.indicators.models import Indicator, IndicatorKind, ReportingForm
from dangbo.indicators.periods import PeriodKind
from dangbo.indicators.reporting import FORM_PERIOD_KINDS, REPORTING_KINDS
from dangbo.orgs.forms.base import BootstrapForm, required_message
from dangbo.orgs.models import OrgKind

ISSUER_LIMIT = 300


def _days(label: str, top: int, help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=top,
        help_text=help_text,
        error_messages={
            **required_message(label),
            "invalid": "Nhập một số nguyên.",
            "min_value": f"Nhập số ngày từ 0 đến {top}.",
            "max_value": f"Nhập số ngày từ 0 đến {top}.",
        },
    )


class FormDefinitionForm(BootstrapForm):
    issuer = forms.TypedChoiceField(
        label="Đơn vị ban hành",
        coerce=int,
        error_messages={
            **required_message("Đơn vị ban hành"),
            "invalid_choice": "Chọn trong danh sách.",
        },
    )
    code = forms.SlugField(
        label="Mã biểu",
        max_length=64,
        help_text="Chữ không dấu, số, gạch ngang; ví dụ bieu-01-bc-du.",
        error_messages={
            **required_message("Mã biểu"),
            "invalid": "Mã biểu chỉ gồm chữ không dấu, số, gạch ngang.",
        },
    )
    name = forms.CharField(
        label="Tên biểu mẫu",
        max_length=255,
        error_messages=required_message("Tên biểu mẫu"),
        help_text="Ví dụ: Biểu 01/BC-ĐU: Kết quả thực hiện Chương trình hành động 02-CTr/ĐU.",
    )
    period_kind = forms.ChoiceField(
        label="Kỳ báo cáo",
        choices=[(k, PeriodKind(k).label) for k in FORM_PERIOD_KINDS],
        error_messages={"invalid_choice": "Chọn kỳ báo cáo trong danh sách."},
    )
    org_kinds = forms.MultipleChoiceField(
        label="Loại tổ chức phải báo cáo",
        choices=[(k, OrgKind(k).label) for k in REPORTING_KINDS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Chọn ít nhất một loại tổ chức phải báo cáo.",
            "invalid_choice": "Loại tổ chức không hợp lệ.",
        },
    )
    indicators = forms.ModelMultipleChoiceField(
        label="Chỉ số",
        queryset=Indicator.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Chọn ít nhất một chỉ số.",
            "invalid_choice": "Chỉ số không hợp lệ.",
            "invalid_pk_value": "Chỉ số không hợp lệ.",
        },
    )
    due_days = _days(
        "Hạn nộp (số ngày sau khi hết kỳ)", 365, "Ví dụ 10: báo cáo quý III hạn 10/10."
    )
    remind_days = _days("Nhắc trước hạn (số ngày)", 60, "Đơn vị chưa nộp được nhắc hằng ngày.")
    active = forms.BooleanField(label="Đang dùng", required=False, initial=True)

    def __init__(
        self, *args: Any, user: User, instance: ReportingForm | None = None, **kwargs: Any
    ):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "issuer": instance.issuer_id,
                "code": instance.code,
                "name": instance.name,
                "period_kind": instance.period_kind,
                "org_kinds": instance.org_kinds,
                "indicators": list(instance.indicators.all()),
                "due_days": instance.due_days,
                "remind_days": instance.remind_days,
                "active": instance.active,
            }
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.fields["indicators"].queryset = Indicator.objects.filter(  # type: ignore[attr-defined]
            kind=IndicatorKind.REPORTED, active=True
        ).order_by("position", "code")
        if instance is None:
            units = (
                units_for(user, Action.EDIT)
                .filter(active_to__isnull=True)
                .exclude(kind__in=[OrgKind.CELL, OrgKind.GROUP])
                .order_by("depth", "path")[:ISSUER_LIMIT]
            )
            self.fields["issuer"].choices = [(u.pk, u.name) for u in units]  # type: ignore[attr-defined]
            del self.fields["active"]
        else:
            del self.fields["issuer"]
            del self.fields["code"]
