from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "dangbo.targets"
    label = "targets"
    verbose_name = "Chỉ tiêu, nhiệm vụ"

    def ready(self) -> None:
        from dangbo.audit.queries import register_action_labels
        from dangbo.targets.audit_labels import AUDIT_LABELS

        register_action_labels(AUDIT_LABELS)
