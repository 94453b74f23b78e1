"""Fields the member forms share: days typed as dd/mm/yyyy (with a calendar button), the cell a
member belongs to, and a sponsor picked from the roll.

Days are read by the API's own field (members.api.fields.PastDateField), so a page and the API
accept the same spellings and refuse the same days with the same words."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django import forms
from django.core.validators import EMPTY_VALUES
from django.db.models import QuerySet
from rest_framework import serializers

from dangbo.access.views.scope import with_parent_names
from dangbo.members.api.fields import MEMBER_NOT_FOUND, PARTY_FOUNDED, PastDateField
from dangbo.members.models import Member
from dangbo.orgs.forms.base import required_message
from dangbo.orgs.models import Organization


class DayInput(forms.DateInput):
    """A text box for dd/mm/yyyy with a calendar button beside it (static/js/date-picker.js):
    typing works on every machine, the calendar where the browser has one."""

    template_name = "members/widgets/day_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={
                "placeholder": "dd/mm/yyyy",
                "autocomplete": "off",
                "inputmode": "numeric",
                "data-day-input": "",
                **(attrs or {}),
            },
            format="%d/%m/%Y",
        )


class DayField(forms.DateField):
    """A day from `earliest` to today: every date the member services take is in the past."""

    widget = DayInput

    def __init__(
        self, label: str, *, required: bool = True, earliest: date = PARTY_FOUNDED, **kwargs: Any
    ) -> None:
        self.reader = PastDateField(earliest=earliest)
        kwargs.setdefault("error_messages", required_message(label))
        super().__init__(label=label, required=required, **kwargs)

    def to_python(self, value: Any) -> date | None:
        if value in EMPTY_VALUES:
            return None
        if isinstance(value, date):
            return value
        try:
            day: date = self.reader.run_validation(str(value).strip())
        except serializers.ValidationError as exc:
            raise forms.ValidationError([str(message) for message in exc.detail]) from None
        return day


def text_field(
    label: str, max_length: int, *, required: bool = False, rows: int = 0, **kwargs: Any
) -> forms.CharField:
    """Free text as the API takes it (same lengths); `rows` makes it a text area."""
    if rows:
        kwargs["widget"] = forms.Textarea(attrs={"rows": rows})
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={
            **required_message(label),
            "max_length": f"Không được dài quá {max_length} ký tự.",
        },
        **kwargs,
    )


class OfferedIterator(forms.models.ModelChoiceIterator):
    """Lists only `field.offered` (a short list), while the field accepts any row of its
    queryset: a choice the list left out still reaches the service, which says why it is
    refused (a sponsor who is not official, a cell that is dissolved)."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in getattr(self.field, "offered", ()):
            yield self.choice(obj)


class OfferedChoiceField(forms.ModelChoiceField):
    iterator = OfferedIterator

    def __init__(self, queryset: QuerySet[Any], **kwargs: Any) -> None:
        self.offered: list[Any] = []
        super().__init__(queryset, **kwargs)

    def offer(self, rows: list[Any]) -> None:
        self.offered = rows
        self.widget.choices = self.choices


class CellChoiceField(OfferedChoiceField):
    """The chi bộ a member sits in: units the user may edit, each named with its parent so
    that two "Chi bộ khóm 2" of different wards can be told apart."""

    def __init__(self, label: str = "Chi bộ", **kwargs: Any) -> None:
        super().__init__(
            Organization.objects.none(),
            label=label,
            empty_label="— Chọn chi bộ —",
            error_messages={
                "required": "Chọn chi bộ.",
                "invalid_choice": "Chi bộ đã chọn không có trong danh sách bạn được cập nhật.",
            },
            **kwargs,
        )

    def offer(self, rows: list[Any]) -> None:
        super().offer(with_parent_names(rows))

    def label_from_instance(self, obj: Organization) -> str:
        parent = getattr(obj, "parent_name", "")
        return f"{obj.name} ({parent})" if parent else obj.name


class SponsorChoiceField(OfferedChoiceField):
    """Người giới thiệu among the members the user sees; the list offers the official members
    of the chosen cell."""

    def __init__(self, label: str, **kwargs: Any) -> None:
        super().__init__(
            Member.objects.none(),
            label=label,
            required=False,
            empty_label="— Không chọn —",
            error_messages={"invalid_choice": MEMBER_NOT_FOUND},
            **kwargs,
        )

    def label_from_instance(self, obj: Member) -> str:
        return f"{obj.full_name}, sinh năm {obj.birth_date.year}"
