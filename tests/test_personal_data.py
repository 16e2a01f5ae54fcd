"""The personal-data registry, the member's download, and deletion that keeps what others wrote.

The proof of deletion plants a sentinel member (a name, an address and a bio no one else has)
in every place the platform keeps a person: profile, consents, practices (co-authored, a draft
of their own, as a contact), consultations (their own, one no one else touched, another
member's they advised), messages, files, meetings, feedback, a pack, the search index, the
embeddings and the stored matching index. It checks the sentinel IS in the full database dump
and the matching index first (so the check can fail), deletes the account through the page,
then searches the whole database (dumpdata of every app, and the raw rows of every table,
FTS5 shadow tables included), the matching index on disk and the cache for any trace.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, models
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse

from connective.accounts.choices import ConsentAction, ConsentMethod, ConsentSubject
from connective.accounts.models import ConsentRecord, User
from connective.accounts.services import consent_record
from connective.accounts.tests.factories import PASSWORD
from connective.consultations.choices import FeedbackRole, InvitationStatus, RequestStatus
from connective.consultations.models import (
    ConsultationFile,
    ConsultationMessage,
    ConsultationRequest,
    Feedback,
    Invitation,
    MeetingProposal,
)
from connective.consultations.services import file_add, message_post
from connective.consultations.suggestions.candidates import advisor_embeddings_refresh
from connective.consultations.suggestions.models import AdvisorEmbedding
from connective.consultations.suggestions.snapshot import snapshot_build, snapshot_root
from connective.consultations.tests.factories import ConsultationRequestFactory, InvitationFactory
from connective.core.personal_data import declared_models, parts
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from connective.members.tests.factories import MemberProfileFactory
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice
from connective.practices.packs.models import PracticePack, PracticePackItem
from connective.practices.search.index import rebuild
from connective.practices.tests.factories import PracticeFactory

NAME = "Zorvath Quillimbe"
EMAIL = "zorvath.quillimbe@example.org"
BIO = "Xylomantic cistern whisperer of Wadi Qurnaz"
TRACES = (NAME, EMAIL, "zorvath.quillimbe", "Quillimbe", BIO, "Xylomantic")

PEOPLE: tuple[type[models.Model], ...] = (User, MemberProfile)


def refers_to_a_person(model: type[models.Model]) -> bool:
    """A model that is a person, or points at one (FK, one-to-one, many-to-many)."""
    if model in PEOPLE:
        return True
    return any(
        field.is_relation and not field.auto_created and field.related_model in PEOPLE
        for field in model._meta.get_fields()
    )


# -- the registry ------------------------------------------------------------------------------


def test_the_detector_sees_the_models_that_hold_a_person() -> None:
    """So the completeness test below can fail: it finds people where they are, not nowhere."""
    from connective.consultations.suggestions.models import AdvisorEmbedding

    for model in (ConsentRecord, MemberProfile, Practice, PracticePack, Feedback, AdvisorEmbedding):
        assert refers_to_a_person(model), model
    assert not refers_to_a_person(PracticePackItem)
    assert not refers_to_a_person(Group)


def test_every_model_that_refers_to_a_person_is_declared_in_the_registry() -> None:
    """Every installed model (ours, allauth's, the admin's) that holds or points at a person
    says how it is exported and erased; a new app's model that does not fails here."""
    undeclared = [
        model._meta.label
        for model in apps.get_models()
        if refers_to_a_person(model) and model not in declared_models()
    ]
    assert undeclared == []


def test_every_part_says_what_why_how_long_and_who_sees_it() -> None:
    names = [part.name for part in parts()]
    assert len(names) == len(set(names))
    for part in parts():
        for text in (part.what, part.why, part.kept, part.seen_by):
            assert str(text).strip(), part.name


# -- the sentinel ------------------------------------------------------------------------------


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n", content_type="application/pdf")


def _world(alice: MemberProfile, bob: MemberProfile) -> dict[str, Any]:
    sentinel = MemberProfileFactory.create(
        user__email=EMAIL,
        user__full_name=NAME,
        bio=BIO,
        city="Irbid",
        country="JO",
        organisation="Quillimbe Water Guild",
        willing_to_advise=True,
    )
    user = sentinel.user
    consent_record(
        user=user, subject=ConsentSubject.ADVISE, action=ConsentAction.GIVEN, method=ConsentMethod.PROFILE
    )
    alice.willing_to_advise = True
    alice.save()

    shared_practice = PracticeFactory.create(authors=[user, alice.user], contacts=[sentinel, alice])
    own_draft = PracticeFactory.create(
        status=PracticeStatus.DRAFT, authors=[user], summary=f"Draft of {NAME} on {BIO}"
    )
    pack = PracticePack.objects.create(owner=user, title=f"Pack of {NAME}")
    PracticePackItem.objects.create(pack=pack, practice=shared_practice, position=0)

    # Their own request, answered by bob: shared, it stays under the pseudonym.
    own_shared = ConsultationRequestFactory.create(requester=sentinel, title="Cistern repair plan")
    InvitationFactory.create(request=own_shared, advisor=bob, status=InvitationStatus.ACCEPTED)
    bob_answer = ConsultationMessage.objects.create(
        request=own_shared, author=bob.user, body="Bob suggests lining the cisterns."
    )
    # Their own request no one else touched: theirs alone, it goes.
    own_alone = ConsultationRequestFactory.create(
        requester=sentinel, title="Alone request", description=f"{NAME} asks alone"
    )
    # Alice's request, which the sentinel advised on.
    alices = ConsultationRequestFactory.create(requester=alice, title="Amman leak hunt")
    InvitationFactory.create(
        request=alices, advisor=sentinel, status=InvitationStatus.ACCEPTED, match_reason=f"{NAME}: {BIO}"
    )
    advice = message_post(actor=user, request=alices, body="Listen to the pipes at night.")
    shared_file = file_add(actor=user, request=alices, uploaded_file=_pdf("leak-map.pdf"))
    MeetingProposal.objects.create(
        request=alices, proposed_by=user, starts_at="2030-01-01T10:00Z", note="Call on Monday"
    )
    ConsultationRequest.objects.filter(pk=alices.pk).update(status=RequestStatus.CLOSED)
    feedback = Feedback.objects.create(
        request=alices, author=user, role=FeedbackRole.ADVISOR, rating=5, comment="A good exchange."
    )

    rebuild()
    advisor_embeddings_refresh([sentinel.pk, alice.pk])
    snapshot_build()
    return {
        "sentinel": sentinel,
        "shared_practice": shared_practice,
        "own_draft": own_draft,
        "own_shared": own_shared,
        "own_alone": own_alone,
        "alices": alices,
        "advice": advice,
        "bob_answer": bob_answer,
        "shared_file": shared_file,
        "feedback": feedback,
    }


def _full_dump() -> str:
    """dumpdata of every app, then the raw rows of every table (FTS5 and its shadow tables,
    the search documents and embeddings as stored), as text."""
    out = io.StringIO()
    # --all: through each model's base manager, so the space-scoped models (discussions), whose
    # default manager refuses an unscoped read, are dumped whole like every other.
    call_command("dumpdata", "--all", stdout=out)
    chunks = [out.getvalue()]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor, include_views=False):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the database itself
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        chunks.append(bytes(value).decode("utf-8", "replace"))
                    else:
                        chunks.append(str(value))
    return "\n".join(chunks)


def _snapshot_text() -> str:
    root = snapshot_root()
    return "\n".join(
        path.read_bytes().decode("utf-8", "replace") for path in Path(root).rglob("*") if path.is_file()
    )


def _cache_text() -> str:
    """The local-memory cache's stored (pickled) values, as text."""
    store = getattr(cache, "_cache", {})
    return "\n".join(
        bytes(value).decode("utf-8", "replace") for value in store.values() if isinstance(value, bytes)
    )


def _traces(text: str) -> list[str]:
    lowered = text.casefold()
    return [trace for trace in TRACES if trace.casefold() in lowered]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_deleting_an_account_leaves_no_trace_and_keeps_what_others_read(
    alice: MemberProfile,
    bob: MemberProfile,
    dina: User,
    client_for: Callable[[Any], Client],
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    world = _world(alice, bob)
    sentinel: MemberProfile = world["sentinel"]
    user = sentinel.user
    consents_before = ConsentRecord.objects.filter(user=user).count()
    # The sentinel is everywhere before: a search that cannot find it would prove nothing.
    assert set(_traces(_full_dump())) == set(TRACES)
    assert BIO in _snapshot_text()
    assert AdvisorEmbedding.objects.filter(profile=sentinel).exists()
    # A coordinator opens the sentinel's page: a page part may now be cached.
    client_for(dina).get(reverse("members:detail", args=[sentinel.slug]))

    # Signed in on two devices; deletes from one.
    other_device = client_for(user)
    client = client_for(user)
    refused = client.post(reverse("accounts:delete"), {"password": "not it", "confirm": "on"})
    assert refused.status_code == 200
    assert "This is not your password" in refused.content.decode()
    assert User.objects.get(pk=user.pk).erased_at is None
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302

    # Signed out everywhere.
    for device in (client, other_device):
        assert device.get(reverse("members:me")).status_code == 302

    assert _traces(_full_dump()) == []
    assert _traces(_snapshot_text()) == []
    assert _traces(_cache_text()) == []
    assert not AdvisorEmbedding.objects.filter(profile=sentinel).exists()

    # The row is the pseudonym now; the consent log is all there, with the withdrawals.
    former = User.objects.get(pk=user.pk)
    assert former.is_erased and former.pseudonym and not former.is_active
    assert former.display_name == f"Former member {former.pseudonym}"
    consents = ConsentRecord.objects.filter(user=former)
    assert consents.count() == consents_before + 3  # guidelines, privacy and advising withdrawn
    assert set(consents.filter(method=ConsentMethod.ACCOUNT_DELETED).values_list("action", flat=True)) == {
        ConsentAction.WITHDRAWN
    }
    assert MemberProfile.objects.get(pk=sentinel.pk).status == MembershipStatus.ERASED

    # Others' work stays: alice's consultation with the advice, the file, the meeting, the
    # feedback and the invitation; the shared request with bob's answer; the co-authored practice.
    assert ConsultationMessage.objects.get(pk=world["advice"].pk).author_id == former.pk
    assert ConsultationFile.objects.filter(pk=world["shared_file"].pk).exists()
    assert Feedback.objects.filter(pk=world["feedback"].pk).exists()
    assert Invitation.objects.filter(request=world["alices"], advisor=sentinel).exists()
    assert MeetingProposal.objects.filter(request=world["alices"]).exists()
    assert ConsultationMessage.objects.filter(pk=world["bob_answer"].pk).exists()
    assert ConsultationRequest.objects.filter(pk=world["own_shared"].pk).exists()
    assert not ConsultationRequest.objects.filter(pk=world["own_alone"].pk).exists()
    assert not Practice.objects.filter(pk=world["own_draft"].pk).exists()
    practice = Practice.objects.get(pk=world["shared_practice"].pk)
    assert set(practice.authors.all()) == {former, alice.user}
    assert list(practice.contacts.all()) == [alice]
    assert not PracticePack.objects.filter(owner=former).exists()

    page = client_for(alice).get(reverse("consultations:detail", args=[world["alices"].public_id]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Listen to the pipes at night." in text
    assert f"Former member {former.pseudonym}" in text
    # In the reader's language.
    french = client_for(alice).get(
        reverse("consultations:detail", args=[world["alices"].public_id]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert f"Ancien membre {former.pseudonym}" in french.content.decode()

    # A raw delete of the row is refused: it would take the consent log and others' work along.
    with pytest.raises(ProtectedError):
        User.objects.filter(pk=former.pk).delete()


def test_the_pseudonym_is_stable_and_deleting_twice_changes_nothing(alice: MemberProfile) -> None:
    from connective.accounts.services import account_delete

    user = alice.user
    account_delete(actor=user, user=user)
    first = User.objects.get(pk=user.pk).pseudonym
    account_delete(actor=None, user=User.objects.get(pk=user.pk))
    assert User.objects.get(pk=user.pk).pseudonym == first


def test_no_one_deletes_another_members_account(alice: MemberProfile, bob: MemberProfile) -> None:
    from connective.accounts.services import account_delete
    from connective.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        account_delete(actor=bob.user, user=alice.user)
    assert User.objects.get(pk=alice.user.pk).erased_at is None


# -- the download -----------------------------------------------------------------------------


def test_the_download_holds_every_part_and_nothing_of_another_member(
    alice: MemberProfile,
    bob: MemberProfile,
    dina: User,
    client_for: Callable[[Any], Client],
    settings: Any,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    sentinel = MemberProfileFactory.create(user__email=EMAIL, user__full_name=NAME, bio=BIO, country="JO")
    user = sentinel.user
    PracticeFactory.create(authors=[user], contacts=[sentinel])
    PracticePack.objects.create(owner=user, title="Workshop pack")
    alices = ConsultationRequestFactory.create(requester=alice, title="Amman leak hunt")
    InvitationFactory.create(request=alices, advisor=sentinel, status=InvitationStatus.ACCEPTED)
    ConsultationMessage.objects.create(request=alices, author=alice.user, body="Alice's own words")
    message_post(actor=user, request=alices, body="Sentinel's advice")
    with django_capture_on_commit_callbacks(execute=True):
        file_add(actor=user, request=alices, uploaded_file=_pdf("leak-map.pdf"))
    own = ConsultationRequestFactory.create(requester=sentinel, title="Cistern repair plan")
    # The MENA coordinator opens the sentinel's confidential request, and their profile.
    sentinel.bio_visibility = 3
    sentinel.save()
    assert client_for(dina).get(reverse("consultations:detail", args=[own.public_id])).status_code == 200
    assert client_for(dina).get(reverse("members:detail", args=[sentinel.slug])).status_code == 200

    response = client_for(user).get(reverse("accounts:my_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    for part in parts():
        assert f"{part.name}.json" in names, part.name
    readme = json.loads(archive.read("README.json"))
    assert [entry["part"] for entry in readme["parts"]] == [part.name for part in parts()]

    everything = "\n".join(archive.read(name).decode("utf-8", "replace") for name in names)
    assert NAME in everything and EMAIL in everything and BIO in everything
    assert "Sentinel's advice" in everything
    assert any(
        name.startswith("files/consultation_files/") and name.endswith("leak-map.pdf") for name in names
    )
    # Nothing of another member: not alice's message, name or address, not the coordinator's address.
    for other in ("Alice's own words", alice.user.full_name, alice.user.email, bob.user.email, dina.email):
        assert other not in everything

    looks = json.loads(archive.read("looks_at_your_records.json"))
    assert {look["what"] for look in looks} == {"consultation", "profile_fields"}
    assert all(look["by"] == dina.full_name and look["as"] == "coordinator" for look in looks)
    assert next(look for look in looks if look["what"] == "profile_fields")["fields"] == ["bio"]


def test_a_participants_own_visit_is_not_logged_as_a_look(
    alice: MemberProfile, client_for: Callable[[Any], Client]
) -> None:
    from connective.core.models import AuditEvent

    own = ConsultationRequestFactory.create(requester=alice)
    client_for(alice).get(reverse("consultations:detail", args=[own.public_id]))
    assert not AuditEvent.objects.filter(action__startswith="looked_at.").exists()


def test_a_coordinator_downloading_a_file_of_a_confidential_request_is_a_look(
    alice: MemberProfile, dina: User, client_for: Callable[[Any], Client], settings: Any, tmp_path: Path
) -> None:
    """The MENA coordinator may open the private space of alice's confidential request, and each
    file they download from it is in alice's download; alice's own downloads are not looks."""
    settings.MEDIA_ROOT = tmp_path
    request = ConsultationRequestFactory.create(requester=alice, title="Night flows of district 4")
    shared = file_add(actor=alice.user, request=request, uploaded_file=_pdf("night-flows.pdf"))
    link = reverse("consultations:download", args=[request.public_id, shared.public_id])
    assert client_for(alice).get(link).status_code == 200
    assert client_for(dina).get(link).status_code == 200

    archive = zipfile.ZipFile(io.BytesIO(client_for(alice).get(reverse("accounts:my_data_download")).content))
    looks = json.loads(archive.read("looks_at_your_records.json"))
    assert [(look["what"], look["file"], look["by"]) for look in looks] == [
        ("consultation_file", str(shared.public_id), dina.full_name)
    ]


def test_the_download_is_in_the_members_language(
    alice: MemberProfile, client_for: Callable[[Any], Client]
) -> None:
    User.objects.filter(pk=alice.user.pk).update(preferred_language="fr")
    response = client_for(alice).get(reverse("accounts:my_data_download"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    consents = json.loads(archive.read("consents.json"))
    assert {row["action"] for row in consents} == {"donné"}


def test_visitors_cannot_download_or_delete(visitor: Client) -> None:
    for name in ("accounts:my_data", "accounts:my_data_download", "accounts:delete"):
        assert visitor.get(reverse(name)).status_code == 302


# -- consents, sessions -----------------------------------------------------------------------


def test_withdrawing_the_willingness_to_advise_stops_suggestions(
    alice: MemberProfile, client_for: Callable[[Any], Client]
) -> None:
    from connective.consultations.suggestions.candidates import advisors_queryset

    alice.willing_to_advise = True
    alice.save()
    client = client_for(alice)
    page = client.get(reverse("accounts:my_data")).content.decode()
    assert "Withdraw my willingness to advise" not in page  # never consented on record
    consent_record(
        user=alice.user,
        subject=ConsentSubject.ADVISE,
        action=ConsentAction.GIVEN,
        method=ConsentMethod.PROFILE,
    )
    assert alice in advisors_queryset()
    page = client.get(reverse("accounts:my_data")).content.decode()
    assert "Withdraw my willingness to advise" in page
    client.post(reverse("members:advising"), {"willing": "no"})
    assert alice not in advisors_queryset()
    newest = ConsentRecord.objects.filter(user=alice.user, subject=ConsentSubject.ADVISE).first()
    assert newest is not None and newest.action == ConsentAction.WITHDRAWN


def test_a_new_password_ends_the_other_sessions(alice: MemberProfile) -> None:
    from django.contrib.sessions.models import Session

    laptop, phone = Client(), Client()
    for device in (laptop, phone):
        assert device.login(email=alice.user.email, password=PASSWORD)
    assert Session.objects.count() == 2
    response = laptop.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "a-New-passphrase-42", "password2": "a-New-passphrase-42"},
    )
    assert response.status_code == 302
    assert Session.objects.count() == 1
    assert laptop.get(reverse("members:me")).status_code == 200
    assert phone.get(reverse("members:me")).status_code == 302


# -- the privacy page -------------------------------------------------------------------------


def test_the_privacy_page_lists_every_part_for_everyone(visitor: Client) -> None:
    response = visitor.get(reverse("core:privacy"))
    text = response.content.decode()
    assert response.status_code == 200
    for part in parts():
        assert str(part.what).replace("'", "&#x27;") in text
    assert "3 years after your membership ends" in text
    assert reverse("core:privacy") in visitor.get(reverse("core:home")).content.decode()


def test_the_emptied_profile_of_a_deleted_account_opens_for_no_one(
    alice: MemberProfile, dina: User, sam: User, client_for: Callable[[Any], Client]
) -> None:
    from connective.accounts.services import account_delete

    url = reverse("members:detail", args=[alice.slug])
    assert client_for(dina).get(url).status_code == 200
    assert str(alice.slug) in client_for(sam).get(reverse("members:directory")).content.decode()
    account_delete(actor=alice.user, user=alice.user)
    for person in (dina, sam):
        assert client_for(person).get(url).status_code == 404
    assert str(alice.slug) not in client_for(sam).get(reverse("members:directory")).content.decode()
