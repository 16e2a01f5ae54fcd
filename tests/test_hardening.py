"""Headers that protect every page (connective/core/security.py, config/settings.py "Hardening"):
a nonce-based Content-Security-Policy and no inline script or style in any page, Permissions-Policy,
`Cache-Control: private, no-store` on every page a signed-in person opens, and SameSite on every
cookie the site sets over a sign-up, a sign-in, a language switch and a form post.

Over every page of the catalogue (tests/routes.py). The same policy is checked in a real browser
by tests/browser/test_csp.py and the every-page sweep.
"""

from __future__ import annotations

import re
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from connective.accounts.models import User
from connective.members.models import MemberProfile
from connective.networks.tests.test_signup import declaration
from tests.routes import build_world, page_paths

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
HANDLER_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def directives(response: object) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    parsed: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def inline_code(html: str) -> list[str]:
    """Every inline script, style, style="" or on…= handler in a page (sentinel texts aside:
    a member's words are escaped, so a `<` in them never opens a tag)."""
    found: list[str] = []
    for name, pattern in (
        ("inline <script>", INLINE_SCRIPT),
        ("<style>", INLINE_STYLE),
        ('style=""', STYLE_ATTRIBUTE),
        ("on…= handler", HANDLER_ATTRIBUTE),
        ("javascript: address", JAVASCRIPT_URL),
    ):
        found.extend(f"{name}: {match.group(0)[:80]}" for match in pattern.finditer(html))
    return found


def test_every_page_sends_a_nonce_based_policy_and_has_no_inline_code(
    alice: MemberProfile, dina: User, sam: User
) -> None:
    world = build_world(alice=alice)
    problems: list[str] = []
    checked = 0
    nonces: set[str] = set()
    for persona in (None, alice.user, dina, sam):
        client = Client()
        if persona is not None:
            client.force_login(persona)
        for path in page_paths(world):
            response = client.get(path)
            who = f"{persona or 'visitor'} {path} ({response.status_code})"
            policy = directives(response)
            expected = {
                "default-src": ["'self'"],
                "object-src": ["'none'"],
                "base-uri": ["'self'"],
                "frame-ancestors": ["'none'"],
                "form-action": ["'self'"],
            }
            problems.extend(
                f"{who}: {name} is {policy.get(name)}"
                for name, value in expected.items()
                if policy.get(name) != value
            )
            for name in ("script-src", "style-src"):
                if "'unsafe-inline'" in policy.get(name, []) or "'unsafe-eval'" in policy.get(name, []):
                    problems.append(f"{who}: {name} allows unsafe code: {policy[name]}")
            if response.get("Permissions-Policy") != settings.PERMISSIONS_POLICY:
                problems.append(f"{who}: Permissions-Policy is {response.get('Permissions-Policy')!r}")
            if "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            problems.extend(f"{who}: {found}" for found in inline_code(html))
            # The nonce in the header is the one the page's scripts carry, new for each response.
            nonce = next(
                (w[len("'nonce-") : -1] for w in policy["script-src"] if w.startswith("'nonce-")), ""
            )
            if response.status_code == 200:
                checked += 1
                if not nonce or f'nonce="{nonce}"' not in html:
                    problems.append(f"{who}: the page's scripts do not carry the header's nonce {nonce!r}")
                nonces.add(nonce)
    assert not problems, "\n".join(problems)
    assert checked >= 4 * 20, checked
    assert len(nonces) == checked, "a nonce was sent twice"


def test_the_other_protective_headers_are_on_every_page(visitor: Client) -> None:
    response = visitor.get(reverse("core:home"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in response["Permissions-Policy"]


def test_error_pages_carry_the_policy_too(visitor: Client, client_for: object, alice: MemberProfile) -> None:
    missing = visitor.get("/no-such-page/")
    assert missing.status_code == 404
    assert directives(missing)["default-src"] == ["'self'"]
    assert not inline_code(missing.content.decode())


def test_the_map_allows_the_tile_host_only_when_tiles_are_configured(
    visitor: Client, settings: object
) -> None:
    without = directives(visitor.get(reverse("practices:map")))
    assert without["img-src"] == ["'self'"]
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"  # type: ignore[attr-defined]
    with_tiles = directives(visitor.get(reverse("practices:map")))
    assert with_tiles["img-src"] == ["'self'", "https://tiles.example.org", "data:"]


def test_the_admin_gets_the_same_strict_policy(client_for: object, sam: User) -> None:
    client = client_for(sam)  # type: ignore[operator]
    for path in ("/admin/login/", "/admin/"):
        policy = directives(client.get(path))
        assert policy["style-src"][0] == "'self'", policy  # and a nonce only where a page uses one
        assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]
        assert policy["default-src"] == ["'self'"]


@pytest.mark.parametrize("persona", ["alice", "dina", "sam", "advisor"])
def test_every_page_a_signed_in_person_opens_is_private_and_not_stored(
    persona: str, request: pytest.FixtureRequest, alice: MemberProfile, dina: User, sam: User
) -> None:
    world = build_world(alice=alice)
    people = {"alice": alice.user, "dina": dina, "sam": sam, "advisor": world.advisor.user}
    client = Client()
    client.force_login(people[persona])
    paths = page_paths(world)
    # Beside the pages: the downloads and exports a signed-in person may open.
    paths += [
        reverse("practices:pdf", kwargs={"slug": world.practice_en.slug}),
        reverse("practices:export"),
        reverse("practices:feed"),
    ]
    wrong = []
    for path in paths:
        response = client.get(path)
        if response.get("Cache-Control") != "private, no-store":
            wrong.append(f"{path} ({response.status_code}): {response.get('Cache-Control')!r}")
    assert not wrong, "\n".join(wrong)
    assert len(paths) >= 50


def test_a_visitor_page_kept_in_the_session_is_private_too(visitor: Client) -> None:
    """The sign-in page carries a CSRF token of this visitor: no shared cache may keep it."""
    response = visitor.get(reverse("account_login"))
    assert response["Cache-Control"] == "private, no-store"


def test_a_static_file_stays_cacheable(visitor: Client, alice: MemberProfile, client_for: object) -> None:
    from django.contrib.staticfiles import finders

    assert finders.find("css/connective.css")
    client = client_for(alice)  # type: ignore[operator]
    response = client.get("/static/css/connective.css")
    if response.status_code == 200:  # served by WhiteNoise from STATIC_ROOT once collected
        assert "no-store" not in response.get("Cache-Control", "")


def _collect(response: object, jar: list[tuple[str, str]]) -> None:
    for name, morsel in response.cookies.items():  # type: ignore[attr-defined]
        jar.append((name, morsel.OutputString()))


def test_every_cookie_the_site_sets_says_samesite(current_documents: object) -> None:
    """Over a sign-up, a sign-in, a language switch and a form post, every Set-Cookie header."""
    from allauth.account.models import EmailAddress

    client = Client()
    cookies: list[tuple[str, str]] = []
    _collect(client.get(reverse("account_signup")), cookies)
    _collect(client.post(reverse("account_signup"), declaration()), cookies)
    EmailAddress.objects.filter(email="nadia@example.org").update(verified=True)
    _collect(client.post(reverse("account_logout")), cookies)
    _collect(client.get(reverse("account_login")), cookies)
    signed_in = client.post(
        reverse("account_login"),
        {"login": "nadia@example.org", "password": "a long and unusual passphrase 42"},
    )
    assert signed_in.status_code == 302, signed_in.content.decode()[:2000]
    _collect(signed_in, cookies)
    _collect(client.post(reverse("core:set_language"), {"language": "ar", "next": "/"}), cookies)
    _collect(client.post("/i18n/setlang/", {"language": "fr", "next": "/"}), cookies)
    _collect(client.get(reverse("members:profile_edit")), cookies)
    _collect(client.post(reverse("members:profile_edit"), {}), cookies)
    _collect(client.post(reverse("account_logout")), cookies)
    names = {name for name, _header in cookies}
    assert {
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
    } <= names, names
    missing = []
    for name, header in cookies:
        parsed: SimpleCookie = SimpleCookie()
        parsed.load(header)
        if parsed[name]["samesite"].lower() not in {"lax", "strict"}:
            missing.append(header)
    assert not missing, missing
    assert len(cookies) >= 6, cookies
    # The session and language cookies are for the server alone (a script cannot read them).
    for name in (settings.SESSION_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME):
        set_ones = [header for cookie, header in cookies if cookie == name and "Max-Age=0" not in header]
        assert set_ones and all("HttpOnly" in header for header in set_ones), (name, set_ones)


def test_the_map_data_declares_itself_the_same_for_everyone(client_for: object, alice: MemberProfile) -> None:
    response = client_for(alice).get(reverse("practices:map_data"))  # type: ignore[operator]
    assert response["Cache-Control"] == "public, max-age=300"


def test_a_view_that_declares_itself_public_keeps_its_cache_headers(alice: MemberProfile) -> None:
    """The one way out of the private rule: `@public_cacheable`, for an answer the same for all."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from connective.core.security import HardeningHeadersMiddleware, public_cacheable

    def same_for_everyone(request: object) -> HttpResponse:
        response = HttpResponse("the same for all")
        response["Cache-Control"] = "public, max-age=600"
        return response

    def personal(request: object) -> HttpResponse:
        return same_for_everyone(request)

    request = RequestFactory().get("/")
    request.user = alice.user
    public = HardeningHeadersMiddleware(public_cacheable(same_for_everyone))(request)
    assert public["Cache-Control"] == "public, max-age=600"
    private = HardeningHeadersMiddleware(personal)(request)
    assert private["Cache-Control"] == "private, no-store"
    assert private["Permissions-Policy"] == public["Permissions-Policy"] == settings.PERMISSIONS_POLICY
