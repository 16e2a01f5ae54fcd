from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "connective.core"
    label = "core"
    verbose_name = "Core"
