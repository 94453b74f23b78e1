"""Every write of targets, tasks, their reports and reminders (DESIGN rule 1).

from dangbo.targets.services import create_target, report_task, ...
"""

from dangbo.targets.services.common import may_report, same_unit, unit_key
from dangbo.targets.services.measured import cascade_target, compatible_units, link_indicator
from dangbo.targets.services.targets import (
    create_target,
    report_target_progress,
    set_target_status,
    update_target,
)
from dangbo.targets.services.tasks import (
    DUE_SOON_DAYS,
    create_task,
    raise_task_reminders,
    report_task,
    update_task,
)

__all__ = [
    "DUE_SOON_DAYS",
    "cascade_target",
    "compatible_units",
    "create_target",
    "create_task",
    "link_indicator",
    "may_report",
    "raise_task_reminders",
    "report_target_progress",
    "report_task",
    "same_unit",
    "set_target_status",
    "unit_key",
    "update_target",
    "update_task",
]
