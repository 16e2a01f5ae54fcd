"""The only way a view gets a conversation, and who may message whom.

A conversation answers 404 to anyone but its participants (coordinators and staff included: a
direct message reaches staff only through a report on it, in the discussions' report queue).
Whether a member accepts a message from someone is answered with one sentence that says no
more than that ("this member does not accept messages from you"): never which setting.
"""

from __future__ import annotations

import uuid

from django.http import Http404

from connective.conversations.choices import MessagePolicy
from connective.conversations.models import MessagePreference
from connective.discussions.models import Thread
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from connective.members.roles import Viewer
from connective.spaces.choices import SpaceKind

# Everyone in one conversation, its starter included.
PARTICIPANTS_MAX = 8


def may_send_messages(viewer: Viewer) -> bool:
    """Approved members, coordinators and staff start conversations."""
    return viewer.user_id is not None and viewer.can_see_members


def policy_of(user_id: int) -> str:
    accepts: str | None = (
        MessagePreference.objects.filter(user_id=user_id).values_list("accepts", flat=True).first()
    )
    return accepts or MessagePolicy.EVERYONE


def accepts_message(*, sender: Viewer, recipient: MemberProfile, policy: str | None = None) -> bool:
    """Whether `recipient` accepts a new conversation from `sender` (their setting, their account
    active, their membership approved). Never from oneself."""
    if not may_send_messages(sender) or sender.user_id == recipient.user_id:
        return False
    if recipient.status != MembershipStatus.APPROVED or not recipient.user.is_active:
        return False
    policy = policy or policy_of(recipient.user_id)
    if policy == MessagePolicy.NOBODY:
        return False
    if policy == MessagePolicy.NETWORK:
        return sender.region == recipient.region or recipient.region in sender.coordinates
    return True


def conversation_get_for(*, viewer: Viewer, public_id: uuid.UUID) -> Thread:
    """The conversation (its thread, with its space) if the viewer takes part in it; else 404."""
    thread = (
        Thread.objects.for_viewer(viewer)
        .select_related("space")
        .filter(public_id=public_id, space__kind=SpaceKind.CONVERSATION)
        .first()
    )
    if thread is None or thread.space_id not in viewer.memberships:
        raise Http404
    return thread
