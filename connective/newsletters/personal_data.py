"""What newsletters keep about a person, declared to the registry (`core.personal_data`): the
issues they received, whether they turned newsletters off, and the issues they wrote."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from connective.core.personal_data import Erasure, Part, Rows, keep_under_pseudonym, register


def _received(user: Any) -> Rows:
    from connective.newsletters.models import Delivery

    rows = Delivery.objects.filter(user=user).select_related("issue").order_by("issue__sent_at", "id")
    return [
        {
            "newsletter": delivery.issue.subject,
            "state": delivery.get_state_display(),
            "sent_at": delivery.sent_at,
        }
        for delivery in rows
    ]


def _received_erase(user: Any) -> int:
    from connective.newsletters.models import Delivery

    deleted, _by_model = Delivery.objects.filter(user=user).delete()
    return deleted


def _written(user: Any) -> Rows:
    from connective.newsletters.models import Issue

    return [
        {
            "subject": issue.subject,
            "status": issue.get_status_display(),
            "created_at": issue.created_at,
            "sent_at": issue.sent_at,
        }
        for issue in Issue.objects.filter(created_by=user).order_by("created_at", "id")
    ]


def register_parts() -> None:
    from connective.newsletters.models import Delivery, Issue

    register(
        Part(
            name="newsletters_received",
            models=(Delivery,),
            what=_("The newsletters sent to you, and when"),
            why=_("To send each newsletter to you once, and never twice"),
            kept=_("As long as your account; deleted with it"),
            seen_by=_("Programme staff"),
            erasure=Erasure.DELETE,
            export=_received,
            erase=_received_erase,
        )
    )
    register(
        Part(
            name="newsletters_written",
            models=(Issue,),
            what=_("The newsletters you wrote as a coordinator"),
            why=_("They belong to the network's archive"),
            kept=_("As long as the archive, under a pseudonym once you delete your account"),
            seen_by=_("Anyone, once sent (the members-only part: members)"),
            erasure=Erasure.PSEUDONYMISE,
            export=_written,
            erase=keep_under_pseudonym,
        )
    )
