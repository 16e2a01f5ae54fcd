from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "connective.follows"
    label = "follows"
    verbose_name = _("Follows and bookmarks")

    def ready(self) -> None:
        from connective.follows.notifications import register_kinds
        from connective.follows.panels import register_panels
        from connective.follows.personal_data import register_parts
        from connective.follows.services import subscribe_handlers

        register_kinds()
        register_panels()
        register_parts()
        subscribe_handlers()
