"""Mentions read as names: `@<profile slug>` is shown as a link to the member's profile with their
name, to whoever may see that profile, and as `@member` to anyone else; on the thread page, a
post's history and the notification mails, after the sanitiser, in one query for a page."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from connective.core.markdown import render_markdown
from connective.core.models import AuditEvent
from connective.discussions import notifications, services
from connective.discussions.choices import DiscussionEvent
from connective.discussions.mentions import (
    MentionedMember,
    link_mentions,
    mention_excerpt_html,
    mentions_as_text,
)
from connective.discussions.models import Post, Thread, ThreadRead
from connective.discussions.selectors import mentioned_members_for
from connective.discussions.tests.factories import ThreadFactory
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from connective.members.roles import VISITOR, viewer_for
from connective.members.tests.factories import MemberProfileFactory
from connective.spaces.models import Space

pytestmark = pytest.mark.django_db

NOBODY = uuid.UUID("00000000-0000-4000-8000-000000000001")


def _member(name: str) -> dict[uuid.UUID, MentionedMember]:
    return {NOBODY: MentionedMember(name=name, path=f"/members/{NOBODY}/")}


# -- the rendering, after the sanitiser ------------------------------------------------------


def test_a_mention_becomes_a_link_with_the_name_isolated_and_escaped() -> None:
    html = link_mentions(render_markdown(f"Ask @{NOBODY}, please."), _member("<b>Ali</b> & co"))
    assert (
        f'<a href="/members/{NOBODY}/" class="mention">@<bdi>&lt;b&gt;Ali&lt;/b&gt; &amp; co</bdi></a>'
        in html
    )
    assert "<b>" not in html and str(NOBODY) in html  # only in the link's address


def test_a_mention_of_someone_the_reader_may_not_see_reads_member_and_nothing_more() -> None:
    html = link_mentions(render_markdown(f"Ask @{NOBODY}."), {})
    assert html.strip() == "<p>Ask @member.</p>"
    assert mentions_as_text(f"Ask @{NOBODY}.", {}) == "Ask @member."


def test_mentions_in_code_in_a_link_or_in_an_address_are_left_as_written() -> None:
    text = f"`@{NOBODY}`\n\n    @{NOBODY}\n\n[@{NOBODY}](https://example.org/@{NOBODY}) mail@{NOBODY}"
    html = link_mentions(render_markdown(text), _member("Alice"))
    assert "Alice" not in html
    assert html.count(f"@{NOBODY}") == 5


def test_markup_typed_around_a_mention_stays_escaped() -> None:
    text = f'<script>alert(1)</script> @{NOBODY} <img src=x onerror="alert(1)">'
    html = link_mentions(render_markdown(text), _member("Alice"))
    assert "<script>" not in html and "<img" not in html
    assert "@<bdi>Alice</bdi></a>" in html


def test_a_mail_excerpt_links_each_name_and_escapes_the_rest() -> None:
    members = {
        NOBODY: MentionedMember(name="Ali", path=f"/members/{NOBODY}/"),
        uuid.UUID(int=2): MentionedMember(name="Ali Hassan", path="/members/x/"),
    }
    body = f"<i>Hi</i> @{NOBODY} and @{uuid.UUID(int=2)}"
    html = mention_excerpt_html(body, members, 280)
    assert html.startswith("&lt;i&gt;Hi&lt;/i&gt;")
    assert "@<bdi>Ali</bdi></a> and " in html and "@<bdi>Ali Hassan</bdi></a>" in html
    assert "\u2068Ali Hassan\u2069" in mentions_as_text(body, members)


# -- who may see whom -------------------------------------------------------------------------


def test_only_profiles_the_reader_may_open_are_named(alice: MemberProfile, bob: MemberProfile) -> None:
    pending = MemberProfileFactory.create(status=MembershipStatus.PENDING, user__full_name="Pat Pending")
    text = f"@{alice.slug} @{pending.slug}"
    seen = mentioned_members_for(viewer=viewer_for(bob.user), texts=[text])
    assert {slug: m.name for slug, m in seen.items()} == {alice.slug: "Alice Haddad"}
    assert mentioned_members_for(viewer=VISITOR, texts=[text]) == {}
    # Their own (pending) profile, its owner sees.
    assert pending.slug in mentioned_members_for(viewer=viewer_for(pending.user), texts=[text])


def test_the_thread_page_shows_names_to_members_and_member_for_the_hidden(
    client_for: Callable[..., Client], alice: MemberProfile, bob: MemberProfile, mena: Space
) -> None:
    pending = MemberProfileFactory.create(status=MembershipStatus.PENDING, user__full_name="Pat Pending")
    thread = services.thread_start(
        actor=bob.user, space=mena, title="Leaks", body=f"Ask @{alice.slug} and @{pending.slug}."
    )
    page = client_for(bob).get(reverse("discussions:thread", args=[thread.public_id])).content.decode()
    profile = reverse("members:detail", args=[alice.slug])
    assert f'<a href="{profile}" class="mention">@<bdi>Alice Haddad</bdi></a>' in page
    assert "and @member." in page
    assert "Pat Pending" not in page and str(pending.slug) not in page
    assert f"@{alice.slug}" not in page


def test_the_history_of_a_post_shows_names_in_every_version(
    client_for: Callable[..., Client], alice: MemberProfile, bob: MemberProfile, mena: Space
) -> None:
    thread = services.thread_start(actor=bob.user, space=mena, title="Leaks", body=f"Ask @{alice.slug}.")
    post = Post.objects.unscoped().get(thread=thread, number=1)
    services.post_edit(actor=bob.user, post=post, body=f"Ask @{alice.slug} again.")
    page = client_for(bob).get(reverse("discussions:history", args=[post.public_id])).content.decode()
    assert page.count("@<bdi>Alice Haddad</bdi></a>") == 2


def test_a_mention_mail_names_who_the_recipient_may_see(
    alice: MemberProfile, bob: MemberProfile, mena: Space
) -> None:
    pending = MemberProfileFactory.create(status=MembershipStatus.PENDING, user__full_name="Pat Pending")
    services.thread_start(
        actor=bob.user, space=mena, title="Leaks", body=f"Ask @{alice.slug} or @{pending.slug}."
    )
    event = AuditEvent.objects.filter(action=DiscussionEvent.MENTIONED.value).latest("id")
    rendered = notifications.mention_render(event, alice.user)
    assert rendered is not None
    text = render_to_string("discussions/notifications/mention_body.txt", rendered.context)
    html = render_to_string("discussions/notifications/mention_body.html", rendered.context)
    assert "@\u2068Alice Haddad\u2069 or @member." in text
    profile = f"/members/{alice.slug}/"
    assert f'{profile}">@<bdi>Alice Haddad</bdi></a> or @member.' in html
    assert "Pat Pending" not in text + html and str(pending.slug) not in text + html


# -- query counts ------------------------------------------------------------------------------


def test_a_thread_full_of_mentions_reads_as_many_queries_at_10_and_at_1000_posts(
    client_for: Callable[..., Client], alice: MemberProfile, bob: MemberProfile, mena: Space
) -> None:
    people = [MemberProfileFactory.create() for _ in range(25)]
    thread = ThreadFactory.create(space=mena, author=alice.user, opening=f"Hello @{people[0].slug}")

    def grow(to: int) -> None:
        start = Post.objects.unscoped().filter(thread=thread).count() + 1
        Post.objects.bulk_create(
            [
                Post(
                    thread=thread,
                    number=n,
                    author=alice.user,
                    body=f"reply {n} to @{people[n % 25].slug} and @{people[(n + 7) % 25].slug}",
                    created_at=timezone.now(),
                )
                for n in range(start, to + 1)
            ]
        )
        Thread.objects.unscoped().filter(pk=thread.pk).update(reply_count=to - 1)

    client = client_for(bob)
    url = reverse("discussions:thread", args=[thread.public_id])
    grow(10)
    client.get(url)
    ThreadRead.objects.filter(user=bob.user).update(last_read_number=0)

    def count(address: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            answer = client.get(address)
        assert answer.status_code == 200
        return len(captured), answer.content.decode()

    # session, user, viewer, thread, posts, their files, the mentioned profiles (one query),
    # marking read (one update), following
    at_10, page = count(url)
    assert page.count('class="mention"') == 19  # the opening post names one, each reply two
    grow(1000)
    at_1000, page = count(url + "?page=50")
    assert page.count('class="mention"') == 40
    assert at_1000 == at_10


def test_the_report_queue_names_mentions_in_one_query_whatever_its_length(
    client_for: Callable[..., Client], alice: MemberProfile, bob: MemberProfile, mena: Space, dina: object
) -> None:
    def report(n: int) -> None:
        someone = MemberProfileFactory.create(user__full_name=f"Named {n}")
        thread = services.thread_start(
            actor=alice.user, space=mena, title=f"T{n}", body=f"See @{someone.slug}"
        )
        services.post_report(
            actor=bob.user, post=Post.objects.unscoped().get(thread=thread, number=1), reason="Spam, I think"
        )

    client = client_for(dina)
    url = reverse("discussions:reports")
    report(0)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert "@<bdi>Named 0</bdi></a>" in client.get(url).content.decode()
    for n in range(1, 15):
        report(n)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert page.count('class="mention"') == 15
    assert len(many) == len(few)
