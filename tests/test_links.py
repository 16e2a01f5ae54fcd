"""Every absolute link the platform writes (mails, the PDF, feeds, the sitemap) resolves on the
server that is actually running, wherever it runs: links come from `core.links`, which reads
SITE_URL (in `make run`, from PORT), never from a fixed port."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings

from connective.accounts.models import User
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile

# The live server needs committed rows; the serialized rollback puts back what the migrations
# wrote (languages, themes, documents) after each test flushes the database.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

URL = re.compile(r"https?://[^\s\"'<>)]+")


def links_to(site: str, texts: list[str]) -> set[str]:
    return {url.rstrip(".,") for text in texts for url in URL.findall(text) if url.startswith(site)}


def status_of(url: str, *, as_user: User | None = None) -> int:
    """The status the running server answers (redirects followed), to the mail's recipient
    signed in when `as_user` is given (a draft's page opens for its author only)."""
    headers = {}
    if as_user is not None:
        client = Client()
        client.force_login(as_user)
        headers["Cookie"] = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
    request = urllib.request.Request(url, headers=headers)  # noqa: S310  # the test's own server
    # No redirect followed: a link that sends its own recipient to sign in (or anywhere else)
    # is a broken link, not a page.
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def mail_texts() -> list[str]:
    texts = []
    for message in mail.outbox:
        texts.append(str(message.body))
        texts.extend(str(content) for content, _type in getattr(message, "alternatives", []))
    return texts


def mail_templates_on_disk() -> set[str]:
    """Every mail the platform can send, as services name it (the `*_body.txt` templates)."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    names = set()
    for body in root.glob("connective/*/templates/**/*_body.txt"):
        after = body.parts[body.parts.index("templates") + 1 :]
        names.add("/".join(after).removesuffix("_body.txt"))
    return names


def test_every_mail_the_platform_sends_links_to_pages_of_the_running_server(
    live_server: Any,
    alice: MemberProfile,
    bob: MemberProfile,
    charlie: MemberProfile,
    dina: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each kind of mail is sent once through the service that sends it; every link in them must
    answer on the live server, and a mail template no flow here sends fails the test."""
    import datetime

    from django.utils import timezone

    from connective.consultations import services as consultations
    from connective.consultations.choices import ServiceStatus, SupportKind
    from connective.consultations.models import Invitation
    from connective.consultations.tests.factories import AdvisorFactory, ConsultationRequestFactory
    from connective.core import mail as core_mail
    from connective.members.tests.factories import MemberProfileFactory
    from connective.networks.services import membership_approve, membership_decline
    from connective.networks.tests.test_signup import SIGNUP, declaration
    from connective.practices import services as practices
    from connective.practices.choices import PracticeStatus
    from connective.practices.tests.factories import PracticeFactory

    charlie_user = charlie.user
    sent: set[str] = set()
    render = core_mail.render_mail

    def recorded(*, template: str, **kwargs: Any) -> tuple[str, str]:
        sent.add(template.split("templates/")[-1])
        return render(template=template, **kwargs)

    monkeypatch.setattr(core_mail, "render_mail", recorded)
    answers: dict[tuple[str, str], int] = {}
    followed = 0

    def follow() -> None:
        """Open the links of the mails sent since the last call, as their recipients would then
        (an invitation's link rightly closes once it is declined)."""
        nonlocal followed
        for message in mail.outbox[followed:]:
            recipient = User.objects.get(email=message.to[0])
            for link in links_to(live_server.url, [str(message.body)]):
                answers[(link, recipient.email)] = status_of(link, as_user=recipient)
        followed = len(mail.outbox)

    def draft_of(author: MemberProfile) -> Any:
        practice = PracticeFactory.create(status=PracticeStatus.DRAFT, region="mena", country="JO")
        practice.authors.add(author.user)
        practices.practice_submit(actor=author.user, practice=practice)
        return practice

    with override_settings(SITE_URL=live_server.url):
        # Networks: a declaration (its coordinators are told), an approval, a decline.
        assert Client().post(SIGNUP, declaration()).status_code == 302
        for decide in (membership_approve, membership_decline):
            pending = MemberProfileFactory.create(
                status=MembershipStatus.PENDING, region="mena", country="JO"
            )
            if decide is membership_approve:
                membership_approve(actor=dina, profile=pending)
            else:
                membership_decline(actor=dina, profile=pending, reason="Please use your work address.")
        # Practices: submitted, published, changes requested, declined.
        practices.practice_publish(actor=dina, practice=draft_of(bob))
        practices.practice_request_changes(actor=dina, practice=draft_of(bob), comment="Add the costs.")
        practices.practice_decline(actor=dina, practice=draft_of(bob), comment="Not a practice yet.")
        # Consultations: the whole way of one request, a service request, a decline, a reminder.
        request = ConsultationRequestFactory.create(requester=alice, languages=["ar", "en"])
        farid, wafa, omar = (AdvisorFactory.create() for _ in range(3))
        consultations.invitation_create(actor=alice.user, request=request, advisor=farid)
        consultations.invitation_accept(actor=farid.user, invitation=Invitation.objects.get(advisor=farid))
        consultations.invitation_create(actor=alice.user, request=request, advisor=wafa)
        follow()  # before wafa declines
        consultations.invitation_decline(
            actor=wafa.user, invitation=Invitation.objects.get(advisor=wafa), reason="On leave."
        )
        consultations.message_post(actor=farid.user, request=request, body="Start with the night flows.")
        consultations.meeting_propose(
            actor=farid.user, request=request, starts_at=timezone.now() + datetime.timedelta(days=3),
            duration_minutes=60, room_url="https://meet.example.org/amman",
        )  # fmt: skip
        consultations.consultation_close(
            actor=alice.user, request=request, advice="Meter.", next_steps="Pilot."
        )
        consultations.invitation_create(
            actor=alice.user, request=ConsultationRequestFactory.create(requester=alice), advisor=omar
        )
        Invitation.objects.filter(advisor=omar).update(
            sent_at=timezone.now() - datetime.timedelta(days=settings.CONSULTATION_REMINDER_DAYS + 1)
        )
        consultations.invitation_reminders_send()
        from connective.members.models import Language

        service = consultations.consultation_request_create(
            actor=alice.user,
            data=consultations.RequestData(
                title="A study of our water tariffs", description="We need a tariff study.", city="Amman",
                country="JO", support_kind=SupportKind.FINANCIAL_ADVICE,
                languages=list(Language.objects.filter(code="en")),
            ),
        )  # fmt: skip
        consultations.service_status_set(
            actor=dina, request=service, service_status=ServiceStatus.IN_PROGRESS
        )
        # The programme: a proposal (its coordinators are told), a comment (its author), a
        # decline, a merge and an acceptance (author and supporters), through the pipeline.
        from connective.networks.models import Network, Proposal
        from connective.networks.programme import services as programme

        def propose(title: str) -> Proposal:
            return programme.proposal_create(
                actor=alice.user, network=Network.objects.get(slug="mena"), kind="webinar", title=title,
                description="Night flows, explained.", language=Language.objects.get(code="en"),
            )  # fmt: skip

        first, second, third = propose("Webinar A"), propose("Webinar B"), propose("Webinar C")
        programme.proposal_support(actor=bob.user, proposal=first)
        programme.proposal_comment(actor=bob.user, proposal=first, body="Count me in.")
        programme.proposal_decline(actor=dina, proposal=first, reason="Planned by SSA already.")
        programme.proposal_merge(actor=dina, proposal=second, into=third)
        programme.proposal_accept(actor=dina, proposal=third)
        # Sections: charlie asks to join a closed one (its coordinator is told), and is let in.
        from connective.members.roles import viewer_for
        from connective.spaces import services as spaces
        from connective.spaces.choices import SpaceAccess
        from connective.spaces.models import Membership
        from connective.spaces.tests.factories import SectionFactory

        closed = SectionFactory.create(access=SpaceAccess.CLOSED)
        spaces.space_join(actor=charlie_user, viewer=viewer_for(charlie_user), space=closed)
        spaces.join_request_decide(
            actor=dina, viewer=viewer_for(dina), space=closed, user_id=charlie_user.pk, approve=True
        )
        # Discussions: alice asks, bob replies and mentions her, she answers him; she reports the reply, the
        # coordinator hides it (bob is told); a reply by email with nothing in it comes back.
        from connective.discussions import services as discussions

        section = SectionFactory.create()
        for member in (alice, bob):
            Membership.objects.create(space=section, user=member.user)
        thread = discussions.thread_start(
            actor=alice.user, space=section, title="Night flows", body="How do you measure them?"
        )
        reply = discussions.post_reply(actor=bob.user, thread=thread, body=f"@{alice.slug} start at 2 am.")
        discussions.post_reply(actor=alice.user, thread=thread, body="Thank you, we will try.")
        discussions.post_report(actor=alice.user, post=reply, reason="It names a person.")
        discussions.post_hide(actor=dina, post=reply, reason="It names a person.")
        # Conversations: a direct message; a question under a practice (its authors are told);
        # follows: charlie follows a section, a theme and that practice, and hears of a new
        # discussion there, a new practice on the theme, and the question.
        from connective.conversations.services import conversation_start, practice_question_ask
        from connective.core.models import Theme
        from connective.follows.services import follow_set

        conversation_start(actor=alice.user, recipients=[bob], body="Can we talk about night flows?")
        follow_set(actor=charlie_user, target=section, on=True)
        discussions.thread_start(
            actor=alice.user, space=section, title="Pressure zones", body="Who has them?"
        )
        theme = Theme.objects.create(slug="night-flows", name="Night flows")
        follow_set(actor=charlie_user, target=theme, on=True)
        # (news of a practice on a followed theme comes in the digest unless one asks for it at once)
        from connective.notifications.services import preferences_set

        preferences_set(actor=charlie_user, choices={"follow.new_practice": "immediately"})
        fresh = draft_of(bob)
        fresh.themes.add(theme)
        practices.practice_publish(actor=dina, practice=fresh)
        fresh.refresh_from_db()
        follow_set(actor=charlie_user, target=fresh, on=True)
        practice_question_ask(actor=alice.user, practice=fresh, body="What did the meters cost?")
        from connective.inbound.addresses import reply_address
        from connective.inbound.services import inbound_receive

        address = reply_address(user=alice.user, target_kind="thread", target_id=str(thread.public_id))
        inbound_receive(
            f"From: {alice.user.email}\r\nTo: {address}\r\nSubject: Re: Night flows\r\n"
            "Message-ID: <empty-reply@example.org>\r\n\r\n\r\n".encode()
        )
        # Retention: a member who has not signed in for long is warned.
        from connective.accounts.retention import retention_run

        User.objects.filter(pk=charlie_user.pk).update(
            last_login=timezone.now() - datetime.timedelta(days=settings.RETENTION_INACTIVE_DAYS + 1)
        )
        assert retention_run().warned == 1
        # Newsletters: a test to the coordinator, then the issue to her network. Its mail is built
        # per recipient by newsletters.messages (list headers, Message-ID), not core.mail.
        from connective.newsletters.services import issue_send, issue_test_send
        from connective.newsletters.tests.factories import IssueFactory

        issue = IssueFactory.create(body=f"[The library]({live_server.url}/practices/)", members_body="")
        issue_test_send(actor=dina, issue=issue)
        issue_send(actor=dina, issue=issue)
        if any("List-Unsubscribe-Post" in message.extra_headers for message in mail.outbox):
            sent.add("newsletters/email/issue")
        # Notifications: bob's news that his practice is published, again in his daily digest.
        from connective.notifications.digests import send_digests
        from connective.notifications.models import Notification

        Notification.objects.filter(recipient=bob.user, kind="practice.published").update(
            frequency="daily", delivery="pending"
        )
        assert send_digests(frequency="daily").sent == 1
        follow()
        texts = mail_texts()
        # Every address a mail names is on the site, but the meeting room the advisor chose.
        elsewhere = {url for text in texts for url in URL.findall(text)} - set(
            links_to(live_server.url, texts)
        )
        # (allauth writes its confirmation link from the request's host: here the test client's.)
        outside = ("https://meet.example.org/", "http://testserver/accounts/confirm-email/")
        assert {url for url in elsewhere if not url.startswith(outside)} == set()

    assert mail_templates_on_disk() - sent == set(), "send these mails in this test too"
    assert len(answers) >= 8, answers
    assert all(status == 200 for status in answers.values()), {k: v for k, v in answers.items() if v != 200}
    # Member text inside a sentence keeps its own direction in a plain-text mail (Unicode isolates).
    assert any(f"\u2068{request.title}\u2069" in text for text in texts)


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
    assert all(status == 200 for status in answers.values()), {k: v for k, v in answers.items() if v != 200}


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
