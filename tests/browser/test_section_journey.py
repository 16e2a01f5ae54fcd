"""A closed section, from its creation to a new member, in a real browser.

Dina (the MENA coordinator, with her authenticator app) opens a closed section of her network.
Alice, a member in Amman, finds it among the sections, reads its name and description (nothing
more while she is outside) and asks to join; Dina finds the request waiting on her home page and
approves it; Alice now sees its members and moderators. The list reads right to left in Arabic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import expect

from connective.accounts.models import User
from connective.members.models import MemberProfile
from connective.spaces.choices import MembershipState
from connective.spaces.models import Membership, Space
from tests.browser.test_practice_journey import sign_in, sign_in_with_authenticator

NAME = "Non-revenue water circle"
DESCRIPTION = "Utilities of the region compare night flows and district meters."


def test_a_coordinator_opens_a_closed_section_and_lets_a_member_in(
    new_page: Callable[..., Any], alice: MemberProfile, dina: User, screenshot: Callable[[Any, str], Any]
) -> None:
    coordinator = new_page()
    sign_in_with_authenticator(coordinator, email=dina.email)
    coordinator.goto("/spaces/")
    coordinator.get_by_role("link", name="New section").click()
    coordinator.get_by_label("Name").fill(NAME)
    coordinator.get_by_label("Description").fill(DESCRIPTION)
    coordinator.get_by_label("Closed: members ask to join").check()
    with coordinator.expect_navigation():
        coordinator.get_by_role("button", name="Create the section").click()
    expect(coordinator.locator("h1")).to_have_text(NAME)
    section = Space.objects.get(name=NAME)
    assert section.is_closed and section.region == "mena"

    member = new_page()
    sign_in(member, email=alice.user.email)
    member.goto("/spaces/")
    member.get_by_role("link", name=NAME).click()
    expect(member.get_by_text(DESCRIPTION)).to_be_visible()
    expect(member.get_by_text("Dina Nasser")).to_have_count(0)  # the moderators are for insiders
    with member.expect_navigation():
        member.get_by_role("button", name="Ask to join").click()
    expect(member.get_by_text("You asked to join").first).to_be_visible()
    assert Membership.objects.get(space=section, user=alice.user).state == MembershipState.REQUESTED

    coordinator.goto("/")
    coordinator.get_by_role("link", name=f"request to join the section {NAME}").click()
    with coordinator.expect_navigation():
        coordinator.get_by_role("button", name=f"Approve {alice.user.full_name}").click()
    expect(coordinator.get_by_text(f"{alice.user.full_name} joined the section")).to_be_visible()

    member.reload()
    expect(member.get_by_role("button", name="Leave the section")).to_be_visible()
    expect(member.get_by_text("Dina Nasser")).to_be_visible()
    expect(member.get_by_text("2 members")).to_be_visible()
    screenshot(member, "section-joined")

    arabic = new_page(locale="ar")
    sign_in(arabic, email=alice.user.email)
    arabic.goto("/spaces/")
    assert (
        arabic.locator("html").get_attribute("dir") == "rtl"
        or arabic.evaluate("getComputedStyle(document.body).direction") == "rtl"
    )
