"""Consultation pages per persona: who gets which page, what never leaks into others' HTML,
who is mailed, and query counts that do not grow with the number of requests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks, Settings

from connective.accounts.models import User
from connective.consultations.choices import InvitationStatus, RequestStatus, RequestVisibility, SupportKind
from connective.consultations.models import ConsultationRequest, Invitation
from connective.consultations.tests.factories import ConsultationRequestFactory, InvitationFactory
from connective.members.models import MemberProfile

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | MemberProfile], Client]
TITLE = "Secret water losses in Amman"


def _url(name: str, consultation: ConsultationRequest) -> str:
    return reverse(f"consultations:{name}", args=[consultation.public_id])


def _people(request: pytest.FixtureRequest, names: str) -> list[User | MemberProfile]:
    return [request.getfixturevalue(name) for name in names.split()]


# -- pages per persona -------------------------------------------------------------------


def test_a_visitor_is_sent_to_sign_in_from_every_consultation_page(
    visitor: Client, consultation: ConsultationRequest
) -> None:
    for url in (
        reverse("consultations:mine"),
        reverse("consultations:create"),
        reverse("consultations:queue"),
        _url("detail", consultation),
        _url("invitation", consultation),
        _url("close", consultation),
    ):
        response = visitor.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]
        assert TITLE not in response.content.decode()


@pytest.mark.parametrize(("person", "status"), [("alice", 200), ("dina", 200), ("sam", 200), ("bob", 404),
                                                ("charlie", 404), ("emil", 404), ("farid", 404)])  # fmt: skip
def test_the_confidential_request_page_opens_for_its_participants_and_is_a_404_for_others(
    request: pytest.FixtureRequest,
    client_for: ClientFor,
    consultation: ConsultationRequest,
    person: str,
    status: int,
) -> None:
    response = client_for(request.getfixturevalue(person)).get(_url("detail", consultation))
    assert response.status_code == status
    assert (TITLE in response.content.decode()) == (status == 200)


def test_an_invited_advisor_reads_the_request_but_not_the_space_until_they_accept(
    client_for: ClientFor, consultation: ConsultationRequest, farid: MemberProfile, alice: MemberProfile
) -> None:
    InvitationFactory.create(request=consultation, advisor=farid)
    consultation.messages.create(author=alice.user, body="Our budget is 2 million")
    client = client_for(farid)
    page = client.get(_url("detail", consultation)).content.decode()
    assert TITLE in page
    assert "Our budget is 2 million" not in page
    invitation_page = client.get(_url("invitation", consultation)).content.decode()
    assert consultation.description in invitation_page
    assert "Our budget is 2 million" not in invitation_page
    response = client.post(_url("invitation", consultation), {"answer": "accept"})
    assert response.status_code == 302
    assert "Our budget is 2 million" in client.get(_url("detail", consultation)).content.decode()


def test_declining_on_the_invitation_page_needs_a_reason_and_a_hidden_one_stays_from_alice(
    client_for: ClientFor, consultation: ConsultationRequest, farid: MemberProfile, alice: MemberProfile,
    dina: User,
) -> None:  # fmt: skip
    invitation = InvitationFactory.create(request=consultation, advisor=farid)
    client = client_for(farid)
    response = client.post(_url("invitation", consultation), {"answer": "decline", "decline_reason": ""})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    client.post(
        _url("invitation", consultation),
        {"answer": "decline", "decline_reason": "Conflict with my own mayor", "hide_reason": "on"},
    )
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert (
        "Conflict with my own mayor"
        not in client_for(alice).get(_url("detail", consultation)).content.decode()
    )
    assert "Conflict with my own mayor" in client_for(dina).get(_url("detail", consultation)).content.decode()
    assert client.get(_url("detail", consultation)).status_code == 404


def test_others_never_see_the_confidential_title_in_their_lists_or_queue(
    request: pytest.FixtureRequest, client_for: ClientFor, consultation: ConsultationRequest
) -> None:
    for person in _people(request, "bob charlie farid emil sam"):
        client = client_for(person)
        assert TITLE not in client.get(reverse("consultations:mine")).content.decode()
    assert (
        TITLE
        not in client_for(request.getfixturevalue("emil"))
        .get(reverse("consultations:queue"))
        .content.decode()
    )
    assert (
        TITLE
        in client_for(request.getfixturevalue("dina")).get(reverse("consultations:queue")).content.decode()
    )
    assert (
        TITLE
        in client_for(request.getfixturevalue("sam")).get(reverse("consultations:queue")).content.decode()
    )
    assert (
        TITLE
        in client_for(request.getfixturevalue("alice")).get(reverse("consultations:mine")).content.decode()
    )


def test_a_request_opened_to_the_network_is_listed_for_bob_but_its_space_stays_closed(
    client_for: ClientFor, consultation: ConsultationRequest, alice: MemberProfile, bob: MemberProfile,
    charlie: MemberProfile,
) -> None:  # fmt: skip
    client_for(alice).post(_url("visibility", consultation), {"visibility": RequestVisibility.NETWORK})
    consultation.refresh_from_db()
    assert consultation.visibility == RequestVisibility.NETWORK
    consultation.messages.create(author=alice.user, body="Our budget is 2 million")
    bob_client = client_for(bob)
    assert TITLE in bob_client.get(reverse("consultations:mine")).content.decode()
    page = bob_client.get(_url("detail", consultation)).content.decode()
    assert TITLE in page
    assert "Our budget is 2 million" not in page
    assert bob_client.post(_url("message", consultation), {"body": "Me too"}).status_code == 404
    assert TITLE not in client_for(charlie).get(reverse("consultations:mine")).content.decode()


def test_the_queue_is_for_coordinators_and_staff_only(
    request: pytest.FixtureRequest, client_for: ClientFor, consultation: ConsultationRequest
) -> None:
    for person, status in (("alice", 404), ("bob", 404), ("dina", 200), ("emil", 200), ("sam", 200)):
        assert (
            client_for(request.getfixturevalue(person)).get(reverse("consultations:queue")).status_code
            == status
        )


def test_a_coordinator_follows_a_service_request_from_the_queue(
    client_for: ClientFor, alice: MemberProfile, dina: User, emil: User
) -> None:
    item = ConsultationRequestFactory.create(
        requester=alice, title="Study on bus lanes", support_kind=SupportKind.STUDY,
        status=RequestStatus.IN_TRIAGE, service_status="received",
    )  # fmt: skip
    assert "Study on bus lanes" in client_for(dina).get(reverse("consultations:queue")).content.decode()
    assert (
        client_for(emil).post(_url("service_status", item), {"service_status": "in_progress"}).status_code
        == 404
    )
    client_for(dina).post(_url("service_status", item), {"service_status": "in_progress"})
    item.refresh_from_db()
    assert item.service_status == "in_progress"


def test_the_requester_sees_suggested_advisors_and_invites_one_from_the_panel(
    client_for: ClientFor, consultation: ConsultationRequest, alice: MemberProfile, farid: MemberProfile,
    bob: MemberProfile,
) -> None:  # fmt: skip
    client = client_for(alice)
    page = client.get(_url("detail", consultation)).content.decode()
    assert 'id="suggestions-heading"' in page
    assert "Farid Mansour" in page
    assert "Bilal Ben Salah" not in page  # bob does not advise
    client.post(_url("invite", consultation), {"advisor": str(farid.slug), "match_reason": "Suggested"})
    assert consultation.invitations.get().advisor == farid
    assert "Farid Mansour" in client.get(_url("detail", consultation)).content.decode()  # listed as invited


# -- the whole journey through the pages -------------------------------------------------


def test_alice_asks_invites_farid_they_talk_close_and_she_drafts_a_practice(
    client_for: ClientFor, alice: MemberProfile, farid: MemberProfile, bob: MemberProfile, dina: User,
    settings: Settings, tmp_path: Path, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:  # fmt: skip
    from connective.members.tests.factories import ThemeFactory

    settings.MEDIA_ROOT = str(tmp_path)
    water = ThemeFactory.create(name="Water")
    alice_client = client_for(alice)
    assert alice_client.get(reverse("consultations:create")).status_code == 200
    response = alice_client.post(
        reverse("consultations:create"),
        {
            "title": "Flooded market",
            "description": "Heavy rains flood the market.",
            "city": "Amman",
            "country": "JO",
            "support_kind": SupportKind.PEER_ADVICE,
            "languages": ["ar", "en"],
            "themes": [water.pk],
            "urgency": "high",
            "visibility": RequestVisibility.CONFIDENTIAL,
        },
    )
    assert response.status_code == 302
    item = ConsultationRequest.objects.get(title="Flooded market")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(
            _url("invite", item), {"advisor": "farid@example.org", "match_reason": "Drained Irbid"}
        )
    assert [m.to for m in mail.outbox] == [["farid@example.org"]]
    farid_client = client_for(farid)
    with django_capture_on_commit_callbacks(execute=True):
        farid_client.post(_url("invitation", item), {"answer": "accept"})
        farid_client.post(_url("message", item), {"body": "Start with **culverts**."})
    assert [m.to for m in mail.outbox[1:]] == [["alice@example.org"], ["alice@example.org"]]
    farid_client.post(
        _url("meeting", item),
        {"starts_at": "2030-05-01T10:00", "duration_minutes": "60", "room_url": "https://meet.example.org/x"},
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    farid_client.post(_url("upload", item), {"file": SimpleUploadedFile("plan.pdf", b"%PDF-1.7 plan")})
    page = alice_client.get(_url("detail", item)).content.decode()
    assert "<strong>culverts</strong>" in page
    assert "https://meet.example.org/x" in page
    assert "plan.pdf" in page
    stored = item.files.get()
    download = alice_client.get(reverse("consultations:download", args=[item.public_id, stored.public_id]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert (
        client_for(bob)
        .get(reverse("consultations:download", args=[item.public_id, stored.public_id]))
        .status_code
        == 404
    )
    assert all("bob@example.org" not in m.to for m in mail.outbox)
    response = alice_client.post(
        _url("close", item),
        {"outcome_advice": "Clean the culverts.", "outcome_next_steps": "Budget it in 2031."},
    )
    assert response.status_code == 302
    alice_client.post(_url("feedback", item), {"rating": "5", "comment": "Very useful"})
    farid_client.post(_url("feedback", item), {"rating": "4"})
    assert item.feedback.count() == 2
    response = alice_client.post(_url("practice_draft", item))
    item.refresh_from_db()
    assert item.resulting_practice is not None
    assert response["Location"] == reverse("practices:detail", args=[item.resulting_practice.slug])


def test_a_meeting_link_that_is_not_http_is_refused_with_a_message(
    client_for: ClientFor, consultation: ConsultationRequest, alice: MemberProfile
) -> None:
    response = client_for(alice).post(
        _url("meeting", consultation),
        {"starts_at": "2030-05-01T10:00", "duration_minutes": "60", "room_url": "javascript:alert(1)"},
        follow=True,
    )
    assert response.status_code == 200
    assert not consultation.meetings.exists()


def test_the_nav_links_consultations_for_members_not_for_visitors(
    visitor: Client, client_for: ClientFor, alice: MemberProfile
) -> None:
    link = f'href="{reverse("consultations:mine")}"'
    assert link in client_for(alice).get("/").content.decode()
    assert link not in visitor.get("/").content.decode()


# -- query counts ------------------------------------------------------------------------


def _many(alice: MemberProfile, farid: MemberProfile, count: int) -> ConsultationRequest:
    """`count` requests by alice, each with an accepted invitation to farid; returns the last."""
    requests = ConsultationRequest.objects.bulk_create(
        ConsultationRequest(
            requester=alice, title=f"Request {n}", description="d", city="Amman", country="JO", region="mena",
            status=RequestStatus.IN_PROGRESS,
        )
        for n in range(count)
    )  # fmt: skip
    Invitation.objects.bulk_create(
        Invitation(request=item, advisor=farid, status=InvitationStatus.ACCEPTED) for item in requests
    )
    return requests[-1]


@pytest.mark.parametrize("count", [10, 1000])
def test_my_consultations_takes_the_same_queries_with_10_or_1000_requests(
    client_for: ClientFor, alice: MemberProfile, farid: MemberProfile, count: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:  # fmt: skip
    _many(alice, farid, count)
    for person in (alice, farid):
        client = client_for(person)
        client.get(reverse("consultations:mine"))  # the session learns the accepted documents
        # user, viewer (profile and coordinator roles in one query), my requests, my
        # invitations, opened requests; the session and the legal documents' versions are cached
        with django_assert_num_queries(5):
            assert client.get(reverse("consultations:mine")).status_code == 200


@pytest.mark.parametrize("count", [10, 1000])
def test_the_queue_takes_the_same_queries_with_10_or_1000_requests(
    client_for: ClientFor, alice: MemberProfile, farid: MemberProfile, dina: User, count: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:  # fmt: skip
    _many(alice, farid, count)
    client = client_for(dina)
    # user, legal documents (3), viewer (1), her TOTP authenticator, the queue, savepoint and
    # session save (3); the session itself is read from the cache
    with django_assert_num_queries(10):
        assert client.get(reverse("consultations:queue")).status_code == 200


@pytest.mark.parametrize("count", [10, 1000])
def test_the_request_page_takes_the_same_queries_with_10_or_1000_requests(
    client_for: ClientFor, alice: MemberProfile, farid: MemberProfile, count: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:  # fmt: skip
    last = _many(alice, farid, count)
    for n in range(3):
        last.messages.create(author=alice.user, body=f"message {n}")
    client = client_for(farid)
    # user, legal documents (3), viewer (1), the request, farid's invitation, messages, files,
    # meetings, invitations, feedback, savepoint and session save (3); the session itself is
    # read from the cache
    with django_assert_num_queries(15):
        assert client.get(_url("detail", last)).status_code == 200


ASK = {
    "title": "Flooded market",
    "description": "Heavy rains flood the market.",
    "city": "Amman",
    "country": "JO",
    "support_kind": SupportKind.PEER_ADVICE,
    "languages": ["ar", "en"],
    "urgency": "normal",
    "visibility": RequestVisibility.CONFIDENTIAL,
}


def test_alice_asks_farid_from_his_profile_and_he_is_invited_with_the_request(
    client_for: ClientFor, alice: MemberProfile, farid: MemberProfile,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:  # fmt: skip
    client = client_for(alice)
    profile_page = client.get(reverse("members:detail", args=[farid.slug])).content.decode()
    ask_url = f"{reverse('consultations:create')}?advisor={farid.slug}"
    assert f'href="{ask_url}"' in profile_page
    form_page = client.get(ask_url).content.decode()
    assert "Your request will be sent to <bdi>Farid Mansour</bdi>" in form_page
    assert f'value="{farid.slug}"' in form_page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("consultations:create"), {**ASK, "advisor": str(farid.slug)})
    assert response.status_code == 302
    item = ConsultationRequest.objects.get(title="Flooded market")
    assert list(item.invitations.values_list("advisor", flat=True)) == [farid.pk]
    assert item.status == RequestStatus.MATCHING
    assert [m.to for m in mail.outbox] == [["farid@example.org"]]


def test_asking_a_peer_who_no_longer_advises_saves_nothing_and_keeps_what_alice_wrote(
    client_for: ClientFor, alice: MemberProfile, farid: MemberProfile
) -> None:
    farid.willing_to_advise = False
    farid.save()
    client = client_for(alice)
    assert (
        "Your request will be sent to"
        not in client.get(f"{reverse('consultations:create')}?advisor={farid.slug}").content.decode()
    )
    response = client.post(reverse("consultations:create"), {**ASK, "advisor": str(farid.slug)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "does not advise peers at the moment" in html
    assert "Heavy rains flood the market." in html
    assert not ConsultationRequest.objects.filter(title="Flooded market").exists()


def test_a_peer_asked_directly_is_not_for_a_service_request(
    client_for: ClientFor, alice: MemberProfile, farid: MemberProfile
) -> None:
    response = client_for(alice).post(
        reverse("consultations:create"),
        {**ASK, "support_kind": SupportKind.FINANCIAL_ADVICE, "advisor": str(farid.slug)},
    )
    assert response.status_code == 200
    assert "go to the coordinators" in response.content.decode()
    assert not ConsultationRequest.objects.exists()


def test_the_ask_action_is_offered_to_members_only_and_never_on_ones_own_profile(
    client_for: ClientFor, alice: MemberProfile, farid: MemberProfile, dina: User
) -> None:
    ask = f"?advisor={farid.slug}"
    assert ask not in client_for(farid).get(reverse("members:detail", args=[farid.slug])).content.decode()
    # dina coordinates but is no member: she does not bring requests herself
    assert ask not in client_for(dina).get(reverse("members:detail", args=[farid.slug])).content.decode()
    assert ask in client_for(alice).get(reverse("members:detail", args=[farid.slug])).content.decode()


def test_suggested_advisors_link_to_their_profiles(
    client_for: ClientFor, alice: MemberProfile, consultation: ConsultationRequest
) -> None:
    from django.template.loader import render_to_string

    from connective.consultations.suggestions.service import SuggestedAdvisor, Suggestions

    advisor = SuggestedAdvisor(
        profile_id=1, slug="7c1a1d4e-0000-4000-8000-000000000001", name="Amal عمّان", email="",
        score=0.5, reason="profile",
    )  # fmt: skip
    html = render_to_string(
        "consultations/_suggestions.html", {"suggestions": Suggestions(practices=[], advisors=[advisor])}
    )
    assert f'<a href="{reverse("members:detail", args=[advisor.slug])}"><bdi>Amal عمّان</bdi></a>' in html


def test_a_deactivated_peer_is_neither_named_nor_invited(
    client_for: ClientFor, alice: MemberProfile, farid: MemberProfile
) -> None:
    farid.user.is_active = False
    farid.user.save()
    client = client_for(alice)
    ask_url = f"{reverse('consultations:create')}?advisor={farid.slug}"
    assert "Farid Mansour" not in client.get(ask_url).content.decode()
    response = client.post(reverse("consultations:create"), {**ASK, "advisor": str(farid.slug)})
    assert "does not advise peers at the moment" in response.content.decode()
    assert not ConsultationRequest.objects.exists()
