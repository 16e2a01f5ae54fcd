"""Who hears of what in discussions, tested on the recipients and render functions directly
(the pipeline that delivers them is built beside this app)."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from connective.accounts.models import User
from connective.core.models import AuditEvent
from connective.discussions import notifications, services
from connective.discussions.choices import DiscussionEvent, SubscriptionState
from connective.discussions.models import Post, Thread
from connective.members.models import MemberProfile
from connective.members.tests.factories import MemberProfileFactory
from connective.notifications.registry import notification_kind
from connective.spaces.models import Membership, Space

pytestmark = pytest.mark.django_db


def _event(kind: DiscussionEvent) -> AuditEvent:
    return AuditEvent.objects.filter(action=kind.value).latest("at")


def test_every_kind_is_registered_with_its_mail_templates() -> None:
    for kind in (
        DiscussionEvent.REPLIED,
        DiscussionEvent.MENTIONED,
        DiscussionEvent.POST_HIDDEN,
        DiscussionEvent.REPORTED,
    ):
        registered = notification_kind(kind.value)
        assert registered is not None
        for part in ("_subject.txt", "_body.txt", "_body.html"):
            render_to_string(
                registered.template + part,
                {
                    "thread_title": "T",
                    "space_name": "S",
                    "author_name": "A",
                    "excerpt": "E",
                    "reason": "R",
                    "link": "L",
                },
            )


def test_a_reply_reaches_the_followers_but_not_its_author_nor_who_muted(
    alice: MemberProfile, bob: MemberProfile, mena: Space
) -> None:
    thread = services.thread_start(actor=alice.user, space=mena, title="Leaks", body="How?")
    other = MemberProfileFactory.create(country="TN")
    services.post_reply(actor=other.user, thread=thread, body="Me too")
    services.thread_follow(actor=other.user, thread=thread, state=SubscriptionState.MUTED)
    services.post_reply(actor=bob.user, thread=thread, body="Night flows")
    assert notifications.reply_recipients(_event(DiscussionEvent.REPLIED)) == [alice.user.pk]


def test_a_mentioned_member_hears_of_the_mention_only_once(
    alice: MemberProfile, bob: MemberProfile, mena: Space
) -> None:
    thread = services.thread_start(actor=alice.user, space=mena, title="Leaks", body="How?")
    services.thread_follow(actor=bob.user, thread=thread, state=SubscriptionState.SUBSCRIBED)
    services.post_reply(actor=alice.user, thread=thread, body=f"@{bob.slug} what do you think?")
    assert notifications.mention_recipients(_event(DiscussionEvent.MENTIONED)) == [bob.user.pk]
    assert notifications.reply_recipients(_event(DiscussionEvent.REPLIED)) == []


def test_a_mention_of_someone_who_cannot_read_the_space_tells_no_one(
    alice: MemberProfile, charlie: MemberProfile, closed_section: Space
) -> None:
    services.thread_start(
        actor=alice.user, space=closed_section, title="Secret", body=f"@{charlie.slug} hello"
    )
    assert notifications.mention_recipients(_event(DiscussionEvent.MENTIONED)) == []


def test_render_is_none_once_the_recipient_can_no_longer_read_the_space(
    alice: MemberProfile, bob: MemberProfile, closed_section: Space
) -> None:
    Membership.objects.create(space=closed_section, user=bob.user)
    thread = services.thread_start(actor=alice.user, space=closed_section, title="Secret", body="Closed")
    services.post_reply(actor=bob.user, thread=thread, body="Reply")
    event = _event(DiscussionEvent.REPLIED)
    rendered = notifications.reply_render(event, alice.user)
    assert (
        rendered is not None
        and "Secret" in rendered.line
        and rendered.link.endswith(f"#post-{Post.objects.unscoped().get(thread=thread, number=2).public_id}")
    )
    Membership.objects.filter(space=closed_section, user=alice.user).delete()
    # Rendered later (a delivery, a page of the list): the recipient is read afresh, and what
    # they may see with them (a render keeps it on the user object for the rest of that page).
    assert notifications.reply_render(event, User.objects.get(pk=alice.user.pk)) is None


def test_the_author_is_told_why_their_post_was_hidden(alice: MemberProfile, dina: User, mena: Space) -> None:
    thread = services.thread_start(actor=alice.user, space=mena, title="Leaks", body="Rude")
    services.post_hide(actor=dina, post=Post.objects.unscoped().get(thread=thread), reason="Be kind")
    event = _event(DiscussionEvent.POST_HIDDEN)
    assert notifications.hidden_recipients(event) == [alice.user.pk]
    rendered = notifications.hidden_render(event, alice.user)
    assert rendered is not None and rendered.context["reason"] == "Be kind"


def test_a_report_reaches_the_spaces_moderators_and_its_regions_coordinators(
    alice: MemberProfile, bob: MemberProfile, dina: User, emil: User, moderator: User, open_section: Space
) -> None:
    thread: Thread = services.thread_start(actor=alice.user, space=open_section, title="Leaks", body="Rude")
    services.post_report(actor=bob.user, post=Post.objects.unscoped().get(thread=thread), reason="Rude")
    event = _event(DiscussionEvent.REPORTED)
    assert notifications.report_recipients(event) == sorted([dina.pk, moderator.pk])
    assert notifications.report_render(event, emil) is None
    assert notifications.report_render(event, dina) is not None


# -- the notification list, with discussions' notifications ----------------------------------


def _notify_of_replies(recipient: User, author: User, thread: Thread, count: int) -> None:
    """`count` replies by `author` in `thread`, each told to `recipient` (every other one a
    mention), as the pipeline would have left them."""
    from django.utils import timezone

    from connective.notifications.choices import Delivery
    from connective.notifications.models import Notification

    start = Post.objects.unscoped().filter(thread=thread).count() + 1
    posts = Post.objects.bulk_create(
        [
            Post(thread=thread, number=n, author=author, body=f"reply {n}", language="en")
            for n in range(start, start + count)
        ]
    )
    Thread.objects.unscoped().filter(pk=thread.pk).update(
        reply_count=start + count - 2, last_post_at=timezone.now()
    )
    kinds = [DiscussionEvent.MENTIONED if n % 2 else DiscussionEvent.REPLIED for n in range(count)]
    events = AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=author, action=kind.value, target_type="discussions.post", target_id=str(post.pk)
            )
            for kind, post in zip(kinds, posts, strict=True)
        ]
    )
    Notification.objects.bulk_create(
        [
            Notification(recipient=recipient, event=event, kind=event.action, delivery=Delivery.SENT)
            for event in events
        ]
    )


def test_the_notification_list_of_replies_and_mentions_costs_the_same_at_10_and_at_1000(
    alice: MemberProfile, bob: MemberProfile, closed_section: Space
) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    Membership.objects.create(space=closed_section, user=bob.user)
    thread = services.thread_start(actor=alice.user, space=closed_section, title="Leaks", body="How?")
    client = Client()
    client.force_login(alice.user)

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            answer = client.get("/notifications/")
        assert answer.status_code == 200
        return len(captured), answer.content.decode()

    _notify_of_replies(alice.user, bob.user, thread, 10)
    client.get("/notifications/")  # warm: the session, the legal documents' versions
    at_10, page = queries()
    assert page.count("mentioned you in") == 5 and page.count("replied in") == 5
    _notify_of_replies(alice.user, bob.user, thread, 990)
    at_1000, page = queries()
    assert page.count("mentioned you in") + page.count("replied in") == 20  # a page
    assert at_1000 == at_10
