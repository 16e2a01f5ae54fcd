"""Discussion pages as each persona sees them, and their query counts at 10 and 1,000 items."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from connective.accounts.models import User
from connective.discussions import services
from connective.discussions.models import Post, Thread, ThreadRead
from connective.discussions.tests.factories import ThreadFactory
from connective.members.models import MemberProfile
from connective.spaces.models import Space

pytestmark = pytest.mark.django_db


def test_a_member_starts_a_discussion_through_the_form(
    client_for: Callable[..., Client], alice: MemberProfile, mena: Space
) -> None:
    client = client_for(alice)
    page = client.get(reverse("discussions:start", args=[mena.slug]))
    assert page.status_code == 200
    answer = client.post(
        reverse("discussions:start", args=[mena.slug]),
        {"title": "Leaks", "body": "How do you **find** them?"},
    )
    thread = Thread.objects.unscoped().get()
    assert answer.status_code == 302 and answer["Location"] == reverse(
        "discussions:thread", args=[thread.public_id]
    )
    shown = client.get(answer["Location"]).content.decode()
    assert "<strong>find</strong>" in shown and 'lang="en" dir="ltr"' in shown


def test_a_closed_sections_discussion_is_not_found_by_an_outsider_anywhere(
    client_for: Callable[..., Client],
    bob: MemberProfile,
    charlie: MemberProfile,
    emil: User,
    closed_thread: Thread,
) -> None:
    for person in (bob, charlie, emil):
        client = client_for(person)
        assert client.get(reverse("discussions:thread", args=[closed_thread.public_id])).status_code == 404
        assert client.get(reverse("discussions:space", args=[closed_thread.space.slug])).status_code == 404
        assert "Secret pipes" not in client.get(reverse("discussions:index")).content.decode()
        post = Post.objects.unscoped().get(thread=closed_thread)
        assert client.get(reverse("discussions:history", args=[post.public_id])).status_code == 404


def test_its_members_its_coordinator_and_staff_read_it(
    client_for: Callable[..., Client], alice: MemberProfile, dina: User, sam: User, closed_thread: Thread
) -> None:
    for person in (alice, dina, sam):
        page = client_for(person).get(reverse("discussions:thread", args=[closed_thread.public_id]))
        assert page.status_code == 200 and "Closed words" in page.content.decode()


def test_opening_a_thread_marks_it_read_and_the_list_says_what_is_new(
    client_for: Callable[..., Client], alice: MemberProfile, bob: MemberProfile, mena: Space
) -> None:
    thread = services.thread_start(actor=alice.user, space=mena, title="Leaks", body="How?")
    client = client_for(bob)
    assert "New</span>" in client.get(reverse("discussions:index")).content.decode()
    client.get(reverse("discussions:thread", args=[thread.public_id]))
    assert ThreadRead.objects.get(user=bob.user, thread=thread).last_read_number == 1
    assert "New</span>" not in client.get(reverse("discussions:index")).content.decode()
    services.post_reply(actor=alice.user, thread=thread, body="Anyone?")
    assert "New replies" in client.get(reverse("discussions:index")).content.decode()


def test_a_reply_through_the_form_lands_on_its_post(
    client_for: Callable[..., Client], alice: MemberProfile, bob: MemberProfile, mena: Space
) -> None:
    thread = services.thread_start(actor=alice.user, space=mena, title="Leaks", body="How?")
    answer = client_for(bob).post(
        reverse("discussions:reply", args=[thread.public_id]), {"body": "Night flows"}
    )
    post = Post.objects.unscoped().get(thread=thread, number=2)
    assert answer["Location"].endswith(f"#post-{post.public_id}")


def test_an_empty_reply_says_what_is_wrong_and_writes_nothing(
    client_for: Callable[..., Client], alice: MemberProfile, bob: MemberProfile, mena: Space
) -> None:
    thread = services.thread_start(actor=alice.user, space=mena, title="Leaks", body="How?")
    answer = client_for(bob).post(
        reverse("discussions:reply", args=[thread.public_id]), {"body": ""}, follow=True
    )
    assert "This field is required" in answer.content.decode()
    assert Post.objects.unscoped().filter(thread=thread).count() == 1


def test_a_hidden_post_shows_as_hidden_to_members_and_whole_to_its_author(
    client_for: Callable[..., Client], alice: MemberProfile, bob: MemberProfile, dina: User, mena: Space
) -> None:
    thread = services.thread_start(actor=alice.user, space=mena, title="Leaks", body="Zqhiddenword")
    services.post_hide(actor=dina, post=Post.objects.unscoped().get(thread=thread), reason="Rude")
    url = reverse("discussions:thread", args=[thread.public_id])
    assert "Zqhiddenword" not in client_for(bob).get(url).content.decode()
    assert "Zqhiddenword" in client_for(alice).get(url).content.decode()


def test_the_report_queue_is_for_moderators(
    client_for: Callable[..., Client],
    alice: MemberProfile,
    bob: MemberProfile,
    dina: User,
    emil: User,
    mena: Space,
) -> None:
    thread = services.thread_start(actor=alice.user, space=mena, title="Leaks", body="Rude words")
    services.post_report(actor=bob.user, post=Post.objects.unscoped().get(thread=thread), reason="Zqreason")
    assert client_for(bob).get(reverse("discussions:reports")).status_code == 404
    assert "Zqreason" in client_for(dina).get(reverse("discussions:reports")).content.decode()
    assert "Zqreason" not in client_for(emil).get(reverse("discussions:reports")).content.decode()


# -- query counts ---------------------------------------------------------------------------


def _threads(space: Space, author: User, count: int) -> None:
    now = timezone.now()
    threads = Thread.objects.bulk_create(
        [Thread(space=space, title=f"Topic {n}", author=author, last_post_at=now) for n in range(count)]
    )
    Post.objects.bulk_create([Post(thread=t, number=1, author=author, body="Hello") for t in threads])


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["index", "space"])
def test_a_list_reads_as_many_queries_at_10_and_at_1000_threads(
    name: str, client_for: Callable[..., Client], alice: MemberProfile, bob: MemberProfile, mena: Space
) -> None:
    client = client_for(bob)
    url = reverse("discussions:index") if name == "index" else reverse("discussions:space", args=[mena.slug])
    _threads(mena, alice.user, 10)
    client.get(url)  # warm: the session, the legal documents' versions
    at_10 = _queries(client, url)
    _threads(mena, alice.user, 990)
    assert _queries(client, url) == at_10


def test_a_thread_reads_as_many_queries_at_10_and_at_1000_posts(
    client_for: Callable[..., Client], alice: MemberProfile, bob: MemberProfile, mena: Space
) -> None:
    thread = ThreadFactory.create(space=mena, author=alice.user)

    def grow(to: int) -> None:
        start = Post.objects.unscoped().filter(thread=thread).count() + 1
        Post.objects.bulk_create(
            [
                Post(thread=thread, number=n, author=alice.user, body=f"reply {n}")
                for n in range(start, to + 1)
            ]
        )
        Thread.objects.unscoped().filter(pk=thread.pk).update(reply_count=to - 1)

    client = client_for(bob)
    url = reverse("discussions:thread", args=[thread.public_id])
    grow(10)
    client.get(url)
    ThreadRead.objects.filter(user=bob.user).update(last_read_number=0)  # measured unread, as page 50 is
    # session, user, viewer, thread, posts, their files, marking read (one update), following
    at_10 = _queries(client, url)
    grow(1000)
    assert _queries(client, url + "?page=50") == at_10
