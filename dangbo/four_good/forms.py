"""Forms of the four-good pages: shape only; the services hold the rules. The assessment's
manual answers are read from the POST by `answers_from_post` (one checkbox and one evidence
box per criterion)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict

from dangbo.access.policy import Action
from dangbo.access.scoping import units_for
from dangbo.core.clock import today
from dangbo.core.formats import parse_number
from dangbo.four_good.models import (
    AppliesTo,
    FourGoodCriteriaSet,
    FourGoodCriterion,
    Group,
    Measure,
)
from dangbo.four_good.services import ISSUER_KINDS, ManualAnswer, SetInput
from dangbo.orgs.forms.base import BootstrapForm, date_field, required_message


def _year_field(label: str, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=1945,
        max_value=2200,
        error_messages={
            **required_message(label),
            "invalid": "Năm phải là số.",
            "min_value": "Năm không hợp lệ.",
            "max_value": "Năm không hợp lệ.",
        },
    )


def _minimum_field(group: Group) -> forms.IntegerField:
    return forms.IntegerField(
        label=f"Nội dung {group.value}: số tiêu chí tối thiểu phải đạt",
        required=False,
        min_value=0,
        max_value=999,
        help_text="Để trống: phải đạt tất cả các tiêu chí của nội dung.",
        error_messages={
            "invalid": "Nhập một số nguyên.",
            "min_value": "Số không hợp lệ.",
            "max_value": "Số không hợp lệ.",
        },
    )


class SetForm(BootstrapForm):
    organization = forms.TypedChoiceField(
        label="Cấp ủy ban hành",
        coerce=int,
        error_messages={
            **required_message("Cấp ủy ban hành"),
            "invalid_choice": "Chọn trong danh sách.",
        },
    )
    name = forms.CharField(
        label="Tên bộ tiêu chí",
        max_length=255,
        error_messages=required_message("Tên bộ tiêu chí"),
        help_text="Ví dụ: Tiêu chí chi bộ bốn tốt tỉnh Cà Mau năm 2025.",
    )
    source = forms.CharField(
        label="Văn bản ban hành (số, ngày)",
        max_length=255,
        error_messages=required_message("Văn bản ban hành"),
        help_text="Ví dụ: Quy định 948-QĐ/TU ngày 03/11/2023.",
    )
    applies_to = forms.ChoiceField(label="Áp dụng cho", choices=AppliesTo.choices)
    valid_from = _year_field("Áp dụng từ năm")
    valid_to = _year_field("Đến năm", required=False)
    min_1 = _minimum_field(Group.LEADERSHIP)
    min_2 = _minimum_field(Group.MEETINGS)
    min_3 = _minimum_field(Group.UNITY)
    min_4 = _minimum_field(Group.CADRES)

    def __init__(
        self, *args: Any, user: Any, instance: FourGoodCriteriaSet | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance
        if instance is not None:
            del self.fields["organization"]
            for name in ("name", "source", "applies_to", "valid_from", "valid_to"):
                self.fields[name].initial = getattr(instance, name)
            for group in Group.values:
                self.fields[f"min_{group}"].initial = instance.minimum_for(group)
            return
        self.units = units_for(user, Action.EDIT).filter(
            kind__in=ISSUER_KINDS, active_to__isnull=True
        )
        field = self.fields["organization"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            (u.pk, u.name) for u in self.units.order_by("path").only("id", "name")[:300]
        ]
        self.fields["valid_from"].initial = today().year

    def clean_organization(self) -> Any:
        unit = self.units.filter(pk=self.cleaned_data["organization"]).first()
        if unit is None:
            raise forms.ValidationError("Không tìm thấy hoặc bạn không có quyền chọn.")
        return unit

    def set_input(self) -> SetInput:
        data = self.cleaned_data
        return SetInput(
            name=data["name"],
            source=data["source"],
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
            applies_to=data["applies_to"],
            group_minimums={g: data.get(f"min_{g}") or None for g in Group.values},
        )


class CriterionForm(BootstrapForm):
    group = forms.TypedChoiceField(
        label="Nội dung",
        coerce=int,
        choices=Group.choices,
        error_messages={"invalid_choice": "Chọn một trong bốn nội dung."},
    )
    measure = forms.ChoiceField(label="Cách đánh giá", choices=Measure.choices)
    label = forms.CharField(
        label="Tiêu chí",
        max_length=500,
        required=False,
        help_text="Để trống với tiêu chí tự động: lấy tên của cách đánh giá.",
    )
    threshold = forms.CharField(
        label="Ngưỡng",
        required=False,
        max_length=12,
        help_text=(
            "Chỉ với: tỷ lệ % đảng viên HTTNV trở lên (1–100), số kỳ sinh hoạt thường kỳ "
            "(1–12), số đảng viên kết nạp."
        ),
    )

    def clean_threshold(self) -> Decimal | None:
        text = self.cleaned_data["threshold"].strip()
        if not text:
            return None
        try:
            return parse_number(text)
        except (ValueError, ArithmeticError):
            raise forms.ValidationError("Ngưỡng phải là một số, ví dụ 12 hoặc 80.") from None


class RecognitionForm(BootstrapForm):
    decision_number = forms.CharField(
        label="Số quyết định công nhận",
        max_length=64,
        error_messages=required_message("Số quyết định công nhận"),
        help_text="Ví dụ: 15-QĐ/ĐU.",
    )
    decision_date = date_field("Ngày quyết định")
    note = forms.CharField(
        label="Lý do, ghi chú",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bắt buộc khi đơn vị chưa đạt đủ bốn nội dung.",
    )


def answers_from_post(
    post: QueryDict, criteria: list[FourGoodCriterion]
) -> dict[int, ManualAnswer]:
    return {
        c.pk: ManualAnswer(
            passed=post.get(f"ok_{c.pk}") == "1", evidence=post.get(f"evidence_{c.pk}", "")[:5000]
        )
        for c in criteria
        if c.measure == Measure.MANUAL
    }
