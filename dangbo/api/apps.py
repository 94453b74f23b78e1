from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dangbo.api"
    label = "api"
    verbose_name = "API"
