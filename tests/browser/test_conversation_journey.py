"""Direct messages and following, in a real browser.

Alice (MENA) opens Bilal's profile and sends him a message with the "Send a message" button;
Bilal signs in, sees the conversation unread in his messages, answers it, and follows a practice
with its button (htmx swaps it in place, no page load). Charlie (SEE) cannot open the
conversation. Then the header's search box finds the practice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from connective.accounts.tests.factories import PASSWORD
from connective.follows.models import Follow
from connective.members.models import MemberProfile
from connective.practices.search.index import rebuild
from connective.practices.tests.factories import PracticeFactory


def sign_in(page: Any, *, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def test_a_member_writes_to_a_peer_who_answers_and_follows_a_practice(
    new_page: Callable[..., Any],
    screenshot: Callable[[Any, str], Path],
    alice: MemberProfile,
    bob: MemberProfile,
    charlie: MemberProfile,
) -> None:
    practice = PracticeFactory.create(title="Community water kiosks in Zarqa")
    rebuild(embeddings=False)

    writer = new_page()
    sign_in(writer, email=alice.user.email)
    writer.goto(f"/members/{bob.slug}/")
    with writer.expect_navigation():
        writer.get_by_role("link", name="Send a message").click()
    writer.get_by_label("Your message").fill("Salam Bilal, how did Tunis plan its kiosks?")
    with writer.expect_navigation():
        writer.get_by_role("button", name="Send").click()
    expect(writer.locator("main")).to_contain_text("how did Tunis plan its kiosks?")
    conversation = writer.url
    screenshot(writer, "conversation-1-sent")

    reader = new_page()
    sign_in(reader, email=bob.user.email)
    reader.goto("/messages/")
    expect(reader.locator(".conversation-unread")).to_have_count(1)
    with reader.expect_navigation():
        reader.locator(".conversation-unread a").first.click()
    reader.get_by_label("Your message").fill("Start with three districts and one meter each.")
    with reader.expect_navigation():
        reader.get_by_role("button", name="Send").click()
    expect(reader.locator("main")).to_contain_text("Start with three districts")

    reader.goto(f"/practices/{practice.slug}/")
    reader.locator(".follow-panel").get_by_role("button", name="Follow", exact=True).click()
    expect(
        reader.locator(".follow-panel").get_by_role("button", name="Following", exact=True)
    ).to_be_visible()
    assert Follow.objects.filter(user=bob.user, practice=practice).exists()

    outsider = new_page()
    sign_in(outsider, email=charlie.user.email)
    answer = outsider.goto(conversation)
    assert answer is not None and answer.status == 404

    with outsider.expect_navigation():
        outsider.locator(".site-nav a", has_text="Search").first.click()
    outsider.locator("#id_search_q").fill("kiosks Zarqa")
    with outsider.expect_navigation():
        outsider.locator(".search-form button").click()
    expect(outsider.locator("main")).to_contain_text("Community water kiosks in Zarqa")
    screenshot(outsider, "conversation-2-search")
