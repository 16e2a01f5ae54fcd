"""The practice services: drafting, the review workflow, published edits, imports, attachments."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from connective.core.errors import NotAllowed
from connective.core.models import AuditEvent, Theme
from connective.members.choices import MembershipStatus, Visibility
from connective.members.tests.factories import MemberProfileFactory
from connective.practices.choices import PracticeStatus, ReviewAction, RevisionState
from connective.practices.models import Attachment, Practice, PracticeRevision, ReviewEvent
from connective.practices.services import (
    PracticeData,
    attachment_add,
    attachment_remove,
    practice_create,
    practice_decline,
    practice_feature,
    practice_publish,
    practice_request_changes,
    practice_submit,
    practice_update,
    sniff_file_type,
)
from connective.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db(transaction=False)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64


def data(**overrides: Any) -> PracticeData:
    values: dict[str, Any] = {
        "title": "Participatory budgeting in Irbid",
        "summary": "Residents decide on 5 percent of the investment budget.",
        "city": "Irbid",
        "country": "JO",
        "language": "en",
        "challenge": "Low trust in the municipality.",
        "approach": "Neighbourhood assemblies vote on projects.",
        "themes": [Theme.objects.get(slug="citizen-participation")],
        "sdgs": [11, 16],
        "links": [{"title": "Report", "url": "https://example.org/pb"}],
        "period_start": 2019,
        "period_end": 2022,
    }
    values.update(overrides)
    return PracticeData(**values)


@pytest.fixture
def draft(alice: Any) -> Practice:
    return practice_create(actor=alice.user, data=data())


@pytest.fixture
def in_review(draft: Practice, alice: Any) -> Practice:
    return practice_submit(actor=alice.user, practice=draft)


@pytest.fixture
def published(in_review: Practice, dina: Any) -> Practice:
    return practice_publish(actor=dina, practice=in_review)


# -- drafting ------------------------------------------------------------------------------


def test_a_member_drafts_a_practice_as_its_author_and_contact(alice: Any) -> None:
    practice = practice_create(actor=alice.user, data=data())
    assert practice.status == PracticeStatus.DRAFT
    assert practice.region == "mena"
    assert list(practice.authors.all()) == [alice.user]
    assert list(practice.contacts.all()) == [alice]
    assert sorted(practice.sdgs.values_list("number", flat=True)) == [11, 16]
    assert practice.version == 0 and practice.published_at is None
    assert practice.revisions.count() == 0
    assert AuditEvent.objects.filter(action="practice.created", target_id=str(practice.pk)).exists()


def test_the_region_follows_the_country_and_the_gazetteer_places_the_city(alice: Any) -> None:
    practice = practice_create(actor=alice.user, data=data(city="Sarajevo", country="ba"))
    assert practice.region == "see"
    assert practice.country == "BA"
    assert practice.latitude is not None and practice.longitude is not None


def test_co_authors_and_contacts_are_named_by_email(alice: Any, bob: Any, charlie: Any) -> None:
    # bob shares his address with his network (MENA, as alice); charlie (SEE) with every member.
    charlie.email_visibility = Visibility.MEMBERS
    charlie.save()
    practice = practice_create(
        actor=alice.user, data=data(), co_authors=["BOB@example.org"], contacts=["charlie@example.org"]
    )
    assert set(practice.authors.all()) == {alice.user, bob.user}
    assert list(practice.contacts.all()) == [charlie]


def test_a_co_author_who_is_not_an_approved_member_is_named_and_nothing_is_saved(alice: Any) -> None:
    MemberProfileFactory.create(user__email="pending@example.org", status=MembershipStatus.PENDING)
    with pytest.raises(ValidationError) as error:
        practice_create(
            actor=alice.user, data=data(), co_authors=["pending@example.org", "nobody@example.org"]
        )
    assert "nobody@example.org" in str(error.value) and "pending@example.org" in str(error.value)
    assert Practice.objects.count() == 0


@pytest.mark.parametrize("field", ["co_authors", "contacts"])
def test_an_address_gets_one_answer_whoever_owns_it_unless_the_author_may_see_it(
    alice: Any, charlie: Any, field: str
) -> None:
    """Unknown, pending, and a member who keeps their address from alice: the same refusal,
    word for word but the address, and nothing saved. charlie's address, once he shows it to
    every member, is accepted."""
    MemberProfileFactory.create(user__email="pending@example.org", status=MembershipStatus.PENDING)
    answers = []
    for address in ("nobody@example.org", "pending@example.org", "charlie@example.org"):
        with pytest.raises(ValidationError) as error:
            practice_create(actor=alice.user, data=data(), **{field: [address]})  # type: ignore[arg-type]
        answers.append(str(error.value).replace(address, "ADDRESS"))
    assert answers[0] == answers[1] == answers[2]
    assert Practice.objects.count() == 0

    charlie.email_visibility = Visibility.MEMBERS
    charlie.save()
    practice = practice_create(actor=alice.user, data=data(), **{field: ["charlie@example.org"]})  # type: ignore[arg-type]
    assert charlie.pk in set(practice.contacts.values_list("pk", flat=True)) | set(
        practice.authors.values_list("profile__pk", flat=True)
    )


def test_people_already_on_a_practice_stay_on_it_when_a_co_author_saves_it(
    alice: Any, bob: Any, charlie: Any
) -> None:
    """charlie keeps his address from alice, but he is already a contact: her edit keeps him."""
    practice = practice_create(actor=bob.user, data=data(), co_authors=[alice.user], contacts=[charlie])
    practice = practice_update(
        actor=alice.user, practice=practice, data=data(), co_authors=["bob@example.org"],
        contacts=["charlie@example.org"],
    )  # fmt: skip
    assert list(practice.contacts.all()) == [charlie]


def test_bad_content_names_every_wrong_field_and_changes_nothing(alice: Any) -> None:
    with pytest.raises(ValidationError) as error:
        practice_create(
            actor=alice.user,
            data=data(
                title=" ", country="ZZ", themes=[], sdgs=[18], period_start=2022, period_end=2019,
                links=[{"title": "x", "url": "javascript:alert(1)"}], language="xx",
            ),
        )  # fmt: skip
    assert set(error.value.message_dict) == {
        "title", "country", "themes", "sdgs", "period_end", "links", "language",
    }  # fmt: skip
    assert Practice.objects.count() == 0


def test_a_merged_theme_is_refused(alice: Any) -> None:
    old = Theme.objects.create(slug="old-theme", name="Old theme", merged_into=Theme.objects.first())
    with pytest.raises(ValidationError) as error:
        practice_create(actor=alice.user, data=data(themes=[old.pk]))
    assert "themes" in error.value.message_dict


def test_someone_not_yet_approved_cannot_draft_a_practice() -> None:
    pending = MemberProfileFactory.create(status=MembershipStatus.PENDING)
    with pytest.raises(NotAllowed):
        practice_create(actor=pending.user, data=data())


def test_a_coordinator_without_membership_cannot_draft_a_practice(dina: Any) -> None:
    with pytest.raises(NotAllowed):
        practice_create(actor=dina, data=data())


def test_a_member_cannot_create_a_practice_straight_as_published(alice: Any) -> None:
    with pytest.raises(NotAllowed):
        practice_create(actor=alice.user, data=data(), status=PracticeStatus.PUBLISHED)


def test_slugs_are_unique_and_never_take_a_page_of_the_library(alice: Any) -> None:
    first = practice_create(actor=alice.user, data=data(title="Review"))
    second = practice_create(actor=alice.user, data=data(title="Review"))
    assert first.slug != "review" and second.slug != first.slug
    arabic = practice_create(actor=alice.user, data=data(title="الموازنة التشاركية"))
    assert arabic.slug


def test_an_author_edits_a_draft_in_place(draft: Practice, alice: Any) -> None:
    practice_update(actor=alice.user, practice=draft, data=data(title="New title", city="Zarqa"))
    draft.refresh_from_db()
    assert draft.title == "New title" and draft.city == "Zarqa"
    assert draft.revisions.count() == 0


def test_only_authors_edit_a_practice(draft: Practice, bob: Any, dina: Any, sam: Any) -> None:
    for person in (bob.user, dina, sam):
        with pytest.raises(NotAllowed):
            practice_update(actor=person, practice=draft, data=data(title="Hijacked"))
    draft.refresh_from_db()
    assert draft.title == "Participatory budgeting in Irbid"


# -- review --------------------------------------------------------------------------------


def test_submitting_mails_the_coordinators_of_the_practices_region_only(
    draft: Practice, alice: Any, dina: Any, emil: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        practice_submit(actor=alice.user, practice=draft)
    draft.refresh_from_db()
    assert draft.status == PracticeStatus.IN_REVIEW
    assert [message.to for message in mail.outbox] == [["dina@example.org"]]
    assert draft.title in mail.outbox[0].subject
    assert f"/practices/{draft.slug}/review/" in mail.outbox[0].body
    assert ReviewEvent.objects.get(practice=draft).action == ReviewAction.SUBMITTED


def test_a_practice_in_review_cannot_be_edited_until_the_coordinators_decide(
    in_review: Practice, alice: Any
) -> None:
    with pytest.raises(ValidationError):
        practice_update(actor=alice.user, practice=in_review, data=data(title="Sneaky"))


def test_the_coordinator_of_the_region_publishes_as_version_1_with_a_published_revision(
    in_review: Practice, dina: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        practice = practice_publish(actor=dina, practice=in_review)
    assert practice.status == PracticeStatus.PUBLISHED
    assert practice.version == 1 and practice.published_at and practice.first_published_at
    revision = practice.revisions.get()
    assert revision.state == RevisionState.PUBLISHED and revision.data["title"] == practice.title
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]


@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "emil"])
def test_only_coordinators_of_the_region_or_staff_decide(in_review: Practice, who: str, request: Any) -> None:
    person = request.getfixturevalue(who)
    user = getattr(person, "user", person)
    with pytest.raises(NotAllowed):
        practice_publish(actor=user, practice=in_review)
    with pytest.raises(NotAllowed):
        practice_request_changes(actor=user, practice=in_review, comment="No")
    with pytest.raises(NotAllowed):
        practice_decline(actor=user, practice=in_review, comment="No")
    in_review.refresh_from_db()
    assert in_review.status == PracticeStatus.IN_REVIEW


def test_staff_publish_in_any_region(in_review: Practice, sam: Any) -> None:
    assert practice_publish(actor=sam, practice=in_review).is_published


def test_asking_for_changes_needs_a_comment_and_mails_it_to_every_author(
    alice: Any, bob: Any, dina: Any, django_capture_on_commit_callbacks: Any
) -> None:
    practice = practice_create(actor=alice.user, data=data(), co_authors=[bob.user])
    practice_submit(actor=alice.user, practice=practice)
    with pytest.raises(ValidationError):
        practice_request_changes(actor=dina, practice=practice, comment="  ")
    with django_capture_on_commit_callbacks(execute=True):
        practice_request_changes(actor=dina, practice=practice, comment="Please add the costs.")
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.CHANGES_REQUESTED
    assert sorted(message.to[0] for message in mail.outbox) == ["alice@example.org", "bob@example.org"]
    assert all("Please add the costs." in message.body for message in mail.outbox)
    # The authors change it and submit it again.
    practice_update(actor=bob.user, practice=practice, data=data(costs_and_financing="50,000 euros"))
    assert practice_submit(actor=bob.user, practice=practice).status == PracticeStatus.IN_REVIEW


def test_a_deactivated_co_author_gets_no_mail_about_the_review(
    alice: Any, bob: Any, dina: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A co-author whose account was deactivated no longer opens the practice in review, so the
    coordinators' comment and decision must not reach them by mail either."""
    practice = practice_create(actor=alice.user, data=data(), co_authors=[bob.user])
    practice_submit(actor=alice.user, practice=practice)
    bob.user.is_active = False
    bob.user.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        practice_request_changes(actor=dina, practice=practice, comment="Please weigh the bins.")
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]
    practice_submit(actor=alice.user, practice=practice)
    with django_capture_on_commit_callbacks(execute=True):
        practice_publish(actor=dina, practice=practice)
    assert [message.to for message in mail.outbox] == [["alice@example.org"]] * 2


def test_declining_needs_a_comment_and_ends_the_practice(
    in_review: Practice, alice: Any, dina: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        practice_decline(actor=dina, practice=in_review, comment="Not a municipal practice.")
    in_review.refresh_from_db()
    assert in_review.status == PracticeStatus.DECLINED
    assert "Not a municipal practice." in mail.outbox[0].body
    with pytest.raises(ValidationError):
        practice_update(actor=alice.user, practice=in_review, data=data())
    with pytest.raises(ValidationError):
        practice_submit(actor=alice.user, practice=in_review)


def test_deciding_on_a_draft_that_was_not_submitted_is_refused(draft: Practice, dina: Any) -> None:
    with pytest.raises(ValidationError):
        practice_publish(actor=dina, practice=draft)


# -- edits of a published practice ---------------------------------------------------------


def test_an_edit_of_a_published_practice_leaves_the_public_version_unchanged_until_published(
    published: Practice, alice: Any, dina: Any
) -> None:
    practice_update(actor=alice.user, practice=published, data=data(title="Participatory budgeting 2.0"))
    published.refresh_from_db()
    assert published.title == "Participatory budgeting in Irbid"
    assert published.version == 1
    revision = published.revisions.get(state=RevisionState.DRAFT)
    assert revision.number == 2 and revision.data["title"] == "Participatory budgeting 2.0"

    # A second save changes the same open edit.
    practice_update(actor=alice.user, practice=published, data=data(title="Participatory budgeting 3.0"))
    assert published.revisions.count() == 2

    practice_submit(actor=alice.user, practice=published)
    published.refresh_from_db()
    assert (
        published.status == PracticeStatus.PUBLISHED and published.title == "Participatory budgeting in Irbid"
    )

    practice_publish(actor=dina, practice=published)
    published.refresh_from_db()
    assert published.title == "Participatory budgeting 3.0"
    assert published.version == 2
    states = dict(published.revisions.values_list("number", "state"))
    assert states == {1: RevisionState.SUPERSEDED, 2: RevisionState.PUBLISHED}


def test_an_edit_changing_the_themes_changes_them_only_on_publication(
    published: Practice, alice: Any, dina: Any
) -> None:
    water = Theme.objects.get(slug="water-supply")
    practice_update(actor=alice.user, practice=published, data=data(themes=[water], sdgs=[6]))
    practice_submit(actor=alice.user, practice=published)
    assert list(published.themes.values_list("slug", flat=True)) == ["citizen-participation"]
    practice_publish(actor=dina, practice=published)
    assert list(published.themes.values_list("slug", flat=True)) == ["water-supply"]
    assert list(published.sdgs.values_list("number", flat=True)) == [6]


def test_a_declined_edit_leaves_the_published_practice_online(
    published: Practice, alice: Any, dina: Any
) -> None:
    practice_update(actor=alice.user, practice=published, data=data(title="Worse"))
    practice_submit(actor=alice.user, practice=published)
    practice_decline(actor=dina, practice=published, comment="The old version was clearer.")
    published.refresh_from_db()
    assert published.is_published and published.title == "Participatory budgeting in Irbid"
    assert published.revisions.get(number=2).state == RevisionState.DECLINED
    # A new edit starts a new revision.
    practice_update(actor=alice.user, practice=published, data=data(title="Better"))
    assert published.revisions.get(number=3).state == RevisionState.DRAFT


def test_an_edit_in_review_cannot_be_changed_or_submitted_twice(published: Practice, alice: Any) -> None:
    practice_update(actor=alice.user, practice=published, data=data(title="Edit"))
    practice_submit(actor=alice.user, practice=published)
    with pytest.raises(ValidationError):
        practice_update(actor=alice.user, practice=published, data=data(title="Again"))
    with pytest.raises(ValidationError):
        practice_submit(actor=alice.user, practice=published)


def test_submitting_a_published_practice_without_an_edit_is_refused(published: Practice, alice: Any) -> None:
    with pytest.raises(ValidationError):
        practice_submit(actor=alice.user, practice=published)


def test_the_search_index_hears_of_every_public_change_in_the_same_transaction(
    in_review: Practice, alice: Any, dina: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Nothing waits for the commit (a server killed in between left a publication unfindable,
    tests/crash): the entry is there before any after-commit callback runs."""
    from django.db.models.expressions import RawSQL

    from connective.practices.search.backends import backend

    def indexed(word: str) -> set[int]:
        match = backend().match_sql(word, "en")
        assert match is not None
        return set(Practice.objects.filter(id__in=RawSQL(*match)).values_list("id", flat=True))  # noqa: S611

    with django_capture_on_commit_callbacks(execute=False):
        practice_publish(actor=dina, practice=in_review)
        assert indexed("budgeting") == {in_review.pk}
    with django_capture_on_commit_callbacks(execute=False):
        # An edit of a published practice waits for review: the public text stays as it was.
        practice_update(actor=alice.user, practice=in_review, data=data(title="Bicycle lanes in Irbid"))
        assert indexed("bicycle") == set() and indexed("budgeting") == {in_review.pk}


# -- imports -------------------------------------------------------------------------------


def test_an_import_creates_a_published_practice_with_version_1(alice: Any) -> None:
    practice = practice_create(
        actor=None, data=data(), status=PracticeStatus.PUBLISHED, external_id="giz-17", contacts=[alice]
    )
    assert practice.is_published and practice.version == 1 and practice.first_published_at
    assert practice.external_id == "giz-17"
    assert practice.authors.count() == 0 and list(practice.contacts.all()) == [alice]
    assert practice.revisions.get().state == RevisionState.PUBLISHED


def test_an_import_updates_a_published_practice_in_place_as_a_new_version() -> None:
    practice = practice_create(actor=None, data=data(), status=PracticeStatus.PUBLISHED, external_id="giz-1")
    practice_update(actor=None, practice=practice, data=data(title="Updated from the source"))
    practice.refresh_from_db()
    assert practice.title == "Updated from the source" and practice.version == 2
    assert dict(practice.revisions.values_list("number", "state")) == {
        1: RevisionState.SUPERSEDED, 2: RevisionState.PUBLISHED,
    }  # fmt: skip


def test_an_import_cannot_create_a_practice_in_review() -> None:
    with pytest.raises(ValidationError):
        practice_create(actor=None, data=data(), status=PracticeStatus.IN_REVIEW)


# -- featuring -----------------------------------------------------------------------------


def test_coordinators_of_the_region_and_staff_feature_published_practices(
    published: Practice, dina: Any, sam: Any, emil: Any, alice: Any
) -> None:
    assert practice_feature(actor=dina, practice=published, featured=True).is_featured
    assert not practice_feature(actor=sam, practice=published, featured=False).is_featured
    for person in (emil, alice.user):
        with pytest.raises(NotAllowed):
            practice_feature(actor=person, practice=published, featured=True)
    assert list(ReviewEvent.objects.filter(practice=published).values_list("action", flat=True)[:2]) == [
        ReviewAction.UNFEATURED, ReviewAction.FEATURED,
    ]  # fmt: skip


def test_a_draft_cannot_be_featured(draft: Practice, dina: Any) -> None:
    with pytest.raises(ValidationError):
        practice_feature(actor=dina, practice=draft, featured=True)


# -- attachments ---------------------------------------------------------------------------


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path


@pytest.mark.parametrize(
    ("head", "content_type"),
    [
        (b"%PDF-1.4", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff\xe0", "image/jpeg"),
        (b"GIF89a", "image/gif"), (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
    ],
)  # fmt: skip
def test_file_types_are_recognised_by_their_content(head: bytes, content_type: str) -> None:
    found = sniff_file_type(head)
    assert found is not None and found[0] == content_type


def test_an_author_attaches_a_pdf_stored_under_a_safe_name(draft: Practice, alice: Any, media: Any) -> None:
    upload = SimpleUploadedFile("../../etc/Report 2021.pdf", PDF, content_type="text/html")
    item = attachment_add(actor=alice.user, practice=draft, uploaded_file=upload, title="Report")
    assert item.kind == "pdf" and item.content_type == "application/pdf" and item.size == len(PDF)
    assert item.file.name.startswith(f"practices/{draft.slug}/") and item.file.name.endswith(
        "report-2021.pdf"
    )
    assert ".." not in item.file.name


def test_a_file_that_is_not_a_pdf_or_image_is_refused_whatever_its_name(
    draft: Practice, alice: Any, media: Any
) -> None:
    upload = SimpleUploadedFile("photo.png", b"<html><script>alert(1)</script>", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        attachment_add(actor=alice.user, practice=draft, uploaded_file=upload, title="")
    assert "file" in error.value.message_dict
    assert Attachment.objects.count() == 0


def test_a_file_over_10_mb_is_refused(draft: Practice, alice: Any, media: Any) -> None:
    upload = SimpleUploadedFile("big.png", PNG + b"\x00" * (10 * 1024 * 1024), content_type="image/png")
    with pytest.raises(ValidationError, match="10 MB"):
        attachment_add(actor=alice.user, practice=draft, uploaded_file=upload, title="")


def test_only_authors_and_the_regions_coordinators_manage_files(
    draft: Practice, alice: Any, bob: Any, emil: Any, dina: Any, media: Any
) -> None:
    for person in (bob.user, emil):
        with pytest.raises(NotAllowed):
            attachment_add(
                actor=person, practice=draft, uploaded_file=SimpleUploadedFile("a.png", PNG), title=""
            )
    item = attachment_add(
        actor=alice.user, practice=draft, uploaded_file=SimpleUploadedFile("a.png", PNG), title=""
    )
    with pytest.raises(NotAllowed):
        attachment_remove(actor=bob.user, attachment=item)
    attachment_remove(actor=dina, attachment=item)
    assert Attachment.objects.count() == 0


def test_removing_a_file_deletes_it_from_storage_after_commit(
    draft: Practice, alice: Any, media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    item = attachment_add(
        actor=alice.user, practice=draft, uploaded_file=SimpleUploadedFile("a.png", PNG), title=""
    )
    path = media / item.file.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(actor=alice.user, attachment=item)
    assert not path.exists()


def test_the_factory_makes_a_published_practice_with_its_revision(alice: Any) -> None:
    practice = PracticeFactory.create(
        authors=[alice], contacts=[alice], sdgs=[6], country="BA", city="Mostar"
    )
    assert practice.is_published and practice.region == "see" and practice.version == 1
    assert PracticeRevision.objects.get(practice=practice).data["city"] == "Mostar"
    assert list(practice.themes.values_list("slug", flat=True)) == ["water-supply"]


def test_a_goal_is_named_in_the_readers_language(db: None) -> None:
    from django.utils import translation

    from connective.practices.models import SustainableDevelopmentGoal

    goal = SustainableDevelopmentGoal.objects.get(number=6)
    assert str(goal) == "SDG 6: Clean water and sanitation"
    with translation.override("fr"):
        assert str(goal) == "ODD 6 : Eau propre et assainissement"
    with translation.override("ar"):
        assert "المياه النظيفة والنظافة الصحية" in str(goal)
