"""Forms of the evaluation pages: shape only; the services hold the rules. The secretary's
grid is not a Django form: it is parsed by grid_input.py, one line per member."""

from __future__ import annotations

from typing import Any

from django import forms

from dangbo.access.policy import Action
from dangbo.access.scoping import units_for
from dangbo.core.clock import today
from dangbo.evaluations.models import QuotaReading, Rating
from dangbo.orgs.forms.base import BootstrapForm, date_field, required_message


class RoundForm(BootstrapForm):
    organization = forms.TypedChoiceField(
        label="Đảng bộ, chi bộ",
        coerce=int,
        error_messages={
            **required_message("Đảng bộ, chi bộ"),
            "invalid_choice": "Chọn trong danh sách.",
        },
    )
    year = forms.IntegerField(
        label="Năm đánh giá",
        error_messages={**required_message("Năm đánh giá"), "invalid": "Năm phải là số."},
    )
    quota_reading = forms.ChoiceField(
        label="Cách tính tỷ lệ HTXSNV", choices=QuotaReading.choices, initial=QuotaReading.GOOD_ONLY
    )
    self_review_due = date_field("Hạn đảng viên tự kiểm điểm", required=False)
    cell_due = date_field(
        "Hạn chi bộ họp đánh giá",
        required=False,
        help_text="Ngày xét điều kiện (đủ 6 tháng kể từ ngày kết nạp…); để trống là 31/12.",
    )
    committee_due = date_field("Hạn cấp ủy quyết định", required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = units_for(user, Action.EDIT)
        field = self.fields["organization"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            (u.pk, u.name) for u in self.units.order_by("path").only("id", "name")[:300]
        ]
        self.fields["year"].initial = today().year

    def clean_organization(self) -> Any:
        pk = self.cleaned_data["organization"]
        unit = self.units.filter(pk=pk).first()
        if unit is None:
            raise forms.ValidationError("Không tìm thấy hoặc bạn không có quyền chọn.")
        return unit


class CorrectionForm(BootstrapForm):
    rating = forms.ChoiceField(label="Mức xếp loại đúng", choices=Rating.choices)
    reason = forms.CharField(
        label="Lý do, căn cứ đính chính",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages=required_message("Lý do, căn cứ đính chính"),
    )
