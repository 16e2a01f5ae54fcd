"""What a new issue proposes: what happened in its network since its last issue."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from connective.consultations.tests.factories import ConsultationRequestFactory
from connective.members.models import MemberProfile
from connective.networks.models import Network
from connective.newsletters.content import ContentItem, register_content_source, unregister_content_source
from connective.newsletters.selectors import content_since, proposed_body
from connective.newsletters.tests.factories import SentIssueFactory
from connective.practices.choices import PracticeStatus
from connective.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def _ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def test_new_practices_of_the_network_since_its_last_issue_are_proposed() -> None:
    mena = Network.objects.get(region="mena")
    SentIssueFactory.create(network=mena, sent_at=_ago(10))
    new = PracticeFactory.create(title="Rainwater in Irbid", country="JO", first_published_at=_ago(2))
    PracticeFactory.create(title="Before the last issue", country="JO", first_published_at=_ago(20))
    PracticeFactory.create(title="In Sarajevo", country="BA", first_published_at=_ago(2))
    PracticeFactory.create(title="Still a draft", country="JO", status=PracticeStatus.DRAFT)

    sections = content_since(network=mena)

    assert [section.key for section in sections] == ["practices.published"]
    assert [item.title for item in sections[0].items] == [new.title]
    assert sections[0].items[0].link == f"{settings.SITE_URL}/practices/{new.slug}/"


def test_a_consultation_that_became_a_practice_is_proposed_by_the_practice_never_its_request(
    alice: MemberProfile,
) -> None:
    mena = Network.objects.get(region="mena")
    practice = PracticeFactory.create(title="Leak crews in Zarqa", first_published_at=_ago(1))
    ConsultationRequestFactory.create(
        requester=alice, title="Confidential losses", resulting_practice=practice
    )

    sections = {section.key: section for section in content_since(network=mena)}

    items = sections["consultations.practice_drafted"].items
    assert [item.title for item in items] == ["Leak crews in Zarqa"]
    assert "Confidential" not in str(items)


def test_an_issue_for_all_networks_proposes_every_networks_news() -> None:
    PracticeFactory.create(title="Amman", country="JO", first_published_at=_ago(1))
    PracticeFactory.create(title="Sarajevo", country="BA", first_published_at=_ago(1))

    (section,) = content_since(network=None)

    assert {item.title for item in section.items} == {"Amman", "Sarajevo"}


def test_a_registered_source_is_proposed_under_its_title() -> None:
    seen = []

    def collect(network: Network | None, since: datetime.datetime) -> list[ContentItem]:
        seen.append((network, since))
        return [ContentItem(title="Water week", link="https://example.org/w", summary="Five talks")]

    register_content_source("programme.test", "Programme decisions", collect, order=99)
    try:
        body = proposed_body(network=None, language="en", since=_ago(3))
    finally:
        unregister_content_source("programme.test")

    assert "## Programme decisions\n\n- [Water week](https://example.org/w): Five talks" in body
    assert seen and seen[0][0] is None


def test_the_proposed_body_reads_in_the_issues_language_and_escapes_titles() -> None:
    PracticeFactory.create(title="Pumps [and] *stars*", country="JO", first_published_at=_ago(1))

    body = proposed_body(network=Network.objects.get(region="mena"), language="en")

    assert r"[Pumps \[and\] \*stars\*](" in body
    assert body.startswith("## New good practices")


def test_nothing_new_proposes_an_empty_body() -> None:
    assert proposed_body(network=Network.objects.get(region="see"), language="en") == ""


def test_accepted_proposals_go_to_the_body_and_replied_discussions_of_open_spaces_to_the_members_part(
    alice: MemberProfile, bob: MemberProfile
) -> None:
    from connective.discussions.services import post_reply, thread_start
    from connective.networks.choices import ProposalStatus
    from connective.networks.tests.factories import ProposalFactory
    from connective.spaces.choices import SpaceAccess
    from connective.spaces.models import Membership
    from connective.spaces.tests.factories import SectionFactory

    mena = Network.objects.get(region="mena")
    ProposalFactory.create(
        network=mena,
        title="Exchange visit to Qalqilya",
        status=ProposalStatus.ACCEPTED,
        decided_at=timezone.now(),
    )
    ProposalFactory.create(network=mena, title="Still open")
    open_section, closed_section = SectionFactory.create(), SectionFactory.create(access=SpaceAccess.CLOSED)
    for section in (open_section, closed_section):
        for member in (alice, bob):
            Membership.objects.create(space=section, user=member.user)
    answered = thread_start(actor=alice.user, space=open_section, title="Night flows", body="How?")
    post_reply(actor=bob.user, thread=answered, body="At 2 am.")
    thread_start(actor=alice.user, space=open_section, title="Unanswered", body="Anyone?")
    secret = thread_start(actor=alice.user, space=closed_section, title="Closed circle", body="Ours.")
    post_reply(actor=bob.user, thread=secret, body="Yes.")

    body = proposed_body(network=mena, language="en")
    members = proposed_body(network=mena, language="en", members_only=True)

    assert "Exchange visit to Qalqilya" in body and "Still open" not in body
    assert "Night flows" not in body and "Night flows" in members
    assert "Unanswered" not in members and "Closed circle" not in members + body
