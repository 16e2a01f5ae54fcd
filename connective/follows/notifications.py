"""What follows tell the notification pipeline: a new discussion in a section you follow, a new
practice on a theme you follow, a new question under a practice you follow; and the digest's
section of what is new on what you follow.

Recipients are the followers who may read what the news is about, never its author; `render`
checks again when the notification is shown or delivered.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from connective.core.events import event_target
from connective.core.links import absolute_url
from connective.core.models import AuditEvent
from connective.core.text import excerpt, isolate
from connective.discussions.access import may_see_post_text, may_see_thread
from connective.discussions.models import Post, Thread
from connective.follows.choices import FollowEvent
from connective.follows.models import Follow
from connective.follows.selectors import new_practices_on_followed_themes, new_threads_in_followed_spaces
from connective.members.roles import viewer_for
from connective.notifications.registry import (
    DigestItem,
    DigestSection,
    NotificationKind,
    Rendered,
    register_digest_section,
    register_kind,
)
from connective.practices.models import Practice


def _followers(**target: Any) -> set[int]:
    return set(Follow.objects.filter(**target).values_list("user_id", flat=True))


def _active(ids: set[int], event: AuditEvent) -> list[Any]:
    from connective.accounts.models import User

    ids.discard(event.actor_id or 0)
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


# -- a new discussion in a section you follow ---------------------------------------------


def thread_recipients(event: AuditEvent) -> list[int]:
    thread = event_target(event, Thread)
    if thread is None:
        return []
    users = _active(_followers(space_id=thread.space_id), event)
    return [user.pk for user in users if may_see_thread(viewer_for(user), thread)]


def thread_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    thread = event_target(event, Thread)
    if thread is None or not may_see_thread(viewer_for(recipient), thread):
        return None
    context = {"thread_title": thread.title, "space_name": thread.space.label, "language": thread.language}
    line = _("New discussion in “%(space)s”: “%(title)s”") % {
        "space": isolate(thread.space.label),
        "title": isolate(thread.title),
    }
    return Rendered(
        line=line,
        link=absolute_url("discussions:thread", thread.public_id),
        context=context,
        text_language=thread.language,
    )


# -- a new practice on a theme you follow -------------------------------------------------


def practice_recipients(event: AuditEvent) -> list[int]:
    practice = event_target(event, Practice)
    if practice is None or not practice.is_published:
        return []
    themes = list(practice.themes.values_list("pk", flat=True))
    return [user.pk for user in _active(_followers(theme_id__in=themes), event)]


def practice_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    practice = event_target(event, Practice)
    if practice is None or not practice.is_published:
        return None
    context = {
        "practice_title": practice.title,
        "summary": excerpt(practice.summary, 280),
        "language": practice.language_id,
    }
    line = _("New practice on a theme you follow: “%(title)s”") % {"title": isolate(practice.title)}
    return Rendered(
        line=line,
        link=absolute_url("practices:detail", practice.slug),
        context=context,
        text_language=practice.language_id,
    )


# -- a new question under a practice you follow ------------------------------------------


def _question(event: AuditEvent) -> tuple[Post, Practice] | None:
    post = event_target(event, Post)
    practice_id = (event.data or {}).get("practice")
    practice = Practice.objects.filter(pk=practice_id).first() if practice_id else None
    if post is None or practice is None:
        return None
    return post, practice


def question_recipients(event: AuditEvent) -> list[int]:
    found = _question(event)
    if found is None:
        return []
    post, practice = found
    users = _active(_followers(practice_id=practice.pk), event)
    return [user.pk for user in users if may_see_thread(viewer_for(user), post.thread)]


def question_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    found = _question(event)
    if found is None:
        return None
    post, practice = found
    viewer = viewer_for(recipient)
    if not may_see_thread(viewer, post.thread) or not may_see_post_text(viewer, post):
        return None
    context = {
        "practice_title": practice.title,
        "author_name": post.author.full_name,
        "excerpt": excerpt(post.body, 280),
        "language": post.language,
    }
    line = _("New question about “%(title)s”, a practice you follow") % {"title": isolate(practice.title)}
    link = absolute_url("practices:detail", practice.slug) + f"#post-{post.public_id}"
    return Rendered(line=line, link=link, context=context, text_language=post.language)


# -- the digest ---------------------------------------------------------------------------


def digest_collect(user: Any, since: datetime) -> list[DigestItem]:
    """New practices on the member's themes and new discussions in their sections since `since`."""
    items = [
        DigestItem(
            title=practice.title,
            link=absolute_url("practices:detail", practice.slug),
            summary=excerpt(practice.summary, 160),
            language=practice.language_id,
        )
        for practice in new_practices_on_followed_themes(user_id=user.pk, since=since)
    ]
    items += [
        DigestItem(
            title=thread.title,
            link=absolute_url("discussions:thread", thread.public_id),
            summary=thread.space.label,
            language=thread.language,
        )
        for thread in new_threads_in_followed_spaces(viewer=viewer_for(user), since=since)
    ]
    return items


def digest_collect_batch(users: list[Any], since: dict[int, datetime]) -> dict[int, list[DigestItem]]:
    """`digest_collect` for a batch of members, asked only of those who follow a theme or a
    section (one query finds them): a digest of 100,000 members, most following nothing, no
    longer asks three queries of each."""
    from connective.follows.models import Follow

    following = set(
        Follow.objects.filter(user_id__in=[user.pk for user in users])
        .filter(Q(theme__isnull=False) | Q(space__isnull=False))
        .values_list("user_id", flat=True)
    )
    result: dict[int, list[DigestItem]] = {}
    for user in users:
        if user.pk in following and user.pk in since:
            items = digest_collect(user, since[user.pk])
            if items:
                result[user.pk] = items
    return result


def register_kinds() -> None:
    register_kind(
        NotificationKind(
            kind=FollowEvent.NEW_THREAD,
            label=gettext_lazy("New discussions in the sections you follow"),
            recipients=thread_recipients,
            render=thread_render,
            template="follows/notifications/thread",
        )
    )
    register_kind(
        NotificationKind(
            kind=FollowEvent.NEW_PRACTICE,
            label=gettext_lazy("New practices on the themes you follow"),
            recipients=practice_recipients,
            render=practice_render,
            template="follows/notifications/practice",
            default="daily",
        )
    )
    register_kind(
        NotificationKind(
            kind=FollowEvent.NEW_QUESTION,
            label=gettext_lazy("New questions about the practices you follow"),
            recipients=question_recipients,
            render=question_render,
            template="follows/notifications/question",
        )
    )
    register_digest_section(
        DigestSection(
            key="follows",
            title=gettext_lazy("What you follow"),
            order=20,
            collect=digest_collect,
            collect_batch=digest_collect_batch,
        )
    )
