from typing import Any

from django.apps import AppConfig
from django.db import transaction
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "connective.consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from connective.members.signals import profile_changed

        profile_changed.connect(_refresh_advisor_embeddings, dispatch_uid="consultations.advisor_embeddings")

        from connective.consultations.home import home_waiting_for_coordinator, home_waiting_for_member
        from connective.core.home import register_waiting

        # The home page (core's) shows what waits through its registry; core cannot import us.
        register_waiting("consultations.member", order=10, provider=home_waiting_for_member)
        register_waiting("consultations.services", order=60, provider=home_waiting_for_coordinator)

        from connective.consultations.personal_data import register_parts

        register_parts()


def _refresh_advisor_embeddings(*, profile_ids: list[int], **_kwargs: Any) -> None:
    """A profile changed: recompute its advisor embedding after commit, in the background, then
    the stored matching index (one build for a burst of edits; the periodic refresh stays as a
    safety net for changes made outside the services)."""
    from connective.consultations.suggestions.snapshot import snapshot_build_queue
    from connective.consultations.tasks_matching import advisor_embeddings_refresh_task

    ids = list(profile_ids)
    transaction.on_commit(lambda: advisor_embeddings_refresh_task.delay(profile_ids=ids))
    transaction.on_commit(snapshot_build_queue)
