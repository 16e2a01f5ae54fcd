"""The digest's "New discussions in your sections": what was started since the member's last
digest in the spaces they belong to, never a closed section's to an outsider, nothing new: no mail."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from connective.core.tests.test_mail import Inbox, subject_of
from connective.discussions import services
from connective.discussions.digest import DIGEST_THREADS, new_threads, new_threads_batch
from connective.discussions.models import Thread
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from connective.members.tests.factories import MemberProfileFactory
from connective.notifications.choices import Frequency
from connective.notifications.digests import send_digests
from connective.notifications.tests.test_mail import parts
from connective.spaces.choices import SpaceRole
from connective.spaces.models import Membership, Space

pytestmark = pytest.mark.django_db

SECTION = "New discussions in your sections"


def _ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def test_the_weekly_digest_lists_new_discussions_of_the_members_sections_over_smtp(
    smtp: Inbox, alice: MemberProfile, bob: MemberProfile, open_section: Space
) -> None:
    Membership.objects.create(space=open_section, user=bob.user, role=SpaceRole.MEMBER)
    thread = services.thread_start(
        actor=bob.user, space=open_section, title="تسربات المياه ليلاً", body="كيف تجدون التسربات؟"
    )
    run = send_digests(frequency=Frequency.WEEKLY)
    assert run.sent == 1  # alice; bob started it and hears nothing of his own
    [message] = smtp.messages
    assert message["To"] == "alice@example.org"
    assert "weekly digest" in subject_of(message)
    text = parts(message)
    link = f"{settings.SITE_URL}/discussions/t/{thread.public_id}/"
    for body in (text["text/plain"], text["text/html"]):
        assert SECTION in body and thread.title in body and "Waste (open)" in body
    assert link in text["text/plain"]
    assert f'<a href="{link}" lang="ar" dir="rtl">{thread.title}</a>' in text["text/html"]


def test_a_closed_sections_discussion_never_reaches_a_member_outside_it(
    alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile, closed_section: Space, mena: Space
) -> None:
    secret = services.thread_start(actor=alice.user, space=closed_section, title="Secret pipes", body="x")
    everyone = services.thread_start(actor=alice.user, space=mena, title="For the whole network", body="y")
    since = {person.user.pk: _ago(1) for person in (alice, bob, charlie)}
    found = new_threads_batch([alice.user, bob.user, charlie.user], since)
    titles = {pk: [item.title for item in items] for pk, items in found.items()}
    assert titles == {bob.user.pk: [everyone.title]}  # charlie is of another network; alice wrote both
    member = MemberProfileFactory.create(country="JO", user__full_name="Mai Member")
    Membership.objects.create(space=closed_section, user=member.user, role=SpaceRole.MEMBER)
    assert [item.title for item in new_threads(member.user, _ago(1))] == [everyone.title, secret.title]


def test_hidden_discussions_conversations_and_members_not_yet_approved_get_nothing(
    alice: MemberProfile, bob: MemberProfile, open_section: Space, mena: Space, dina: Any
) -> None:
    hidden = services.thread_start(actor=alice.user, space=mena, title="Hidden one", body="x")
    services.thread_hide(actor=dina, thread=hidden, reason="Off topic")
    conversation = Space.objects.create(
        slug="dm-1", kind="conversation", name="alice and bob", access="closed"
    )
    Membership.objects.create(space=conversation, user=bob.user)
    Thread.objects.create(
        space=conversation, title="Private words", author=alice.user, last_post_at=timezone.now()
    )
    assert new_threads(bob.user, _ago(1)) == []
    pending = MemberProfileFactory.create(status=MembershipStatus.PENDING, country="JO")
    Membership.objects.create(space=open_section, user=pending.user)
    services.thread_start(actor=alice.user, space=open_section, title="Open words", body="z")
    assert new_threads(pending.user, _ago(1)) == []
    assert [item.title for item in new_threads(bob.user, _ago(1))] == []  # not in the section


def test_only_what_started_since_the_last_digest_and_at_most_ten_newest_first(
    alice: MemberProfile, bob: MemberProfile, mena: Space
) -> None:
    services.thread_start(actor=alice.user, space=mena, title="Before", body="x")
    cut = timezone.now()
    for n in range(DIGEST_THREADS + 2):
        services.thread_start(actor=alice.user, space=mena, title=f"After {n}", body="x")
    items = new_threads(bob.user, cut)
    assert [item.title for item in items] == [f"After {n}" for n in range(11, 1, -1)]
    assert new_threads(bob.user, timezone.now()) == []


def test_nothing_new_adds_no_section_and_sends_no_mail(
    smtp: Inbox, alice: MemberProfile, bob: MemberProfile, open_section: Space
) -> None:
    services.thread_start(actor=alice.user, space=open_section, title="Old news", body="x")
    Thread.objects.unscoped().update(created_at=_ago(30))
    assert send_digests(frequency=Frequency.WEEKLY).sent == 0
    assert smtp.messages == []


def test_a_batch_costs_the_same_queries_for_two_members_and_for_forty(
    alice: MemberProfile, open_section: Space, closed_section: Space, mena: Space
) -> None:
    members = [MemberProfileFactory.create(country="JO") for _ in range(40)]
    for n, profile in enumerate(members):
        Membership.objects.create(space=open_section if n % 2 else closed_section, user=profile.user)
    for space in (open_section, closed_section, mena):
        services.thread_start(actor=alice.user, space=space, title=f"In {space.name}", body="x")

    def queries(people: list[MemberProfile]) -> int:
        with CaptureQueriesContext(connection) as captured:
            found = new_threads_batch([p.user for p in people], {p.user.pk: _ago(1) for p in people})
        assert len(found) == len(people)
        return len(captured)

    # memberships, profiles, the newest discussions of all their spaces
    assert queries(members[:2]) == queries(members) == 3
