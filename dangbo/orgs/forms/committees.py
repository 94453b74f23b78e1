"""Forms of terms, committees, seats and phụ trách assignments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from dangbo.core.clock import today
from dangbo.orgs.forms.base import BootstrapForm, date_field, required_message
from dangbo.orgs.forms.units import UnitChoiceField
from dangbo.orgs.models import Organization, SeatRole, Term


class TermForm(BootstrapForm):
    name = forms.CharField(
        label="Tên nhiệm kỳ",
        max_length=32,
        required=False,
        help_text="Để trống để ghi theo năm, ví dụ 2025–2030.",
    )
    starts_on = date_field("Ngày bắt đầu")
    ends_on = date_field("Ngày kết thúc")


class CommitteeForm(BootstrapForm):
    term = forms.ModelChoiceField(
        Term.objects.none(),
        label="Nhiệm kỳ",
        empty_label=None,
        error_messages={
            "required": "Chọn nhiệm kỳ.",
            "invalid_choice": "Nhiệm kỳ đã chọn không thuộc đơn vị này.",
        },
    )
    name = forms.CharField(
        label="Tên cấp ủy",
        max_length=255,
        required=False,
        help_text="Để trống để đặt theo mẫu, ví dụ «Ban Chấp hành … nhiệm kỳ 2025–2030».",
    )

    def __init__(self, *args: Any, terms: QuerySet[Term], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["term"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = terms


class SeatForm(BootstrapForm):
    holder_name = forms.CharField(
        label="Họ và tên", max_length=150, error_messages=required_message("Họ và tên")
    )
    role = forms.ChoiceField(
        label="Chức vụ",
        choices=SeatRole.choices,
        initial=SeatRole.MEMBER,
        error_messages={"required": "Chọn chức vụ.", "invalid_choice": "Chức vụ không hợp lệ."},
    )
    started_on = date_field("Từ ngày")
    ended_on = date_field(
        "Đến ngày", required=False, help_text="Để trống nếu giữ chức vụ đến hết nhiệm kỳ."
    )
    decision_number = forms.CharField(label="Số quyết định", max_length=64, required=False)


class SeatEndForm(BootstrapForm):
    ended_on = date_field("Ngày thôi giữ chức vụ")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("ended_on", today())
        super().__init__(*args, **kwargs)


class AssignmentForm(BootstrapForm):
    organization = UnitChoiceField(Organization.objects.none(), label="Đơn vị phụ trách")
    started_on = date_field("Từ ngày")
    ended_on = date_field("Đến ngày", required=False)

    def __init__(self, *args: Any, units: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, UnitChoiceField)
        field.offer(units)
