from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "connective.discussions"
    label = "discussions"
    verbose_name = _("Discussions")

    def ready(self) -> None:
        from connective.discussions.digest import register_digest
        from connective.discussions.inbound import register_reply_target_for_threads
        from connective.discussions.notifications import register_kinds
        from connective.discussions.personal_data import register_parts

        register_kinds()
        register_digest()
        register_parts()
        register_reply_target_for_threads()
