"""Forms of the account, user, grant and audit-log pages. Every label and message is Vietnamese;
dates are typed dd/mm/yyyy. Choices of organisations come from dangbo.access.scoping, so an id
outside the user's scope is an invalid choice, never a lookup of someone else's unit."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import RegexValidator

from dangbo.access.models import Role
from dangbo.access.policy import Action
from dangbo.access.scoping import units_for
from dangbo.audit.queries import action_label, distinct_actions
from dangbo.core.clock import today

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERROR = "Ngày không hợp lệ. Nhập theo dạng dd/mm/yyyy, ví dụ 05/03/2025."
OUTSIDE_SCOPE = "Đơn vị không hợp lệ hoặc nằm ngoài phạm vi bạn được phân quyền."

# Django ships no Vietnamese plural for this validator message; the rest are translated.
_TOO_SHORT = re.compile(
    r"This password is too short\. It must contain at least (\d+) characters?\."
)


def vietnamese_message(message: str) -> str:
    if match := _TOO_SHORT.fullmatch(message):
        return f"Mật khẩu quá ngắn: cần ít nhất {match.group(1)} ký tự."
    return message


def date_field(label: str, *, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"class": "form-control", "placeholder": "dd/mm/yyyy", "autocomplete": "off"},
        ),
        error_messages={"invalid": DATE_ERROR, "required": "Nhập ngày (dd/mm/yyyy)."},
        **kwargs,
    )


class BootstrapForm(forms.Form):
    """Marks fields with errors `is-invalid` and puts every message in Vietnamese."""

    def full_clean(self) -> None:
        super().full_clean()
        found = self.errors
        for name, errors in list(found.items()):
            found[name] = self.error_class(
                [vietnamese_message(str(m)) for m in errors],
                error_class="nonfield" if name == NON_FIELD_ERRORS else None,
                renderer=self.renderer,
            )
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class CodeField(forms.CharField):
    """Phones show the code as "123 456" and people type it that way: spaces are dropped."""

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).replace(" ", "")


class OtpForm(BootstrapForm):
    token = CodeField(
        label="Mã xác thực 6 số",
        validators=[RegexValidator(r"^[0-9]{6}$", "Mã xác thực gồm đúng 6 chữ số.")],
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-lg otp-input",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "maxlength": "7",
                "autofocus": True,
            }
        ),
        error_messages={"required": "Nhập mã 6 số đang hiện trong ứng dụng xác thực."},
    )


class PasswordForm(PasswordChangeForm, BootstrapForm):
    """Django's form (checks the old password, compares the two new ones), Vietnamese labels.
    The view saves through services.change_password, never form.save()."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Mật khẩu hiện tại không đúng. Vui lòng nhập lại.",
        "password_mismatch": "Hai lần nhập mật khẩu mới không giống nhau.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "old_password": ("Mật khẩu hiện tại", "current-password"),
            "new_password1": ("Mật khẩu mới", "new-password"),
            "new_password2": ("Nhập lại mật khẩu mới", "new-password"),
        }
        for name, (label, autocomplete) in labels.items():
            field = self.fields[name]
            field.label = label
            field.help_text = ""
            field.error_messages["required"] = "Trường này là bắt buộc."
            field.widget.attrs.update({"class": "form-control", "autocomplete": autocomplete})


def unit_field(action: str, user: Any, *, required: bool = True) -> forms.ModelChoiceField:
    """An organisation among the units the user may `action`; rendered by the unit picker."""
    return forms.ModelChoiceField(
        label="Đơn vị",
        queryset=units_for(user, action),
        required=required,
        widget=forms.HiddenInput,
        error_messages={"required": "Chọn đơn vị.", "invalid_choice": OUTSIDE_SCOPE},
    )


def role_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Vai trò",
        choices=[("", "— Chọn vai trò —"), *Role.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={
            "required": "Chọn vai trò.",
            "invalid_choice": "Vai trò không hợp lệ.",
        },
    )


def add_grant_fields(form: forms.Form, user: Any) -> None:
    """What a new grant needs: a unit `user` may grant on, a role and the validity dates."""
    form.fields["organization"] = unit_field(Action.GRANTS, user)
    form.fields["role"] = role_field()
    form.fields["valid_from"] = date_field("Hiệu lực từ ngày", initial=today)
    form.fields["valid_to"] = date_field("Đến ngày (nếu có)", required=False)


class GrantForm(BootstrapForm):
    """A new grant for an existing user. Date rules (to ≥ from, unit still active, no overlap)
    are checked by services.add_grant, so the form and the API give the same message."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_grant_fields(self, user)
        self.fields["note"] = forms.CharField(
            label="Ghi chú (số quyết định…)",
            required=False,
            max_length=255,
            widget=forms.TextInput(attrs={"class": "form-control"}),
            error_messages={"max_length": "Ghi chú tối đa 255 ký tự."},
        )


class UserCreateForm(BootstrapForm):
    username = forms.CharField(
        label="Tên đăng nhập",
        max_length=150,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9._@+-]+$",
                "Tên đăng nhập chỉ gồm chữ không dấu, chữ số và các ký tự . _ - @ +",
            )
        ],
        widget=forms.TextInput(
            attrs={"class": "form-control", "autocomplete": "off", "autocapitalize": "none"}
        ),
        error_messages={
            "required": "Nhập tên đăng nhập.",
            "max_length": "Tên đăng nhập tối đa 150 ký tự.",
        },
    )
    full_name = forms.CharField(
        label="Họ và tên",
        max_length=150,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
        error_messages={"required": "Nhập họ và tên.", "max_length": "Họ và tên tối đa 150 ký tự."},
    )
    email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "off"}),
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )
    phone = forms.CharField(
        label="Số điện thoại",
        required=False,
        max_length=20,
        validators=[RegexValidator(r"^[0-9 +().-]*$", "Số điện thoại chỉ gồm chữ số.")],
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "tel"}),
        error_messages={"max_length": "Số điện thoại tối đa 20 ký tự."},
    )
    password = forms.CharField(
        label="Mật khẩu (để trống: hệ thống tạo mật khẩu tạm thời)",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_grant_fields(self, user)


class GrantEndForm(BootstrapForm):
    valid_to = date_field("Hết hiệu lực từ ngày", initial=today)


class UserActiveForm(BootstrapForm):
    active = forms.TypedChoiceField(
        choices=[("1", "Mở khóa"), ("0", "Khóa")],
        coerce=lambda v: v == "1",
        error_messages={"required": "Thiếu thao tác.", "invalid_choice": "Thao tác không hợp lệ."},
    )


class UserSearchForm(forms.Form):
    q = forms.CharField(
        label="Tìm người dùng",
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "type": "search",
                "placeholder": "Họ tên hoặc tên đăng nhập, không cần dấu…",
            }
        ),
    )


class AuditFilterForm(BootstrapForm):
    """Filters of the log. Every field is optional; an invalid one is reported and ignored."""

    actor = forms.CharField(
        label="Người thực hiện",
        required=False,
        max_length=150,
        widget=forms.TextInput(
            attrs={"class": "form-control", "type": "search", "placeholder": "Tên đăng nhập…"}
        ),
    )
    date_from = date_field("Từ ngày", required=False)
    date_to = date_field("Đến ngày", required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"] = unit_field(Action.AUDIT, user, required=False)
        self.fields["action"] = forms.ChoiceField(
            label="Hành động",
            required=False,
            choices=[("", "Tất cả hành động")] + [(a, action_label(a)) for a in distinct_actions()],
            widget=forms.Select(attrs={"class": "form-select"}),
            error_messages={"invalid_choice": "Hành động không có trong nhật ký."},
        )
        self.order_fields(["organization", "actor", "action", "date_from", "date_to"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "Ngày kết thúc phải từ ngày bắt đầu trở đi.")
        return data


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: under the field it names when the form
    has that field, at the top otherwise; marked and worded like the form's own errors."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    for name, messages in errors.items():
        field = name if name in form.fields else None
        form.add_error(field, [vietnamese_message(m) for m in messages])
        if field is not None:
            widget = form.fields[field].widget
            if "is-invalid" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
