"""The steps a signed-in person must take first: accept new documents, set up a second factor."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from connective.accounts.choices import ConsentAction, ConsentMethod, ConsentSubject, LegalDocumentKind
from connective.accounts.models import ConsentRecord, LegalDocument, User
from connective.accounts.selectors import legal_documents_outstanding
from connective.accounts.services import legal_document_publish
from connective.accounts.tests.factories import RegionalCoordinatorFactory, UserFactory
from connective.members.models import MemberProfile

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | MemberProfile], Client]
HOME = reverse("core:home")
ACCEPT = reverse("accounts:accept_documents")


def publish_guidelines_v2(actor: User) -> LegalDocument:
    return legal_document_publish(
        actor=actor,
        kind=LegalDocumentKind.GUIDELINES,
        title="Network guidelines",
        body="Be collegial. **New:** no advertising in discussions.",
        summary_of_changes="Advertising in discussions is not allowed.",
    )


def test_personas_open_pages_without_any_step(
    alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile, dina: User, emil: User, sam: User,
    client_for: ClientFor,
) -> None:  # fmt: skip
    for person in (alice, bob, charlie, dina, emil, sam):
        assert client_for(person).get(HOME).status_code == 200


def test_a_new_guidelines_version_is_required_at_the_next_request_and_recorded(
    alice: MemberProfile, sam: User, client_for: ClientFor
) -> None:
    client = client_for(alice)
    assert client.get(HOME).status_code == 200
    v2 = publish_guidelines_v2(sam)

    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == f"{ACCEPT}?next=%2F"

    page = client.get(ACCEPT)
    assert page.status_code == 200
    assert "Advertising in discussions is not allowed." in page.content.decode()

    response = client.post(ACCEPT, {"shown": "guidelines:2", "accept_guidelines": "on", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    record = ConsentRecord.objects.get(user=alice.user, document=v2)
    assert (record.action, record.method, record.version) == (ConsentAction.GIVEN, ConsentMethod.LOGIN, 2)
    assert client.get(HOME).status_code == 200


def test_accepting_without_ticking_the_box_records_nothing_and_says_why(
    alice: MemberProfile, sam: User, client_for: ClientFor
) -> None:
    publish_guidelines_v2(sam)
    client = client_for(alice)
    response = client.post(ACCEPT, {"shown": "guidelines:2", "next": "/"})
    assert response.status_code == 200
    assert "Please tick this box" in response.content.decode()
    assert legal_documents_outstanding(user=alice.user)


def test_accepting_a_version_that_was_replaced_meanwhile_is_refused(
    alice: MemberProfile, sam: User, client_for: ClientFor
) -> None:
    publish_guidelines_v2(sam)
    client = client_for(alice)
    client.get(ACCEPT)
    publish_guidelines_v2(sam)  # version 3 while alice was reading version 2
    response = client.post(ACCEPT, {"shown": "guidelines:2", "accept_guidelines": "on"})
    assert response.status_code == 200
    assert "A newer version was published" in response.content.decode()
    assert not ConsentRecord.objects.filter(user=alice.user, version__gt=1).exists()


def test_the_accept_step_leaves_open_logout_legal_pages_and_language(
    alice: MemberProfile, sam: User, client_for: ClientFor
) -> None:
    publish_guidelines_v2(sam)
    client = client_for(alice)
    assert client.get(reverse("accounts:legal_document", args=["guidelines"])).status_code == 200
    assert client.get(reverse("accounts:legal_document", args=["privacy"])).status_code == 200
    assert client.post(reverse("set_language"), {"language": "fr", "next": "/"}).status_code == 302
    assert client.get(reverse("accounts:consents"))["Location"].startswith(ACCEPT)
    assert client.post(reverse("account_logout")).status_code == 302
    assert client.get(HOME).status_code == 200  # signed out now


def test_an_accept_page_with_nothing_outstanding_goes_straight_on(
    alice: MemberProfile, client_for: ClientFor
) -> None:
    response = client_for(alice).get(f"{ACCEPT}?next=/account/consents/")
    assert response["Location"] == "/account/consents/"


def test_the_accept_page_never_sends_to_another_site(
    alice: MemberProfile, sam: User, client_for: ClientFor
) -> None:
    publish_guidelines_v2(sam)
    client = client_for(alice)
    response = client.post(
        ACCEPT, {"shown": "guidelines:2", "accept_guidelines": "on", "next": "https://evil.example/"}
    )
    assert response["Location"] == HOME


def test_someone_who_never_accepted_is_asked_for_both_documents() -> None:
    user = UserFactory.create(accepted_documents=False)
    client = Client()
    client.force_login(user)
    assert client.get(HOME)["Location"].startswith(ACCEPT)
    response = client.post(
        ACCEPT, {"shown": "guidelines:1,privacy:1", "accept_guidelines": "on", "accept_privacy": "on"}
    )
    assert response.status_code == 302
    subjects = set(ConsentRecord.objects.filter(user=user).values_list("subject", flat=True))
    assert subjects == {ConsentSubject.GUIDELINES, ConsentSubject.PRIVACY}
    assert client.get(HOME).status_code == 200


def test_a_coordinator_without_totp_is_sent_to_set_it_up() -> None:
    role = RegionalCoordinatorFactory.create(region="mena", totp=False)
    client = Client()
    client.force_login(role.user)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    # the activation page itself (through allauth's reauthentication) stays reachable
    activation = client.get(reverse("mfa_activate_totp"))
    assert activation.status_code in (200, 302)
    if activation.status_code == 302:
        assert not activation["Location"].startswith(reverse("mfa_activate_totp"))
        assert client.get(activation["Location"]).status_code == 200


def test_staff_without_totp_are_sent_to_set_it_up() -> None:
    staff = UserFactory.create(is_staff=True, totp=False)
    client = Client()
    client.force_login(staff)
    assert client.get(HOME)["Location"].startswith(reverse("mfa_activate_totp"))


def test_coordinators_and_staff_with_totp_are_not_redirected(
    dina: User, emil: User, sam: User, client_for: ClientFor
) -> None:
    for person in (dina, emil, sam):
        assert client_for(person).get(HOME).status_code == 200


def test_a_member_without_totp_is_never_asked_for_it(alice: MemberProfile, client_for: ClientFor) -> None:
    assert client_for(alice).get(HOME).status_code == 200


def test_a_page_costs_a_member_two_queries_beyond_its_own_once_the_session_knows(
    alice: MemberProfile, client_for: ClientFor, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = client_for(alice)
    client.get(HOME)
    # 1. user  2. viewer: profile and coordinator roles in one UNION ALL
    # (the session and the current document versions come from the cache); the home page's own:
    # 3-5 what waits for her (invitations, requests, practices in review: tests/test_home.py)
    with django_assert_num_queries(5):
        assert client.get(HOME).status_code == 200


def test_a_new_version_is_asked_for_at_the_next_request_though_the_versions_are_cached(
    alice: MemberProfile, sam: User, client_for: ClientFor
) -> None:
    client = client_for(alice)
    assert client.get(HOME).status_code == 200
    publish_guidelines_v2(sam)
    assert client.get(HOME)["Location"].startswith(ACCEPT)


def test_a_coordinator_signs_in_activates_totp_and_then_goes_on() -> None:
    from allauth.mfa.models import Authenticator

    from connective.accounts.tests.factories import PASSWORD, totp_code

    role = RegionalCoordinatorFactory.create(region="see", totp=False)
    client = Client()
    response = client.post(reverse("account_login"), {"login": role.user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(HOME)["Location"].startswith(reverse("mfa_activate_totp"))

    # allauth asks for the password again before a security change
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(response["Location"]).status_code == 200
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == reverse("mfa_activate_totp")

    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "Set up your second factor" in page.content.decode()
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=role.user, type=Authenticator.Type.TOTP).exists()
    assert client.get(HOME).status_code == 200


def test_signing_in_with_totp_asks_for_the_code(sam: User) -> None:
    from connective.accounts.tests.factories import PASSWORD, totp_code

    client = Client()
    response = client.post(reverse("account_login"), {"login": sam.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200
