"""Input fields and helpers shared by the member API modules."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from rest_framework import serializers

from dangbo.access.viewsets import DateField, IdField, TextField
from dangbo.core.clock import today
from dangbo.core.formats import format_date
from dangbo.members.models import Ethnicity, Religion

# The Party was founded on 03/02/1930: no decision, admission or transfer is older, and the
# rule rows (core.rules) that services read start there, so older dates never reach them.
PARTY_FOUNDED = date(1930, 2, 3)
EARLIEST_BIRTH = date(1890, 1, 1)

MEMBER_NOT_FOUND = "Không tìm thấy đảng viên này, hoặc đảng viên nằm ngoài phạm vi bạn được xem."
ORG_NOT_FOUND = "Không tìm thấy tổ chức này, hoặc tổ chức nằm ngoài phạm vi bạn được xem."


class PastDateField(DateField):
    """A day from `earliest` to today: every date the member services take is in the past
    (they refuse later ones), and bounding it here keeps absurd years out of date arithmetic."""

    def __init__(self, *, earliest: date = PARTY_FOUNDED, **kwargs: Any) -> None:
        self.earliest = earliest
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> date:
        day = super().to_internal_value(value)
        if day > today():
            raise serializers.ValidationError("Ngày không được sau ngày hôm nay.")
        if day < self.earliest:
            raise serializers.ValidationError(
                f"Ngày không được trước ngày {format_date(self.earliest)}."
            )
        return day


class CatalogField(IdField):
    """The id of a reference row (dân tộc, tôn giáo): public reference data, not scoped."""

    def __init__(self, model: type[Ethnicity] | type[Religion], **kwargs: Any) -> None:
        self.model = model
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Ethnicity | Religion:  # type: ignore[override]
        pk = super().to_internal_value(data)
        super().run_validators(pk)
        row = self.model.objects.filter(pk=pk).first()
        if row is None:
            raise serializers.ValidationError(
                f"Không có {self.model._meta.verbose_name} với mã số {pk}."
            )
        return row

    def run_validators(self, value: Any) -> None:
        """Already run on the id in to_internal_value."""

    def to_representation(self, value: Any) -> Any:
        return getattr(value, "pk", value)


def optional_text(max_length: int, help_text: str = "") -> TextField:
    return TextField(required=False, allow_blank=True, max_length=max_length, help_text=help_text)


@contextmanager
def fields_renamed(mapping: Mapping[str, str]) -> Iterator[None]:
    """A service names a field as its own argument (e.g. awarded_on); the API calls it
    differently (effective_on): answer with the API's name."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {mapping.get(field, field): errors for field, errors in exc.error_dict.items()}
        ) from None
