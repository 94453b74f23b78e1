from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "dangbo.evaluations"
    label = "evaluations"
    verbose_name = "Đánh giá, xếp loại chất lượng"

    def ready(self) -> None:
        from dangbo.audit.queries import register_action_labels
        from dangbo.evaluations.audit_labels import AUDIT_LABELS

        register_action_labels(AUDIT_LABELS)
