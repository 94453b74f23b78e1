from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and scale data (seed_demo). Sits on top of every other app."""

    name = "dangbo.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu"
