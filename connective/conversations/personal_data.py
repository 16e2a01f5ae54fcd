"""What conversations keep about a person, declared to the registry (`core.personal_data`):
whom they accept direct messages from, and the conversations they take part in.

The messages themselves are discussion posts (the discussions app's part exports them and keeps
them under the pseudonym): a member's messages stay readable to the other participants as
"Former member N" once they delete their account; their place among the participants (a space
membership) goes with the spaces' part.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from connective.core.personal_data import Erasure, Part, Rows, keep_under_pseudonym, register


def _preference(user: Any) -> Rows:
    from connective.conversations.models import MessagePreference

    return [
        {"accepts_messages_from": preference.get_accepts_display(), "since": preference.updated_at}
        for preference in MessagePreference.objects.filter(user=user)
    ]


def _preference_erase(user: Any) -> int:
    from connective.conversations.models import MessagePreference

    deleted, _by_model = MessagePreference.objects.filter(user=user).delete()
    return deleted


def _conversations(user: Any) -> Rows:
    from connective.discussions.models import Post
    from connective.spaces.choices import SpaceKind

    posts = (
        Post.objects.unscoped()
        .filter(author=user, thread__space__kind=SpaceKind.CONVERSATION)
        .select_related("thread")
        .order_by("created_at", "id")
    )
    return [
        {
            "conversation": str(post.thread.public_id),
            "subject": post.thread.title,
            "message": post.body,
            "sent": post.created_at,
        }
        for post in posts
    ]


def register_parts() -> None:
    from connective.conversations.models import MessagePreference

    register(
        Part(
            name="message_preference",
            models=(MessagePreference,),
            what=_("Whom you accept direct messages from"),
            why=_("To let members write to you only as you chose"),
            kept=_("Until you change it; deleted with your account"),
            seen_by=_("Nobody: a member you refuse is told only that you do not accept messages from them"),
            erasure=Erasure.DELETE,
            export=_preference,
            erase=_preference_erase,
        )
    )
    register(
        Part(
            name="direct_messages",
            models=(),
            what=_("The direct messages you sent"),
            why=_("So that the people you wrote to can follow the conversation"),
            kept=_("As long as the conversation, under a pseudonym once you delete your account"),
            seen_by=_("The conversation's participants only: not coordinators, not staff"),
            erasure=Erasure.PSEUDONYMISE,
            export=_conversations,
            erase=keep_under_pseudonym,
        )
    )
