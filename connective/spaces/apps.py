from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "connective.spaces"
    label = "spaces"
    verbose_name = _("Spaces")

    def ready(self) -> None:
        from connective.spaces.personal_data import register_parts

        register_parts()

        from connective.core.home import register_waiting
        from connective.spaces.home import home_waiting_for_moderator

        register_waiting("spaces.requests", order=45, provider=home_waiting_for_moderator)
