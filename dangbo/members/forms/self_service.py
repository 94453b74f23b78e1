"""Forms of a member's own view and of what staff do about it: the request for a correction and
its approval or refusal, the 3x4 photo, and the account linked to a record. Field names are
the services' argument names, so their refusals land beside the right box."""

from __future__ import annotations

from typing import Any

from django import forms

from dangbo.members.correctable import targets
from dangbo.members.forms.fields import text_field
from dangbo.members.models import CorrectionStatus, Member
from dangbo.orgs.forms import BootstrapForm

PENDING_CHOICE = ""  # the default of the staff list: what waits for a decision
ALL_CHOICE = "all"


class CorrectionRequestForm(BootstrapForm):
    field = forms.ChoiceField(
        label="Nội dung cần đính chính",
        choices=[],
        error_messages={
            "required": "Chọn nội dung cần đính chính.",
            "invalid_choice": "Chọn nội dung cần đính chính trong danh sách.",
        },
    )
    requested_value = text_field(
        "Giá trị đúng",
        255,
        required=True,
        help_text="Ghi như trong giấy tờ gốc. Ngày ghi dd/mm/yyyy; giới tính, dân tộc, tôn giáo, "
        "trình độ ghi đúng tên (ví dụ: Nữ, Khơ-me, Trung cấp).",
    )
    reason = text_field(
        "Lý do, giấy tờ làm căn cứ",
        2000,
        required=True,
        rows=3,
        help_text="Ví dụ: Giấy khai sinh ghi nơi sinh là xã An Bình.",
    )

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["field"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "— Chọn nội dung —"), *targets(member)]


class CorrectionApproveForm(BootstrapForm):
    decision_note = text_field("Ý kiến khi đính chính (không bắt buộc)", 2000, rows=2)


class CorrectionRefuseForm(BootstrapForm):
    decision_note = text_field(
        "Lý do không chấp nhận",
        2000,
        required=True,
        rows=2,
        help_text="Đảng viên đọc được lý do này trong hồ sơ của mình.",
    )


class CorrectionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Trạng thái",
        required=False,
        choices=[
            (PENDING_CHOICE, "Chờ xử lý"),
            (CorrectionStatus.APPROVED, CorrectionStatus.APPROVED.label),
            (CorrectionStatus.REFUSED, CorrectionStatus.REFUSED.label),
            (ALL_CHOICE, "Tất cả"),
        ],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def wanted(self) -> str:
        """The status asked for; a value that does not fit reads as the default."""
        if self.is_valid():
            return str(self.cleaned_data.get("status") or PENDING_CHOICE)
        return PENDING_CHOICE


class PhotoForm(BootstrapForm):
    photo = forms.FileField(
        label="Ảnh 3x4",
        max_length=255,
        help_text="Ảnh JPEG hoặc PNG, tối đa 2 MB. Ảnh được thu nhỏ (cạnh dài 600 điểm ảnh) và "
        "bỏ mọi thông tin kèm theo (vị trí chụp, máy chụp).",
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
        error_messages={
            "required": "Chọn tệp ảnh.",
            "empty": "Tệp ảnh rỗng.",
            "invalid": "Không đọc được tệp gửi lên: chọn lại tệp ảnh.",
            "missing": "Chưa có tệp nào được gửi lên.",
            "max_length": "Tên tệp quá dài (tối đa 255 ký tự): đổi tên tệp rồi gửi lại.",
        },
    )


class AccountLinkForm(BootstrapForm):
    user = text_field(
        "Tên đăng nhập",
        150,
        required=True,
        widget=forms.TextInput(attrs={"list": "account-suggestions", "autocomplete": "off"}),
        help_text="Tài khoản phải có quyền (ví dụ vai trò Đảng viên) tại đơn vị bạn quản lý và "
        "chưa gắn với hồ sơ nào.",
    )
