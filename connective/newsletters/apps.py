from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "connective.newsletters"
    label = "newsletters"
    verbose_name = _("Newsletters")

    def ready(self) -> None:
        from connective.newsletters.notifications import register_notification_kind
        from connective.newsletters.personal_data import register_parts

        # Members choose on/off for "Newsletters of your network" in their notification settings
        # (the notifications app reads the registry); the issue itself is delivered by our batches.
        register_notification_kind()
        register_parts()

        from connective.newsletters.selectors import register_builtin_sources

        # New practices and consultations that became practices; discussions and the programme
        # register theirs the same way (newsletters.content).
        register_builtin_sources()
