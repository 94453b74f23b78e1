from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "dangbo.documents"
    label = "documents"
    verbose_name = "Văn bản"

    def ready(self) -> None:
        from dangbo.audit.queries import register_action_labels
        from dangbo.documents.audit_labels import AUDIT_LABELS

        register_action_labels(AUDIT_LABELS)
