"""What core itself keeps about a person (the audit log), declared to the registry."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from connective.core.personal_data import Erasure, Part, Rows, keep_under_pseudonym, register


def _activity(user: Any) -> Rows:
    from connective.core.models import AuditEvent

    return [
        {"action": event.action, "record": event.target_type, "at": event.at}
        for event in AuditEvent.objects.filter(actor=user).order_by("at", "id")
    ]


def _looks(user: Any) -> Rows:
    """Every look by a coordinator or staff at the person's confidential records. Who looked
    is named by role and name: the member has the right to know who accessed their data."""
    from connective.core.audit import LOOK_PREFIX
    from connective.core.models import AuditEvent

    rows = []
    for event in (
        AuditEvent.objects.filter(action__startswith=LOOK_PREFIX, data__owner=user.pk)
        .select_related("actor")
        .order_by("at", "id")
    ):
        rows.append(
            {
                "what": event.action.removeprefix(LOOK_PREFIX),
                "record": f"{event.target_type}:{event.target_id}",
                "by": str(event.actor) if event.actor else "",
                "as": str(event.data.get("role", "")),
                "fields": event.data.get("fields", []),
                "file": str(event.data.get("file", "")),
                "at": event.at,
            }
        )
    return rows


def register_parts() -> None:
    from connective.core.models import AuditEvent

    register(
        Part(
            name="activity",
            models=(AuditEvent,),
            what=_("The log of what you changed on the platform (what and when, never the text)"),
            why=_("To keep the platform secure and its records accountable (legitimate interest)"),
            kept=_("As long as the records it is about, under a pseudonym once you delete your account"),
            seen_by=_("Programme staff"),
            erasure=Erasure.PSEUDONYMISE,
            export=_activity,
            erase=keep_under_pseudonym,
            order=90,
        )
    )
    register(
        Part(
            name="looks_at_your_records",
            models=(),
            what=_(
                "Each time a coordinator or programme staff opened one of your confidential records without taking part in it: which record, who, when"
            ),
            why=_("So that you can see who accessed your confidential data"),
            kept=_("As long as the records it is about, under a pseudonym once you delete your account"),
            seen_by=_("You; programme staff"),
            erasure=Erasure.PSEUDONYMISE,
            export=_looks,
            erase=keep_under_pseudonym,
            order=91,
        )
    )
