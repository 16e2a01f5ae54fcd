"""Who hears of what happens in the programme, and what they read (the recipients and render
functions registered with the notification pipeline, called directly)."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from connective.accounts.models import User
from connective.core.models import AuditEvent
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from connective.networks.choices import ProgrammeEvent
from connective.networks.programme import notifications, services
from connective.networks.tests.factories import ProposalFactory, ProposalSupportFactory
from connective.notifications.registry import notification_kind

pytestmark = pytest.mark.django_db


def _event(kind: ProgrammeEvent) -> AuditEvent:
    return AuditEvent.objects.filter(action=kind.value).latest("pk")


def _mail(template: str, context: dict[str, object], recipient: User) -> tuple[str, str, str]:
    context = {**context, "recipient": recipient, "link": "https://example.org/x"}
    return (
        render_to_string(f"{template}_subject.txt", context),
        render_to_string(f"{template}_body.txt", context),
        render_to_string(f"{template}_body.html", context),
    )


def test_every_programme_kind_is_registered_with_its_templates() -> None:
    for kind in (
        ProgrammeEvent.ACCEPTED,
        ProgrammeEvent.DECLINED,
        ProgrammeEvent.MERGED,
        ProgrammeEvent.COMMENTED,
        ProgrammeEvent.PROPOSED,
    ):
        registered = notification_kind(kind.value)
        assert registered is not None, kind
        assert registered.template.startswith("networks/notifications/")


def test_a_decline_reaches_the_author_and_supporters_with_its_reason(
    alice: MemberProfile, bob: MemberProfile, dina: User
) -> None:
    proposal = ProposalFactory.create(author=alice.user, title="Une visite à Sfax")
    ProposalSupportFactory.create(proposal=proposal, user=bob.user)
    services.proposal_decline(actor=dina, proposal=proposal, reason="Sfax hosts no visit this year.")
    event = _event(ProgrammeEvent.DECLINED)
    assert sorted(notifications.decision_recipients(event)) == sorted([alice.user.pk, bob.user.pk])
    for_alice = notifications.decision_render(event, alice.user)
    for_bob = notifications.decision_render(event, bob.user)
    assert for_alice is not None and for_bob is not None
    assert "Your proposal" in for_alice.line
    assert "A proposal you support" in for_bob.line
    assert for_alice.link.endswith(f"/networks/mena/programme/{proposal.public_id}/")
    subject, text, html = _mail(notifications.DECISION_TEMPLATE, for_alice.context, alice.user)
    assert "Declined" in subject and "Sfax" in subject
    assert "Sfax hosts no visit this year." in text
    assert "Sfax hosts no visit this year." in html


def test_an_acceptance_mail_reads_in_arabic_in_the_recipients_language(
    alice: MemberProfile, dina: User
) -> None:
    proposal = ProposalFactory.create(author=alice.user, title="ورشة عن كشف التسربات", language_id="ar")
    services.proposal_accept(actor=dina, proposal=proposal)
    event = _event(ProgrammeEvent.ACCEPTED)
    with translation.override("ar"):
        rendered = notifications.decision_render(event, alice.user)
        assert rendered is not None
        assert rendered.text_language == "ar"
        _subject, text, _html = _mail(notifications.DECISION_TEMPLATE, rendered.context, alice.user)
    assert "ورشة عن كشف التسربات" in text


def test_a_merge_tells_the_duplicates_people_where_it_went(
    alice: MemberProfile, bob: MemberProfile, dina: User
) -> None:
    target = ProposalFactory.create(title="Leak detection webinar")
    duplicate = ProposalFactory.create(author=alice.user, title="Webinar on leaks")
    ProposalSupportFactory.create(proposal=duplicate, user=bob.user)
    services.proposal_merge(actor=dina, proposal=duplicate, into=target)
    event = _event(ProgrammeEvent.MERGED)
    assert sorted(notifications.decision_recipients(event)) == sorted([alice.user.pk, bob.user.pk])
    rendered = notifications.decision_render(event, bob.user)
    assert rendered is not None
    assert rendered.link.endswith(f"/programme/{target.public_id}/")
    _subject, text, _html = _mail(notifications.DECISION_TEMPLATE, rendered.context, bob.user)
    assert "Leak detection webinar" in text


def test_a_comment_reaches_the_author_only(alice: MemberProfile, bob: MemberProfile) -> None:
    proposal = ProposalFactory.create(author=alice.user)
    services.proposal_comment(actor=bob.user, proposal=proposal, body="We would **host** it in Tunis.")
    event = _event(ProgrammeEvent.COMMENTED)
    assert notifications.comment_recipients(event) == [alice.user.pk]
    rendered = notifications.comment_render(event, alice.user)
    assert rendered is not None
    assert bob.user.full_name in rendered.line
    _subject, text, html = _mail(notifications.COMMENT_TEMPLATE, rendered.context, alice.user)
    assert "We would **host** it in Tunis." in text
    assert "<strong>host</strong>" in html


def test_a_hidden_comment_is_no_longer_told(alice: MemberProfile, bob: MemberProfile, dina: User) -> None:
    proposal = ProposalFactory.create(author=alice.user)
    comment = services.proposal_comment(actor=bob.user, proposal=proposal, body="Rude words")
    event = _event(ProgrammeEvent.COMMENTED)
    services.proposal_comment_hide(actor=dina, comment=comment, reason="Rude")
    assert notifications.comment_render(event, alice.user) is None


def test_a_new_proposal_reaches_its_networks_coordinators_only(
    alice: MemberProfile, dina: User, emil: User, sam: User
) -> None:
    from connective.members.models import Language
    from connective.networks.models import Network

    services.proposal_create(
        actor=alice.user,
        network=Network.objects.get(slug="mena"),
        kind="webinar",
        title="Webinar: night flows",
        description="Let us learn from Zarqa.",
        language=Language.objects.get(code="en"),
    )
    event = _event(ProgrammeEvent.PROPOSED)
    assert notifications.proposed_recipients(event) == [dina.pk]
    rendered = notifications.proposed_render(event, dina)
    assert rendered is not None
    assert notifications.proposed_render(event, emil) is None
    _subject, text, _html = _mail(notifications.PROPOSED_TEMPLATE, rendered.context, dina)
    assert alice.user.full_name in text and "Let us learn from Zarqa." in text


def test_a_recipient_who_may_no_longer_read_gets_nothing(
    alice: MemberProfile, bob: MemberProfile, dina: User
) -> None:
    proposal = ProposalFactory.create(author=alice.user)
    ProposalSupportFactory.create(proposal=proposal, user=bob.user)
    services.proposal_decline(actor=dina, proposal=proposal, reason="No room this year.")
    event = _event(ProgrammeEvent.DECLINED)
    bob.status = MembershipStatus.DECLINED
    bob.save(update_fields=["status"])
    assert notifications.decision_render(event, bob.user) is None
