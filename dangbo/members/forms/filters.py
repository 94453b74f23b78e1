"""The roll's filter bar. The list filter is a GET form: a value that does not fit (an
unknown status, a unit outside the user's scope) is shown as a field error and ignored."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from dangbo.members.bands import AGE_BANDS, PARTY_AGE_BANDS
from dangbo.members.models import Ethnicity, MemberStatus, Sex, TheoryLevel
from dangbo.members.roll_filters import POSITION_TEXT_MAX_CHARS, PositionFilter
from dangbo.orgs.models import Organization

SEARCH_MAX_CHARS = 100
ON_ROLL_CHOICE = ""  # the default: who is on the roll (đảng số) now
ALL_CHOICE = "all"
STATUS_CHOICES = [
    (ON_ROLL_CHOICE, "Đang trong đảng số"),
    (ALL_CHOICE, "Tất cả, kể cả đã ra khỏi danh sách"),
    *MemberStatus.choices,
]


def _select(choices: list[tuple[str, str]]) -> forms.Select:
    return forms.Select(attrs={"class": "form-select form-select-sm"}, choices=choices)


class MemberFilterForm(forms.Form):
    q = forms.CharField(
        label="Tìm kiếm",
        required=False,
        max_length=SEARCH_MAX_CHARS,
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-sm",
                "placeholder": "Họ tên (không dấu cũng được), số thẻ hoặc số CCCD",
                "type": "search",
            }
        ),
    )
    # A number, not a ChoiceField: the select lists the upper levels only (a province has
    # thousands of cells), yet a deeper unit may come in by link from its own page.
    org = forms.IntegerField(
        label="Tổ chức (gồm cả cấp dưới)",
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        error_messages={"invalid": "Mã tổ chức không hợp lệ."},
        widget=forms.Select(),
    )
    status = forms.ChoiceField(label="Trạng thái", required=False, choices=STATUS_CHOICES)
    sex = forms.ChoiceField(
        label="Giới tính", required=False, choices=[("", "Tất cả"), *Sex.choices]
    )
    ethnicity = forms.ModelChoiceField(
        label="Dân tộc", required=False, queryset=Ethnicity.objects.all(), empty_label="Tất cả"
    )
    theory_level = forms.ChoiceField(
        label="Lý luận chính trị", required=False, choices=[("", "Tất cả"), *TheoryLevel.choices]
    )
    age = forms.ChoiceField(
        label="Độ tuổi",
        required=False,
        choices=[("", "Tất cả"), *((value, label) for value, label, _, _ in AGE_BANDS)],
    )
    party_age = forms.ChoiceField(
        label="Tuổi đảng",
        required=False,
        choices=[("", "Tất cả"), *((value, label) for value, label, _, _ in PARTY_AGE_BANDS)],
    )
    position = forms.ChoiceField(
        label="Chức vụ", required=False, choices=[("", "Tất cả"), *PositionFilter.choices]
    )
    position_text = forms.CharField(
        label="Chức vụ có chữ",
        required=False,
        max_length=POSITION_TEXT_MAX_CHARS,
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-sm",
                "placeholder": "vd: bí thư, chủ tịch hội",
                "type": "search",
            }
        ),
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Organization],
        listed: list[tuple[int, str, int]],
        **kwargs: Any,
    ) -> None:
        """`units`: the organisations the user may filter by (already scoped); `listed`:
        (id, name, depth) of those the select offers, in tree order."""
        super().__init__(*args, **kwargs)
        self.units = units
        top = min((depth for _, _, depth in listed), default=0)
        # Indented by depth: the tree reads at a glance in a plain select.
        self.fields["org"].widget.choices = [
            ("", "Đơn vị đang làm việc"),
            *((pk, "\u2003" * (depth - top) + name) for pk, name, depth in listed),
        ]
        for name, field in self.fields.items():
            if name not in ("q", "position_text"):
                field.widget.attrs["class"] = "form-select form-select-sm"

    def clean_org(self) -> Organization | None:
        """The chosen unit, which must be one the user may see (a hidden one reads as unknown,
        so its existence is not confirmed)."""
        pk = self.cleaned_data.get("org")
        if pk is None:
            return None
        org = self.units.filter(pk=pk).first()
        if org is None:
            raise forms.ValidationError("Tổ chức không có trong phạm vi bạn được xem.")
        return org
