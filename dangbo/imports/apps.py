from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "dangbo.imports"
    label = "imports"
    verbose_name = "Nhập, xuất dữ liệu"

    def ready(self) -> None:
        from dangbo.audit.queries import register_action_labels
        from dangbo.imports.audit_labels import AUDIT_LABELS

        register_action_labels(AUDIT_LABELS)
