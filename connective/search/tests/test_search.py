"""One search box, persona by persona: practices for everyone, discussions as far as the viewer
may read them (a closed section's only for its readers; conversations never), people only for
those who may see members, each result in its own language and direction."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from connective.accounts.models import User
from connective.conversations import services as conversation_services
from connective.discussions import services as discussion_services
from connective.discussions.models import Post, Thread
from connective.discussions.tests.factories import SpaceFactory, network_space
from connective.members.models import MemberProfile
from connective.practices.search.index import practices_changed, rebuild
from connective.practices.tests.factories import PracticeFactory
from connective.spaces.choices import SpaceAccess
from connective.spaces.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile) -> dict[str, object]:
    practice = PracticeFactory.create(title="Zyxkiosk water for all", summary="Zyxkiosk sells water.")
    arabic = PracticeFactory.create(title="أكشاك Zyxkiosk المياه", summary="Zyxkiosk أكشاك", language_id="ar")
    rebuild(embeddings=False)
    section = SpaceFactory.create(slug="closed-search", name="Closed", access=SpaceAccess.CLOSED)
    Membership.objects.create(space=section, user=alice.user)
    closed = discussion_services.thread_start(
        actor=alice.user, space=section, title="Zyxkiosk pumps", body="Closed words"
    )
    open_thread = discussion_services.thread_start(
        actor=alice.user, space=network_space("mena"), title="Kiosk prices", body="Zyxkiosk tariffs"
    )
    dm = conversation_services.conversation_start(actor=alice.user, recipients=[bob], body="Zyxkiosk secret")
    return {"practice": practice, "arabic": arabic, "closed": closed, "open": open_thread, "dm": dm}


def _search(client: Client, query: str) -> str:
    answer = client.get(reverse("search:index"), {"q": query})
    assert answer.status_code == 200
    return answer.content.decode()


def test_each_persona_finds_what_it_may_read_and_nothing_else(
    client_for: Callable[..., Client],
    visitor: Client,
    world: dict[str, object],
    alice: MemberProfile,
    bob: MemberProfile,
    charlie: MemberProfile,
    dina: User,
    sam: User,
) -> None:
    closed = reverse("discussions:thread", args=[world["closed"].public_id])  # type: ignore[attr-defined]
    opened = reverse("discussions:thread", args=[world["open"].public_id])  # type: ignore[attr-defined]
    practice = reverse("practices:detail", args=[world["practice"].slug])  # type: ignore[attr-defined]
    dm = str(world["dm"].public_id)  # type: ignore[attr-defined]
    expected = {"alice": True, "bob": False, "charlie": False, "dina": True, "sam": True}
    people = {"alice": alice, "bob": bob, "charlie": charlie, "dina": dina, "sam": sam}
    for name, person in people.items():
        page = _search(client_for(person), "Zyxkiosk")
        assert practice in page, name
        assert opened in page, name
        assert (closed in page) == expected[name], name
        assert dm not in page and "secret" not in page, name
    page = _search(visitor, "Zyxkiosk")
    assert practice in page and opened not in page and closed not in page
    assert 'dir="rtl"' in page and 'lang="ar"' in page  # the Arabic practice in its own direction


def test_people_are_found_by_members_only(
    client_for: Callable[..., Client], visitor: Client, bob: MemberProfile, alice: MemberProfile
) -> None:
    link = reverse("members:detail", args=[alice.slug])
    assert link in _search(client_for(bob), "Haddad")
    page = _search(visitor, "Haddad")
    assert link not in page and "People" not in page


def test_every_pages_navigation_leads_to_the_search(
    visitor: Client, client_for: Callable[..., Client], bob: MemberProfile
) -> None:
    for client in (visitor, client_for(bob)):
        assert f'href="{reverse("search:index")}"' in client.get(reverse("core:home")).content.decode()


def _threads(alice: MemberProfile, count: int) -> None:
    space = network_space("mena")
    now = timezone.now()
    threads = Thread.objects.bulk_create(
        Thread(space=space, author=alice.user, title=f"Zyxkiosk {n}", last_post_at=now) for n in range(count)
    )
    Post.objects.bulk_create(
        Post(thread=thread, number=1, author=alice.user, body="Zyxkiosk body") for thread in threads
    )


def test_the_search_reads_as_many_queries_at_10_and_at_1000_matches(
    client_for: Callable[..., Client], alice: MemberProfile, bob: MemberProfile
) -> None:
    PracticeFactory.create_batch(10, title="Zyxkiosk practice")
    rebuild(embeddings=False)
    _threads(alice, 10)
    client = client_for(bob)
    _search(client, "Zyxkiosk")
    with CaptureQueriesContext(connection) as at_10:
        _search(client, "Zyxkiosk")
    more = PracticeFactory.create_batch(990, title="Zyxkiosk practice")
    practices_changed(practice.pk for practice in more)  # a second rebuild cannot run in one transaction
    _threads(alice, 990)
    _search(client, "Zyxkiosk")
    with CaptureQueriesContext(connection) as at_1000:
        _search(client, "Zyxkiosk")
    assert len(at_1000) == len(at_10)
