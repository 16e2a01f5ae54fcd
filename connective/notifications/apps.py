from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "connective.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from connective.notifications.personal_data import register_parts

        register_parts()
