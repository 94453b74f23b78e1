"""The page form of an indicator of the catalog. It only collects the fields: the service
(dangbo.indicators.services) checks them together, parses the definitions and puts its
Vietnamese messages back on the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangbo.indicators.models import Indicator, IndicatorKind
from dangbo.indicators.periods import PeriodKind
from dangbo.indicators.sources import SOURCES
from dangbo.orgs.forms.base import BootstrapForm

SOURCE_HELP = "Nguồn dữ liệu: " + "; ".join(
    f"{s.name} ({s.label}: {', '.join(s.fields) or 'không có trường lọc'})"
    for s in SOURCES.values()
)


class IndicatorForm(BootstrapForm):
    code = forms.CharField(
        label="Mã", max_length=64, help_text="chữ thường không dấu, số, _ hoặc -"
    )
    name = forms.CharField(label="Tên chỉ số", max_length=255)
    kind = forms.ChoiceField(label="Loại", choices=IndicatorKind.choices)
    unit = forms.CharField(label="Đơn vị tính", max_length=32, help_text="ví dụ: %, đảng viên")
    numerator = forms.CharField(
        label="Tử số (định nghĩa)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="ví dụ: member_ratings where rating in (excellent, good). " + SOURCE_HELP,
    )
    numerator_label = forms.CharField(label="Tên tử số", max_length=255, required=False)
    denominator = forms.CharField(
        label="Mẫu số (định nghĩa)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="để trống: giá trị là tử số",
    )
    denominator_label = forms.CharField(label="Tên mẫu số", max_length=255, required=False)
    period_kinds = forms.MultipleChoiceField(
        label="Các kỳ tính", choices=PeriodKind.choices, widget=forms.CheckboxSelectMultiple
    )
    min_value = forms.DecimalField(
        label="Giá trị nhỏ nhất", required=False, max_digits=20, decimal_places=4
    )
    max_value = forms.DecimalField(
        label="Giá trị lớn nhất", required=False, max_digits=20, decimal_places=4
    )
    higher_is_better = forms.BooleanField(label="Càng cao càng tốt", required=False, initial=True)
    description = forms.CharField(
        label="Cách tính, ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, instance: Indicator | None = None, **kwargs: Any) -> None:
        if instance is not None and (not args or args[0] is None) and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(instance, name) for name in self.base_fields}
        super().__init__(*args, **kwargs)
        self.fields["higher_is_better"].widget.attrs["class"] = "form-check-input"

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
