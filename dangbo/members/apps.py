from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "dangbo.members"
    label = "members"
    verbose_name = "Đảng viên"

    def ready(self) -> None:
        from dangbo.audit.queries import register_action_labels
        from dangbo.members.audit_labels import AUDIT_LABELS

        register_action_labels(AUDIT_LABELS)
