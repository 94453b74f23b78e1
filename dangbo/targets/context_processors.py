"""The sidebar's "Nhắc việc" badge: a callable, so only pages that draw the sidebar pay for it."""

from typing import Any

from django.http import HttpRequest

from dangbo.targets.queries import open_reminder_count


def reminders(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"open_reminders": lambda: open_reminder_count(user)}
