"""Who sees a consultation, and how much of it, per persona.

alice's confidential request: seen by alice, the advisor invited (the request only, until they
accept), dina (MENA coordinator) and sam (staff); never by bob (MENA peer, not involved),
charlie (SEE member), emil (SEE coordinator) or a visitor.
"""

from __future__ import annotations

import pytest
from django.http import Http404

from connective.accounts.models import User
from connective.consultations import services
from connective.consultations.access import (
    consultation_get_for,
    consultation_space_get_for,
    consultations_visible_to,
)
from connective.consultations.choices import RequestVisibility
from connective.consultations.models import ConsultationRequest
from connective.members.models import MemberProfile
from connective.members.roles import VISITOR, viewer_for

pytestmark = pytest.mark.django_db


def _sees(person: User | MemberProfile | None, consultation: ConsultationRequest) -> tuple[bool, bool, bool]:
    """(sees the request, sees the private space, finds it in the list of visible requests)."""
    user = person.user if isinstance(person, MemberProfile) else person
    viewer = viewer_for(user) if user is not None else VISITOR
    try:
        consultation_get_for(viewer=viewer, public_id=consultation.public_id)
        request = True
    except Http404:
        request = False
    try:
        consultation_space_get_for(viewer=viewer, public_id=consultation.public_id)
        space = True
    except Http404:
        space = False
    listed = consultations_visible_to(viewer=viewer).filter(pk=consultation.pk).exists()
    return request, space, listed


NOTHING = (False, False, False)
EVERYTHING = (True, True, True)
REQUEST_ONLY = (True, False, True)


def test_a_confidential_request_is_seen_by_its_participants_and_the_regions_coordinator_only(
    consultation: ConsultationRequest,
    alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile, farid: MemberProfile,
    dina: User, emil: User, sam: User,
) -> None:  # fmt: skip
    assert _sees(None, consultation) == NOTHING
    assert _sees(alice, consultation) == EVERYTHING
    assert _sees(bob, consultation) == NOTHING
    assert _sees(charlie, consultation) == NOTHING
    assert _sees(farid, consultation) == NOTHING
    assert _sees(dina, consultation) == EVERYTHING
    assert _sees(emil, consultation) == NOTHING
    assert _sees(sam, consultation) == EVERYTHING


def test_an_invited_advisor_sees_the_request_to_decide_and_the_space_once_they_accept(
    consultation: ConsultationRequest, alice: MemberProfile, farid: MemberProfile
) -> None:
    invitation = services.invitation_create(actor=alice.user, request=consultation, advisor=farid)
    assert _sees(farid, consultation) == REQUEST_ONLY
    services.invitation_accept(actor=farid.user, invitation=invitation)
    assert _sees(farid, consultation) == EVERYTHING


def test_an_advisor_who_declined_or_was_withdrawn_sees_nothing_any_more(
    consultation: ConsultationRequest, alice: MemberProfile, farid: MemberProfile, charlie: MemberProfile
) -> None:
    charlie.willing_to_advise = True
    charlie.save()
    declined = services.invitation_create(actor=alice.user, request=consultation, advisor=farid)
    withdrawn = services.invitation_create(actor=alice.user, request=consultation, advisor=charlie)
    services.invitation_decline(actor=farid.user, invitation=declined, reason="Too busy")
    services.invitation_withdraw(actor=alice.user, invitation=withdrawn)
    assert _sees(farid, consultation) == NOTHING
    assert _sees(charlie, consultation) == NOTHING


def test_a_request_opened_to_the_network_is_seen_by_its_members_but_not_its_space(
    consultation: ConsultationRequest, alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile,
    emil: User,
) -> None:  # fmt: skip
    services.consultation_visibility_set(
        actor=alice.user, request=consultation, visibility=RequestVisibility.NETWORK
    )
    assert _sees(None, consultation) == NOTHING
    assert _sees(bob, consultation) == REQUEST_ONLY
    assert _sees(charlie, consultation) == NOTHING
    assert _sees(emil, consultation) == NOTHING


def test_a_request_opened_to_all_members_is_seen_by_every_member_but_never_by_a_visitor(
    consultation: ConsultationRequest, alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile,
    emil: User,
) -> None:  # fmt: skip
    services.consultation_visibility_set(
        actor=alice.user, request=consultation, visibility=RequestVisibility.ALL_MEMBERS
    )
    assert _sees(None, consultation) == NOTHING
    assert _sees(bob, consultation) == REQUEST_ONLY
    assert _sees(charlie, consultation) == REQUEST_ONLY
    # emil coordinates SEE without a member profile of his own: not a member, not this region.
    assert _sees(emil, consultation) == NOTHING


def test_only_the_requester_opens_their_request(
    consultation: ConsultationRequest, dina: User, farid: MemberProfile
) -> None:
    from connective.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        services.consultation_visibility_set(
            actor=dina, request=consultation, visibility=RequestVisibility.ALL_MEMBERS
        )
    consultation.refresh_from_db()
    assert consultation.visibility == RequestVisibility.CONFIDENTIAL


def test_a_malformed_identifier_is_a_404_not_an_error(alice: MemberProfile) -> None:
    with pytest.raises(Http404):
        consultation_get_for(viewer=viewer_for(alice.user), public_id="not-a-uuid")
