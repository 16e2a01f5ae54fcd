"""Every page of the platform, as each persona, in every interface language, on a 360 px phone.

The pages come from the URL configuration through the catalogue in tests/routes.py: each named
route is either a page there (`PAGES`, its arguments from one object of each kind) or says why
it is not one (`NOT_PAGES`). A new route in neither list fails the first test below.

On each page that opens (200, HTML) the sweep fails on:
- sideways scrolling (`scrollWidth > innerWidth`);
- a form control without a visible label;
- member-written text (the world's texts carry sentinel words) without its own `dir`
  (text left to the page's direction: an Arabic summary in an English page, or the reverse);
- any axe-core violation at WCAG 2.1 A/AA (axe-core is vendored in tests/browser/vendor/);
- any Content-Security-Policy violation (a `securitypolicyviolation` event or chromium's console
  report of a refused resource, tests/browser/csp.py), before axe runs.
Each Arabic page's screenshot is saved under test-artifacts/screenshots/sweep/.

One server, one browser, one run: the test is marked `sweep` and the Makefile runs it once
(with PostgreSQL, after the other tests), not once per database.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from connective.accounts.models import User
from connective.members.models import MemberProfile
from tests.browser.csp import CspWatch
from tests.routes import NOT_PAGES, PAGES, SENTINELS, World, build_world, route_names

pytestmark = pytest.mark.sweep

SMALL_PHONE = {"width": 360, "height": 740}
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots" / "sweep"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_every_route_is_swept_or_says_why_not() -> None:
    routes = route_names()
    unlisted = routes - set(PAGES) - set(NOT_PAGES)
    assert not unlisted, f"add these routes to PAGES or NOT_PAGES in tests/routes.py: {sorted(unlisted)}"
    gone = (set(PAGES) | set(NOT_PAGES)) - routes
    assert not gone, f"these routes no longer exist: {sorted(gone)}"


@pytest.fixture
def world(alice: MemberProfile) -> World:
    return build_world(alice=alice)


def _session_cookie(user: User | None) -> dict[str, str] | None:
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}


CHECKS = r"""() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) {
    const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 || e.getBoundingClientRect().left < -1)
      .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : ''));
    problems.push(`scrolls sideways: ${root.scrollWidth} > ${window.innerWidth} (${wide.join(', ')})`);
  }
  for (const control of document.querySelectorAll('input, select, textarea')) {
    const type = (control.getAttribute('type') || '').toLowerCase();
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(type)) continue;
    if (!control.checkVisibility()) continue;
    const named = [...(control.labels || [])];
    for (const id of (control.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)) {
      const element = document.getElementById(id);
      if (element) named.push(element);
    }
    const labels = named.filter(l => {
      const box = l.getBoundingClientRect();
      return l.checkVisibility() && box.width > 2 && box.height > 2;
    });
    if (!labels.length) problems.push(`no visible label: ${control.tagName.toLowerCase()}#${control.id || control.name}`);
  }
  const sentinels = SENTINELS;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!sentinels.some(s => node.nodeValue.includes(s))) continue;
    const holder = node.parentElement;
    if (!holder || holder.closest('script, style, template, [hidden]')) continue;
    const isolated = holder.closest('[dir], bdi');
    if (!isolated || isolated === root) problems.push(`member text without its own dir: "${node.nodeValue.trim().slice(0, 40)}" in <${holder.tagName.toLowerCase()}>`);
  }
  return problems;
}"""


def test_every_page_as_every_persona_in_every_language_on_a_small_phone(
    world: World, new_page: Callable[..., Any], live_server: Any,
    alice: MemberProfile, dina: User, sam: User,
) -> None:  # fmt: skip
    from django.urls import reverse

    SHOTS.mkdir(parents=True, exist_ok=True)
    personas: dict[str, User | None] = {
        "visitor": None, "member": alice.user, "advisor": world.advisor.user, "coordinator": dina, "staff": sam,
    }  # fmt: skip
    checks = CHECKS.replace("SENTINELS", json.dumps(SENTINELS))
    axe = AXE.read_text(encoding="utf-8")
    failures: list[str] = []
    visited = 0
    per_persona: dict[str, int] = {}
    for language, _name in settings.LANGUAGES:
        for persona, user in personas.items():
            if user is not None:
                User.objects.filter(pk=user.pk).update(preferred_language=language)
            page = new_page(viewport=SMALL_PHONE, locale=language)
            cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
            session = _session_cookie(user)
            if session:
                cookies.append({**session, "url": live_server.url})
            page.context.add_cookies(cookies)
            watch = CspWatch(page)
            seen: set[str] = set()
            for name, arguments in PAGES.items():
                path = reverse(name, kwargs=arguments(world) or None)
                response = page.goto(path)
                # Every page load counts, the redirects' and the repeated ones' too.
                failures.extend(f"{language} {persona} {path}: {problem}" for problem in watch.problems())
                landed = page.url.removeprefix(live_server.url)
                if landed.startswith(reverse("account_login")):
                    landed = reverse("account_login")  # the sign-in page once, whatever its ?next
                if response is not None and response.status >= 500:
                    failures.append(f"{language} {persona} {path}: {response.status}")
                if user is not None and landed.startswith(reverse("account_login")):
                    failures.append(f"{language} {persona} {path}: sent to sign in, the session did not hold")
                if response is None or response.status != 200 or landed in seen:
                    continue
                if "text/html" not in (response.headers.get("content-type") or ""):
                    continue
                seen.add(landed)
                visited += 1
                per_persona[persona] = per_persona.get(persona, 0) + 1
                where = f"{language} {persona} {landed}"
                failures.extend(f"{where}: {problem}" for problem in page.evaluate(checks))
                page.evaluate(axe)
                violations = page.evaluate(
                    "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
                    ".then(r => r.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.length} nodes, first ${v.nodes[0].target}`))",
                    AXE_TAGS,
                )
                failures.extend(f"{where}: axe {violation}" for violation in violations)
                if language == "ar":
                    slug = re.sub(r"[^a-z0-9]+", "-", landed.lower()).strip("-") or "home"
                    page.screenshot(path=str(SHOTS / f"ar-{persona}-{slug}.png"), full_page=True)
            page.context.close()
    print(f"\nswept {visited} pages: {per_persona}")  # the run's log says how much was covered
    assert visited >= len(settings.LANGUAGES) * 60, visited
    # Each persona opened pages of its own in every language (a session that failed to hold
    # would leave a signed-in persona with the visitor's few pages).
    minimum = {"visitor": 10, "member": 20, "advisor": 15, "coordinator": 20, "staff": 20}
    assert all(per_persona[p] >= minimum[p] * len(settings.LANGUAGES) for p in minimum), per_persona
    assert not failures, f"{len(failures)} problems on {visited} pages:\n" + "\n".join(sorted(failures))
