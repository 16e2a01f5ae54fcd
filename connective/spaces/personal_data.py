"""What spaces keep about a person, declared to the registry (`core.personal_data`): the spaces
they belong to, the roles they hold there and the requests to join they made."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from connective.core.personal_data import Erasure, Part, Rows, register


def _memberships(user: Any) -> Rows:
    from connective.spaces.models import Membership

    rows = Membership.objects.filter(user=user).select_related("space").order_by("created_at")
    return [
        {
            "space": membership.space.slug,
            "name": membership.space.name,
            "role": membership.get_role_display(),
            "state": membership.get_state_display(),
            "since": membership.created_at,
        }
        for membership in rows
    ]


def _memberships_erase(user: Any) -> int:
    from connective.spaces.models import Membership

    deleted, _by_model = Membership.objects.filter(user=user).delete()
    return deleted


def register_parts() -> None:
    from connective.spaces.models import Membership

    register(
        Part(
            name="spaces",
            models=(Membership,),
            what=_("The sections and networks you belong to, and your role there"),
            why=_("To let you take part in them and let their moderators steer them"),
            kept=_("As long as you belong to them; deleted with your account"),
            seen_by=_("Members who may see the space; its moderators and coordinators see requests to join"),
            erasure=Erasure.DELETE,
            export=_memberships,
            erase=_memberships_erase,
            order=15,
        )
    )
