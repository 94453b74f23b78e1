"""Today's date in Vietnam: every effective date is a local calendar date (Asia/Ho_Chi_Minh)."""

from datetime import date

from django.utils import timezone


def today() -> date:
    return timezone.localdate()
