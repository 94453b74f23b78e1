from django.apps import AppConfig


class FourGoodConfig(AppConfig):
    name = "dangbo.four_good"
    label = "four_good"
    verbose_name = "Chi bộ bốn tốt, đảng bộ cơ sở bốn tốt"

    def ready(self) -> None:
        from dangbo.audit.queries import register_action_labels
        from dangbo.four_good.audit_labels import AUDIT_LABELS

        register_action_labels(AUDIT_LABELS)
