"""The members' programme, in a real browser.

Alice (Amman, MENA) proposes an exchange visit for her network's programme. Bob (Tunis) and
Rania (Irbid) each support it with one click, the count changing in place (htmx) without a new
page. Dina, the MENA coordinator, signs in with her authenticator app, finds the proposal waiting
on her home page, and accepts it with a note. The programme page then shows it as planned, to a
visitor too, without anyone's name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from connective.accounts.models import User
from connective.members.models import MemberProfile
from connective.members.tests.factories import MemberProfileFactory
from connective.networks.choices import ProposalStatus
from connective.networks.models import Proposal
from tests.browser.test_practice_journey import sign_in, sign_in_with_authenticator

TITLE = "Exchange visit: door-to-door sorting in Sfax"
DESCRIPTION = "Two days with the **Sfax** collection crews, to see how households were convinced to sort."


def _support(page: Any, proposal_url: str, expected: str) -> None:
    page.goto(proposal_url)
    button = page.get_by_role("button", name="Support this proposal")
    url_before = page.url
    button.click()
    expect(page.locator("#proposal-support")).to_contain_text(expected)
    expect(page.get_by_role("button", name="You support this · withdraw your support")).to_be_visible()
    assert page.url == url_before  # swapped in place by htmx, no new page


def test_members_propose_and_support_and_the_coordinator_puts_it_in_the_programme(
    new_page: Callable[..., Any],
    screenshot: Callable[[Any, str], Path],
    alice: MemberProfile,
    bob: MemberProfile,
    dina: User,
) -> None:
    rania = MemberProfileFactory.create(user__full_name="Rania Odeh", city="Irbid", country="JO")

    # Alice proposes.
    page = new_page()
    sign_in(page, email=alice.user.email)
    page.goto("/networks/mena/")
    page.get_by_role("link", name="The network's programme: what is planned and what members propose").click()
    page.get_by_role("link", name="Propose an activity or a theme").click()
    page.get_by_label("What do you propose?").select_option("exchange_visit")
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Description").fill(DESCRIPTION)
    page.get_by_label("Language it is written in").select_option("en")
    with page.expect_navigation():
        page.get_by_role("button", name="Publish the proposal").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text("Your proposal is published.")
    proposal = Proposal.objects.get(title=TITLE)
    proposal_url = page.url
    screenshot(page, "programme-1-proposed")

    # Bob and Rania support it, one click each.
    for number, member in enumerate((bob, rania), start=1):
        supporter = new_page()
        sign_in(supporter, email=member.user.email)
        _support(supporter, proposal_url, f"{number} supporter")
    assert proposal.supports.count() == 2
    screenshot(supporter, "programme-2-supported")

    # The programme page lists it among what members asked for, with its two supporters.
    page.goto("/networks/mena/programme/")
    asked = page.locator("section.programme-asked")
    expect(asked).to_contain_text(TITLE)
    expect(asked).to_contain_text("2 supporters")

    # Dina finds it waiting on her home page and accepts it.
    coordinator = new_page()
    sign_in_with_authenticator(coordinator, email=dina.email)
    coordinator.goto("/")
    coordinator.get_by_role(
        "link", name="open proposal for the programme to decide: MENA", exact=False
    ).click()
    coordinator.get_by_role("link", name=TITLE).click()
    coordinator.get_by_text("Accept into the programme").click()
    coordinator.get_by_label("A note for the author and supporters").fill(
        "Planned for May, with Sfax's crews."
    )
    with coordinator.expect_navigation():
        coordinator.get_by_role("button", name="Accept", exact=True).click()
    expect(coordinator.locator("main")).to_contain_text("The proposal is now in the programme.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.decided_by == dina

    # The programme page shows it as planned, to members and to a visitor without names.
    page.goto("/networks/mena/programme/")
    planned = page.locator("section.programme-planned")
    expect(planned).to_contain_text(TITLE)
    expect(page.locator("section.programme-asked")).not_to_contain_text(TITLE)
    screenshot(page, "programme-3-planned")
    visitor = new_page()
    visitor.goto("/networks/mena/programme/")
    expect(visitor.locator("section.programme-planned")).to_contain_text(TITLE)
    assert alice.user.full_name not in visitor.content()
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.locator("h1")).to_have_text(TITLE)
    assert bob.user.full_name not in visitor.content()
