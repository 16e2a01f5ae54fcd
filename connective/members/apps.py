from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class MembersConfig(AppConfig):
    name = "connective.members"
    label = "members"
    verbose_name = "Members"

    def ready(self) -> None:
        from connective.core.models import Theme
        from connective.members.models import Language
        from connective.members.selectors import filter_choices_forget

        # The directory's cached filter lists show a theme's or language's edit at once.
        for model in (Theme, Language):
            post_save.connect(
                filter_choices_forget, sender=model, dispatch_uid=f"filter-choices-{model.__name__}"
            )
            post_delete.connect(
                filter_choices_forget, sender=model, dispatch_uid=f"filter-choices-del-{model.__name__}"
            )

        from connective.members.personal_data import register_parts

        register_parts()
