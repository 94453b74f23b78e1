from dangbo.meetings.views.attendance import meeting_attendance
from dangbo.meetings.views.browse import meeting_alerts, meeting_detail, meeting_list
from dangbo.meetings.views.edit import (
    meeting_create,
    meeting_edit,
    meeting_hold,
    meeting_plan_year,
    meeting_publish,
)
from dangbo.meetings.views.mine import my_meetings
from dangbo.meetings.views.minutes import meeting_minutes
from dangbo.meetings.views.rates import attendance_rates

__all__ = [
    "attendance_rates",
    "meeting_alerts",
    "meeting_attendance",
    "meeting_create",
    "meeting_detail",
    "meeting_edit",
    "meeting_hold",
    "meeting_list",
    "meeting_minutes",
    "meeting_plan_year",
    "meeting_publish",
    "my_meetings",
]
