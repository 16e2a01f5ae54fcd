"""The consultations' counts on the home page: what waits for a member or a coordinator."""

from __future__ import annotations

import pytest

from connective.accounts.models import User
from connective.consultations.choices import InvitationStatus, RequestStatus, ServiceStatus, SupportKind
from connective.consultations.selectors import (
    consultation_count_awaiting_answers_mine,
    invitation_count_pending_for,
    service_request_count_for,
)
from connective.consultations.tests.factories import ConsultationRequestFactory, InvitationFactory
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from connective.members.roles import viewer_for
from connective.members.tests.factories import MemberProfileFactory

pytestmark = pytest.mark.django_db


def test_an_advisor_counts_only_the_invitations_waiting_for_her_answer(
    alice: MemberProfile, bob: MemberProfile
) -> None:
    InvitationFactory.create(advisor=alice)
    for status in (InvitationStatus.ACCEPTED, InvitationStatus.DECLINED, InvitationStatus.WITHDRAWN):
        InvitationFactory.create(advisor=alice, status=status)
    InvitationFactory.create(advisor=bob)
    assert invitation_count_pending_for(viewer=viewer_for(alice.user)) == 1


def test_a_requester_counts_her_active_requests_that_no_advisor_took_on_or_with_an_unanswered_invitation(
    alice: MemberProfile,
) -> None:
    for status in (RequestStatus.OPEN, RequestStatus.IN_TRIAGE, RequestStatus.MATCHING):
        ConsultationRequestFactory.create(requester=alice, status=status)
    ConsultationRequestFactory.create(requester=alice, status=RequestStatus.IN_PROGRESS)
    waiting = ConsultationRequestFactory.create(requester=alice, status=RequestStatus.IN_PROGRESS)
    InvitationFactory.create(request=waiting)
    closed = ConsultationRequestFactory.create(requester=alice, status=RequestStatus.CLOSED)
    InvitationFactory.create(request=closed)
    ConsultationRequestFactory.create(status=RequestStatus.OPEN)  # someone else's
    assert consultation_count_awaiting_answers_mine(viewer=viewer_for(alice.user)) == 4


def test_a_member_not_yet_approved_has_nothing_counted() -> None:
    pending = MemberProfileFactory.create(status=MembershipStatus.PENDING)
    InvitationFactory.create(advisor=pending)
    viewer = viewer_for(pending.user)
    assert invitation_count_pending_for(viewer=viewer) == 0
    assert consultation_count_awaiting_answers_mine(viewer=viewer) == 0


def _service(country: str, service_status: str) -> None:
    ConsultationRequestFactory.create(
        requester=MemberProfileFactory.create(country=country),
        support_kind=SupportKind.FINANCIAL_ADVICE,
        service_status=service_status,
    )


@pytest.mark.parametrize(("persona", "expected"), [("dina", 2), ("emil", 1), ("sam", 3), ("alice", 0)])
def test_coordinators_count_the_service_requests_still_to_deliver_in_their_networks(
    persona: str, expected: int, request: pytest.FixtureRequest
) -> None:
    _service("JO", ServiceStatus.RECEIVED)
    _service("TN", ServiceStatus.IN_PROGRESS)
    _service("JO", ServiceStatus.DONE)
    _service("JO", ServiceStatus.DECLINED)
    _service("MK", ServiceStatus.RECEIVED)
    ConsultationRequestFactory.create()  # peer advice: not a service
    person = request.getfixturevalue(persona)
    viewer = viewer_for(person if isinstance(person, User) else person.user)
    assert service_request_count_for(viewer=viewer) == expected
