"""The form of the tree as it stood on a past day."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from dangbo.core.clock import today
from dangbo.orgs.forms.base import BootstrapForm, date_field


class HistoryDayForm(BootstrapForm):
    """The date of "Cây tổ chức theo ngày", sent in the query string as ?ngay=dd/mm/yyyy."""

    ngay = date_field("Xem cây tổ chức vào ngày")

    def clean_ngay(self) -> Any:
        day = self.cleaned_data["ngay"]
        if day > today():
            raise ValidationError("Chọn một ngày từ hôm nay trở về trước.")
        return day
