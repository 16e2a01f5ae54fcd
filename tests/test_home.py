"""The home page: the library's search, the community's practices and networks for everyone,
and what waits for a signed-in member or coordinator, per persona.

Personas (see conftest.py): visitor, alice and bob (MENA members), charlie (SEE member),
dina (MENA coordinator), emil (SEE coordinator), sam (staff).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from connective.accounts.models import User
from connective.consultations.choices import InvitationStatus, RequestStatus, ServiceStatus, SupportKind
from connective.consultations.tests.factories import ConsultationRequestFactory, InvitationFactory
from connective.core.models import Theme
from connective.members.choices import MembershipStatus, MemberType
from connective.members.models import MemberProfile
from connective.members.tests.factories import MemberProfileFactory
from connective.practices.choices import PracticeStatus, RevisionState
from connective.practices.models import Practice, PracticeRevision
from connective.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[Any], Client]
HOME = "/"


def main_of(client: Client) -> str:
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode().split('<main id="main"', 1)[1]


def waiting_of(html: str) -> dict[str, tuple[int, str]]:
    """Each line of "Waiting for you": its label -> (count, link)."""
    section = re.search(r'<section class="panel home-waiting".*?</section>', html, re.S)
    if section is None:
        return {}
    lines = re.findall(
        r'<a href="([^"]+)"><span class="waiting-count">(\d+)</span> ([^<]+)</a>', section.group(0)
    )
    return {label: (int(count), href) for href, count, label in lines}


# -- for everyone ------------------------------------------------------------------------


def test_a_visitor_finds_the_search_and_the_join_button_before_anything_else(visitor: Client) -> None:
    PracticeFactory.create(title="Community water kiosks in Zarqa", is_featured=True)
    main = main_of(visitor)
    search = main.index(f'action="{reverse("practices:list")}"')
    join = main.index(f'href="{reverse("account_signup")}"')
    assert 'name="q"' in main and 'role="search"' in main
    # Within the first screen: right after the heading, the one-line lead and the search row,
    # above the practices, the networks and the explanations.
    assert search < join < main.index("Community water kiosks in Zarqa") < main.index("How it works")
    assert len(main[:join]) < 1500


def test_the_home_page_shows_featured_and_newest_practices_as_library_cards(visitor: Client) -> None:
    featured = PracticeFactory.create(title="Featured kiosks", is_featured=True)
    newest = PracticeFactory.create(title="Newest kiosks")
    PracticeFactory.create(title="A draft", status=PracticeStatus.DRAFT)
    PracticeFactory.create(title="In review", status=PracticeStatus.IN_REVIEW)
    main = main_of(visitor)
    assert main.index("Featured") < main.index("Featured kiosks") < main.index("Newest kiosks")
    for practice in (featured, newest):
        # The library's own card (practices.templatetags.library_html), under the page's <h3>.
        card = f'<li class="card">\n      <h4 lang="en" dir="ltr"><a href="{reverse("practices:detail", args=[practice.slug])}">'
        assert card in main
    assert "Water supply" in main  # the cards' themes
    assert "A draft" not in main and "In review" not in main


def test_the_home_page_shows_the_networks_with_their_figures_small_counts_suppressed(
    visitor: Client, alice: MemberProfile, bob: MemberProfile
) -> None:
    main = main_of(visitor)
    assert f'href="{reverse("networks:detail", args=["mena"])}"' in main
    assert "Members: fewer than 3" in main  # two MENA members: never shown exactly
    assert "Alice" not in main and "alice@example.org" not in main


def test_a_practice_featured_since_the_last_visit_shows_at_once(visitor: Client) -> None:
    practice = PracticeFactory.create(title="Rain gardens")
    before = main_of(visitor)
    assert "<h3>Featured</h3>" not in before and before.index("<h3>Newest</h3>") < before.index(
        "Rain gardens"
    )
    practice.is_featured = True
    practice.save(update_fields=["is_featured"])  # moves the practices' version: the kept part is stale
    after = main_of(visitor)
    assert after.index("<h3>Featured</h3>") < after.index("Rain gardens")
    assert "<h3>Newest</h3>" not in after


def test_the_home_page_renders_right_to_left_in_arabic(visitor: Client) -> None:
    PracticeFactory.create(title="Community water kiosks", is_featured=True)
    visitor.post(reverse("core:set_language"), {"language": "ar"})
    html = visitor.get(HOME).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "ابحث في مكتبة الممارسات الجيدة" in html
    assert "Community water kiosks" in html


def test_a_member_sees_no_join_button_and_a_pending_member_nothing_waiting(
    alice: MemberProfile, client_for: ClientFor
) -> None:
    main = main_of(client_for(alice))
    assert f'href="{reverse("account_signup")}"' not in main
    assert 'role="search"' in main
    pending = MemberProfileFactory.create(status=MembershipStatus.PENDING)
    assert waiting_of(main_of(client_for(pending))) == {}


# -- what waits for a member --------------------------------------------------------------


def test_a_member_sees_her_invitations_requests_and_practices_in_review(
    alice: MemberProfile, bob: MemberProfile, client_for: ClientFor
) -> None:
    InvitationFactory.create(advisor=alice)
    InvitationFactory.create(advisor=alice, status=InvitationStatus.ACCEPTED)
    InvitationFactory.create(advisor=bob)
    ConsultationRequestFactory.create(requester=alice)  # open: nobody took it on yet
    ConsultationRequestFactory.create(requester=alice, status=RequestStatus.IN_PROGRESS)
    answered_but_one = ConsultationRequestFactory.create(requester=alice, status=RequestStatus.IN_PROGRESS)
    InvitationFactory.create(request=answered_but_one)
    ConsultationRequestFactory.create(requester=alice, status=RequestStatus.CLOSED)
    PracticeFactory.create(status=PracticeStatus.IN_REVIEW, authors=[alice])
    edited = PracticeFactory.create(authors=[alice])
    PracticeRevision.objects.create(practice=edited, number=2, state=RevisionState.IN_REVIEW)
    PracticeFactory.create(status=PracticeStatus.DRAFT, authors=[alice])
    PracticeFactory.create(status=PracticeStatus.IN_REVIEW, authors=[bob])

    waiting = waiting_of(main_of(client_for(alice)))
    mine = reverse("consultations:mine")
    assert waiting == {
        "invitation to advise to answer": (1, mine),
        "of your requests waiting for answers": (2, mine),
        "of your practices in review": (2, reverse("practices:mine")),
    }


def test_a_member_with_nothing_waiting_sees_zeros(charlie: MemberProfile, client_for: ClientFor) -> None:
    waiting = waiting_of(main_of(client_for(charlie)))
    assert [count for count, _link in waiting.values()] == [0, 0, 0]


# -- what waits for a coordinator ----------------------------------------------------------


def _pending_in(country: str, n: int = 1) -> None:
    for _ in range(n):
        MemberProfileFactory.create(country=country, status=MembershipStatus.PENDING)


def _service_request(country: str, status: str = ServiceStatus.RECEIVED) -> None:
    ConsultationRequestFactory.create(
        requester=MemberProfileFactory.create(country=country),
        support_kind=SupportKind.STUDY,
        service_status=status,
        status=RequestStatus.IN_TRIAGE,
    )


@pytest.fixture
def queues() -> None:
    """Two MENA declarations and one SEE; a MENA and a SEE practice in review; two open MENA
    service requests, one done, one SEE."""
    _pending_in("JO", 2)
    _pending_in("MK")
    PracticeFactory.create(status=PracticeStatus.IN_REVIEW)  # Amman
    PracticeFactory.create(status=PracticeStatus.IN_REVIEW, city="Skopje", country="MK")
    _service_request("TN")
    _service_request("JO", ServiceStatus.IN_PROGRESS)
    _service_request("JO", ServiceStatus.DONE)
    _service_request("BA")


def test_a_coordinator_sees_the_queues_of_her_own_network(
    dina: User, queues: None, client_for: ClientFor
) -> None:
    waiting = waiting_of(main_of(client_for(dina)))
    assert waiting == {
        "declarations of membership to decide: MENA network": (
            2,
            reverse("networks:declarations", args=["mena"]),
        ),
        "practice to review": (1, reverse("practices:review_queue")),
        "service requests to follow": (2, reverse("consultations:queue")),
    }


def test_staff_see_the_queues_of_every_network(sam: User, queues: None, client_for: ClientFor) -> None:
    waiting = waiting_of(main_of(client_for(sam)))
    declarations = {
        label: count for label, (count, _link) in waiting.items() if label.startswith("declaration")
    }
    assert sum(declarations.values()) == 3 and len(declarations) == 6
    assert waiting["practices to review"][0] == 2
    assert waiting["service requests to follow"][0] == 3


def test_members_see_none_of_the_coordinators_queues(
    alice: MemberProfile, queues: None, client_for: ClientFor
) -> None:
    labels = " ".join(waiting_of(main_of(client_for(alice))))
    assert "declaration" not in labels and "to review" not in labels and "service" not in labels


# -- queries: flat at 10 and 1,000 rows -----------------------------------------------------


def _rows(n: int) -> None:
    """n published practices (a tenth featured), n pending MENA declarations, n MENA practices
    in review, n service requests and n invitations for alice, in bulk."""
    from connective.accounts.models import User as UserModel
    from connective.consultations.models import ConsultationRequest, Invitation

    water = Theme.objects.get(slug="water-supply")
    practices = Practice.objects.bulk_create(
        Practice(slug=f"bulk-{i}", title=f"Bulk {i}", summary="s", city="Amman", country="JO", region="mena",
                 language_id="en", status=PracticeStatus.PUBLISHED if i % 2 else PracticeStatus.IN_REVIEW,
                 is_featured=i % 20 == 1)
        for i in range(2 * n)
    )  # fmt: skip
    Practice.themes.through.objects.bulk_create(
        Practice.themes.through(practice_id=p.pk, theme_id=water.pk) for p in practices
    )
    users = UserModel.objects.bulk_create(
        UserModel(email=f"bulk{i}@example.org", full_name=f"Bulk {i}") for i in range(n)
    )
    profiles = MemberProfile.objects.bulk_create(
        MemberProfile(user=user, member_type=MemberType.PRACTITIONER, organisation="o", city="Amman",
                      country="JO", region="mena", status=MembershipStatus.PENDING if i % 2 else MembershipStatus.APPROVED)
        for i, user in enumerate(users)
    )  # fmt: skip
    requests = ConsultationRequest.objects.bulk_create(
        ConsultationRequest(requester=profile, title="t", description="d", city="Amman", country="JO",
                            region="mena", network="mena", support_kind=SupportKind.STUDY,
                            service_status=ServiceStatus.RECEIVED)
        for profile in profiles
    )  # fmt: skip
    alice = MemberProfile.objects.get(user__email="alice@example.org")
    Invitation.objects.bulk_create(Invitation(request=request, advisor=alice) for request in requests)


@pytest.mark.parametrize("rows", [10, 1000])
def test_a_visitor_home_page_costs_no_query_once_kept_at_10_and_1000_rows(
    rows: int, visitor: Client, alice: MemberProfile, django_assert_num_queries: Callable
) -> None:
    _rows(rows)
    # The first visitor of a language: 1 featured practices, 2 newest, 3 their themes (the
    # library cards), 4 members by network and country, 5 the networks (their figures); each an
    # index walk or an aggregate that does not return more rows with more members
    with django_assert_num_queries(5):
        visitor.get(HOME)
    # Everyone after: both parts come from the cache
    with django_assert_num_queries(0):
        visitor.get(HOME)


@pytest.mark.parametrize("rows", [10, 1000])
def test_a_member_home_page_costs_the_same_queries_at_10_and_1000_rows(
    rows: int, alice: MemberProfile, client_for: ClientFor, django_assert_num_queries: Callable
) -> None:
    _rows(rows)
    client = client_for(alice)
    client.get(HOME)  # the first page after signing in records session state and fills the cache
    # 1 user, 2 the Viewer; 3 invitations to answer, 4 her requests waiting for answers,
    # 5 her practices in review (each a COUNT)
    with django_assert_num_queries(5):
        response = client.get(HOME)
    assert waiting_of(response.content.decode())["invitations to advise to answer"][0] == rows


@pytest.mark.parametrize("rows", [10, 1000])
@pytest.mark.parametrize("persona", ["dina", "sam"])
def test_a_coordinator_home_page_costs_the_same_queries_at_10_and_1000_rows(
    rows: int,
    persona: str,
    alice: MemberProfile,
    request: pytest.FixtureRequest,
    client_for: ClientFor,
    django_assert_num_queries: Callable,
) -> None:
    _rows(rows)
    client = client_for(request.getfixturevalue(persona))
    client.get(HOME)
    # 1 user, 2 the Viewer; 3 the networks she decides with their pending declarations counted,
    # 4 requests to join the sections they decide on, 5 the networks she decides with their open
    # programme proposals counted, 6 practices to review, 7 service requests to follow (neither
    # coordinator is a member, so nothing of a member's is asked); for dina, 8 her conversations
    # with unread messages (she holds memberships; sam holds none, so it is not asked); for
    # staff, 8-9 their own and their groups' permissions (the Admin link is shown only to those
    # who hold one)
    with django_assert_num_queries(9 if persona == "sam" else 8):
        response = client.get(HOME)
    waiting = waiting_of(response.content.decode())
    assert waiting["practices to review"][0] == rows
    assert waiting["service requests to follow"][0] == rows
