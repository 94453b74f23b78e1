from django.apps import AppConfig


class AdmissionsConfig(AppConfig):
    name = "dangbo.admissions"
    label = "admissions"
    verbose_name = "Phát triển đảng viên"

    def ready(self) -> None:
        from dangbo.admissions.audit_labels import AUDIT_LABELS
        from dangbo.audit.queries import register_action_labels

        register_action_labels(AUDIT_LABELS)
