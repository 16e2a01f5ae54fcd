from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PracticesConfig(AppConfig):
    name = "connective.practices"
    label = "practices"
    verbose_name = "Good practices"

    def ready(self) -> None:
        from connective.core.abilities import register_ability
        from connective.practices.access import can_write_practices

        register_ability("practices.write", can_write_practices)

        from connective.practices.mapping import practice_rows_changed
        from connective.practices.models import Attachment, Practice

        # The map's version counts the published practices again only after one changed; the
        # library's version (kept results, a practice page's kept parts and files) moves too.
        post_save.connect(practice_rows_changed, sender=Practice, dispatch_uid="practices-rows-saved")
        post_delete.connect(practice_rows_changed, sender=Practice, dispatch_uid="practices-rows-deleted")
        post_save.connect(practice_rows_changed, sender=Attachment, dispatch_uid="practices-files-saved")
        post_delete.connect(practice_rows_changed, sender=Attachment, dispatch_uid="practices-files-deleted")

        from connective.core.home import register_showcase, register_waiting
        from connective.practices.home import (
            home_practices_html,
            home_waiting_for_author,
            home_waiting_for_reviewer,
        )

        # The home page (core's) shows the library through its registry; core cannot import us.
        register_showcase("practices", order=10, render=home_practices_html)
        register_waiting("practices.author", order=30, provider=home_waiting_for_author)
        register_waiting("practices.reviewer", order=50, provider=home_waiting_for_reviewer)

        from connective.core.backup import backup_restored

        backup_restored.connect(_rebuild_search_after_restore, dispatch_uid="practices-search-restored")

        from connective.practices.personal_data import register_parts

        register_parts()

        from connective.practices.notifications import register_notifications

        # Reviewers and authors hear of the review, members of new practices on their themes,
        # through the notification pipeline.
        register_notifications()


def _rebuild_search_after_restore(**_kwargs: object) -> None:
    """A restore brings back the practices and their stored embeddings, not SQLite's full-text
    table (no model): rebuild the words of the index from the restored rows."""
    from connective.practices.search.index import rebuild

    rebuild(embeddings=False)
