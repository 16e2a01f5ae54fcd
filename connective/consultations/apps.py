from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from connective.core.models import AuditEvent


class ConsultationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "connective.consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from connective.consultations.access import can_request_consultation
        from connective.core.abilities import register_ability

        register_ability("consultations.request", can_request_consultation)

        from connective.core.events import subscribe
        from connective.members.choices import MemberEvent
        from connective.networks.choices import NetworkEvent

        # What a profile says about its member feeds the advisor index; members and networks sit
        # below us, so we hear of changes through their events.
        subscribe(
            MemberEvent.CREATED,
            MemberEvent.UPDATED,
            MemberEvent.ADVISING_CHANGED,
            MemberEvent.IMPORTED,
            MemberEvent.ERASED,
            NetworkEvent.MEMBERSHIP_APPROVED,
            NetworkEvent.MEMBERSHIP_DECLINED,
            handler=advisor_profile_changed,
        )

        from connective.consultations.home import home_waiting_for_coordinator, home_waiting_for_member
        from connective.core.home import register_waiting

        # The home page (core's) shows what waits through its registry; core cannot import us.
        register_waiting("consultations.member", order=10, provider=home_waiting_for_member)
        register_waiting("consultations.services", order=60, provider=home_waiting_for_coordinator)

        from connective.consultations.personal_data import register_parts

        register_parts()

        from connective.consultations.notifications import register_notifications

        # Every consultation mail goes through the pipeline: each step's event, whom it concerns.
        register_notifications()


def advisor_profile_changed(event: AuditEvent) -> None:
    """A profile changed (its event's target): recompute its advisor embedding, then queue the
    stored matching index (one build for a burst of edits). Runs after commit, in the background."""
    from connective.consultations.suggestions.candidates import advisor_embeddings_refresh
    from connective.consultations.suggestions.snapshot import snapshot_build_queue

    advisor_embeddings_refresh([int(event.target_id)])
    snapshot_build_queue()
