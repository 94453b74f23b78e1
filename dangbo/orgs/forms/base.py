"""What every form of the organisation pages shares: Bootstrap classes, dates typed as
dd/mm/yyyy, and the dated decision behind a change to the tree."""

from __future__ import annotations

from typing import Any

from django import forms

from dangbo.core.clock import today
from dangbo.core.text import nfc
from dangbo.orgs.services import Decision

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def required_message(label: str) -> dict[str, str]:
    """The message of an empty required field: "Nhập tên đơn vị." for "Tên đơn vị"."""
    return {"required": f"Nhập {label.lower()}."}


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    """A date typed as dd/mm/yyyy: date pickers differ by phone, a typed date works everywhere."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off"},
        ),
        error_messages={
            **required_message(label),
            "invalid": "Ngày không hợp lệ. Nhập theo dạng dd/mm/yyyy, ví dụ 01/07/2025.",
        },
    )


class BootstrapForm(forms.Form):
    """Adds Bootstrap classes, and `is-invalid` on fields with errors, so templates stay plain."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_invalid()

    def mark_invalid(self) -> None:
        """Flag fields that carry errors (also errors added after cleaning, by services)."""
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class DecisionForm(BootstrapForm):
    """The dated decision behind a change to the tree (services.Decision)."""

    effective_on = date_field("Ngày hiệu lực")
    number = forms.CharField(
        label="Số quyết định",
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Ví dụ: 125-QĐ/TU"}),
    )
    decided_on = date_field("Ngày quyết định", required=False)
    note = forms.CharField(
        label="Ghi chú", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    decision_fields = ("effective_on", "number", "decided_on", "note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("effective_on", today())
        super().__init__(*args, **kwargs)

    def decision_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.decision_fields]

    def decision(self) -> Decision:
        data = self.cleaned_data
        return Decision(
            effective_on=data["effective_on"],
            number=nfc(data.get("number") or "").strip(),
            decided_on=data.get("decided_on"),
            note=nfc(data.get("note") or "").strip(),
        )
