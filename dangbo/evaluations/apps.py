from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "dangbo.evaluations"
    label = "evaluations"
    verbose_name = "Đánh giá, xếp loại chất lượng"

    def ready(self) -> None:
        from dangbo.audit.queries import register_action_labels
        from dangbo.evaluations import import_spec  # noqa: F401  (registers the import)
        from dangbo.evaluations.audit_labels import AUDIT_LABELS

        register_action_labels(AUDIT_LABELS)

        from dangbo.evaluations.views.statistics import ratings_table
        from dangbo.members.statistics.extras import register_statistics_table

        register_statistics_table(ratings_table)
