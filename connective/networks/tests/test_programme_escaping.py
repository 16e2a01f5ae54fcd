"""No member-written text in the programme becomes markup: the 980 payloads of the XSS proof
(tests/security/xss_payloads.txt) written into every programme field that shows member text,
then the programme page and a proposal's page read as a member, a coordinator and a visitor.

No element may carry an on* or hx-* attribute or a `javascript:` address, and no <script>,
<iframe>, <object> or <embed> may appear but the page's own htmx script; the payloads show as
text. (The real-browser XSS sweep, tests/browser/test_xss.py, opens the other apps' pages.)
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from connective.accounts.models import User
from connective.members.models import MemberProfile
from connective.networks.choices import ProposalStatus
from connective.networks.tests.factories import (
    ProposalCommentFactory,
    ProposalFactory,
    ProposalSupportFactory,
)

pytestmark = pytest.mark.django_db

PAYLOADS = [
    line.replace("\\n", "\n").replace("\x00", "")
    for line in (Path(settings.BASE_DIR) / "tests" / "security" / "xss_payloads.txt").read_text().splitlines()
    if line and not line.startswith("# ")
]
ACTIVE_TAGS = {"script", "iframe", "object", "embed", "frame", "base", "meta", "link", "style"}


class Markup(HTMLParser):
    """Collects what in the page's <body> could run: handlers, htmx attributes, script-ish tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_body = False
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.in_body = True
        if not self.in_body:
            return
        if tag in ACTIVE_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if (
                name.startswith("on")
                or name.startswith("data-hx")
                or (name.startswith("hx-") and not (value or "").startswith("/networks/"))
            ):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.found.append(f"<{tag} {name}={value!r}>")


def _shares(size: int) -> list[str]:
    return ["\n\n".join(PAYLOADS[start : start + size]) for start in range(0, len(PAYLOADS), size)]


def test_no_payload_in_the_programme_becomes_markup(
    client_for: Callable[[User | MemberProfile], Client],
    visitor: Client,
    alice: MemberProfile,
    bob: MemberProfile,
    dina: User,
) -> None:
    assert len(PAYLOADS) >= 500
    shares = _shares(100)
    short = PAYLOADS[::20]
    bob.user.full_name = short[0][:150]
    bob.user.save(update_fields=["full_name"])
    proposals = [
        ProposalFactory.create(
            author=bob.user if number % 2 else alice.user,
            title=short[(1 + number) % len(short)][:200],
            description=share,
            status=ProposalStatus.ACCEPTED if number % 2 else ProposalStatus.OPEN,
            decision_reason=share[:2000] if number % 2 else "",
            became_title=short[(20 + number) % len(short)][:200] if number % 2 else "",
            became_url="https://example.org/became" if number % 2 else "",
        )
        for number, share in enumerate(shares)
    ]
    open_one, accepted = proposals[0], proposals[1]
    ProposalSupportFactory.create(proposal=open_one, user=bob.user)
    for share in shares:
        ProposalCommentFactory.create(proposal=open_one, author=bob.user, body=share)
        ProposalCommentFactory.create(proposal=accepted, author=bob.user, body=share)
    found: list[str] = []
    shown = 0
    for reader in (client_for(alice), client_for(dina), visitor):
        for proposal in (open_one, accepted, None):
            path = (
                f"/networks/mena/programme/{proposal.public_id}/" if proposal else "/networks/mena/programme/"
            )
            answer = reader.get(path)
            if answer.status_code != 200:
                continue
            html = answer.content.decode()
            parser = Markup()
            parser.feed(html)
            found += [f"{path}: {item}" for item in parser.found]
            shown += "__xss()" in html
    assert shown >= 5, shown  # the payloads did render, as text
    control = Markup()  # the check can fail: the same payloads written raw are caught
    control.feed(
        "<body><img src=x onerror=__xss()><a href='javascript:__xss()'>x</a><script>__xss()</script>"
    )
    assert len(control.found) == 3, control.found
    assert not found, "\n".join(found[:30])
