from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboundConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "connective.inbound"
    label = "inbound"
    verbose_name = _("Replies by email")

    def ready(self) -> None:
        from connective.inbound.personal_data import register_parts

        register_parts()
