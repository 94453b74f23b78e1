from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "dangbo.meetings"
    label = "meetings"
    verbose_name = "Sinh hoạt chi bộ"

    def ready(self) -> None:
        from dangbo.audit.queries import register_action_labels
        from dangbo.meetings.audit_labels import AUDIT_LABELS

        register_action_labels(AUDIT_LABELS)
