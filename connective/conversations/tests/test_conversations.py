"""Direct messages, persona by persona: who may write to whom, who reads a conversation (its
participants only: not coordinators, not staff), who hears of a message, and the pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connective.accounts.models import User
from connective.conversations import notifications, services
from connective.conversations.access import accepts_message
from connective.conversations.choices import ConversationEvent, MessagePolicy
from connective.conversations.selectors import conversation_list_for
from connective.core.errors import NotAllowed
from connective.core.models import AuditEvent
from connective.discussions import notifications as discussion_notifications
from connective.discussions.choices import DiscussionEvent
from connective.discussions.models import Post, Thread
from connective.discussions.selectors import thread_list_for, thread_search_for
from connective.members.models import MemberProfile
from connective.members.roles import viewer_for
from connective.members.tests.factories import MemberProfileFactory
from connective.notifications.registry import notification_kind

pytestmark = pytest.mark.django_db

SECRET = "Zyxdmbody the pump schedule of district 9"


def _start(alice: MemberProfile, *others: MemberProfile, body: str = SECRET) -> Thread:
    return services.conversation_start(actor=alice.user, recipients=list(others), body=body)


def _event(kind: ConversationEvent) -> AuditEvent:
    return AuditEvent.objects.filter(action=kind.value).latest("at")


def test_a_member_writes_to_another_and_only_the_two_read_it(
    alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile, dina: User, sam: User
) -> None:
    thread = _start(alice, bob)
    for person in (alice.user, bob.user):
        assert list(conversation_list_for(viewer=viewer_for(person))) == [thread]
    for outsider in (charlie.user, dina, sam):
        viewer = viewer_for(outsider)
        assert not Thread.objects.for_viewer(viewer).filter(pk=thread.pk).exists()
        assert not Post.objects.for_viewer(viewer).filter(thread=thread).exists()
        assert list(conversation_list_for(viewer=viewer)) == []


def test_conversations_stay_out_of_the_discussion_lists_and_search(
    alice: MemberProfile, bob: MemberProfile
) -> None:
    _start(alice, bob)
    for person in (alice.user, bob.user):
        viewer = viewer_for(person)
        assert list(thread_list_for(viewer=viewer)) == []
        assert list(thread_search_for(viewer=viewer, query="Zyxdmbody")) == []


def test_a_second_message_to_the_same_member_goes_into_their_conversation(
    alice: MemberProfile, bob: MemberProfile
) -> None:
    first = _start(alice, bob, body="Hello")
    again = services.conversation_start(actor=bob.user, recipients=[alice], body="Hello back")
    assert again == first
    first.refresh_from_db()
    assert first.reply_count == 1


def test_a_group_has_at_most_eight_people(alice: MemberProfile) -> None:
    others = MemberProfileFactory.create_batch(8, country="JO")
    with pytest.raises(ValidationError) as error:
        _start(alice, *others)
    assert "at most 8" in str(error.value)
    thread = _start(alice, *others[:7])
    assert thread.space.memberships.count() == 8


def test_a_member_who_refuses_messages_is_not_written_to_and_the_sender_learns_only_that(
    alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile
) -> None:
    services.message_policy_set(actor=bob.user, accepts=MessagePolicy.NOBODY)
    with pytest.raises(ValidationError) as error:
        _start(alice, bob)
    assert str(error.value.messages[0]) == "Bilal Ben Salah does not accept messages from you."
    assert not Thread.objects.unscoped().exists()
    services.message_policy_set(actor=bob.user, accepts=MessagePolicy.NETWORK)
    assert accepts_message(sender=viewer_for(alice.user), recipient=bob)  # both MENA
    assert not accepts_message(sender=viewer_for(charlie.user), recipient=bob)  # SEE


def test_who_is_in_a_conversation_keeps_talking_whatever_the_settings(
    alice: MemberProfile, bob: MemberProfile
) -> None:
    thread = _start(alice, bob)
    services.message_policy_set(actor=bob.user, accepts=MessagePolicy.NOBODY)
    services.conversation_reply(actor=alice.user, thread=thread, body="Still here")


def test_an_outsider_cannot_reply_in_a_conversation(
    alice: MemberProfile, bob: MemberProfile, sam: User
) -> None:
    thread = _start(alice, bob)
    with pytest.raises(NotAllowed):
        services.conversation_reply(actor=sam, thread=thread, body="Staff here")


def test_a_bad_policy_changes_nothing(bob: MemberProfile) -> None:
    with pytest.raises(ValidationError):
        services.message_policy_set(actor=bob.user, accepts="friends")
    assert not bob.user.__class__.objects.filter(message_preference__isnull=False).exists()


# -- notifications ----------------------------------------------------------------------


def test_a_message_is_told_to_the_other_participants_only(
    alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile, dina: User, sam: User
) -> None:
    thread = _start(alice, bob, charlie)
    event = _event(ConversationEvent.MESSAGE_SENT)
    assert notifications.message_recipients(event) == sorted([bob.user.pk, charlie.user.pk])
    rendered = notifications.message_render(event, bob.user)
    assert rendered is not None and "Alice Haddad" in rendered.line
    assert str(thread.public_id) in rendered.link
    for outsider in (dina, sam):
        assert notifications.message_render(event, outsider) is None
    # The discussions' own reply and mention kinds stay silent on a conversation.
    services.conversation_reply(actor=bob.user, thread=thread, body="@someone thanks")
    replied = AuditEvent.objects.filter(action=DiscussionEvent.REPLIED.value).latest("at")
    assert discussion_notifications.reply_recipients(replied) == []


def test_the_message_kind_renders_its_mail_templates(alice: MemberProfile, bob: MemberProfile) -> None:
    from django.template.loader import render_to_string

    _start(alice, bob)
    kind = notification_kind(ConversationEvent.MESSAGE_SENT.value)
    assert kind is not None
    rendered = kind.render(_event(ConversationEvent.MESSAGE_SENT), bob.user)
    assert rendered is not None
    for part in ("_subject.txt", "_body.txt", "_body.html"):
        text = render_to_string(kind.template + part, {**rendered.context, "link": rendered.link})
        assert "Alice Haddad" in text


# -- pages ------------------------------------------------------------------------------


def test_the_pages_answer_the_participants_and_404_everyone_else(
    client_for: Callable[..., Client],
    alice: MemberProfile,
    bob: MemberProfile,
    dina: User,
    sam: User,
    charlie: MemberProfile,
) -> None:
    thread = _start(alice, bob)
    url = reverse("conversations:conversation", args=[thread.public_id])
    for person in (alice, bob):
        answer = client_for(person).get(url)
        assert answer.status_code == 200 and "Zyxdmbody" in answer.content.decode()
    for outsider in (charlie.user, dina, sam):
        client = client_for(outsider)
        assert client.get(url).status_code == 404
        assert "Zyxdmbody" not in client.get(reverse("conversations:index")).content.decode()
        assert client.get(reverse("discussions:thread", args=[thread.public_id])).status_code == 404
        assert (
            client.post(reverse("conversations:reply", args=[thread.public_id]), {"body": "x"}).status_code
            == 404
        )


def test_writing_from_a_profile_sends_and_opens_the_conversation(
    client_for: Callable[..., Client], alice: MemberProfile, bob: MemberProfile, unlimited_rates: None
) -> None:
    client = client_for(alice)
    profile = client.get(reverse("members:detail", args=[bob.slug])).content.decode()
    assert f"{reverse('conversations:new')}?to={bob.slug}" in profile
    answer = client.post(reverse("conversations:new"), {"to": [str(bob.slug)], "body": "Salam Bilal"})
    thread = Thread.objects.unscoped().get()
    assert answer.status_code == 302 and answer["Location"].startswith(
        reverse("conversations:conversation", args=[thread.public_id])
    )
    index = client_for(bob).get(reverse("conversations:index")).content.decode()
    assert "conversation-unread" in index


def test_no_button_and_a_clear_message_for_a_member_who_refuses(
    client_for: Callable[..., Client], alice: MemberProfile, bob: MemberProfile, unlimited_rates: None
) -> None:
    services.message_policy_set(actor=bob.user, accepts=MessagePolicy.NOBODY)
    client = client_for(alice)
    assert (
        reverse("conversations:new")
        not in client.get(reverse("members:detail", args=[bob.slug])).content.decode()
    )
    answer = client.post(reverse("conversations:new"), {"to": [str(bob.slug)], "body": "Hi"}, follow=True)
    assert "does not accept messages from you" in answer.content.decode()
    assert not Thread.objects.unscoped().exists()


def test_the_settings_page_saves_the_choice(client_for: Callable[..., Client], bob: MemberProfile) -> None:
    client = client_for(bob)
    assert client.post(reverse("conversations:settings"), {"accepts": "network"}).status_code == 302
    assert bob.user.message_preference.accepts == MessagePolicy.NETWORK
    assert client.post(reverse("conversations:settings"), {"accepts": "x"}).status_code == 200


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _conversations(alice: MemberProfile, count: int) -> None:
    for _ in range(count):
        other = MemberProfileFactory.create(country="JO")
        services.conversation_start(actor=alice.user, recipients=[other], body="Hello")


def test_the_list_reads_as_many_queries_at_10_and_at_1000_conversations(
    client_for: Callable[..., Client], alice: MemberProfile
) -> None:
    _conversations(alice, 10)
    client = client_for(alice)
    url = reverse("conversations:index")
    client.get(url)
    at_10 = _queries(client, url)
    _conversations(alice, 990)
    client = client_for(alice)  # a fresh session: memberships are read with the viewer
    client.get(url)
    assert _queries(client, url) == at_10


def test_a_conversation_reads_as_many_queries_at_10_and_at_1000_messages(
    client_for: Callable[..., Client], alice: MemberProfile, bob: MemberProfile
) -> None:
    thread = _start(alice, bob)
    for number in range(9):
        services.conversation_reply(actor=bob.user, thread=thread, body=f"Message {number}")
    client = client_for(alice)
    url = reverse("conversations:conversation", args=[thread.public_id])
    client.get(url)
    at_10 = _queries(client, url)
    thread.refresh_from_db()
    Post.objects.bulk_create(
        Post(thread=thread, number=number, author=bob.user, body=f"Message {number}")
        for number in range(11, 1001)
    )
    Thread.objects.unscoped().filter(pk=thread.pk).update(reply_count=999)
    client.get(url)
    assert _queries(client, url) == at_10


def test_the_home_page_tells_a_participant_of_an_unread_conversation(
    client_for: Callable[..., Client], alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile
) -> None:
    _start(alice, bob)
    assert "conversations with unread messages" in client_for(bob).get(reverse("core:home")).content.decode()
    assert (
        "conversations with unread messages"
        not in client_for(charlie).get(reverse("core:home")).content.decode()
    )
