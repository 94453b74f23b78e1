from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "dangbo.indicators"
    label = "indicators"
    verbose_name = "Chỉ số, biểu mẫu báo cáo"

    def ready(self) -> None:
        from dangbo.audit.queries import register_action_labels
        from dangbo.indicators.audit_labels import AUDIT_LABELS

        register_action_labels(AUDIT_LABELS)
