"""Questions under a practice: any member asks, whatever their network; its contacts and
authors hear of it; visitors are invited to sign in; the asker hears of answers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connective.accounts.models import User
from connective.conversations import notifications, services
from connective.conversations.choices import ConversationEvent
from connective.conversations.models import PracticeThread
from connective.core.errors import NotAllowed
from connective.core.models import AuditEvent
from connective.discussions import notifications as discussion_notifications
from connective.discussions.choices import DiscussionEvent
from connective.discussions.models import Post
from connective.members.models import MemberProfile
from connective.members.tests.factories import MemberProfileFactory
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice
from connective.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(alice: MemberProfile, bob: MemberProfile) -> Practice:
    """A MENA practice alice wrote, with bob as its contact."""
    found = PracticeFactory.create(title="Night-flow leak detection", country="JO")
    found.authors.add(alice.user)
    found.contacts.add(bob)
    return found


def test_a_member_of_another_network_asks_and_the_contacts_and_authors_hear_of_it(
    practice: Practice, alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile
) -> None:
    post = services.practice_question_ask(actor=charlie.user, practice=practice, body="How many loggers?")
    link = PracticeThread.objects.get(practice=practice)
    assert link.thread_id == post.thread_id and link.thread.space.region == "mena"
    event = AuditEvent.objects.get(action=ConversationEvent.QUESTION_ASKED.value)
    assert notifications.question_recipients(event) == sorted([alice.user.pk, bob.user.pk])
    rendered = notifications.question_render(event, bob.user)
    assert rendered is not None and "Night-flow leak detection" in rendered.line
    assert reverse("practices:detail", args=[practice.slug]) in rendered.link


def test_the_contact_answers_and_the_asker_hears_of_the_answer(
    practice: Practice, bob: MemberProfile, charlie: MemberProfile
) -> None:
    services.practice_question_ask(actor=charlie.user, practice=practice, body="How many loggers?")
    services.practice_question_ask(actor=bob.user, practice=practice, body="Twelve, one per zone.")
    assert AuditEvent.objects.filter(action=ConversationEvent.QUESTION_ASKED.value).count() == 1
    replied = AuditEvent.objects.filter(action=DiscussionEvent.REPLIED.value).latest("at")
    assert discussion_notifications.reply_recipients(replied) == [charlie.user.pk]


def test_no_question_under_a_practice_in_review_nor_by_a_pending_member(
    practice: Practice, alice: MemberProfile
) -> None:
    pending = MemberProfileFactory.create(status="pending", country="JO")
    with pytest.raises(NotAllowed):
        services.practice_question_ask(actor=pending.user, practice=practice, body="Hello?")
    draft = PracticeFactory.create(status=PracticeStatus.IN_REVIEW)
    with pytest.raises(NotAllowed):
        services.practice_question_ask(actor=alice.user, practice=draft, body="Hello?")
    assert not Post.objects.unscoped().exists()


def test_the_practice_page_shows_questions_to_members_and_invites_visitors_to_sign_in(
    client_for: Callable[..., Client], visitor: Client, practice: Practice, charlie: MemberProfile, dina: User
) -> None:
    services.practice_question_ask(
        actor=charlie.user, practice=practice, body="Zyxquestion: how many loggers?"
    )
    url = reverse("practices:detail", args=[practice.slug])
    public = visitor.get(url).content.decode()
    assert "to ask the people behind this practice" in public and "Zyxquestion" not in public
    for person in (charlie, dina):
        page = client_for(person).get(url).content.decode()
        assert "Zyxquestion" in page and reverse("conversations:ask", args=[practice.slug]) in page


def test_asking_through_the_form(
    client_for: Callable[..., Client], practice: Practice, charlie: MemberProfile, unlimited_rates: None
) -> None:
    client = client_for(charlie)
    url = reverse("conversations:ask", args=[practice.slug])
    assert client.post(url, {"body": ""}).status_code == 302
    assert not Post.objects.unscoped().exists()
    answer = client.post(url, {"body": "Which loggers?"})
    assert answer.status_code == 302 and "#post-" in answer["Location"]
    assert Post.objects.unscoped().count() == 1


def test_the_practice_page_reads_as_many_queries_at_10_and_at_1000_questions(
    client_for: Callable[..., Client], practice: Practice, charlie: MemberProfile
) -> None:
    post = services.practice_question_ask(actor=charlie.user, practice=practice, body="First")
    for number in range(9):
        services.practice_question_ask(actor=charlie.user, practice=practice, body=f"Q {number}")
    client = client_for(charlie)
    url = reverse("practices:detail", args=[practice.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as at_10:
        client.get(url)
    Post.objects.bulk_create(
        Post(thread_id=post.thread_id, number=number, author=charlie.user, body=f"Q {number}")
        for number in range(11, 1001)
    )
    post.thread.__class__.objects.unscoped().filter(pk=post.thread_id).update(reply_count=999)
    client.get(url)
    with CaptureQueriesContext(connection) as at_1000:
        client.get(url)
    assert len(at_1000) == len(at_10)
