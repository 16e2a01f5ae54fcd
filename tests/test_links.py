"""Every absolute link the platform writes (mails, the PDF, feeds, the sitemap) resolves on the
server that is actually running, wherever it runs: links come from `core.links`, which reads
SITE_URL (in `make run`, from PORT), never from a fixed port."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings

from connective.accounts.models import User
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile

# The live server needs committed rows; the serialized rollback puts back what the migrations
# wrote (languages, themes, documents) after each test flushes the database.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

URL = re.compile(r"https?://[^\s\"'<>)]+")


def links_to(site: str, texts: list[str]) -> set[str]:
    return {url.rstrip(".,") for text in texts for url in URL.findall(text) if url.startswith(site)}


def status_of(url: str) -> int:
    """The status the running server answers (redirects followed, as a mail client's browser)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310  # the test's own server
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def mail_texts() -> list[str]:
    texts = []
    for message in mail.outbox:
        texts.append(str(message.body))
        texts.extend(str(content) for content, _type in getattr(message, "alternatives", []))
    return texts


def test_the_links_in_mails_lead_to_pages_of_the_running_server(
    live_server: Any, alice: MemberProfile, bob: MemberProfile, dina: User
) -> None:
    from connective.consultations.services import invitation_create
    from connective.consultations.tests.factories import AdvisorFactory, ConsultationRequestFactory
    from connective.members.tests.factories import MemberProfileFactory
    from connective.networks.services import membership_approve
    from connective.practices.choices import PracticeStatus
    from connective.practices.services import practice_publish, practice_submit
    from connective.practices.tests.factories import PracticeFactory

    with override_settings(SITE_URL=live_server.url):
        pending = MemberProfileFactory.create(status=MembershipStatus.PENDING, region="mena", country="JO")
        membership_approve(actor=dina, profile=pending)
        request = ConsultationRequestFactory.create(requester=alice, languages=["ar", "en"])
        invitation_create(actor=alice.user, request=request, advisor=AdvisorFactory.create())
        draft = PracticeFactory.create(status=PracticeStatus.DRAFT, region="mena", country="JO")
        draft.authors.add(bob.user)
        practice_submit(actor=bob.user, practice=draft)
        practice_publish(actor=dina, practice=draft)
        links = links_to(live_server.url, mail_texts())

    assert len(links) >= 3, links  # the approval, the invitation, the review and the publication
    # Member text inside a sentence keeps its own direction in a plain-text mail (Unicode isolates).
    assert any(f"\u2068{draft.title}\u2069" in text for text in mail_texts())
    answers = {link: status_of(link) for link in links}
    assert all(status < 400 for status in answers.values()), answers


def test_the_pdf_feeds_and_sitemap_link_to_the_running_server(live_server: Any) -> None:
    from django.template.loader import render_to_string

    from connective.practices.pdf import pdf_context
    from connective.practices.tests.factories import PracticeFactory

    practice = PracticeFactory.create()
    with override_settings(SITE_URL=live_server.url):
        html = render_to_string("practices/pdf.html", pdf_context(practice, 1400))
        feed = urllib.request.urlopen(f"{live_server.url}/practices/feed/", timeout=30).read().decode()  # noqa: S310
        sitemap = urllib.request.urlopen(f"{live_server.url}/sitemap.xml", timeout=30).read().decode()  # noqa: S310
    pdf_links = links_to(live_server.url, [html])
    assert pdf_links, "the PDF's footer names the practice's address"
    assert '<p class="url" dir="ltr">' in html  # read left to right on one line, in Arabic too
    feed_links = links_to(live_server.url, [feed, sitemap])
    assert any(practice.slug in link for link in feed_links)
    answers = {link: status_of(link) for link in pdf_links | feed_links}
    assert all(status < 400 for status in answers.values()), answers


def test_make_run_links_to_the_port_it_serves() -> None:
    import subprocess
    import sys
    from pathlib import Path

    code = "from django.conf import settings; print(settings.SITE_URL)"
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings", "PORT": "8101"}
    root = Path(__file__).resolve().parent.parent
    answer = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=root, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert answer.stdout.strip() == "http://127.0.0.1:8101"
