"""Joining a network and steering it: who may decide, what is recorded, who is told."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from connective.accounts.choices import ConsentMethod, ConsentSubject, LegalDocumentKind
from connective.accounts.models import ConsentRecord, User
from connective.accounts.selectors import legal_documents_current
from connective.accounts.services import legal_document_publish
from connective.accounts.tests.factories import UserFactory
from connective.core.errors import NotAllowed
from connective.core.models import AuditEvent
from connective.members.choices import MembershipStatus, MemberType
from connective.members.models import Language, MemberProfile
from connective.members.services import ProfileData
from connective.members.tests.factories import MemberProfileFactory
from connective.networks.choices import ApprovalMode
from connective.networks.models import Network
from connective.networks.services import (
    membership_approve,
    membership_declare,
    membership_decline,
    network_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def pending_mena() -> MemberProfile:
    """A fresh declaration from Irbid, Jordan (MENA), in French."""
    return MemberProfileFactory.create(
        status=MembershipStatus.PENDING,
        city="Irbid",
        country="JO",
        user__email="farah@example.org",
        user__full_name="Farah Odeh",
        user__preferred_language="fr",
    )


def profile_data(country: str = "LB") -> ProfileData:
    return ProfileData(
        member_type=MemberType.PRACTITIONER,
        organisation="Municipality",
        city="Somewhere",
        country=country,
        languages=list(Language.objects.filter(code="en")),
    )


# -- declaring -------------------------------------------------------------------------------


def test_declaring_records_consents_and_waits_in_a_coordinated_network(
    current_documents: list[Any], dina: User, mailoutbox: list[Any], committed: Any
) -> None:
    user = UserFactory.create(accepted_documents=False)
    with committed():
        profile = membership_declare(
            user=user, data=profile_data("LB"), willing_to_advise=True, documents=current_documents
        )
    assert profile.status == MembershipStatus.PENDING
    subjects = sorted(ConsentRecord.objects.filter(user=user).values_list("subject", "method"))
    assert subjects == sorted(
        [
            (ConsentSubject.ADVISE, ConsentMethod.SIGNUP),
            (ConsentSubject.GUIDELINES, ConsentMethod.SIGNUP),
            (ConsentSubject.PRIVACY, ConsentMethod.SIGNUP),
        ]
    )
    assert [m.to for m in mailoutbox] == [[dina.email]]
    assert f"{settings.SITE_URL}/networks/mena/declarations/" in mailoutbox[0].body


def test_declaring_in_an_automatic_network_approves_without_an_actor(
    current_documents: list[Any], mailoutbox: list[Any], committed: Any
) -> None:
    user = UserFactory.create(accepted_documents=False, preferred_language="en")
    with committed():
        profile = membership_declare(
            user=user, data=profile_data("VN"), willing_to_advise=False, documents=current_documents
        )
    assert profile.status == MembershipStatus.APPROVED
    assert profile.decided_by is None
    event = AuditEvent.objects.get(action="membership.approved", target_id=str(profile.pk))
    assert event.actor is None
    assert event.data == {"automatic": True}
    assert [m.to for m in mailoutbox] == [[user.email]]


def test_declaring_against_outdated_documents_is_refused_and_changes_nothing(
    current_documents: list[Any], sam: User
) -> None:
    legal_document_publish(
        actor=sam, kind=LegalDocumentKind.GUIDELINES, title="G", body="new", summary_of_changes="new"
    )
    user = UserFactory.create(accepted_documents=False)
    with pytest.raises(ValidationError, match="changed while you were filling in the form"):
        membership_declare(
            user=user, data=profile_data(), willing_to_advise=True, documents=current_documents
        )
    assert not MemberProfile.objects.filter(user=user).exists()
    assert not ConsentRecord.objects.filter(user=user).exists()


def test_declaring_twice_is_refused(alice: MemberProfile, current_documents: list[Any]) -> None:
    with pytest.raises(ValidationError, match="already declared"):
        membership_declare(
            user=alice.user, data=profile_data(), willing_to_advise=False, documents=current_documents
        )


# -- deciding: who may -----------------------------------------------------------------------

PERSONAS = ["alice", "bob", "charlie", "dina", "emil", "sam"]
MAY_DECIDE_MENA = {"dina", "sam"}


def _actor(request: pytest.FixtureRequest, name: str) -> User:
    person = request.getfixturevalue(name)
    return person.user if isinstance(person, MemberProfile) else person


@pytest.mark.parametrize("name", PERSONAS)
def test_only_the_mena_coordinator_and_staff_may_approve_a_mena_declaration(
    request: pytest.FixtureRequest, name: str, pending_mena: MemberProfile
) -> None:
    actor = _actor(request, name)
    if name in MAY_DECIDE_MENA:
        profile = membership_approve(actor=actor, profile=pending_mena)
        assert profile.status == MembershipStatus.APPROVED
        assert profile.decided_by == actor
        assert profile.decided_at is not None
    else:
        with pytest.raises(NotAllowed):
            membership_approve(actor=actor, profile=pending_mena)
        pending_mena.refresh_from_db()
        assert pending_mena.status == MembershipStatus.PENDING
        assert pending_mena.decided_by is None


@pytest.mark.parametrize("name", PERSONAS)
def test_only_the_mena_coordinator_and_staff_may_decline_a_mena_declaration(
    request: pytest.FixtureRequest, name: str, pending_mena: MemberProfile
) -> None:
    actor = _actor(request, name)
    if name in MAY_DECIDE_MENA:
        profile = membership_decline(actor=actor, profile=pending_mena, reason="Not an urban practitioner.")
        assert profile.status == MembershipStatus.DECLINED
        assert profile.decline_reason == "Not an urban practitioner."
    else:
        with pytest.raises(NotAllowed):
            membership_decline(actor=actor, profile=pending_mena, reason="No.")
        pending_mena.refresh_from_db()
        assert pending_mena.status == MembershipStatus.PENDING


def test_the_see_coordinator_decides_see_declarations(emil: User, dina: User) -> None:
    pending = MemberProfileFactory.create(status=MembershipStatus.PENDING, city="Tirana", country="AL")
    with pytest.raises(NotAllowed):
        membership_approve(actor=dina, profile=pending)
    assert membership_approve(actor=emil, profile=pending).status == MembershipStatus.APPROVED


# -- deciding: what happens ------------------------------------------------------------------


def test_approving_audits_and_welcomes_the_member_in_their_language(
    dina: User, pending_mena: MemberProfile, mailoutbox: list[Any], committed: Any
) -> None:
    with committed():
        membership_approve(actor=dina, profile=pending_mena)
    event = AuditEvent.objects.get(action="membership.approved", target_id=str(pending_mena.pk))
    assert event.actor == dina
    [message] = mailoutbox
    assert message.to == ["farah@example.org"]
    assert "Bienvenue" in message.subject or "Welcome" in message.subject
    assert "/members/" in message.body


def test_declining_requires_a_reason_and_changes_nothing_without_one(
    dina: User, pending_mena: MemberProfile, mailoutbox: list[Any], committed: Any
) -> None:
    with committed(), pytest.raises(ValidationError, match="Please give a reason"):
        membership_decline(actor=dina, profile=pending_mena, reason="   ")
    pending_mena.refresh_from_db()
    assert pending_mena.status == MembershipStatus.PENDING
    assert mailoutbox == []


def test_declining_mails_the_reason_to_the_member(
    dina: User, pending_mena: MemberProfile, mailoutbox: list[Any], committed: Any
) -> None:
    with committed():
        membership_decline(actor=dina, profile=pending_mena, reason="Please join with your work address.")
    [message] = mailoutbox
    assert message.to == ["farah@example.org"]
    assert "Please join with your work address." in message.body
    assert AuditEvent.objects.filter(action="membership.declined", actor=dina).exists()


@pytest.mark.parametrize("status", [MembershipStatus.APPROVED, MembershipStatus.DECLINED])
def test_only_pending_declarations_can_be_decided(dina: User, status: MembershipStatus) -> None:
    profile = MemberProfileFactory.create(status=status, country="JO")
    with pytest.raises(ValidationError, match="already decided"):
        membership_approve(actor=dina, profile=profile)
    with pytest.raises(ValidationError, match="already decided"):
        membership_decline(actor=dina, profile=profile, reason="x")
    profile.refresh_from_db()
    assert profile.status == status


# -- steering a network ----------------------------------------------------------------------


def _update(actor: User, network: Network, **overrides: Any) -> Network:
    values: dict[str, Any] = {
        "description": "Cities of MENA learning together.",
        "description_translations": {"fr": "Les villes MENA apprennent ensemble."},
        "contact_email": "mena-team@connective.localhost",
        "approval_mode": ApprovalMode.AUTOMATIC,
    }
    values.update(overrides)
    return network_update(actor=actor, network=network, **values)


@pytest.mark.parametrize("name", PERSONAS)
def test_only_its_coordinators_and_staff_may_change_a_network(
    request: pytest.FixtureRequest, name: str
) -> None:
    actor = _actor(request, name)
    network = Network.objects.get(region="mena")
    if name in MAY_DECIDE_MENA:
        updated = _update(actor, network)
        updated.refresh_from_db()
        assert updated.approval_mode == ApprovalMode.AUTOMATIC
        assert updated.description_translations == {"fr": "Les villes MENA apprennent ensemble."}
        event = AuditEvent.objects.get(action="network.updated", target_id=str(network.pk))
        assert set(event.data["fields"]) == {
            "description",
            "description_translations",
            "contact_email",
            "approval_mode",
        }
    else:
        with pytest.raises(NotAllowed):
            _update(actor, network)
        network.refresh_from_db()
        assert network.approval_mode == ApprovalMode.COORDINATOR


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"approval_mode": "whenever"}, "Unknown approval mode"),
        ({"contact_email": "not an address"}, "is not a valid email address"),
        ({"description_translations": {"xx": "?"}}, "not in: xx"),
    ],
)
def test_bad_network_settings_are_refused_with_a_clear_message(
    dina: User, overrides: dict[str, Any], message: str
) -> None:
    network = Network.objects.get(region="mena")
    with pytest.raises(ValidationError, match=message):
        _update(dina, network, **overrides)
    network.refresh_from_db()
    assert network.approval_mode == ApprovalMode.COORDINATOR


def test_current_documents_fixture_is_what_a_declaration_accepts(current_documents: list[Any]) -> None:
    assert [d.kind for d in current_documents] == [d.kind for d in legal_documents_current()]
    assert [d.version for d in current_documents] == [1, 1]
