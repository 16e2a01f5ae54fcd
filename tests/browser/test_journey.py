"""The whole journey of a new member, in a real browser, then the same pages in Arabic.

Nadia, an urban planner in Casablanca (Morocco, so the MENA network), declares her membership,
confirms her email address from the mail she receives, is approved by Dina (the MENA
coordinator, who signs in with her authenticator app), completes her profile and finds Bilal
(bob, a MENA member in Tunis) in the directory. Then she reads the same pages in Arabic.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core import mail

from connective.accounts.models import User
from connective.accounts.tests.factories import PASSWORD, TOTP_SECRET, totp_code
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from tests.browser.pickers import chosen, pick

NADIA = "nadia.benali@example.org"
NADIA_PASSWORD = "Casablanca-planning-2026"


def path_of(url: str) -> str:
    """The path and query of a link in a mail (the mail may name the production host)."""
    return re.sub(r"^https?://[^/]+", "", url)


def sign_in(page: Any, *, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def declare_membership(page: Any) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Join").click()
    assert page.locator("h1").inner_text() == "Declaration of membership"
    page.fill("#id_email", NADIA)
    page.fill("#id_password1", NADIA_PASSWORD)
    page.fill("#id_password2", NADIA_PASSWORD)
    page.fill("#id_full_name", "Nadia Benali")
    page.select_option("#id_preferred_language", "en")
    page.locator("input[name=member_type]").first.check()
    page.fill("#id_organisation", "Commune de Casablanca")
    page.fill("#id_position", "Urban planner")
    page.fill("#id_city", "Casablanca")
    pick(page, "id_country", "Morocco")
    pick(page, "id_languages", "francais")  # found without its accent
    assert chosen(page, "id_languages") == ["fr"]
    assert page.get_by_role("button", name="Remove French (Français)").count() == 1
    page.check("#id_willing_to_advise")
    page.check("#id_accept_guidelines")
    page.check("#id_accept_privacy")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my declaration").click()


def test_a_visitor_joins_is_approved_completes_her_profile_and_finds_a_peer(
    new_page: Callable[..., Any],
    screenshot: Callable[[Any, str], Path],
    bob: MemberProfile,
    dina: User,
) -> None:
    mail.outbox.clear()
    nadia = new_page()

    # 1. She declares her membership; nothing is approved yet.
    declare_membership(nadia)
    screenshot(nadia, "journey-1-declaration-sent")
    profile = MemberProfile.objects.get(user__email=NADIA)
    assert profile.status == MembershipStatus.PENDING
    assert profile.region == "mena"

    # 2. She confirms her address from the link in the mail.
    confirmation = next(m for m in mail.outbox if NADIA in m.to and "confirm-email" in m.body)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", str(confirmation.body))
    assert link, confirmation.body
    nadia.goto(path_of(link.group(0)))
    with nadia.expect_navigation():
        nadia.locator("main form button[type=submit]").first.click()
    screenshot(nadia, "journey-2-address-confirmed")
    assert "coordinators will review it" in nadia.locator("main").inner_text()

    # 3. Dina signs in with her password and her authenticator, and approves the declaration.
    dina_page = new_page()
    sign_in(dina_page, email=dina.email, password=PASSWORD)
    dina_page.fill("#id_code", totp_code(TOTP_SECRET))
    with dina_page.expect_navigation():
        dina_page.locator("main form button[type=submit]").first.click()
    dina_page.get_by_role("navigation", name="Main").get_by_role("link", name="Declarations").click()
    assert dina_page.locator("h1").inner_text() == "Declarations of membership"
    screenshot(dina_page, "journey-3-declarations")
    with dina_page.expect_navigation():
        dina_page.get_by_role("button", name="Approve Nadia Benali").click()
    profile.refresh_from_db()
    assert profile.status == MembershipStatus.APPROVED
    assert profile.decided_by_id == dina.pk
    assert len([m for m in mail.outbox if NADIA in m.to]) >= 2, "no mail told Nadia of the decision"

    # 4. Nadia, now a member, completes her profile.
    nadia.goto("/")
    nav = nadia.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Directory").count() == 1
    nav.get_by_role("link", name="My profile").click()
    nadia.goto("/members/me/edit/")
    nadia.fill("#id_position", "Head of urban planning")
    pick(nadia, "id_time_zone", "Casablanca")
    assert chosen(nadia, "id_time_zone") == ["Africa/Casablanca"]
    with nadia.expect_navigation():
        nadia.get_by_role("button", name="Save my profile").click()
    profile.refresh_from_db()
    assert profile.position == "Head of urban planning"
    assert User.objects.get(email=NADIA).time_zone == "Africa/Casablanca"
    screenshot(nadia, "journey-4-profile-saved")

    # 5. She finds Bilal, a peer in her network, in the directory.
    nadia.get_by_role("navigation", name="Main").get_by_role("link", name="Directory").click()
    nadia.fill("#id_q", "Tunis")
    with nadia.expect_navigation():
        nadia.get_by_role("button", name="Search").click()
    screenshot(nadia, "journey-5-directory")
    with nadia.expect_navigation():
        nadia.get_by_role("link", name="Bilal Ben Salah").click()
    assert nadia.locator("h1").inner_text() == "Bilal Ben Salah"
    assert "Commune de Tunis" in nadia.locator("main").inner_text()

    # 6. The same pages in Arabic, right to left; the choice is kept on her account.
    with nadia.expect_navigation():
        nadia.get_by_role("button", name="العربية").click()
    assert User.objects.get(email=NADIA).preferred_language == "ar"
    for name, url in [
        ("home", "/"),
        ("directory", "/members/?q=Tunis"),
        ("peer-profile", f"/members/{bob.slug}/"),
        ("my-profile", "/members/me/"),
        ("profile-edit", "/members/me/edit/"),
        ("networks", "/networks/"),
        ("network-mena", "/networks/mena/"),
    ]:
        nadia.goto(url)
        assert nadia.locator("html").get_attribute("dir") == "rtl", url
        assert nadia.locator("html").get_attribute("lang") == "ar", url
        screenshot(nadia, f"journey-ar-{name}")
    # Nothing overflows sideways on a phone in right-to-left layout.
    nadia.goto("/members/me/edit/")
    assert nadia.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    # Visitors pages in Arabic too (a fresh browser, no account).
    visitor = new_page(locale="ar")
    visitor.goto("/")
    visitor.get_by_role("button", name="العربية").click()
    for name, url in [("home", "/"), ("signup", "/accounts/signup/"), ("login", "/accounts/login/")]:
        visitor.goto(url)
        assert visitor.locator("html").get_attribute("dir") == "rtl", url
        screenshot(visitor, f"journey-ar-visitor-{name}")
