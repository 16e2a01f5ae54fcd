"""What discussions tell the notification pipeline (notifications.registry): a reply in a thread
you follow, a mention, your post or discussion hidden by a moderator, a report to the space's
moderators.

`recipients` run after commit; `render` runs when a notification is shown or delivered and
returns None when the recipient may no longer read what it is about (they left a closed section,
the thread moved or was hidden): then nothing is shown or sent. Mails carry the title and a link,
never a post's text beyond what the recipient may read at that moment.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from connective.core.links import absolute_url
from connective.core.models import AuditEvent
from connective.core.text import excerpt, isolate
from connective.discussions.access import may_see_post_text, may_see_thread
from connective.discussions.choices import DiscussionEvent, SubscriptionState
from connective.discussions.mentions import MentionedMember, mention_excerpt_html, mentions_as_text
from connective.discussions.models import Post, PostReport, Thread, ThreadSubscription
from connective.discussions.selectors import mentioned_members_for
from connective.members.roles import viewer_for, viewer_of_recipient
from connective.notifications.registry import NotificationKind, Rendered, register_kind, target_of
from connective.spaces.access import MODERATING_ROLES, can_moderate
from connective.spaces.choices import MembershipState, SpaceKind

EXCERPT = 280
# What a post's notification reads of it: the list loads these for a whole page in one query.
POST_RELATED = ("thread", "thread__space", "author")


def _post(event: AuditEvent) -> Post | None:
    # The notification list loads a page's posts (with their thread, space and author) at once.
    return target_of(event, Post) if event.target_type == Post._meta.label_lower else None


def _thread(event: AuditEvent) -> Thread | None:
    return target_of(event, Thread) if event.target_type == Thread._meta.label_lower else None


def _report(event: AuditEvent) -> PostReport | None:
    return target_of(event, PostReport) if event.target_type == PostReport._meta.label_lower else None


def _readers(user_ids: set[int], thread: Thread) -> list[int]:
    """Those of `user_ids` who may read the thread now (active accounts only). A conversation's
    (direct messages') participants hear of its messages from the conversations app instead."""
    from connective.accounts.models import User

    if thread.space.kind == SpaceKind.CONVERSATION:
        return []
    users = User.objects.filter(pk__in=user_ids, is_active=True)
    return sorted(user.pk for user in users if may_see_thread(viewer_for(user), thread))


def _link(post: Post) -> str:
    from connective.discussions.selectors import page_of_post

    path = absolute_url("discussions:thread", post.thread.public_id)
    page = page_of_post(post.number)
    return f"{path}{f'?page={page}' if page > 1 else ''}#post-{post.public_id}"


def _readable_post(post: Post | None, recipient: Any) -> bool:
    if post is None:
        return False
    viewer = viewer_of_recipient(recipient)
    return may_see_thread(viewer, post.thread) and may_see_post_text(viewer, post)


# -- a reply in a thread you follow ---------------------------------------------------------


def reply_recipients(event: AuditEvent) -> list[int]:
    """The thread's followers, minus those who muted it, the author, and those the reply
    mentions (they hear of the mention instead); only who may still read it."""
    post = _post(event)
    if post is None:
        return []
    followers = set(
        ThreadSubscription.objects.filter(thread=post.thread, state=SubscriptionState.SUBSCRIBED).values_list(
            "user_id", flat=True
        )
    )
    followers.discard(post.author_id)
    mentioned = AuditEvent.objects.filter(
        action=DiscussionEvent.MENTIONED.value, target_type=event.target_type, target_id=event.target_id
    ).values_list("data", flat=True)
    for data in mentioned:
        followers -= set((data or {}).get("mentioned", []))
    return _readers(followers, post.thread)


def _post_context(post: Post, recipient: Any) -> dict[str, Any]:
    """What the mail templates read of a post. The excerpt shows mentions as the members the
    recipient may see (`@member` otherwise); it is worked out only when a mail's template asks
    for it (the notification list does not), so the list reads no profiles."""
    mentions: dict[uuid.UUID, MentionedMember] | None = None

    def mentioned() -> dict[uuid.UUID, MentionedMember]:
        nonlocal mentions
        if mentions is None:
            mentions = mentioned_members_for(viewer=viewer_of_recipient(recipient), texts=[post.body])
        return mentions

    return {
        "thread_title": post.thread.title,
        "space_name": post.thread.space.label,
        "author_name": post.author.full_name,
        "excerpt": lambda: excerpt(mentions_as_text(post.body, mentioned()), EXCERPT),
        "excerpt_html": lambda: mention_excerpt_html(post.body, mentioned(), EXCERPT),
        "language": post.language,
    }


def _post_rendered(event: AuditEvent, recipient: Any, sentence: str) -> Rendered | None:
    """A reply or a mention as `recipient` reads it (`sentence` names the author and the
    discussion), with their signed reply address; None once they may not read it."""
    post = _post(event)
    if post is None or not _readable_post(post, recipient):
        return None
    context = _post_context(post, recipient)
    line = sentence % {"author": isolate(context["author_name"]), "title": isolate(context["thread_title"])}
    return Rendered(
        line=line,
        link=_link(post),
        context=context,
        text_language=post.thread.language,
        reply_to=_reply_address(recipient, post),
    )


def reply_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    return _post_rendered(event, recipient, _("%(author)s replied in “%(title)s”"))


# -- a mention ------------------------------------------------------------------------------


def mention_recipients(event: AuditEvent) -> list[int]:
    """The members the post mentions who may read its space; never its author."""
    post = _post(event)
    if post is None:
        return []
    wanted = {int(pk) for pk in (event.data or {}).get("mentioned", [])}
    wanted.discard(post.author_id)
    return _readers(wanted, post.thread)


def mention_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    return _post_rendered(event, recipient, _("%(author)s mentioned you in “%(title)s”"))


# -- your post or discussion hidden by a moderator ------------------------------------------


def hidden_recipients(event: AuditEvent) -> list[int]:
    """The author of what was hidden (a moderator hiding their own post hears nothing)."""
    target = _post(event) or _thread(event)
    if target is None or target.author_id == event.actor_id:
        return []
    return [target.author_id]


def hidden_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    post = _post(event)
    thread = post.thread if post is not None else _thread(event)
    if thread is None:
        return None
    viewer = viewer_of_recipient(recipient)
    # The author still reads their hidden post; they must still read the space for the link.
    if not may_see_thread(viewer, thread):
        return None
    hidden = post if post is not None else thread
    if hidden.hidden_at is None:  # unhidden since: nothing to say any more
        return None
    context = {
        "thread_title": thread.title,
        "space_name": thread.space.label,
        "reason": hidden.hidden_reason,
        "is_post": post is not None,
    }
    if post is not None:
        line = _("A moderator hid your post in “%(title)s”") % {"title": isolate(thread.title)}
        link = _link(post)
    else:
        line = _("A moderator hid your discussion “%(title)s”") % {"title": isolate(thread.title)}
        link = absolute_url("discussions:thread", thread.public_id)
    return Rendered(line=line, link=link, context=context, text_language=thread.language)


# -- a report, to the space's moderators ----------------------------------------------------


def report_recipients(event: AuditEvent) -> list[int]:
    """The space's moderators and coordinators, and its region's coordinators; never the
    reporter, nor the author of the reported post."""
    from connective.accounts.models import User
    from connective.spaces.selectors import coordinator_memberships

    report = _report(event)
    if report is None:
        return []
    space = report.post.thread.space
    ids = set(
        space.memberships.filter(role__in=MODERATING_ROLES, state=MembershipState.ACTIVE).values_list(
            "user_id", flat=True
        )
    )
    if space.region:
        ids |= set(coordinator_memberships(region=space.region).values_list("user_id", flat=True))
    ids -= {report.reporter_id, report.post.author_id}
    users = User.objects.filter(Q(pk__in=ids), is_active=True)
    return sorted(user.pk for user in users if can_moderate(viewer_for(user), space))


def report_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    report = _report(event)
    if report is None or report.resolved_at is not None:
        return None
    thread = report.post.thread
    if not can_moderate(viewer_of_recipient(recipient), thread.space):
        return None
    context = {"thread_title": thread.title, "space_name": thread.space.label, "reason": report.reason}
    line = _("A post in “%(title)s” was reported") % {"title": isolate(thread.title)}
    return Rendered(
        line=line, link=absolute_url("discussions:reports"), context=context, text_language=thread.language
    )


def register_kinds() -> None:
    register_kind(
        NotificationKind(
            kind=DiscussionEvent.REPLIED,
            label=gettext_lazy("Replies in discussions you follow"),
            recipients=reply_recipients,
            render=reply_render,
            template="discussions/notifications/reply",
            target_model=Post,
            select_related=POST_RELATED,
        )
    )
    register_kind(
        NotificationKind(
            kind=DiscussionEvent.MENTIONED,
            label=gettext_lazy("Mentions of you in discussions"),
            recipients=mention_recipients,
            render=mention_render,
            template="discussions/notifications/mention",
            target_model=Post,
            select_related=POST_RELATED,
        )
    )
    for kind in (DiscussionEvent.POST_HIDDEN, DiscussionEvent.THREAD_HIDDEN):
        register_kind(
            NotificationKind(
                kind=kind,
                label=gettext_lazy("Your posts hidden by a moderator")
                if kind == DiscussionEvent.POST_HIDDEN
                else gettext_lazy("Your discussions hidden by a moderator"),
                recipients=hidden_recipients,
                render=hidden_render,
                template="discussions/notifications/hidden",
                required=True,
                target_model=Post if kind == DiscussionEvent.POST_HIDDEN else Thread,
                select_related=POST_RELATED if kind == DiscussionEvent.POST_HIDDEN else ("space",),
            )
        )
    register_kind(
        NotificationKind(
            kind=DiscussionEvent.REPORTED,
            label=gettext_lazy("Reports on posts in spaces you moderate"),
            recipients=report_recipients,
            render=report_render,
            template="discussions/notifications/report",
            target_model=PostReport,
            select_related=("post", "post__thread", "post__thread__space", "post__author"),
        )
    )


def _reply_address(recipient: Any, post: Post) -> str:
    """The signed address a reply to this mail goes to: it is posted in the thread as the
    recipient (`discussions.inbound`), with the same checks as the form."""
    from connective.discussions.inbound import REPLY_TARGET
    from connective.inbound.addresses import reply_address

    return reply_address(user=recipient, target_kind=REPLY_TARGET, target_id=str(post.thread.public_id))
