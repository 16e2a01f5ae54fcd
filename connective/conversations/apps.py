from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "connective.conversations"
    label = "conversations"
    verbose_name = _("Conversations")

    def ready(self) -> None:
        from connective.conversations.inbound import register_reply_targets
        from connective.conversations.notifications import register_kinds
        from connective.conversations.panels import register_panels
        from connective.conversations.personal_data import register_parts
        from connective.conversations.selectors import home_waiting
        from connective.core.home import register_waiting

        register_kinds()
        register_reply_targets()
        register_panels()
        register_parts()
        register_waiting("conversations.unread", order=15, provider=home_waiting)
