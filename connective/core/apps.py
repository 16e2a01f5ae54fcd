from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "connective.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from connective.core.personal_data_parts import register_parts

        register_parts()

        from connective.core.abilities import register_ability
        from connective.core.access import can_manage_themes

        register_ability("core.manage_themes", can_manage_themes)
