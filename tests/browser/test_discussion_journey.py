"""A discussion, from its first message to a reply by email, in a real browser.

Alice (Amman) starts a discussion in her network's leak-detection section and mentions Bob
(`@<his profile slug>`). Bob signs in and sees the bell's unread count; he opens his
notifications, follows the mention to the thread and replies there, in Arabic (it reads right
to left). Rania (Irbid), who follows the thread, gets the notification mail of Bob's reply from
the real SMTP server (aiosmtpd) and answers it from her mail client: her reply goes, with the
quoted original and her signature, to the notification's Reply-To through the real inbound
receiver (aiosmtpd with the receiver's handler, started here). When Alice reloads the thread,
Rania's reply is there, under her name, without the quote or signature.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from connective.core.tests import test_mail
from connective.core.tests.test_mail import Inbox
from connective.discussions.choices import SubscriptionState
from connective.discussions.models import Post, Thread
from connective.discussions.services import thread_follow
from connective.discussions.tests.factories import SpaceFactory
from connective.discussions.tests.test_reply_by_email import (
    DOMAIN,
    client_reply,
    free_port,
    hand_off_and_disconnect,
    latest_to,
    plain_text,
    reply_to_of,
    send,
)
from connective.inbound.addresses import read_reply_address
from connective.inbound.receiver import receiver
from connective.members.models import MemberProfile
from connective.members.tests.factories import MemberProfileFactory
from connective.spaces.choices import SpaceRole
from connective.spaces.models import Membership
from tests.browser.test_practice_journey import sign_in

smtp = test_mail.smtp  # the real outgoing SMTP server, as in the mail tests

TITLE = "Night flows in district meters"
OPENING = "How often do you read night flows? @{bob} you tried acoustic loggers in Tunis, I think."
ARABIC = "نقرأ التدفقات الليلية كل ربع ساعة، والأجهزة الصوتية وجدت ثلاث تسربات في أسبوع."
RANIA_TYPED = "In Irbid we read them hourly.\nThe loggers paid for themselves within a year."
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def inbound_port(settings: Any) -> Iterator[int]:
    """The real inbound receiver (SMTP) for our reply domain, on a free port."""
    settings.INBOUND_MAIL_DOMAIN = DOMAIN
    controller = receiver(host="127.0.0.1", port=free_port(), hand_off=hand_off_and_disconnect)
    controller.start()
    yield controller.port
    controller.stop()


def test_a_member_starts_a_discussion_a_peer_replies_from_the_bell_and_a_third_by_email(
    new_page: Callable[..., Any],
    screenshot: Callable[[Any, str], Path],
    smtp: Inbox,
    inbound_port: int,
    alice: MemberProfile,
    bob: MemberProfile,
    unlimited_rates: None,
) -> None:
    rania = MemberProfileFactory.create(
        user__full_name="Rania Odeh", user__email="rania@example.org", city="Irbid", country="JO"
    )
    section = SpaceFactory.create(slug="leak-detection", name="Leak detection")
    for member in (alice, bob, rania):
        Membership.objects.create(space=section, user=member.user, role=SpaceRole.MEMBER)

    # Alice starts the discussion and mentions Bob.
    page = new_page(viewport=DESKTOP)
    sign_in(page, email=alice.user.email)
    page.goto(f"/discussions/s/{section.slug}/")
    page.get_by_role("link", name="New discussion").click()
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Your message").fill(OPENING.format(bob=bob.slug))
    with page.expect_navigation():
        page.get_by_role("button", name="Open the discussion").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    thread = Thread.objects.unscoped().get(title=TITLE)
    thread_path = f"/discussions/t/{thread.public_id}/"
    screenshot(page, "discussion-1-started")
    # Rania follows the thread (she will hear of its replies by mail).
    thread_follow(actor=rania.user, thread=thread, state=SubscriptionState.SUBSCRIBED)

    # Bob sees the bell, opens his notifications and follows the mention to the thread.
    peer = new_page(viewport=DESKTOP)
    sign_in(peer, email=bob.user.email)
    peer.goto("/")
    expect(peer.locator("a.bell .bell-count")).to_contain_text("1")
    peer.locator("a.bell").click()
    expect(peer.locator("h1")).to_have_text("Notifications")
    mention = peer.locator(".notification-unread a").filter(has_text="mentioned you in")
    expect(mention).to_contain_text(TITLE)
    screenshot(peer, "discussion-2-bell")
    with peer.expect_navigation():
        mention.click()
    assert peer.url.split("#")[0].endswith(thread_path)
    expect(peer.locator("h1")).to_have_text(TITLE)
    expect(peer.locator("a.bell .bell-count")).to_have_count(0)  # read now

    # He replies in the platform, in Arabic: his post reads right to left.
    peer.get_by_label("Your reply").fill(ARABIC)
    with peer.expect_navigation():
        peer.get_by_role("button", name="Send the reply").click()
    bobs = Post.objects.unscoped().get(thread=thread, author=bob.user)
    text = peer.locator(f"#post-{bobs.public_id} .member-text")
    expect(text).to_contain_text("التدفقات الليلية")
    expect(text).to_have_attribute("dir", "rtl")
    expect(text).to_have_attribute("lang", "ar")
    assert (
        peer.evaluate(
            "id => getComputedStyle(document.querySelector(`#post-${id} .member-text`)).direction",
            str(bobs.public_id),
        )
        == "rtl"
    )
    screenshot(peer, "discussion-3-arabic-reply")

    # Rania got the mail of Bob's reply, with her own reply address; she answers from her client.
    notification = latest_to(smtp, rania.user.email)
    assert "التدفقات الليلية" in plain_text(notification)
    assert read_reply_address(reply_to_of(notification)).user_id == rania.user.pk
    reply = client_reply(
        notification,
        sender="Rania Odeh <rania@example.org>",
        typed=RANIA_TYPED,
        signature="Best regards,\nRania Odeh\nYarmouk Water Company",
        quote_header=f"On Mon, 7 Dec 2026 at 11:40, Connective <{reply_to_of(notification)}> wrote:",
    )
    send(inbound_port, reply)

    # Alice reloads the thread: Rania's reply is there, under her name, only what she typed.
    page.reload()
    ranias = Post.objects.unscoped().get(thread=thread, author=rania.user)
    assert ranias.body == RANIA_TYPED
    posted = page.locator(f"#post-{ranias.public_id}")
    expect(posted.locator(".post-header")).to_contain_text("Rania Odeh")
    expect(posted.locator(".member-text")).to_contain_text("The loggers paid for themselves within a year.")
    expect(posted).not_to_contain_text("wrote:")
    expect(page.locator("article.post")).to_have_count(3)
    screenshot(page, "discussion-4-reply-by-email")
