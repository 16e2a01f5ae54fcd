"""What conversations tell the notification pipeline: a message in a conversation you take part
in, and a question under a practice you are a contact or an author of.

`render` runs when the notification is shown or delivered and returns None when the recipient
may no longer read what it is about (they left the conversation; the practice's discussion was
hidden). A direct message reaches no one but the conversation's participants.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from connective.conversations.choices import ConversationEvent
from connective.conversations.models import PracticeThread
from connective.core.links import absolute_url
from connective.core.models import AuditEvent
from connective.core.text import excerpt, isolate
from connective.discussions.access import may_see_post_text, may_see_thread
from connective.discussions.choices import SubscriptionState
from connective.discussions.models import Post, ThreadSubscription
from connective.members.roles import viewer_for
from connective.notifications.registry import NotificationKind, Rendered, register_kind
from connective.practices.models import Practice
from connective.spaces.choices import SpaceKind
from connective.spaces.models import Membership

EXCERPT = 280


def _post(event: AuditEvent) -> Post | None:
    if event.target_type != Post._meta.label_lower:
        return None
    return (
        Post.objects.unscoped()
        .select_related("thread", "thread__space", "author")
        .filter(pk=event.target_id)
        .first()
    )


def _active(user_ids: set[int]) -> list[int]:
    from connective.accounts.models import User

    return sorted(User.objects.filter(pk__in=user_ids, is_active=True).values_list("pk", flat=True))


# -- a message in a conversation ----------------------------------------------------------


def message_recipients(event: AuditEvent) -> list[int]:
    """The conversation's other participants, minus those who muted it."""
    post = _post(event)
    if post is None or post.thread.space.kind != SpaceKind.CONVERSATION:
        return []
    people = set(Membership.objects.filter(space_id=post.thread.space_id).values_list("user_id", flat=True))
    muted = ThreadSubscription.objects.filter(thread=post.thread, state=SubscriptionState.MUTED)
    people -= set(muted.values_list("user_id", flat=True))
    people.discard(post.author_id)
    return _active(people)


def message_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    post = _post(event)
    if post is None or post.thread.space.kind != SpaceKind.CONVERSATION:
        return None
    if not Membership.objects.filter(space_id=post.thread.space_id, user_id=recipient.pk).exists():
        return None
    if post.hidden_at is not None:
        return None
    context = {
        "author_name": post.author.full_name,
        "subject": post.thread.title,
        "excerpt": excerpt(post.body, EXCERPT),
        "language": post.language,
    }
    line = _("%(author)s sent you a message: “%(subject)s”") % {
        "author": isolate(context["author_name"]),
        "subject": isolate(context["subject"]),
    }
    link = absolute_url("conversations:conversation", post.thread.public_id) + f"#post-{post.public_id}"
    return Rendered(
        line=line,
        link=link,
        context=context,
        text_language=post.thread.language,
        reply_to=_reply_address(recipient, post, target="message"),
    )


def _reply_address(recipient: Any, post: Post, *, target: str) -> str:
    """The signed address a reply to this mail goes to (`conversations.inbound`)."""
    from connective.inbound.addresses import reply_address

    return reply_address(user=recipient, target_kind=target, target_id=str(post.thread.public_id))


# -- a question under a practice ----------------------------------------------------------


def _practice_of(post: Post) -> Practice | None:
    link = PracticeThread.objects.filter(thread_id=post.thread_id).select_related("practice").first()
    return link.practice if link is not None else None


def question_recipients(event: AuditEvent) -> list[int]:
    """The practice's contacts and authors who may read its discussion; never the asker."""
    from connective.accounts.models import User
    from connective.conversations.services import practice_people_ids

    post = _post(event)
    practice = _practice_of(post) if post is not None else None
    if post is None or practice is None:
        return []
    people = practice_people_ids(practice) - {post.author_id}
    users = User.objects.filter(pk__in=people, is_active=True)
    return sorted(user.pk for user in users if may_see_thread(viewer_for(user), post.thread))


def question_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    post = _post(event)
    practice = _practice_of(post) if post is not None else None
    if post is None or practice is None:
        return None
    viewer = viewer_for(recipient)
    if not may_see_thread(viewer, post.thread) or not may_see_post_text(viewer, post):
        return None
    context = {
        "author_name": post.author.full_name,
        "practice_title": practice.title,
        "excerpt": excerpt(post.body, EXCERPT),
        "language": post.language,
    }
    line = _("%(author)s asked about your practice “%(title)s”") % {
        "author": isolate(context["author_name"]),
        "title": isolate(context["practice_title"]),
    }
    link = absolute_url("practices:detail", practice.slug) + f"#post-{post.public_id}"
    return Rendered(
        line=line,
        link=link,
        context=context,
        text_language=post.language,
        reply_to=_reply_address(recipient, post, target="question"),
    )


def register_kinds() -> None:
    register_kind(
        NotificationKind(
            kind=ConversationEvent.MESSAGE_SENT,
            label=gettext_lazy("Direct messages to you"),
            recipients=message_recipients,
            render=message_render,
            template="conversations/notifications/message",
        )
    )
    register_kind(
        NotificationKind(
            kind=ConversationEvent.QUESTION_ASKED,
            label=gettext_lazy("Questions about the practices you are a contact or an author of"),
            recipients=question_recipients,
            render=question_render,
            template="conversations/notifications/question",
        )
    )
