"""The sidebar's badge on «Biểu mẫu báo cáo»: the reports the reminders still ask of the units
the user may fill in. A callable, so only pages that draw the sidebar pay for it."""

from typing import Any

from django.http import HttpRequest

from dangbo.access.policy import Action
from dangbo.access.scoping import scope
from dangbo.indicators.models import FormReminder
from dangbo.indicators.reporting_queries import open_reminders


def reports_due(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"reports_due": lambda: open_reminders(scope(user, FormReminder, Action.EDIT))}
