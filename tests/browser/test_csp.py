"""The Content-Security-Policy holds in chromium: no page of the catalogue (tests/routes.py), as a
visitor, a member (in English and in Arabic) and a coordinator, fires a `securitypolicyviolation`
or logs a refused resource; nor do the parts that run script: the library's htmx search, the live
suggestions and the pickers while writing a request, the map (Leaflet), and the admin.

The detector is shown to work first: a style the page did not bring is refused and reported.
The every-page sweep (test_sweep.py) checks the same on every page, persona and language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse

from connective.accounts.models import User
from connective.core.models import Theme
from connective.members.models import MemberProfile
from tests.browser.csp import CspWatch
from tests.browser.pickers import pick
from tests.routes import PAGES, World, build_world


def _signed_in(
    new_page: Callable[..., Any], live_server: Any, user: User | None, language: str = "en"
) -> Any:
    page = new_page(locale=language)
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    if user is not None:
        User.objects.filter(pk=user.pk).update(preferred_language=language)
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url})
    page.context.add_cookies(cookies)
    return page


def test_the_detector_reports_a_style_the_page_did_not_bring(new_page: Callable[..., Any], db: None) -> None:
    page = new_page()
    watch = CspWatch(page)
    page.goto("/")
    assert watch.problems() == []
    page.evaluate(
        "document.head.appendChild(Object.assign(document.createElement('style'), {textContent: 'body{color:red}'}))"
    )
    page.evaluate("document.body.setAttribute('onclick', 'x()'); document.body.click()")
    page.wait_for_timeout(200)  # violation events are queued as tasks
    found = watch.problems()
    assert any("style-src" in problem for problem in found), found
    assert page.evaluate("getComputedStyle(document.body).color") != "rgb(255, 0, 0)"


def test_no_page_breaks_the_policy_for_a_visitor_a_member_or_a_coordinator(
    new_page: Callable[..., Any], live_server: Any, alice: MemberProfile, dina: User
) -> None:
    world: World = build_world(alice=alice)
    problems: list[str] = []
    opened = 0
    for persona, user, language in (
        ("visitor", None, "en"), ("member", alice.user, "en"), ("member", alice.user, "ar"), ("coordinator", dina, "en"),
    ):  # fmt: skip
        page = _signed_in(new_page, live_server, user, language)
        watch = CspWatch(page)
        for name, arguments in PAGES.items():
            path = reverse(name, kwargs=arguments(world) or None)
            response = page.goto(path)
            page.wait_for_load_state("load")
            if name == "practices:map" and response is not None and response.ok:
                page.locator("#practice-map.leaflet-container").wait_for()
            opened += 1
            problems.extend(f"{language} {persona} {path}: {problem}" for problem in watch.problems())
        page.context.close()
    assert opened == 4 * len(PAGES)
    assert not problems, "\n".join(problems)


def test_scripted_parts_run_within_the_policy(
    new_page: Callable[..., Any], live_server: Any, alice: MemberProfile, sam: User
) -> None:
    world = build_world(alice=alice)
    theme = Theme.objects.get(slug=world.theme_slug)
    page = _signed_in(new_page, live_server, alice.user)
    watch = CspWatch(page)

    # The library's search form and its links swap the results area by htmx.
    page.goto(reverse("practices:list"))
    with page.expect_response(
        lambda r: "/practices/?" in r.url and r.request.headers.get("hx-request") == "true"
    ):
        page.locator("#search-area input[name=q], input[name=q]").first.fill("Qalqilya")
        page.locator("input[name=q]").first.press("Enter")
    page.get_by_text("Night-flow leak detection in Qalqilya").first.wait_for()
    assert watch.problems() == []

    # Writing a request: the pickers, and live suggestions fetched by htmx as she types.
    page.goto(reverse("consultations:create"))
    pick(page, "id_themes", theme.name)
    with page.expect_response(lambda r: "/consultations/suggest/" in r.url) as answer:
        page.fill("#id_title", "Night flows and leaks in an old water network")
        page.fill("#id_description", "Our network loses a third of its water at night.")
    assert answer.value.status == 200
    page.wait_for_timeout(300)  # the swap settles
    assert watch.problems() == []

    # The map: Leaflet draws the outlines and markers, styling them through the CSSOM only.
    with page.expect_response(lambda r: "/practices/map/data.json" in r.url):
        page.goto(reverse("practices:map"))
    page.locator("#practice-map.leaflet-container").wait_for()
    page.locator("#practice-map .leaflet-overlay-pane svg path").first.wait_for(state="attached")
    assert watch.problems() == []

    # The admin works under the same policy (Django 5.2's admin has nothing inline).
    User.objects.filter(pk=sam.pk).update(is_superuser=True)
    staff = _signed_in(new_page, live_server, sam)
    staff_watch = CspWatch(staff)
    for path in (
        "/admin/",
        "/admin/practices/practice/",
        f"/admin/practices/practice/{world.practice_en.pk}/change/",
    ):
        response = staff.goto(path)
        assert response is not None and response.status == 200, path
        staff.wait_for_load_state("load")
        assert staff_watch.problems() == [], path
