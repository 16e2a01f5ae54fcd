"""Notifications about sections (spaces): a member is told the moderators' decision on their
request to join, and the moderators hear of a new request.

Registered here rather than in `spaces` because spaces and notifications are independent
siblings in the layers (pyproject's import-linter contract): networks is the lowest app above
both, and a section belongs to its network.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from connective.core.events import event_target
from connective.core.links import absolute_url
from connective.members.roles import viewer_for
from connective.notifications.registry import NotificationKind, Rendered, register_kind
from connective.spaces.access import can_moderate
from connective.spaces.choices import MembershipState, SpaceEvent, SpaceRole
from connective.spaces.models import Membership, Space
from connective.spaces.selectors import coordinator_memberships


def _space(event: Any) -> Space | None:
    space = event_target(event, Space)
    return space if isinstance(space, Space) else None


def decided_recipients(event: Any) -> Iterable[int]:
    """The member whose request was decided (never the moderator who decided it)."""
    user_id = event.data.get("user")
    return [int(user_id)] if user_id and user_id != event.actor_id else []


def approved_render(event: Any, recipient: Any) -> Rendered | None:
    space = _space(event)
    if space is None:
        return None
    # The approval may have been undone (they left, or were removed) before this is read.
    if not Membership.objects.filter(space=space, user=recipient, state=MembershipState.ACTIVE).exists():
        return None
    return Rendered(
        line=_("You are now a member of the section “%(section)s”.") % {"section": space.label},
        link=absolute_url("spaces:detail", space.slug),
        context={"space": space, "approved": True},
    )


def declined_render(event: Any, recipient: Any) -> Rendered | None:
    space = _space(event)
    if space is None:
        return None
    # A section's name is public: telling the member who asked never reveals more than that.
    return Rendered(
        line=_("Your request to join the section “%(section)s” was declined.") % {"section": space.label},
        link=absolute_url("spaces:detail", space.slug),
        context={"space": space, "approved": False},
    )


def requested_recipients(event: Any) -> Iterable[int]:
    """The section's moderators and the coordinators of its network (not the person asking)."""
    space = _space(event)
    if space is None:
        return []
    moderators = set(
        Membership.objects.filter(
            space=space, state=MembershipState.ACTIVE, role__in=[SpaceRole.MODERATOR, SpaceRole.COORDINATOR]
        ).values_list("user_id", flat=True)
    )
    if space.region:
        moderators |= set(coordinator_memberships(region=space.region).values_list("user_id", flat=True))
    moderators.discard(event.actor_id)
    return sorted(moderators)


def requested_render(event: Any, recipient: Any) -> Rendered | None:
    space = _space(event)
    if space is None or not can_moderate(viewer_for(recipient), space):
        return None
    if not Membership.objects.filter(
        space=space, user_id=event.data.get("user"), state=MembershipState.REQUESTED
    ).exists():
        return None  # decided or withdrawn since
    name = event.actor.display_name if event.actor else ""
    return Rendered(
        line=_("%(name)s asks to join the section “%(section)s”.") % {"name": name, "section": space.label},
        link=absolute_url("spaces:detail", space.slug),
        context={"space": space, "name": name},
    )


def register_space_notifications() -> None:
    register_kind(
        NotificationKind(
            kind=SpaceEvent.JOIN_APPROVED,
            label=gettext_lazy("Your requests to join a section: approved"),
            recipients=decided_recipients,
            render=approved_render,
            template="spaces/notifications/join_decided",
            required=True,
        )
    )
    register_kind(
        NotificationKind(
            kind=SpaceEvent.JOIN_DECLINED,
            label=gettext_lazy("Your requests to join a section: declined"),
            recipients=decided_recipients,
            render=declined_render,
            template="spaces/notifications/join_decided",
            required=True,
        )
    )
    register_kind(
        NotificationKind(
            kind=SpaceEvent.JOIN_REQUESTED,
            label=gettext_lazy("Requests to join the sections you moderate"),
            recipients=requested_recipients,
            render=requested_render,
            template="spaces/notifications/join_requested",
        )
    )
