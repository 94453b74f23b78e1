from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dangbo.dashboard"
    label = "dashboard"
    verbose_name = "Tổng quan"

    def ready(self) -> None:
        from dangbo.audit.queries import register_action_labels
        from dangbo.dashboard.audit_labels import AUDIT_LABELS

        register_action_labels(AUDIT_LABELS)
