"""The practice pages, per persona: who sees what, who may do what, and what each page costs."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from connective.core.models import Theme
from connective.members.choices import MembershipStatus
from connective.members.tests.factories import MemberProfileFactory
from connective.practices.choices import PracticeStatus, RevisionState
from connective.practices.models import Practice, PracticeNeighbour
from connective.practices.selectors import related_practices
from connective.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[Any], Client]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def url(name: str, practice: Practice, *args: Any) -> str:
    return reverse(f"practices:{name}", args=[practice.slug, *args])


@pytest.fixture
def published(alice: Any) -> Practice:
    return PracticeFactory.create(title="Community water kiosks", authors=[alice], contacts=[alice], sdgs=[6])


@pytest.fixture
def draft(alice: Any) -> Practice:
    return PracticeFactory.create(
        title="Secret draft about waste", status=PracticeStatus.DRAFT, authors=[alice], contacts=[alice]
    )


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path


def form_data(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Solar street lights in Zarqa",
        "summary": "The city replaced 2,000 lamps with solar ones.",
        "challenge": "Power cuts left streets dark.",
        "approach": "",
        "results": "",
        "lessons_learned": "",
        "transfer_conditions": "",
        "costs_and_financing": "",
        "partners": "",
        "period_start": "2020",
        "period_end": "2023",
        "city": "Zarqa",
        "country": "JO",
        "language": "en",
        "themes": [str(Theme.objects.get(slug="energy").pk)],
        "sdgs": ["7"],
        "links": "Report | https://example.org/solar",
        "co_authors": "",
        "contacts": "",
    }
    values.update(overrides)
    return values


# -- the practice's page -------------------------------------------------------------------


def test_a_visitor_reads_a_published_practice_with_its_sections_rendered_from_markdown(
    visitor: Client, published: Practice
) -> None:
    response = visitor.get(url("detail", published))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 lang="en" dir="ltr">Community water kiosks</h1>' in html
    assert "<strong>no piped water</strong>" in html
    assert "<bdi>Amman</bdi>, Jordan" in html
    assert "2018\N{EN DASH}2021" in html
    assert "SDG 6" in html and "Water supply" in html
    assert 'href="https://example.org/report"' in html


def test_member_text_cannot_inject_html(visitor: Client) -> None:
    practice = PracticeFactory.create(challenge='<script>alert("x")</script> [a](javascript:alert(1))')
    html = visitor.get(url("detail", practice)).content.decode()
    assert '<script>alert("x")' not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html


def test_the_page_carries_opengraph_and_twitter_card_tags(visitor: Client, published: Practice) -> None:
    html = visitor.get(url("detail", published)).content.decode()
    assert '<meta property="og:title" content="Community water kiosks">' in html
    assert f'<meta property="og:description" content="{published.summary}">' in html
    assert f'<meta property="og:url" content="http://testserver/practices/{published.slug}/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:locale" content="en">' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_a_visitor_never_sees_who_to_ask_not_even_in_the_page_source(
    visitor: Client, published: Practice, alice: Any
) -> None:
    html = visitor.get(url("detail", published)).content.decode()
    assert "Alice Haddad" not in html
    assert "alice@example.org" not in html
    assert str(alice.slug) not in html
    assert "Sign in as a member" in html


def test_a_signed_in_member_who_is_not_yet_approved_does_not_see_contacts(
    client_for: ClientFor, published: Practice
) -> None:
    pending = MemberProfileFactory.create(status=MembershipStatus.PENDING)
    html = client_for(pending).get(url("detail", published)).content.decode()
    assert "Alice Haddad" not in html


@pytest.mark.parametrize("name", ["bob", "charlie", "dina", "emil", "sam"])
def test_members_coordinators_and_staff_see_who_to_ask(
    client_for: ClientFor, published: Practice, name: str, request: Any
) -> None:
    html = client_for(request.getfixturevalue(name)).get(url("detail", published)).content.decode()
    assert "Alice Haddad" in html
    assert "alice@example.org" not in html  # the email stays on the profile, behind its visibility


@pytest.mark.parametrize(("name", "status"), [
    ("visitor", 404), ("bob", 404), ("charlie", 404), ("emil", 404), ("alice", 200), ("dina", 200), ("sam", 200),
])  # fmt: skip
def test_a_draft_is_seen_only_by_its_authors_the_regions_coordinators_and_staff(
    client_for: ClientFor, draft: Practice, name: str, status: int, request: Any
) -> None:
    client = (
        request.getfixturevalue("visitor") if name == "visitor" else client_for(request.getfixturevalue(name))
    )
    response = client.get(url("detail", draft))
    assert response.status_code == status
    if status == 404:
        assert "Secret draft" not in response.content.decode()
    else:
        assert response["Cache-Control"] == "private, no-store"


def test_authors_get_the_edit_link_and_others_do_not(
    client_for: ClientFor, visitor: Client, published: Practice, alice: Any, bob: Any
) -> None:
    edit_url = url("edit", published)
    assert edit_url in client_for(alice).get(url("detail", published)).content.decode()
    assert edit_url not in client_for(bob).get(url("detail", published)).content.decode()
    assert edit_url not in visitor.get(url("detail", published)).content.decode()


def test_the_regions_coordinator_gets_the_feature_button_and_the_other_coordinator_does_not(
    client_for: ClientFor, published: Practice, dina: Any, emil: Any
) -> None:
    assert url("feature", published) in client_for(dina).get(url("detail", published)).content.decode()
    assert url("feature", published) not in client_for(emil).get(url("detail", published)).content.decode()


def test_related_practices_sharing_a_theme_come_first(visitor: Client, published: Practice) -> None:
    same_theme = PracticeFactory.create(title="Water kiosks in Kigali", country="RW", city="Kigali")
    other = PracticeFactory.create(
        title="Bus lanes in Dakar", country="SN", city="Dakar", themes=["urban-mobility"]
    )
    hidden = PracticeFactory.create(title="Draft kiosks", status=PracticeStatus.DRAFT)
    html = visitor.get(url("detail", published)).content.decode()
    assert same_theme.title in html
    assert other.title not in html  # no shared theme, another region
    assert hidden.title not in html


def test_related_practices_are_the_stored_neighbours_closest_first_and_published_only(
    visitor: Client, published: Practice, django_assert_num_queries: Any
) -> None:
    far = PracticeFactory.create(title="Bus lanes in Dakar", country="SN", themes=["urban-mobility"])
    close = PracticeFactory.create(title="Rain tanks in Irbid", country="JO")
    gone = PracticeFactory.create(title="Withdrawn kiosks", status=PracticeStatus.DRAFT)
    PracticeNeighbour.objects.bulk_create(
        PracticeNeighbour(practice=published, neighbour=neighbour, rank=rank, similarity=0.9 - rank / 10)
        for rank, neighbour in enumerate([gone, close, far])
    )
    published = Practice.objects.prefetch_related("themes").get(pk=published.pk)
    # One query: the neighbours by key; too few of them, so the newest sharing a theme fill in
    # (none here), then the newest of the region (none either).
    with django_assert_num_queries(3):
        related = related_practices(published, 4)
    assert related == [close, far]


def test_related_practices_need_one_query_when_enough_neighbours_are_stored(
    published: Practice, django_assert_num_queries: Any
) -> None:
    others = PracticeFactory.create_batch(5)
    PracticeNeighbour.objects.bulk_create(
        PracticeNeighbour(practice=published, neighbour=other, rank=rank, similarity=0.5)
        for rank, other in enumerate(others)
    )
    published = Practice.objects.prefetch_related("themes").get(pk=published.pk)
    with django_assert_num_queries(1):
        assert related_practices(published, 4) == others[:4]


def _many_practices(count: int, *, neighbours_of: Practice | None = None) -> None:
    water = Theme.objects.get(slug="water-supply")
    rows = Practice.objects.bulk_create(
        Practice(
            slug=f"bulk-{n}",
            title=f"Bulk {n}",
            summary="s",
            city="Amman",
            country="JO",
            region="mena",
            language_id="en",
            status=PracticeStatus.PUBLISHED,
        )
        for n in range(count)
    )
    Practice.themes.through.objects.bulk_create(
        Practice.themes.through(practice_id=row.pk, theme_id=water.pk) for row in rows
    )
    if neighbours_of is not None:
        PracticeNeighbour.objects.bulk_create(
            PracticeNeighbour(practice=neighbours_of, neighbour=row, rank=rank, similarity=0.5)
            for rank, row in enumerate(rows[:8])
        )


@pytest.mark.parametrize("count", [10, 1000])
def test_the_page_costs_the_same_number_of_queries_at_10_and_1000_practices_for_a_visitor(
    visitor: Client, published: Practice, django_assert_num_queries: Any, count: int
) -> None:
    _many_practices(count, neighbours_of=published)
    # The first view: 1 the practice with its language, 2 the library's version (the parts
    # every viewer sees alike are then kept under it), 3-5 themes, SDGs and files, 6 related
    # practices (its stored neighbours: no count over the library); a visitor is never an
    # author, so the authors are not read
    with django_assert_num_queries(6):
        response = visitor.get(url("detail", published))
    assert response.status_code == 200
    # Again: the practice and the library's version; the rest was kept.
    with django_assert_num_queries(2):
        again = visitor.get(url("detail", published))
    # The same page (the form tokens are masked afresh on each response, and each response has
    # its own Content-Security-Policy nonce).
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"|nonce="[^"]*"')
    assert token.sub(b"", again.content) == token.sub(b"", response.content)


@pytest.mark.parametrize("count", [10, 1000])
def test_the_page_costs_the_same_number_of_queries_at_10_and_1000_practices_for_a_member(
    client_for: ClientFor, bob: Any, published: Practice, django_assert_num_queries: Any, count: int
) -> None:
    _many_practices(count, neighbours_of=published)
    client = client_for(bob)
    client.get(url("detail", published))  # the session is warm
    # 1 user, 2 the viewer (profile and coordinator roles in one query), 3 the practice, 4-5
    # authors, contacts, 6 the library's version (themes, SDGs, files and related practices
    # are in the parts kept from the first view); the session and the legal documents'
    # versions come from the cache; the panels of the apps above: 7 the practice's themes, 8 what
    # the member follows of it and them, 9 whether they bookmarked it, 10 its questions' thread
    with django_assert_num_queries(10):
        response = client.get(url("detail", published))
    assert response.status_code == 200


# -- writing -------------------------------------------------------------------------------


def test_a_visitor_is_sent_to_sign_in_to_write_a_practice(visitor: Client) -> None:
    response = visitor.get(reverse("practices:create"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_someone_not_yet_approved_is_told_practices_are_written_by_members(client_for: ClientFor) -> None:
    pending = MemberProfileFactory.create(status=MembershipStatus.PENDING)
    response = client_for(pending).get(reverse("practices:create"))
    assert response.status_code == 403
    assert "approved members" in response.content.decode()


def test_a_member_drafts_a_practice_with_a_co_author(client_for: ClientFor, alice: Any, bob: Any) -> None:
    response = client_for(alice).post(reverse("practices:create"), form_data(co_authors="bob@example.org"))
    practice = Practice.objects.get(title="Solar street lights in Zarqa")
    assert response.status_code == 302 and response["Location"] == url("detail", practice)
    assert practice.status == PracticeStatus.DRAFT
    assert set(practice.authors.all()) == {alice.user, bob.user}
    assert list(practice.contacts.all()) == [alice]
    assert practice.links == [{"title": "Report", "url": "https://example.org/solar"}]
    assert client_for(bob).get(url("detail", practice)).status_code == 200


def test_bad_input_gets_clear_messages_and_saves_nothing(client_for: ClientFor, alice: Any) -> None:
    response = client_for(alice).post(
        reverse("practices:create"),
        form_data(
            title="", themes=[], period_end="2010", links="not a link", co_authors="stranger@example.org"
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert "cannot end before it started" in html
    assert "Line 1 does not end with a web address" in html
    assert Practice.objects.count() == 0


def test_a_co_author_who_is_not_a_member_is_named_in_the_form(client_for: ClientFor, alice: Any) -> None:
    response = client_for(alice).post(
        reverse("practices:create"), form_data(co_authors="stranger@example.org")
    )
    assert response.status_code == 200
    assert "stranger@example.org" in response.content.decode()
    assert Practice.objects.count() == 0


@pytest.mark.parametrize("name", ["bob", "charlie", "dina", "emil", "sam"])
def test_only_authors_open_the_edit_page(
    client_for: ClientFor, published: Practice, name: str, request: Any
) -> None:
    client = client_for(request.getfixturevalue(name))
    assert client.get(url("edit", published)).status_code == 404
    assert client.post(url("edit", published), form_data()).status_code == 404
    published.refresh_from_db()
    assert published.title == "Community water kiosks"


def test_an_author_edits_a_draft_and_submits_it_and_the_coordinator_is_mailed(
    client_for: ClientFor, draft: Practice, alice: Any, dina: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(alice)
    assert client.get(url("edit", draft)).status_code == 200
    client.post(url("edit", draft), form_data(title="Waste pickers' cooperative"))
    draft.refresh_from_db()
    assert draft.title == "Waste pickers' cooperative"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("submit", draft))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == PracticeStatus.IN_REVIEW
    assert [message.to for message in mail.outbox] == [["dina@example.org"]]


def test_someone_else_cannot_submit_a_draft(
    client_for: ClientFor, draft: Practice, bob: Any, dina: Any
) -> None:
    for person in (bob, dina):
        assert client_for(person).post(url("submit", draft)).status_code == 404
    draft.refresh_from_db()
    assert draft.status == PracticeStatus.DRAFT


def test_an_edit_of_a_published_practice_stays_offline_until_a_coordinator_publishes_it(
    client_for: ClientFor, visitor: Client, published: Practice, alice: Any, dina: Any
) -> None:
    author = client_for(alice)
    author.post(url("edit", published), form_data(title="Water kiosks, second phase", country="JO"))
    author.post(url("submit", published))
    html = visitor.get(url("detail", published)).content.decode()
    assert "Community water kiosks" in html and "second phase" not in html

    coordinator = client_for(dina)
    review_page = coordinator.get(url("review", published)).content.decode()
    assert "second phase" in review_page and "Changed:" in review_page
    queue = coordinator.get(reverse("practices:review_queue")).content.decode()
    assert url("review", published) in queue

    coordinator.post(url("publish", published))
    html = visitor.get(url("detail", published)).content.decode()
    assert "Water kiosks, second phase" in html
    history = visitor.get(url("history", published)).content.decode()
    assert "Revision 2" in history and "Revision 1" in history


def test_the_edit_form_of_a_published_practice_starts_from_the_open_edit(
    client_for: ClientFor, published: Practice, alice: Any
) -> None:
    client = client_for(alice)
    client.post(url("edit", published), form_data(title="Proposed title"))
    assert published.revisions.filter(state=RevisionState.DRAFT).exists()
    assert 'value="Proposed title"' in client.get(url("edit", published)).content.decode()


# -- review --------------------------------------------------------------------------------


@pytest.fixture
def in_review(alice: Any) -> Practice:
    return PracticeFactory.create(
        title="Practice under review", status=PracticeStatus.IN_REVIEW, authors=[alice]
    )


@pytest.mark.parametrize("name", ["alice", "bob", "charlie", "emil"])
@pytest.mark.parametrize("action", ["publish", "request_changes", "decline"])
def test_only_the_regions_coordinators_and_staff_decide(
    client_for: ClientFor, in_review: Practice, name: str, action: str, request: Any
) -> None:
    response = client_for(request.getfixturevalue(name)).post(url(action, in_review), {"comment": "Decided."})
    assert response.status_code == 404
    in_review.refresh_from_db()
    assert in_review.status == PracticeStatus.IN_REVIEW


def test_a_visitor_cannot_decide(visitor: Client, in_review: Practice) -> None:
    assert visitor.post(url("publish", in_review)).status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == PracticeStatus.IN_REVIEW


@pytest.mark.parametrize("name", ["dina", "sam"])
def test_the_regions_coordinator_or_staff_publish(
    client_for: ClientFor, in_review: Practice, name: str, request: Any
) -> None:
    response = client_for(request.getfixturevalue(name)).post(url("publish", in_review))
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == PracticeStatus.PUBLISHED


def test_asking_for_changes_without_a_comment_says_so_and_changes_nothing(
    client_for: ClientFor, in_review: Practice, dina: Any
) -> None:
    response = client_for(dina).post(url("request_changes", in_review), {"comment": ""}, follow=True)
    assert "the comment is required" in response.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == PracticeStatus.IN_REVIEW


def test_a_coordinator_asks_for_changes_and_the_author_sees_the_comment(
    client_for: ClientFor, visitor: Client, in_review: Practice, alice: Any, dina: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        client_for(dina).post(url("request_changes", in_review), {"comment": "Add the budget, please."})
    in_review.refresh_from_db()
    assert in_review.status == PracticeStatus.CHANGES_REQUESTED
    assert mail.outbox[0].to == ["alice@example.org"] and "Add the budget, please." in mail.outbox[0].body
    assert "Add the budget, please." in client_for(alice).get(url("review", in_review)).content.decode()


def test_a_coordinator_declines_with_a_comment(client_for: ClientFor, in_review: Practice, dina: Any) -> None:
    client_for(dina).post(url("decline", in_review), {"comment": "Out of scope."})
    in_review.refresh_from_db()
    assert in_review.status == PracticeStatus.DECLINED


@pytest.mark.parametrize("action", ["request_changes", "decline"])
def test_a_comment_with_a_nul_is_refused_with_a_message_and_changes_nothing(
    client_for: ClientFor, in_review: Practice, dina: Any, action: str
) -> None:
    response = client_for(dina).post(url(action, in_review), {"comment": "Add\x00 the budget."}, follow=True)
    in_review.refresh_from_db()
    assert in_review.status == PracticeStatus.IN_REVIEW and not in_review.review_events.exists()
    assert "Null characters are not allowed." in response.content.decode()


@pytest.mark.parametrize(("name", "status"), [
    ("alice", 200), ("dina", 200), ("sam", 200), ("bob", 404), ("charlie", 404), ("emil", 404),
])  # fmt: skip
def test_the_review_page_opens_for_authors_and_reviewers_only(
    client_for: ClientFor, in_review: Practice, name: str, status: int, request: Any
) -> None:
    response = client_for(request.getfixturevalue(name)).get(url("review", in_review))
    assert response.status_code == status
    if name == "alice":
        assert url("publish", in_review) not in response.content.decode()
    if name == "dina":
        assert url("publish", in_review) in response.content.decode()


def test_the_review_queue_lists_what_waits_in_the_coordinators_regions_only(
    client_for: ClientFor, in_review: Practice, charlie: Any, dina: Any, emil: Any, sam: Any
) -> None:
    elsewhere = PracticeFactory.create(
        title="Sarajevo tram",
        status=PracticeStatus.IN_REVIEW,
        country="BA",
        city="Sarajevo",
        authors=[charlie],
    )
    PracticeFactory.create(title="Old draft", status=PracticeStatus.DRAFT)
    dina_page = client_for(dina).get(reverse("practices:review_queue")).content.decode()
    assert (
        "Practice under review" in dina_page
        and "Sarajevo tram" not in dina_page
        and "Old draft" not in dina_page
    )
    emil_page = client_for(emil).get(reverse("practices:review_queue")).content.decode()
    assert "Sarajevo tram" in emil_page and "Practice under review" not in emil_page
    sam_page = client_for(sam).get(reverse("practices:review_queue")).content.decode()
    assert "Sarajevo tram" in sam_page and "Practice under review" in sam_page
    assert elsewhere.pk


@pytest.mark.parametrize("name", ["alice", "bob"])
def test_members_have_no_review_queue(client_for: ClientFor, name: str, request: Any) -> None:
    assert client_for(request.getfixturevalue(name)).get(reverse("practices:review_queue")).status_code == 404


@pytest.mark.parametrize("count", [10, 1000])
def test_the_review_queue_costs_the_same_at_10_and_1000_practices(
    client_for: ClientFor, dina: Any, django_assert_num_queries: Any, count: int
) -> None:
    for n in range(count // 100 + 2):
        PracticeFactory.create(status=PracticeStatus.IN_REVIEW, title=f"Waiting {n}", revision=False)
    _many_practices(count)
    client = client_for(dina)
    client.get(reverse("practices:review_queue"))
    # user, viewer (1), practices in review, their revisions in review (the session and the
    # legal documents' versions are cached)
    with django_assert_num_queries(4):
        assert client.get(reverse("practices:review_queue")).status_code == 200


def test_featuring_through_the_page(client_for: ClientFor, published: Practice, dina: Any, bob: Any) -> None:
    assert client_for(bob).post(url("feature", published), {"featured": "1"}).status_code == 404
    client_for(dina).post(url("feature", published), {"featured": "1"})
    published.refresh_from_db()
    assert published.is_featured


# -- history and my practices --------------------------------------------------------------


def test_history_is_public_but_review_comments_are_for_authors_and_reviewers(
    client_for: ClientFor, visitor: Client, published: Practice, alice: Any, dina: Any
) -> None:
    from connective.practices.services import PracticeData, practice_decline, practice_submit, practice_update

    data = PracticeData.from_practice(published)
    data.title = "Worse title"
    practice_update(actor=alice.user, practice=published, data=data)
    practice_submit(actor=alice.user, practice=published)
    practice_decline(actor=dina, practice=published, comment="Keep the old title, it is clearer.")
    public = visitor.get(url("history", published)).content.decode()
    assert "Revision 1" in public and "Keep the old title" not in public and "Dina Nasser" not in public
    assert "Keep the old title" in client_for(alice).get(url("history", published)).content.decode()


def test_the_history_of_a_draft_is_hidden_from_visitors(visitor: Client, draft: Practice) -> None:
    assert visitor.get(url("history", draft)).status_code == 404


def test_my_practices_lists_mine_only(
    client_for: ClientFor, draft: Practice, published: Practice, bob: Any
) -> None:
    PracticeFactory.create(title="Practice by Bob", authors=[bob])
    html = client_for(bob).get(reverse("practices:mine")).content.decode()
    assert "Practice by Bob" in html and "Secret draft" not in html and "Community water kiosks" not in html


def test_my_practices_needs_signing_in(visitor: Client) -> None:
    assert visitor.get(reverse("practices:mine")).status_code == 302


# -- files ---------------------------------------------------------------------------------


def test_an_author_uploads_an_image_and_a_visitor_downloads_it_with_its_checked_type(
    client_for: ClientFor, visitor: Client, published: Practice, alice: Any, media: Any
) -> None:
    upload = SimpleUploadedFile("kiosk.png", PNG, content_type="text/html")
    response = client_for(alice).post(url("attachments", published), {"file": upload, "title": "A kiosk"})
    assert response.status_code == 302
    item = published.attachments.get()
    assert (
        url("attachment", published, item.public_id) in visitor.get(url("detail", published)).content.decode()
    )
    download = visitor.get(url("attachment", published, item.public_id))
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PNG  # type: ignore[attr-defined]


def test_a_disguised_file_is_refused_with_a_message(
    client_for: ClientFor, published: Practice, alice: Any, media: Any
) -> None:
    upload = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client_for(alice).post(url("attachments", published), {"file": upload})
    assert response.status_code == 400
    assert "Only PDF documents and images" in response.content.decode()
    assert published.attachments.count() == 0


@pytest.mark.parametrize(("name", "status"), [("visitor", 404), ("bob", 404), ("alice", 200), ("dina", 200)])
def test_files_of_a_draft_are_served_only_to_those_who_see_the_draft(
    client_for: ClientFor, draft: Practice, alice: Any, media: Any, name: str, status: int, request: Any
) -> None:
    from connective.practices.services import attachment_add

    item = attachment_add(
        actor=alice.user, practice=draft, uploaded_file=SimpleUploadedFile("a.png", PNG), title=""
    )
    client = (
        request.getfixturevalue("visitor") if name == "visitor" else client_for(request.getfixturevalue(name))
    )
    assert client.get(url("attachment", draft, item.public_id)).status_code == status


def test_others_cannot_upload_or_remove_files(
    client_for: ClientFor, published: Practice, alice: Any, bob: Any, media: Any
) -> None:
    from connective.practices.services import attachment_add

    item = attachment_add(
        actor=alice.user, practice=published, uploaded_file=SimpleUploadedFile("a.png", PNG), title=""
    )
    client = client_for(bob)
    assert client.get(url("attachments", published)).status_code == 404
    assert client.post(url("attachment_remove", published, item.public_id)).status_code == 404
    assert published.attachments.count() == 1
    client_for(alice).post(url("attachment_remove", published, item.public_id))
    assert published.attachments.count() == 0


def test_the_admin_lists_and_opens_practices_for_a_superuser(
    client_for: ClientFor, published: Practice
) -> None:
    from connective.accounts.tests.factories import UserFactory

    admin = client_for(UserFactory.create(is_staff=True, is_superuser=True))
    assert admin.get(reverse("admin:practices_practice_changelist")).status_code == 200
    page = admin.get(reverse("admin:practices_practice_change", args=[published.pk]))
    assert page.status_code == 200 and "Community water kiosks" in page.content.decode()
    assert admin.get(reverse("admin:practices_reviewevent_changelist")).status_code == 200


def test_the_practice_page_links_its_pdf(visitor: Client, published: Practice) -> None:
    assert url("pdf", published) in visitor.get(url("detail", published)).content.decode()


@pytest.mark.parametrize("count", [10, 1000])
def test_my_practices_costs_the_same_whatever_the_number_of_my_practices(
    client_for: ClientFor, alice: Any, django_assert_num_queries: Any, count: int
) -> None:
    _many_practices(count)
    for practice in Practice.objects.all()[: count // 10]:
        practice.authors.add(alice.user)
    client = client_for(alice)
    client.get(reverse("practices:mine"))
    # 1 user, 2 the viewer, 3 my practices, 4 their open edits (the session and the legal
    # documents' versions are cached)
    with django_assert_num_queries(4):
        assert client.get(reverse("practices:mine")).status_code == 200


@pytest.mark.parametrize("versions", [2, 12])
def test_the_history_costs_the_same_whatever_the_number_of_versions(
    visitor: Client, published: Practice, django_assert_num_queries: Any, versions: int
) -> None:
    from connective.practices.services import PracticeData, practice_update

    for n in range(versions - 1):
        data = PracticeData.from_practice(published)
        data.title = f"Version {n + 2}"
        practice_update(actor=None, practice=published, data=data)
    # 1 the practice, 2-4 themes, SDGs, attachments (a visitor is no author: authors are not
    # read), 5 its published versions
    with django_assert_num_queries(5):
        response = visitor.get(url("history", published))
    assert f"Revision {versions}" in response.content.decode()


@pytest.mark.parametrize("count", [10, 1000])
def test_the_review_page_costs_the_same_at_10_and_1000_practices(
    client_for: ClientFor, dina: Any, in_review: Practice, django_assert_num_queries: Any, count: int
) -> None:
    _many_practices(count)
    client = client_for(dina)
    client.get(url("review", in_review))
    # 1 user, 2 the viewer, 3 the practice, 4-7 themes, SDGs, attachments, authors, 8 themes
    # named in the proposal, 9 its SDGs, 10 the review steps (the session and the legal
    # documents' versions are cached)
    with django_assert_num_queries(10):
        assert client.get(url("review", in_review)).status_code == 200


def test_a_new_file_shows_on_the_kept_practice_page_at_once(visitor: Client, published: Practice) -> None:
    from connective.practices.models import Attachment

    visitor.get(url("detail", published))  # the page's parts are now kept
    from connective.practices.choices import AttachmentKind

    Attachment.objects.create(
        practice=published, kind=AttachmentKind.PDF, file="attachments/plan.pdf", original_name="plan.pdf",
        content_type="application/pdf", size=8, title="Water plan",
    )  # fmt: skip

    assert "Water plan" in visitor.get(url("detail", published)).content.decode()


def test_the_edit_form_names_co_authors_whose_address_is_hidden_and_never_shows_it(
    client_for: ClientFor, draft: Practice, alice: Any, bob: Any, charlie: Any
) -> None:
    """charlie (another network) keeps his address to his network: alice, editing the practice
    they write together, sees his name with a tick, never his address; the tick keeps him, an
    unticked box takes him off, and an id that is not one of them is refused, changing nothing."""
    draft.authors.add(charlie.user)
    draft.contacts.add(charlie)
    client = client_for(alice)
    page = client.get(url("edit", draft)).content.decode()
    assert charlie.user.email not in page
    assert charlie.user.full_name in page
    assert page.count(f'value="{charlie.user.pk}"') + page.count(f'value="{charlie.pk}"') >= 2

    kept = form_data(keep_co_authors=[str(charlie.user.pk)], keep_contacts=[str(charlie.pk)])
    assert client.post(url("edit", draft), kept).status_code == 302
    assert set(draft.authors.all()) == {alice.user, charlie.user}
    assert list(draft.contacts.all()) == [charlie]

    forged = form_data(keep_co_authors=[str(bob.user.pk)], keep_contacts=[str(charlie.pk)])
    assert client.post(url("edit", draft), forged).status_code == 200
    assert set(draft.authors.all()) == {alice.user, charlie.user}

    assert client.post(url("edit", draft), form_data(keep_contacts=[str(charlie.pk)])).status_code == 302
    assert set(draft.authors.all()) == {alice.user}
    assert list(draft.contacts.all()) == [charlie]
