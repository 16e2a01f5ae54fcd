"""The invite box tells nothing about who owns an address.

alice invites by email address. An unknown address, a pending declaration (promised to stay
private), and an approved advisor who keeps their address to coordinators get the very same
answer, and nothing changes: no invitation, no mail. An advisor whose address alice may see is
invited. The "Ask for advice" form looks for the peer among the members alice may see only.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from connective.accounts.models import User
from connective.consultations.models import ConsultationRequest, Invitation
from connective.consultations.tests.factories import AdvisorFactory
from connective.members.choices import MembershipStatus, Visibility
from connective.members.models import MemberProfile

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | MemberProfile], Client]
UNKNOWN = "nobody.at.all@example.org"
PENDING = "petra.pending@example.org"
HIDDEN = "hamid.hidden@example.org"


@pytest.fixture
def others(db: None) -> None:
    AdvisorFactory.create(
        user__email=PENDING, user__full_name="Petra Pending", status=MembershipStatus.PENDING
    )
    AdvisorFactory.create(
        user__email=HIDDEN,
        user__full_name="Hamid Hidden",
        country="RS",
        city="Niš",
        email_visibility=Visibility.COORDINATORS,
    )


def _invite(client: Client, consultation: ConsultationRequest, address: str) -> list[str]:
    response = client.post(
        reverse("consultations:invite", args=[consultation.public_id]), {"advisor": address}
    )
    assert response.status_code == 302
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_unknown_pending_and_hidden_addresses_get_one_answer_and_change_nothing(
    client_for: ClientFor,
    consultation: ConsultationRequest,
    alice: MemberProfile,
    others: None,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        # A fresh browser for each, so that no answer carries the one before.
        answers = {
            address: _invite(client_for(alice), consultation, address)
            for address in (UNKNOWN, PENDING, HIDDEN)
        }
    client = client_for(alice)

    assert answers[UNKNOWN] == answers[PENDING] == answers[HIDDEN]
    assert "No member you can see in the directory has this address" in answers[UNKNOWN][0]
    assert not Invitation.objects.exists()
    assert mail.outbox == []
    page = client.get(reverse("consultations:detail", args=[consultation.public_id])).content.decode()
    # A pending declaration is never named; hamid is an approved advisor, named as every member
    # sees him (by the suggestions), but never with the address alice typed.
    assert "Petra Pending" not in page
    assert PENDING not in page and HIDDEN not in page


def test_an_advisor_whose_address_the_requester_may_see_is_invited(
    client_for: ClientFor, consultation: ConsultationRequest, alice: MemberProfile, farid: MemberProfile
) -> None:
    answer = _invite(client_for(alice), consultation, "Farid@Example.org")

    assert answer == ["The advisor is invited."]
    assert Invitation.objects.get().advisor == farid


def test_the_same_hidden_address_is_invited_by_the_coordinator_who_may_see_it(
    client_for: ClientFor, consultation: ConsultationRequest, others: None, sam: User
) -> None:
    assert _invite(client_for(sam), consultation, HIDDEN) == ["The advisor is invited."]


def test_ask_for_advice_never_names_a_pending_member_to_a_peer(
    client_for: ClientFor, alice: MemberProfile, others: None
) -> None:
    petra = MemberProfile.objects.get(user__email=PENDING)
    page = client_for(alice).get(reverse("consultations:create") + f"?advisor={petra.slug}").content.decode()
    assert "Petra Pending" not in page
