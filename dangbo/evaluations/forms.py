"""Forms of the evaluation pages: shape only; the services hold the rules. The secretary's
grid is not a Django form: it is parsed by grid_input.py, one line per member."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from dangbo.access.policy import Action
from dangbo.access.scoping import units_for
from dangbo.core.clock import today
from dangbo.core.formats import format_figure, parse_number
from dangbo.evaluations import review_text
from dangbo.evaluations.models import QuotaReading, Rating, SelfReviewForm
from dangbo.evaluations.rules import RuleSet
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


def points_widget() -> forms.TextInput:
    return forms.TextInput(
        attrs={"inputmode": "decimal", "size": 6, "class": "form-control w-auto text-end"}
    )


class MemberSelfReviewForm(BootstrapForm):
    """The member's bản tự kiểm điểm: the form they use, one box per part of the review
    (review_text.SECTIONS), their points per criteria group of the year's rules (`points_<code>`,
    typed "27,5") and the level they give themselves. The total is never typed: the service sums
    the groups."""

    form = forms.ChoiceField(
        label="Mẫu bản tự kiểm điểm",
        choices=[("", "— Chọn mẫu —"), *SelfReviewForm.choices],
        required=False,
        error_messages={
            "invalid_choice": "Mẫu bản tự kiểm điểm không hợp lệ: chọn 2A, 2B hoặc 2C."
        },
    )

    def __init__(self, *args: Any, rules: RuleSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rules = rules
        self.fields["form"].required = bool(rules.criteria_groups)
        self.fields["form"].error_messages["required"] = (
            "Chọn mẫu bản tự kiểm điểm: 2A, 2B hoặc 2C."
        )
        for section in review_text.SECTIONS:
            self.fields[section.code] = forms.CharField(
                label=section.heading,
                required=section.required,
                max_length=10_000,
                widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
                error_messages={
                    "required": f"Viết phần «{section.heading}».",
                    "max_length": "Phần này dài quá %(limit_value)d ký tự: viết gọn lại.",
                },
            )
        self.point_groups = [g for g in rules.criteria_groups if g.max_points is not None]
        for group in self.point_groups:
            assert group.max_points is not None
            self.fields[f"points_{group.code}"] = forms.CharField(
                label=f"{group.label} (tối đa {format_figure(group.max_points)} điểm)",
                max_length=20,
                widget=points_widget(),
                error_messages={"required": f"Tự chấm điểm nhóm «{group.label}»."},
            )
        if rules.scored and not self.point_groups:
            self.fields["self_score"] = forms.CharField(
                label=f"Điểm tự chấm (tối đa {format_figure(rules.scale_max)})",
                required=False,
                max_length=20,
                widget=points_widget(),
            )
        self.fields["self_rating"] = forms.ChoiceField(
            label="Tự nhận mức xếp loại chất lượng",
            required=bool(rules.criteria_groups),
            choices=[("", "— Chọn —"), *Rating.choices],
            widget=forms.Select(attrs={"class": "form-select w-auto"}),
            error_messages={
                "required": "Tự nhận mức xếp loại chất lượng.",
                "invalid_choice": "Chọn một trong bốn mức xếp loại.",
            },
        )

    @property
    def section_fields(self) -> list[forms.BoundField]:
        return [self[s.code] for s in review_text.SECTIONS]

    @property
    def rating_fields(self) -> list[forms.BoundField]:
        names = [f"points_{g.code}" for g in self.point_groups]
        names += [n for n in ("self_score", "self_rating") if n in self.fields]
        return [self[n] for n in names]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in [f"points_{g.code}" for g in self.point_groups] + ["self_score"]:
            raw = (data.get(name) or "").strip()
            if not raw:
                data[name] = None
                continue
            try:
                data[name] = parse_number(raw)
            except ValueError:
                self.add_error(name, f"«{raw}» không phải là số: nhập như 27,5.")
        return data

    @property
    def sections(self) -> dict[str, str]:
        return {s.code: self.cleaned_data.get(s.code) or "" for s in review_text.SECTIONS}

    @property
    def criteria(self) -> dict[str, Decimal]:
        found = {g.code: self.cleaned_data.get(f"points_{g.code}") for g in self.point_groups}
        return {code: value for code, value in found.items() if value is not None}
