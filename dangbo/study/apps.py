from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "dangbo.study"
    label = "study"
    verbose_name = "Học tập, quán triệt nghị quyết"

    def ready(self) -> None:
        from dangbo.audit.queries import register_action_labels
        from dangbo.study.audit_labels import AUDIT_LABELS

        register_action_labels(AUDIT_LABELS)
