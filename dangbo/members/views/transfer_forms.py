"""Forms of the transfer pages. They read and shape the input; the services
(members.services.transfers) check the rules and write, and their messages land on the fields
named after the service arguments."""

from __future__ import annotations

from typing import Any

from django import forms

from dangbo.core.clock import today
from dangbo.members.models import TemporaryReason
from dangbo.orgs.forms import BootstrapForm, date_field
from dangbo.orgs.models import Organization

MAX_MEMBERS = 100  # one bulk action: the member list shows 50 to a page
IN_SYSTEM, OUTSIDE = "system", "outside"
OFFICIAL, TEMPORARY = "official", "temporary"
UNIT_NOT_FOUND = "Không tìm thấy chi bộ nơi đến. Tìm và chọn lại trong danh sách."


def member_ids(values: list[str]) -> list[int] | None:
    """The ids of `?member=…&member=…`, in order and once each; None when one is not an id."""
    ids: list[int] = []
    for value in values:
        value = value.strip()
        if not value.isdigit() or len(value) > 18:
            return None
        if int(value) not in ids:
            ids.append(int(value))
    return ids


class TransferStartForm(BootstrapForm):
    """Cấp giấy giới thiệu chuyển sinh hoạt đảng for one or several members."""

    destination = forms.ChoiceField(
        label="Nơi đến",
        choices=[(IN_SYSTEM, "Chi bộ trong hệ thống"), (OUTSIDE, "Ngoài hệ thống")],
        initial=IN_SYSTEM,
        widget=forms.RadioSelect,
        error_messages={"required": "Chọn nơi đến.", "invalid_choice": "Chọn nơi đến."},
    )
    # An id from the destination picker: any active cell of the tree, not only the user's
    # own (a member moves out of their scope). Read in clean_to_organization.
    to_organization = forms.CharField(required=False, widget=forms.HiddenInput)
    to_outside = forms.CharField(
        label="Tên nơi đến ngoài hệ thống",
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"placeholder": "Ví dụ: Đảng bộ phường 5, tỉnh Cà Mau"}),
    )
    kind = forms.ChoiceField(
        label="Hình thức",
        choices=[(OFFICIAL, "Chuyển chính thức"), (TEMPORARY, "Chuyển tạm thời")],
        initial=OFFICIAL,
        widget=forms.RadioSelect,
        error_messages={"required": "Chọn hình thức.", "invalid_choice": "Chọn hình thức."},
    )
    temporary_reason = forms.ChoiceField(
        label="Lý do chuyển sinh hoạt tạm thời",
        required=False,
        choices=[("", "— Chọn lý do —"), *TemporaryReason.choices],
        error_messages={"invalid_choice": "Chọn lý do trong danh sách."},
    )
    expected_months = forms.IntegerField(
        label="Thời gian dự kiến (tháng)",
        required=False,
        min_value=1,
        max_value=600,
        error_messages={
            "invalid": "Nhập số tháng (số nguyên).",
            "min_value": "Số tháng phải từ 1 trở lên.",
            "max_value": "Số tháng quá lớn.",
        },
    )
    letter_number = forms.CharField(
        label="Số giấy giới thiệu",
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"placeholder": "Ví dụ: 125-GGT/ĐU"}),
    )
    letter_issued_on = date_field("Ngày cấp giấy giới thiệu")
    cause_effective_on = date_field(
        "Ngày quyết định (nghỉ hưu, điều động…) có hiệu lực",
        required=False,
        help_text="Thủ tục phải làm trong 60 ngày làm việc kể từ ngày này.",
    )
    late_reason = forms.CharField(
        label="Lý do làm thủ tục chậm",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bắt buộc khi cấp giấy sau hạn làm thủ tục.",
    )
    note = forms.CharField(
        label="Ghi chú", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("letter_issued_on", today())
        super().__init__(*args, **kwargs)
        for name in ("destination", "kind"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def clean_to_organization(self) -> Organization | None:
        raw = (self.cleaned_data.get("to_organization") or "").strip()
        if not raw or self.cleaned_data.get("destination") == OUTSIDE:
            return None
        if not raw.isdigit() or len(raw) > 18:
            raise forms.ValidationError(UNIT_NOT_FOUND)
        # The whole tree, by design (see the module docstring of transfer_start); the service
        # refuses a unit that holds no members or is dissolved, with its name.
        unit = Organization.objects.filter(pk=int(raw)).first()
        if unit is None:
            raise forms.ValidationError(UNIT_NOT_FOUND)
        return unit

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("destination") == IN_SYSTEM:
            data["to_outside"] = ""
            if data.get("to_organization") is None and "to_organization" not in self.errors:
                self.add_error("to_organization", "Chọn chi bộ nơi đến.")
        elif data.get("destination") == OUTSIDE:
            data["to_organization"] = None
            if not (data.get("to_outside") or "").strip():
                self.add_error("to_outside", "Ghi tên nơi đến ngoài hệ thống.")
        if data.get("kind") != TEMPORARY:
            data["temporary_reason"], data["expected_months"] = "", None
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "to_organization": data["to_organization"],
            "to_outside": data["to_outside"],
            "temporary": data["kind"] == TEMPORARY,
            "temporary_reason": data["temporary_reason"],
            "expected_months": data["expected_months"],
            "letter_number": data["letter_number"],
            "letter_issued_on": data["letter_issued_on"],
            "cause_effective_on": data["cause_effective_on"],
            "late_reason": data["late_reason"],
            "note": data["note"],
        }


class TransferReceiveForm(BootstrapForm):
    received_on = date_field("Ngày tiếp nhận")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("received_on", today())
        super().__init__(*args, **kwargs)


class TransferCancelForm(BootstrapForm):
    reason = forms.CharField(
        label="Lý do hủy",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Nhập lý do hủy giấy chuyển sinh hoạt."},
    )


class TemporaryEndForm(BootstrapForm):
    # Named after the service's field, so its refusals (a day in the future, before the
    # member came) land here.
    effective_on = date_field("Ngày kết thúc sinh hoạt tạm thời")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("effective_on", today())
        super().__init__(*args, **kwargs)
