"""No member-written text runs in a browser: 980 payloads (tests/security/xss_payloads.txt: script
tags, event handlers, `javascript:` links, SVG and MathML, Markdown link and image tricks,
attribute breakouts, right-to-left and look-alike characters, htmx and other framework
attributes, template-injection strings) written into every field that shows member text, then
every page that shows those fields opened in headless chromium as the people who see them.

The pages are opened with their Content-Security-Policy bypassed, so that what is proven is the
escaping and sanitising; the policy, a second defence, has its own proof (test_csp.py and the
sweep). A trap is set before any script of the page: `__xss`, `alert`, `confirm` and `prompt` record a
call, a dialog handler records one, and any request to /xss (an `hx-get` that survived) is
recorded. None may fire, no element may carry an on*/hx-* attribute or a `javascript:` address
that came from member text, and the payloads must show as text (so the pages did render them).

One server, one browser, one run: marked `sweep`, run once (with PostgreSQL) by the Makefile.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from connective.accounts.models import User
from connective.members.models import MemberProfile

pytestmark = pytest.mark.sweep

# A NUL in a payload (ten split a tag with one) is taken out: no form takes a NUL (Django refuses
# it) and PostgreSQL cannot store one, so what a member can get stored is the payload without it.
PAYLOADS = [
    line.replace("\\n", "\n").replace("\x00", "")
    for line in (Path(__file__).parent.parent / "security" / "xss_payloads.txt").read_text().splitlines()
    if line and not line.startswith("# ")
]
TRAP = """
window.__fired = [];
window.__xss = (...args) => window.__fired.push('__xss');
for (const name of ['alert', 'confirm', 'prompt']) window[name] = () => window.__fired.push(name);
"""
ATTRIBUTES = r"""() => {
  const bad = [];
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.toLowerCase();
      const framework = name.startsWith('on') || name.startsWith('hx-') || name.startsWith('data-hx')
        || name === '_' || name.startsWith('x-') || name.startsWith('v-');
      if (framework && /xss|alert|confirm|prompt/.test(value)) bad.push(`${element.tagName} ${name}`);
      const address = value.replace(/[\s\x00-\x1f]/g, '');
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'srcdoc', 'background'].includes(name)
          && (address.startsWith('javascript:') || address.startsWith('vbscript:') || name === 'srcdoc'))
        bad.push(`${element.tagName} ${name}=${value.slice(0, 40)}`);
    }
  }
  return bad;
}"""


def on_dialog(dialog: Any, fired: list[str]) -> None:
    fired.append(f"dialog {dialog.message}")
    dialog.dismiss()


def on_request(request: Any, fired: list[str]) -> None:
    if "/xss" in request.url:
        fired.append(f"request {request.url}")


def chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def _session_cookie(user: User) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}


def plant(alice: MemberProfile) -> dict[str, Any]:
    """Every field that shows member text, filled with payloads: long fields with a share of about
    100 each (every payload reaches every kind of long field), short ones with one payload each."""
    from connective.consultations.choices import InvitationStatus, RequestStatus
    from connective.consultations.models import ConsultationMessage
    from connective.consultations.tests.factories import (
        AdvisorFactory,
        ConsultationRequestFactory,
        InvitationFactory,
    )
    from connective.practices.choices import PracticeStatus
    from connective.practices.packs.services import pack_create
    from connective.practices.search.index import rebuild
    from connective.practices.tests.factories import PracticeFactory

    shares = ["\n\n".join(share) for share in chunks(PAYLOADS, 100)]
    short = PAYLOADS[::20]  # about 50 payloads for the one-line fields
    advisor = AdvisorFactory.create(
        user__full_name=short[0][:150], organisation=short[1][:200], position=short[2][:200],
        city=short[3][:120], bio=shares[0][:2000],
    )  # fmt: skip
    alice.bio = shares[1][:2000]
    alice.save(update_fields=["bio"])
    practices = []
    for number, share in enumerate(shares):
        practice = PracticeFactory.create(
            title=short[(4 + number) % len(short)][:200], summary=share[:1000], challenge=share, approach=share,
            results=share, lessons_learned=share, transfer_conditions=share, costs_and_financing=share,
            partners=share[:2000], city=short[(14 + number) % len(short)][:120], language_id="en",
            status=PracticeStatus.IN_REVIEW if number == 0 else PracticeStatus.PUBLISHED,
        )  # fmt: skip
        practice.authors.add(alice.user)
        practice.contacts.add(advisor)
        practices.append(practice)
    consultation = ConsultationRequestFactory.create(
        requester=alice, title=short[30][:200], description="\n\n".join(PAYLOADS[:200]),
        what_was_tried="\n\n".join(PAYLOADS[200:300]), status=RequestStatus.IN_PROGRESS,
    )  # fmt: skip
    InvitationFactory.create(request=consultation, advisor=advisor, status=InvitationStatus.ACCEPTED)
    for share in shares:
        ConsultationMessage.objects.create(request=consultation, author=advisor.user, body=share)
    pack = pack_create(actor=alice.user, title=short[31][:200], practice_ids=[p.pk for p in practices[1:]])
    rebuild(embeddings=False)
    return {"advisor": advisor, "practices": practices, "consultation": consultation, "pack": pack}


@pytest.mark.usefixtures("unlimited_rates")
def test_no_payload_in_member_text_runs_on_any_page(
    new_page: Any, live_server: Any, alice: MemberProfile, sam: User
) -> None:
    assert len(PAYLOADS) >= 500
    planted = plant(alice)
    practices, consultation = planted["practices"], planted["consultation"]
    paths = [
        reverse("core:home"),
        reverse("practices:list"),
        reverse("practices:list") + "?q=xss",
        reverse("practices:mine"),
        reverse("practices:pack"),
        reverse("practices:pack_shared", kwargs={"public_id": planted["pack"].public_id}),
        reverse("practices:review_queue"),
        reverse("members:directory"),
        reverse("members:me"),
        reverse("members:detail", kwargs={"slug": planted["advisor"].slug}),
        reverse("networks:members", kwargs={"slug": "mena"}),
        reverse("consultations:mine"),
        reverse("consultations:detail", kwargs={"public_id": consultation.public_id}),
        reverse("consultations:queue"),
        *(reverse("practices:detail", kwargs={"slug": p.slug}) for p in practices),
        reverse("practices:review", kwargs={"slug": practices[0].slug}),
        reverse("practices:edit", kwargs={"slug": practices[0].slug}),
        reverse("practices:history", kwargs={"slug": practices[1].slug}),
    ]
    fired: list[str] = []
    opened = 0
    for user in (alice.user, sam, None):
        # The Content-Security-Policy would stop an inline handler or script on its own; it is
        # bypassed here so that the proof is of the escaping and sanitising, the first defence.
        page = new_page(bypass_csp=True)
        page.add_init_script(TRAP)
        page.on("dialog", lambda dialog: on_dialog(dialog, fired))
        page.on("request", lambda request: on_request(request, fired))
        if user is not None:
            page.context.add_cookies([{**_session_cookie(user), "url": live_server.url}])
        for path in paths:
            response = page.goto(path)
            landed = page.url.removeprefix(live_server.url)
            if response is None or response.status != 200 or landed.startswith(reverse("account_login")):
                continue
            opened += 1
            page.wait_for_load_state("load")
            page.wait_for_timeout(50)  # a load-triggered htmx request or a timer would have started
            for call in page.evaluate("() => window.__fired"):
                fired.append(f"{user} {path}: {call}")
            for attribute in page.evaluate(ATTRIBUTES):
                fired.append(f"{user} {path}: {attribute}")
            if path == paths[12]:  # the consultation shows the payloads, as text
                assert "__xss()" in page.inner_text("main")
        page.close()
    # The trap works: the same payloads, written raw into a page, fire.
    control = new_page(bypass_csp=True)
    control.add_init_script(TRAP)
    control.goto(reverse("core:home"))
    control.evaluate("html => { document.body.innerHTML = html; }", "<img src=x onerror=__xss()>")
    control.wait_for_function("() => window.__fired.length > 0")
    control.evaluate(
        "() => { const a = document.createElement('a'); a.setAttribute('hx-get', '/xss'); document.body.append(a); }"
    )
    assert control.evaluate(ATTRIBUTES)
    print(f"XSS: {len(PAYLOADS)} payloads, {opened} pages opened")
    assert opened >= 45, opened
    assert not fired, "\n".join(fired[:50])
