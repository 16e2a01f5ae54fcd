"""The accounts pages: legal documents, publishing a new version, the consent history."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from connective.accounts.choices import ConsentAction, ConsentMethod, ConsentSubject, LegalDocumentKind
from connective.accounts.models import AppendOnlyError, ConsentRecord, LegalDocument, User
from connective.accounts.services import consent_record, legal_document_publish
from connective.members.models import MemberProfile

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | MemberProfile], Client]
PUBLISH = reverse("accounts:publish_document")
CONSENTS = reverse("accounts:consents")


def legal(kind: str) -> str:
    return reverse("accounts:legal_document", args=[kind])


# -- legal documents -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("guidelines", "<h2>2. Collegial advice, free of charge</h2>"),
        ("privacy", "<h2>7. Withdrawing consent</h2>"),
    ],
)
def test_visitors_read_the_current_legal_documents_rendered_from_markdown(
    visitor: Client, kind: str, text: str
) -> None:
    response = visitor.get(legal(kind))
    assert response.status_code == 200
    html = response.content.decode()
    assert text in html
    assert "## " not in html  # the Markdown is rendered, not shown


def test_an_earlier_version_stays_readable_and_says_it_is_not_current(visitor: Client, sam: User) -> None:
    legal_document_publish(
        actor=sam,
        kind=LegalDocumentKind.GUIDELINES,
        title="Network guidelines",
        body="Version two text.",
        summary_of_changes="Shorter.",
    )
    current = visitor.get(legal("guidelines")).content.decode()
    assert "Version two text." in current
    assert "Shorter." in current
    old = visitor.get(legal("guidelines") + "?version=1").content.decode()
    assert "Collegial advice, free of charge" in old
    assert "This is an earlier version. The current one is version 2." in old


@pytest.mark.parametrize("url", ["/account/legal/cookies/", "/account/legal/privacy/?version=7",
                                 "/account/legal/privacy/?version=one"])  # fmt: skip
def test_unknown_documents_and_versions_are_not_found(visitor: Client, url: str) -> None:
    assert visitor.get(url).status_code == 404


def test_member_text_in_a_document_cannot_inject_html(visitor: Client, sam: User) -> None:
    legal_document_publish(
        actor=sam, kind=LegalDocumentKind.PRIVACY, title="P", body="<script>alert(1)</script> **ok**",
        summary_of_changes="x",
    )  # fmt: skip
    html = visitor.get(legal("privacy")).content.decode()
    assert "<script>alert(1)" not in html
    assert "<strong>ok</strong>" in html


def test_the_legal_page_costs_the_same_with_many_versions(
    visitor: Client, sam: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for n in range(30):
        legal_document_publish(
            actor=sam, kind=LegalDocumentKind.GUIDELINES, title="G", body=f"v{n}", summary_of_changes="x"
        )
    # 1. the document  2. the list of versions
    with django_assert_num_queries(2):
        assert visitor.get(legal("guidelines")).status_code == 200


# -- publishing ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["alice", "bob", "charlie", "dina", "emil"])
def test_only_staff_open_the_publish_page(
    request: pytest.FixtureRequest, name: str, client_for: ClientFor
) -> None:
    client = client_for(request.getfixturevalue(name))
    assert client.get(PUBLISH).status_code == 403
    response = client.post(
        PUBLISH, {"kind": "guidelines", "title": "Hijack", "body": "x", "summary_of_changes": "x"}
    )
    assert response.status_code == 403
    assert not LegalDocument.objects.filter(title="Hijack").exists()


def test_visitors_are_sent_to_sign_in_from_the_publish_page(visitor: Client) -> None:
    response = visitor.get(PUBLISH)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_publish_a_new_version_that_members_must_accept(
    sam: User, alice: MemberProfile, client_for: ClientFor
) -> None:
    staff = client_for(sam)
    page = staff.get(PUBLISH + "?kind=privacy")
    assert page.status_code == 200
    assert "Withdrawing consent" in page.content.decode()  # starts from the current text
    response = staff.post(
        PUBLISH,
        {
            "kind": "privacy",
            "title": "Privacy notice",
            "body": "## New\n\nWe now keep logs for 30 days.",
            "summary_of_changes": "Logs are kept for 30 days.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == legal("privacy")
    document = LegalDocument.objects.get(kind="privacy", version=2)
    assert document.published_by == sam
    # staff accept it too, at their next page
    assert staff.get(reverse("core:home"))["Location"].startswith(reverse("accounts:accept_documents"))
    assert (
        client_for(alice)
        .get(reverse("core:home"))["Location"]
        .startswith(reverse("accounts:accept_documents"))
    )


def test_publishing_without_a_summary_says_so_and_publishes_nothing(sam: User, client_for: ClientFor) -> None:
    response = client_for(sam).post(
        PUBLISH, {"kind": "guidelines", "title": "G", "body": "text", "summary_of_changes": ""}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not LegalDocument.objects.filter(version=2).exists()


# -- consent history -------------------------------------------------------------------------


def test_visitors_are_sent_to_sign_in_from_the_consent_page(visitor: Client) -> None:
    assert visitor.get(CONSENTS)["Location"].startswith(reverse("account_login"))


def test_a_member_sees_only_their_own_consents_in_their_time_zone(
    alice: MemberProfile, bob: MemberProfile, client_for: ClientFor
) -> None:
    alice.user.time_zone = "Asia/Amman"
    alice.user.save()
    consent_record(
        user=bob.user, subject=ConsentSubject.ADVISE, action=ConsentAction.GIVEN, method=ConsentMethod.SIGNUP
    )
    consent_record(
        user=alice.user,
        subject=ConsentSubject.ADVISE,
        action=ConsentAction.GIVEN,
        method=ConsentMethod.SIGNUP,
    )
    html = client_for(alice).get(CONSENTS).content.decode()
    assert html.count("<tr>") == 1 + 3  # header + guidelines, privacy, advise
    assert "Willing to advise peers" in html
    assert "version 1" in html
    assert "<abbr>+03</abbr>" in html  # Amman's zone, not UTC
    assert "declaration of membership" in html


def test_a_member_who_advises_can_withdraw_from_the_consent_page(
    alice: MemberProfile, client_for: ClientFor
) -> None:
    from connective.members.services import advising_set

    advising_set(actor=alice.user, profile=alice, willing=True, method=ConsentMethod.PROFILE)
    client = client_for(alice)
    html = client.get(CONSENTS).content.decode()
    assert "Withdraw my willingness to advise" in html
    assert f'action="{reverse("members:advising")}"' in html
    client.post(reverse("members:advising"), {"willing": "no"})
    alice.refresh_from_db()
    assert not alice.willing_to_advise
    newest = ConsentRecord.objects.filter(user=alice.user, subject=ConsentSubject.ADVISE).first()
    assert newest is not None and newest.action == ConsentAction.WITHDRAWN
    assert "Withdraw my willingness to advise" not in client.get(CONSENTS).content.decode()


@pytest.mark.parametrize("records", [10, 200])
def test_the_consent_page_costs_the_same_with_many_records(
    alice: MemberProfile,
    client_for: ClientFor,
    django_assert_num_queries: DjangoAssertNumQueries,
    records: int,
) -> None:
    for n in range(records):
        consent_record(
            user=alice.user,
            subject=ConsentSubject.ADVISE,
            action=ConsentAction.GIVEN if n % 2 else ConsentAction.WITHDRAWN,
            method=ConsentMethod.PROFILE,
        )
    client = client_for(alice)
    client.get(CONSENTS)
    # 1. user  2. viewer (profile and roles in one query)  3. the records with their documents
    # (the newest advise record is "given": no profile link); the session and the current
    # document versions come from the cache
    with django_assert_num_queries(3):
        assert client.get(CONSENTS).status_code == 200


# -- consent records are append-only ---------------------------------------------------------


def test_consent_records_cannot_be_changed(alice: MemberProfile) -> None:
    record = ConsentRecord.objects.filter(user=alice.user).first()
    assert record is not None
    record.action = ConsentAction.WITHDRAWN
    with pytest.raises(AppendOnlyError):
        record.save()
    record.refresh_from_db()
    assert record.action == ConsentAction.GIVEN


def test_consent_records_cannot_be_deleted(alice: MemberProfile) -> None:
    record = ConsentRecord.objects.filter(user=alice.user).first()
    assert record is not None
    with pytest.raises(AppendOnlyError):
        record.delete()
    assert ConsentRecord.objects.filter(pk=record.pk).exists()
