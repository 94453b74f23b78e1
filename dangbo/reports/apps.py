from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "dangbo.reports"
    label = "reports"
    verbose_name = "Báo cáo"

    def ready(self) -> None:
        from dangbo.audit.queries import register_action_labels
        from dangbo.reports.audit_labels import AUDIT_LABELS

        register_action_labels(AUDIT_LABELS)
