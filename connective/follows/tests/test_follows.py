"""Follows and bookmarks: following a section, a theme or a practice brings news of what is new
there (to those who may read it), bookmarks list what a member saved, and the buttons swap in
place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connective.accounts.models import User
from connective.conversations import services as conversation_services
from connective.core.events import record_event
from connective.core.models import AuditEvent, Theme
from connective.discussions import services as discussion_services
from connective.discussions.tests.factories import SpaceFactory, network_space
from connective.follows import notifications, services
from connective.follows.choices import FollowEvent
from connective.follows.models import Bookmark, Follow
from connective.members.models import MemberProfile
from connective.notifications.registry import digest_sections
from connective.practices.choices import PracticeEvent
from connective.practices.tests.factories import PracticeFactory
from connective.spaces.choices import SpaceAccess
from connective.spaces.models import Membership

pytestmark = pytest.mark.django_db


def _news(kind: FollowEvent) -> AuditEvent:
    return AuditEvent.objects.get(action=kind.value)


def test_a_new_discussion_in_a_followed_section_reaches_its_readers(
    alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile, django_capture_on_commit_callbacks: Any
) -> None:
    mena = network_space("mena")
    services.follow_set(actor=bob.user, target=mena, on=True)
    services.follow_set(actor=charlie.user, target=mena, on=True)  # an open network space: readable
    with django_capture_on_commit_callbacks(execute=True):
        thread = discussion_services.thread_start(actor=alice.user, space=mena, title="Leaks", body="How?")
    event = _news(FollowEvent.NEW_THREAD)
    assert notifications.thread_recipients(event) == sorted([bob.user.pk, charlie.user.pk])
    rendered = notifications.thread_render(event, bob.user)
    assert rendered is not None and str(thread.public_id) in rendered.link


def test_a_follower_who_may_no_longer_read_a_closed_section_hears_nothing(
    alice: MemberProfile, bob: MemberProfile, django_capture_on_commit_callbacks: Any
) -> None:
    section = SpaceFactory.create(slug="closed-s", name="Closed", access=SpaceAccess.CLOSED)
    for person in (alice, bob):
        Membership.objects.create(space=section, user=person.user)
    services.follow_set(actor=bob.user, target=section, on=True)
    Membership.objects.filter(space=section, user=bob.user).delete()
    with django_capture_on_commit_callbacks(execute=True):
        discussion_services.thread_start(actor=alice.user, space=section, title="Secret", body="Pipes")
    event = _news(FollowEvent.NEW_THREAD)
    assert notifications.thread_recipients(event) == []
    assert notifications.thread_render(event, bob.user) is None


def test_a_new_practice_on_a_followed_theme_and_a_question_under_a_followed_practice(
    alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile, django_capture_on_commit_callbacks: Any
) -> None:
    theme = Theme.objects.first()
    assert theme is not None
    services.follow_set(actor=bob.user, target=theme, on=True)
    practice = PracticeFactory.create(themes=[theme])
    with django_capture_on_commit_callbacks(execute=True):
        record_event(kind=PracticeEvent.PUBLISHED, actor=alice.user, target=practice)
    assert notifications.practice_recipients(_news(FollowEvent.NEW_PRACTICE)) == [bob.user.pk]
    services.follow_set(actor=bob.user, target=practice, on=True)
    with django_capture_on_commit_callbacks(execute=True):
        conversation_services.practice_question_ask(actor=charlie.user, practice=practice, body="Loggers?")
    event = _news(FollowEvent.NEW_QUESTION)
    assert notifications.question_recipients(event) == [bob.user.pk]
    assert notifications.question_render(event, bob.user) is not None


def test_the_digest_lists_what_is_new_on_what_a_member_follows(
    alice: MemberProfile, bob: MemberProfile
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    theme = Theme.objects.first()
    assert theme is not None
    services.follow_set(actor=bob.user, target=theme, on=True)
    practice = PracticeFactory.create(themes=[theme], title="Zyxfollowed practice")
    section = next(section for section in digest_sections() if section.key == "follows")
    items = section.collect(bob.user, timezone.now() - timedelta(days=1))
    assert [item.title for item in items] == [practice.title]
    assert section.collect(alice.user, timezone.now() - timedelta(days=1)) == []


def test_the_buttons_swap_in_place_and_the_bookmarks_page_lists_what_was_saved(
    client_for: Callable[..., Client], bob: MemberProfile
) -> None:
    practice = PracticeFactory.create(title="Water kiosks for all")
    client = client_for(bob)
    page = client.get(reverse("practices:detail", args=[practice.slug])).content.decode()
    save_url = reverse("follows:save", args=["practice", practice.slug])
    assert f'hx-post="{save_url}"' in page
    fragment = client.post(save_url, {"on": "1"}, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "Saved in my bookmarks" in fragment.content.decode()
    assert "Water kiosks for all" in client.get(reverse("follows:index")).content.decode()
    assert client.post(save_url, {"on": "0", "next": "/"}).status_code == 302
    assert not Bookmark.objects.exists()


def test_nobody_follows_what_they_may_not_read(
    client_for: Callable[..., Client], alice: MemberProfile, bob: MemberProfile, sam: User
) -> None:
    section = SpaceFactory.create(slug="closed-f", name="Closed", access=SpaceAccess.CLOSED)
    Membership.objects.create(space=section, user=alice.user)
    assert (
        client_for(bob).post(reverse("follows:follow", args=["space", section.slug]), {"on": "1"}).status_code
        == 404
    )
    assert (
        client_for(bob).post(reverse("follows:follow", args=["nothing", "x"]), {"on": "1"}).status_code == 404
    )
    assert not Follow.objects.exists()


def _bookmarks(user: User, count: int) -> None:
    for practice in PracticeFactory.create_batch(count):
        Bookmark.objects.create(user=user, practice=practice)


def test_the_bookmarks_page_reads_as_many_queries_at_10_and_at_1000(
    client_for: Callable[..., Client], bob: MemberProfile
) -> None:
    _bookmarks(bob.user, 10)
    client = client_for(bob)
    url = reverse("follows:index")
    client.get(url)
    with CaptureQueriesContext(connection) as at_10:
        client.get(url)
    _bookmarks(bob.user, 990)
    with CaptureQueriesContext(connection) as at_1000:
        client.get(url)
    assert len(at_1000) == len(at_10)
