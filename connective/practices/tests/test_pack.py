"""Printable packs: picking practices (by hand and from a search), the PDF with its table of
contents, the shared link and its revocation, per persona, and what the pack page costs."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from connective.accounts.models import User
from connective.core.models import AuditEvent
from connective.members.models import MemberProfile
from connective.members.roles import VISITOR, viewer_for
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice, PracticePack, PracticePackItem
from connective.practices.packs import pdf as pack_pdf_module
from connective.practices.packs import services
from connective.practices.packs.pdf import pack_pdf_html
from connective.practices.packs.rules import PACK_MAX
from connective.practices.packs.selectors import pack_contents
from connective.practices.search.selectors import SearchParams
from connective.practices.tests.factories import PracticeFactory
from connective.practices.tests.test_pdf import _font_names, _pages, _streams_text

pytestmark = pytest.mark.django_db

ClientFor = Callable[[Any], Client]
PERSONAS = ["alice", "bob", "charlie", "dina", "emil", "sam"]


def user_named(request: Any, name: str) -> User:
    person = request.getfixturevalue(name)
    return person.user if isinstance(person, MemberProfile) else person


def client_named(request: Any, name: str) -> Client:
    if name == "visitor":
        return request.getfixturevalue("visitor")
    return request.getfixturevalue("client_for")(request.getfixturevalue(name))


def body(response: Any) -> bytes:
    """The bytes of a streamed response (the PDFs are streamed)."""
    return b"".join(response.streaming_content)


def slugs_of(pack: PracticePack) -> list[str]:
    return list(pack.items.order_by("position").values_list("practice__slug", flat=True))


@pytest.fixture
def three(db: None) -> list[Practice]:
    """Three published practices, the second in Arabic."""
    made = [
        PracticeFactory.create(title="Community water kiosks in Amman"),
        PracticeFactory.create(
            language_id="ar",
            title="أكشاك المياه المجتمعية في الزرقاء",
            summary="أكشاك في الأحياء تبيع المياه النظيفة بسعر عادل حيث لا تصل الأنابيب.",
            challenge="لم تكن الأحياء غير الرسمية موصولة بشبكة المياه.",
            approach="أدارت شركة المياه ولجان السكان الأكشاك معاً.",
            city="الزرقاء",
        ),
        PracticeFactory.create(title="Solar street lights in Sfax", city="Sfax", country="TN"),
    ]
    from connective.practices.search.index import practices_changed

    # PostgreSQL's library reads the index, which the practices' commit would fill.
    practices_changed(practice.pk for practice in made)
    return made


@pytest.fixture
def alices_pack(alice: MemberProfile, three: list[Practice]) -> PracticePack:
    return services.pack_create(
        actor=alice.user, title="Workshop in Irbid", practice_ids=[practice.pk for practice in three]
    )


# -- picking by hand -----------------------------------------------------------------------


def test_a_members_first_practice_starts_their_pack_and_the_next_go_at_its_end(
    alice: MemberProfile, three: list[Practice]
) -> None:
    assert services.pack_add(actor=alice.user, pack=None, slug=three[0].slug)
    pack = PracticePack.objects.get(owner=alice.user)
    assert services.pack_add(actor=alice.user, pack=pack, slug=three[2].slug)
    assert not services.pack_add(actor=alice.user, pack=pack, slug=three[0].slug)  # already in
    assert slugs_of(pack) == [three[0].slug, three[2].slug]
    assert AuditEvent.objects.filter(action="practice_pack.added", target_id=str(pack.pk)).count() == 1


@pytest.mark.parametrize("status", [PracticeStatus.DRAFT, PracticeStatus.IN_REVIEW, PracticeStatus.DECLINED])
def test_an_unknown_or_unpublished_practice_is_refused_with_a_message_and_changes_nothing(
    alices_pack: PracticePack, status: str
) -> None:
    before = slugs_of(alices_pack)
    draft = PracticeFactory.create(status=status)
    for slug in ("no-such-practice", draft.slug):
        with pytest.raises(ValidationError, match="no published practice"):
            services.pack_add(actor=alices_pack.owner, pack=alices_pack, slug=slug)
    assert slugs_of(alices_pack) == before


def test_a_full_pack_refuses_another_practice_and_changes_nothing(alice: MemberProfile) -> None:
    practices = PracticeFactory.create_batch(PACK_MAX + 1, revision=False)
    pack = services.pack_create(actor=alice.user, title="Full", practice_ids=[p.pk for p in practices[:-1]])
    with pytest.raises(ValidationError, match=f"at most {PACK_MAX} practices"):
        services.pack_add(actor=alice.user, pack=pack, slug=practices[-1].slug)
    assert pack.items.count() == PACK_MAX


@pytest.mark.parametrize("name", ["bob", "charlie", "dina", "emil", "sam"])
def test_nobody_but_the_owner_changes_a_pack(
    alices_pack: PracticePack, three: list[Practice], name: str, request: Any
) -> None:
    other = user_named(request, name)
    before, title, link = slugs_of(alices_pack), alices_pack.title, alices_pack.public_id
    changes: list[Callable[[], object]] = [
        lambda: services.pack_add(actor=other, pack=alices_pack, slug=PracticeFactory.create().slug),
        lambda: services.pack_remove(actor=other, pack=alices_pack, slug=three[0].slug),
        lambda: services.pack_reorder(actor=other, pack=alices_pack, slugs=before[::-1]),
        lambda: services.pack_move(actor=other, pack=alices_pack, slug=three[0].slug, step=1),
        lambda: services.pack_rename(actor=other, pack=alices_pack, title="Mine now"),
        lambda: services.pack_rotate_link(actor=other, pack=alices_pack),
    ]
    for change in changes:
        with pytest.raises(ValidationError, match="not yours"):
            change()
    alices_pack.refresh_from_db()
    assert (slugs_of(alices_pack), alices_pack.title, alices_pack.public_id) == (before, title, link)


def test_the_owner_reorders_moves_removes_and_renames(
    alices_pack: PracticePack, three: list[Practice]
) -> None:
    owner = alices_pack.owner
    a, b, c = (p.slug for p in three)
    services.pack_reorder(actor=owner, pack=alices_pack, slugs=[c, a, b])
    assert slugs_of(alices_pack) == [c, a, b]
    services.pack_move(actor=owner, pack=alices_pack, slug=b, step=-1)
    assert slugs_of(alices_pack) == [c, b, a]
    services.pack_move(actor=owner, pack=alices_pack, slug=c, step=-1)  # already first: unchanged
    assert slugs_of(alices_pack) == [c, b, a]
    services.pack_remove(actor=owner, pack=alices_pack, slug=b)
    assert slugs_of(alices_pack) == [c, a]
    services.pack_rename(actor=owner, pack=alices_pack, title="  Irbid,   March  ")
    alices_pack.refresh_from_db()
    assert alices_pack.title == "Irbid, March"


@pytest.mark.parametrize(
    "slugs",
    [["x"], [], ["{0}", "{0}", "{1}"], ["{0}", "{1}"]],
    ids=["unknown", "empty", "twice", "one-missing"],
)
def test_a_new_order_must_name_every_practice_once(
    alices_pack: PracticePack, three: list[Practice], slugs: list[str]
) -> None:
    before = slugs_of(alices_pack)
    asked = [slug.format(*before) for slug in slugs]
    with pytest.raises(ValidationError):
        services.pack_reorder(actor=alices_pack.owner, pack=alices_pack, slugs=asked)
    assert slugs_of(alices_pack) == before


@pytest.mark.parametrize("title", ["", "   ", "x" * 121])
def test_a_pack_needs_a_title_that_fits(alices_pack: PracticePack, title: str) -> None:
    with pytest.raises(ValidationError):
        services.pack_rename(actor=alices_pack.owner, pack=alices_pack, title=title)
    alices_pack.refresh_from_db()
    assert alices_pack.title == "Workshop in Irbid"


# -- picking from a search -----------------------------------------------------------------


def _library(count: int, **fields: Any) -> list[Practice]:
    from connective.practices.search.index import practices_changed

    made = Practice.objects.bulk_create(
        Practice(
            slug=f"bulk-{n}", title=f"Bulk {n}", summary="s", city="Amman", country="JO", region="mena",
            language_id="en", status=PracticeStatus.PUBLISHED, **fields,
        )
        for n in range(count)
    )  # fmt: skip
    # bulk_create skips the signals that index a practice: PostgreSQL searches the index.
    practices_changed(practice.pk for practice in made)
    return made


def test_a_pack_from_a_search_holds_its_first_fifty_in_its_order_and_says_more_matched(
    alice: MemberProfile,
) -> None:
    _library(PACK_MAX + 5)
    pack, note = services.pack_from_search(
        actor=alice.user, params=SearchParams(region="mena", sort="title"), title="MENA", ui_language="en"
    )
    assert pack.items.count() == PACK_MAX
    expected = list(
        Practice.objects.filter(region="mena")
        .order_by("title", "id")
        .values_list("slug", flat=True)[:PACK_MAX]
    )
    assert slugs_of(pack) == expected
    assert f"{PACK_MAX + 5} practices matched" in note and f"the first {PACK_MAX}" in note


def test_a_search_that_finds_nothing_makes_no_pack(alice: MemberProfile) -> None:
    with pytest.raises(ValidationError, match="finds no practice"):
        services.pack_from_search(
            actor=alice.user, params=SearchParams(region="ssa"), title="SSA", ui_language="en"
        )
    assert not PracticePack.objects.exists()


def test_the_library_offers_a_pack_of_its_results_and_each_card_adds_to_my_pack(
    visitor: Client, three: list[Practice]
) -> None:
    html = visitor.get(reverse("practices:list")).content.decode()
    assert 'form="pack-from-search"' in html and "Make a printable pack of these results" in html
    assert f'form="pack-add" name="practice" value="{three[0].slug}"' in html
    # The forms that carry the reader's token sit outside the results area kept for everyone.
    assert re.search(r'<form id="pack-add" method="post"[^>]*>.*?csrfmiddlewaretoken', html, re.S)


def test_a_visitor_makes_a_pack_from_a_search_downloads_it_but_gets_no_link(visitor: Client) -> None:
    _library(PACK_MAX + 2)
    response = visitor.post(reverse("practices:pack_from_search"), {"region": "mena"}, follow=True)
    html = response.content.decode()
    assert "the pack holds the first 50" in html
    assert html.count('name="practice" value="bulk-') == PACK_MAX
    assert "Sign in</a> to keep packs and share a link" in html
    assert not PracticePack.objects.exists()
    response = visitor.get(reverse("practices:pack_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert body(response).startswith(b"%PDF")
    rotated = visitor.post(reverse("practices:pack_rotate_link"), follow=True)
    assert "Sign in to share a pack" in rotated.content.decode()


def test_a_visitor_adds_by_hand_and_an_unknown_practice_gets_a_message(
    visitor: Client, three: list[Practice]
) -> None:
    detail = reverse("practices:detail", args=[three[1].slug])
    response = visitor.post(reverse("practices:pack_add"), {"practice": three[1].slug, "next": detail})
    assert response["Location"] == detail
    response = visitor.post(reverse("practices:pack_add"), {"practice": "nope"}, follow=True)
    assert "There is no published practice “nope” to add." in response.content.decode()
    html = visitor.get(reverse("practices:pack")).content.decode()
    assert three[1].title in html and three[0].title not in html


def test_an_unsafe_next_address_is_ignored(visitor: Client, three: list[Practice]) -> None:
    response = visitor.post(
        reverse("practices:pack_add"), {"practice": three[0].slug, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("practices:pack")


# -- the pages, per persona ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["visitor", *PERSONAS])
def test_everyone_opens_my_pack_and_adds_a_practice_through_the_page(
    name: str, request: Any, three: list[Practice]
) -> None:
    client = client_named(request, name)
    assert "Your pack is empty" in client.get(reverse("practices:pack")).content.decode()
    client.post(reverse("practices:pack_add"), {"practice": three[0].slug})
    client.post(reverse("practices:pack_add"), {"practice": three[2].slug})
    client.post(reverse("practices:pack_move"), {"up": three[2].slug})
    client.post(reverse("practices:pack_rename"), {"title": "For Monday"})
    html = client.get(reverse("practices:pack")).content.decode()
    assert '<h1 dir="auto">For Monday</h1>' in html
    assert html.index(three[2].title) < html.index(three[0].title)
    client.post(reverse("practices:pack_remove"), {"practice": three[0].slug})
    assert three[0].title not in client.get(reverse("practices:pack")).content.decode()
    assert client.get(reverse("practices:pack_pdf")).status_code == 200
    if name == "visitor":
        assert not PracticePack.objects.exists()
    else:
        assert PracticePack.objects.get(owner=user_named(request, name)).title == "For Monday"


@pytest.mark.parametrize("name", ["visitor", *PERSONAS])
def test_anyone_with_the_link_reads_the_pack_and_its_pdf(
    alices_pack: PracticePack, name: str, request: Any
) -> None:
    client = client_named(request, name)
    response = client.get(reverse("practices:pack_shared", args=[alices_pack.public_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Workshop in Irbid" in html and "Community water kiosks in Amman" in html
    # The owner's name is personal: only those who may see members read it.
    assert ("Alice Haddad" in html) == (name != "visitor")
    pdf = client.get(reverse("practices:pack_shared_pdf", args=[alices_pack.public_id]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert 'filename="workshop-in-irbid.pdf"' in pdf["Content-Disposition"]


@pytest.mark.parametrize("name", ["visitor", *PERSONAS])
def test_the_shared_page_is_read_only(alices_pack: PracticePack, name: str, request: Any) -> None:
    client = client_named(request, name)
    url = reverse("practices:pack_shared", args=[alices_pack.public_id])
    assert client.post(url).status_code == 405
    assert 'method="post"' not in client.get(url).content.decode().split('<main id="main"')[1]


@pytest.mark.parametrize("name", ["bob", "charlie", "dina", "emil", "sam"])
def test_changes_through_the_pages_reach_only_ones_own_pack(
    alices_pack: PracticePack, three: list[Practice], name: str, request: Any
) -> None:
    client = client_named(request, name)
    before = slugs_of(alices_pack)
    client.post(reverse("practices:pack_remove"), {"practice": three[0].slug})
    client.post(reverse("practices:pack_rotate_link"))
    response = client.post(reverse("practices:pack_move"), {"down": three[0].slug}, follow=True)
    assert "You have no pack yet" in response.content.decode()
    alices_pack.refresh_from_db()
    assert slugs_of(alices_pack) == before
    assert client.get(reverse("practices:pack_shared", args=[alices_pack.public_id])).status_code == 200


def test_the_owner_works_on_an_earlier_pack_again_and_nobody_else_can(
    alices_pack: PracticePack,
    alice: MemberProfile,
    bob: MemberProfile,
    client_for: ClientFor,
    visitor: Client,
) -> None:
    later = services.pack_create(actor=alice.user, title="Later pack", practice_ids=[])
    client = client_for(alice)
    page = client.get(reverse("practices:pack")).content.decode()
    assert '<h1 dir="auto">Later pack</h1>' in page and "Workshop in Irbid" in page
    url = reverse("practices:pack_make_current", args=[alices_pack.public_id])
    for stranger in (client_for(bob), visitor):
        assert stranger.post(url).status_code == 404
    assert PracticePack.objects.order_by("-updated_at").first() == later
    client.post(url)
    assert '<h1 dir="auto">Workshop in Irbid</h1>' in client.get(reverse("practices:pack")).content.decode()


def test_the_owner_revokes_the_link_and_the_old_one_is_a_404_for_everyone(
    alices_pack: PracticePack, alice: MemberProfile, client_for: ClientFor, visitor: Client
) -> None:
    old = alices_pack.public_id
    client = client_for(alice)
    page = client.get(reverse("practices:pack")).content.decode()
    assert f"/practices/packs/{old}/" in page
    response = client.post(reverse("practices:pack_rotate_link"), follow=True)
    assert "The old link no longer opens the pack" in response.content.decode()
    alices_pack.refresh_from_db()
    assert alices_pack.public_id != old
    for who in (visitor, client):
        assert who.get(reverse("practices:pack_shared", args=[old])).status_code == 404
        assert who.get(reverse("practices:pack_shared_pdf", args=[old])).status_code == 404
    assert visitor.get(reverse("practices:pack_shared", args=[alices_pack.public_id])).status_code == 200


def test_an_unknown_link_is_a_404(visitor: Client) -> None:
    assert visitor.get(reverse("practices:pack_shared", args=[uuid.uuid4()])).status_code == 404


def test_a_pack_never_shows_contacts_or_authors(
    visitor: Client, client_for: ClientFor, alice: MemberProfile, bob: MemberProfile
) -> None:
    practice = PracticeFactory.create(contacts=[bob], authors=[bob])
    pack = services.pack_create(actor=alice.user, title="Contacts?", practice_ids=[practice.pk])
    for client in (visitor, client_for(bob)):
        html = client.get(reverse("practices:pack_shared", args=[pack.public_id])).content.decode()
        assert (
            "bob@example.org" not in html
            and "Ben Salah" not in html.split("<footer")[0].split("site-nav")[-1]
        )
    contents = pack_contents(pack=pack, viewer=viewer_for(bob.user), full=True)
    html = pack_pdf_html(contents)
    assert "Ben Salah" not in html and "bob@example.org" not in html


# -- the PDF -------------------------------------------------------------------------------


def test_the_pdf_of_three_practices_has_a_cover_contents_and_a_page_each(
    alices_pack: PracticePack, three: list[Practice], visitor: Client
) -> None:
    contents = pack_contents(pack=alices_pack, viewer=VISITOR, full=True)
    html = pack_pdf_html(contents)
    toc = html.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    for number, practice in enumerate(three, start=1):
        assert practice.title in toc
        assert f'href="#practice-{number}"' in toc
        assert f'id="practice-{number}"' in html
        assert f"http://testserver/practices/{practice.slug}/" in html or practice.slug in html
    assert '<article class="practice" lang="ar" dir="rtl">' in html
    assert '<html lang="en" dir="ltr">' in html
    assert "3 practices" in html
    pdf = body(visitor.get(reverse("practices:pack_shared_pdf", args=[alices_pack.public_id])))
    assert pdf.startswith(b"%PDF")
    assert _pages(pdf) >= 5  # cover, contents, three practices
    # The Arabic practice is set in Noto Sans Arabic, its letters shaped: kaf, shin, ain drawn.
    assert any("NotoSansArabic" in name for name in _font_names(pdf))
    inflated = _streams_text(pdf).upper()
    for letter in (b"0643", b"0634", b"0639"):
        assert b"<" + letter + b">" in inflated


def test_the_table_of_contents_numbers_the_page_each_practice_starts_on(alices_pack: PracticePack) -> None:
    from weasyprint import HTML  # type: ignore[import-untyped]  # WeasyPrint ships no type hints

    document = HTML(string=pack_pdf_html(pack_contents(pack=alices_pack, viewer=VISITOR, full=True))).render()
    texts = [_page_text(page) for page in document.pages]
    contents = texts[1]
    assert "Contents" in contents
    for title, starts_on in (("Community water kiosks in Amman", 3), ("Solar street lights in Sfax", None)):
        found = next(i for i, text in enumerate(texts) if i > 1 and title in text) + 1
        assert starts_on is None or found == starts_on
        assert re.search(re.escape(title) + r".*?" + str(found), contents, re.S), (title, found, contents)


def _page_text(page: Any) -> str:
    """The text WeasyPrint laid out on a page, in reading order of its boxes."""
    out: list[str] = []

    def walk(box: Any) -> None:
        text = getattr(box, "text", None)
        if isinstance(text, str):
            out.append(text)
        for child in getattr(box, "children", []) or []:
            walk(child)
        for generated in (getattr(box, "pseudo_before", None),):
            if generated is not None:
                walk(generated)

    walk(page._page_box)
    return " ".join(out)


def test_the_cover_and_contents_follow_the_readers_language(alices_pack: PracticePack) -> None:
    with translation.override("fr"):
        html = pack_pdf_html(pack_contents(pack=alices_pack, viewer=VISITOR, full=True))
    assert '<html lang="fr" dir="ltr">' in html and "Sommaire" in html
    with translation.override("ar"):
        html = pack_pdf_html(pack_contents(pack=alices_pack, viewer=VISITOR, full=True))
    assert '<html lang="ar" dir="rtl">' in html
    # An English practice keeps its language and direction in the Arabic pack.
    assert '<article class="practice" lang="en" dir="ltr">' in html


def test_my_pack_in_arabic_is_right_to_left_and_each_title_keeps_its_own_direction(
    alices_pack: PracticePack, alice: MemberProfile, client_for: ClientFor
) -> None:
    client = client_for(alice)
    client.post(reverse("core:set_language"), {"language": "ar"})
    html = client.get(reverse("practices:pack")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<h2 lang="en" dir="ltr"><a href="/practices/' in html
    assert '<h2 lang="ar" dir="rtl"><a href="/practices/' in html
    assert "نزّل ملف PDF" in html


def test_an_unpublished_practice_drops_out_with_a_note(
    alices_pack: PracticePack, three: list[Practice], client_for: ClientFor, alice: MemberProfile
) -> None:
    Practice.objects.filter(pk=three[0].pk).update(status=PracticeStatus.DRAFT)
    contents = pack_contents(pack=alices_pack, viewer=VISITOR, full=True)
    assert [p.pk for p in contents.practices] == [three[1].pk, three[2].pk] and contents.missing == 1
    html = pack_pdf_html(contents)
    assert three[0].title not in html
    assert "1 practice chosen for this pack is no longer published and is left out." in html
    page = client_for(alice).get(reverse("practices:pack")).content.decode()
    assert three[0].title not in page and "no longer published" in page
    assert PracticePackItem.objects.filter(pack=alices_pack).count() == 3  # it comes back if republished


def test_the_pdf_is_written_once_per_content_and_language(
    alices_pack: PracticePack, monkeypatch: pytest.MonkeyPatch, visitor: Client
) -> None:
    import weasyprint

    written: list[str] = []
    real = weasyprint.HTML

    def counting(*args: Any, **kwargs: Any) -> Any:
        written.append("x")
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", counting)
    url = reverse("practices:pack_shared_pdf", args=[alices_pack.public_id])
    first = body(visitor.get(url))
    again = body(visitor.get(url))
    assert first == again and len(written) == 1
    visitor.post(reverse("core:set_language"), {"language": "fr"})
    visitor.get(url)
    assert len(written) == 2
    services.pack_rename(actor=alices_pack.owner, pack=alices_pack, title="Renamed")
    visitor.get(url)
    assert len(written) == 3
    assert pack_pdf_module.PDF_CACHE_SECONDS > 0


def test_an_empty_pack_has_no_pdf_but_a_message(visitor: Client) -> None:
    response = visitor.get(reverse("practices:pack_pdf"), follow=True)
    assert "has no published practice to print yet" in response.content.decode()


# -- what the pack page costs --------------------------------------------------------------


@pytest.mark.parametrize("count", [10, 1000])
def test_the_pack_page_costs_the_same_at_10_and_1000_practices_in_the_library(
    count: int, alices_pack: PracticePack, alice: MemberProfile, client_for: ClientFor,
    django_assert_num_queries: Any,
) -> None:  # fmt: skip
    _library(count)
    client = client_for(alice)
    client.get(reverse("practices:pack"))  # the session is warm
    # 1 user, 2 the viewer, 3 her packs (the current first, with its owner), 4 the current
    # pack's practice ids in order, 5 those published with their language, 6 their themes
    with django_assert_num_queries(6):
        response = client.get(reverse("practices:pack"))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [10, 1000])
def test_a_visitors_pack_page_costs_the_same_at_10_and_1000_practices_in_the_library(
    count: int, three: list[Practice], visitor: Client, django_assert_num_queries: Any
) -> None:
    _library(count)
    for practice in three:
        visitor.post(reverse("practices:pack_add"), {"practice": practice.slug})
    # The pack is in the session (read from the cache): 1 its published practices with their
    # language, 2 their themes
    with django_assert_num_queries(2):
        assert visitor.get(reverse("practices:pack")).status_code == 200


@pytest.mark.parametrize("count", [10, 1000])
def test_the_shared_page_costs_the_same_at_10_and_1000_practices_in_the_library(
    count: int, alices_pack: PracticePack, visitor: Client, django_assert_num_queries: Any
) -> None:
    _library(count)
    url = reverse("practices:pack_shared", args=[alices_pack.public_id])
    # 1 the pack with its owner, 2 its practice ids, 3 the published ones, 4 their themes
    with django_assert_num_queries(4):
        assert visitor.get(url).status_code == 200


# -- the authorization matrix: every pack route x persona x method -------------------------

# (route, method, expected status for everyone, for alice (the owner of the shared pack)).
# GET my pack's PDF redirects with a message when one has no pack; POSTs redirect back with a
# message; someone else's pack is a 404; the shared link opens for anyone; GET-only routes
# refuse POST.
MATRIX = [
    ("pack", "get", 200, 200),
    ("pack", "post", 405, 405),
    ("pack_add", "post", 302, 302),
    ("pack_add", "get", 405, 405),
    ("pack_remove", "post", 302, 302),
    ("pack_move", "post", 302, 302),
    ("pack_rename", "post", 302, 302),
    ("pack_from_search", "post", 302, 302),
    ("pack_rotate_link", "post", 302, 302),
    ("pack_rotate_link", "get", 405, 405),
    ("pack_pdf", "get", 302, 200),
    ("pack_shared", "get", 200, 200),
    ("pack_shared", "post", 405, 405),
    ("pack_shared_pdf", "get", 200, 200),
    ("pack_make_current", "post", 404, 302),
    ("pack_make_current", "get", 405, 405),
]
_WITH_LINK = {"pack_shared", "pack_shared_pdf", "pack_make_current"}


def test_every_pack_route_has_an_entry_in_the_matrix() -> None:
    from connective.practices.urls import urlpatterns

    names = [str(getattr(pattern, "name", "")) for pattern in urlpatterns]
    routes = {name for name in names if name.startswith("pack")}
    assert routes == {route for route, *_ in MATRIX}


@pytest.mark.parametrize("name", ["visitor", *PERSONAS])
@pytest.mark.parametrize(("route", "method", "everyone", "owner"), MATRIX)
def test_who_may_use_each_pack_route(
    alices_pack: PracticePack, three: list[Practice], name: str, route: str, method: str,
    everyone: int, owner: int, request: Any,
) -> None:  # fmt: skip
    client = client_named(request, name)
    url = reverse(f"practices:{route}", args=[alices_pack.public_id] if route in _WITH_LINK else [])
    data = {"practice": three[0].slug, "title": "T", "up": three[0].slug} if method == "post" else {}
    response = getattr(client, method)(url, data)
    assert response.status_code == (owner if name == "alice" else everyone)


@pytest.mark.parametrize("odd", ["\x00", "kiosks\x00", "<b>x</b>"])
def test_a_practice_named_by_something_that_is_no_slug_is_not_added_and_is_no_server_error(
    visitor: Client, odd: str
) -> None:
    response = visitor.post(reverse("practices:pack_add"), {"practice": odd}, follow=True)
    assert response.status_code == 200
    from connective.practices.packs.session import KEY

    assert not visitor.session.get(KEY)
