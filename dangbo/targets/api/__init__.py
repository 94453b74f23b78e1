"""The API of targets and tasks (registered in dangbo/api/urls.py)."""

from dangbo.targets.api.targets import TargetProgressViewSet, TargetViewSet
from dangbo.targets.api.tasks import TaskReportViewSet, TaskViewSet

__all__ = ["TargetProgressViewSet", "TargetViewSet", "TaskReportViewSet", "TaskViewSet"]
