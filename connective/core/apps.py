from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "connective.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from connective.core.personal_data_parts import register_parts

        register_parts()
