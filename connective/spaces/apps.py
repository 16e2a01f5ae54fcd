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
