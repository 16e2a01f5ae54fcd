"""Network pages, per persona: what each person sees and may do on them.

Personas (see conftest.py): visitor, alice and bob (MENA members), charlie (SEE member),
dina (MENA coordinator), emil (SEE coordinator), sam (staff).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connective.accounts.models import User
from connective.core.models import AuditEvent, Theme
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from connective.members.tests.factories import MemberProfileFactory
from connective.networks.choices import ApprovalMode
from connective.networks.models import Network

pytestmark = pytest.mark.django_db

ClientFor = Callable[[Any], Client]


def url(name: str, slug: str = "mena", **kwargs: Any) -> str:
    return reverse(f"networks:{name}", kwargs={"slug": slug, **kwargs})


@pytest.fixture
def pending() -> MemberProfile:
    """A fresh declaration in the MENA network, from Casablanca."""
    return MemberProfileFactory.create(
        user__email="youssef@example.org",
        user__full_name="Youssef Amrani",
        city="Casablanca",
        country="MA",
        organisation="Commune de Casablanca",
        bio="Ingénieur à la direction de l'eau.",
        status=MembershipStatus.PENDING,
        expertise=[Theme.objects.get(slug="water-supply")],
    )


def html(response: Any) -> str:
    return response.content.decode()


# -- the list of networks ----------------------------------------------------------------


def test_the_list_shows_the_six_networks_focus_ones_first(visitor: Client) -> None:
    response = visitor.get(reverse("networks:list"))
    assert response.status_code == 200
    regions = [summary.network.region for summary in response.context["summaries"]]
    assert regions[:3] == ["mena", "see", "ssa"]
    assert sorted(regions) == sorted(Network.objects.values_list("region", flat=True))
    assert len(regions) == 6


def test_the_list_counts_approved_members_and_hides_small_counts(
    visitor: Client, alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile, pending: MemberProfile
) -> None:
    MemberProfileFactory.create(city="Irbid", country="JO")
    for city in ("Nairobi", "Mombasa", "Kisumu"):
        MemberProfileFactory.create(city=city, country="KE")
    response = visitor.get(reverse("networks:list"))
    summaries = {s.network.region: s.members for s in response.context["summaries"]}
    assert summaries["ssa"].count == 3  # exact: no country of the network is suppressed
    assert summaries["see"].count is None and summaries["see"].below == 3  # charlie alone
    # alice, bob, the Irbid member (not the pending one): Tunisia has bob alone, so the total
    # is blurred, or subtracting Jordan's figure from it would reveal Tunisia's.
    assert summaries["mena"].count is None and summaries["mena"].below == 10
    assert summaries["asia"].count == 0
    page = html(visitor.get(reverse("networks:list")))
    assert "Alice Haddad" not in page and "Čedomir Hadžić" not in page


# -- a network's public page -------------------------------------------------------------


def test_a_visitor_sees_the_description_contact_and_figures_but_no_name(
    visitor: Client, alice: MemberProfile, bob: MemberProfile, pending: MemberProfile
) -> None:
    for city in ("Amman", "Zarqa", "Irbid"):
        MemberProfileFactory.create(
            city=city,
            country="JO",
            expertise=[Theme.objects.get(slug="housing")],
            user__full_name=f"Name {city}",
        )
    response = visitor.get(url("detail"))
    page = html(response)
    assert response.status_code == 200
    assert "Middle East and North Africa" in page
    assert "mena@connective.localhost" in page
    assert "Jordan" in page and "Tunisia" in page
    assert "fewer than 3" in page  # Tunisia: bob alone
    for secret in ("Alice Haddad", "Bilal Ben Salah", "Youssef Amrani", "Name Irbid", "alice@example.org",
                   "Greater Amman Municipality", "Commune de Tunis", "Casablanca"):  # fmt: skip
        assert secret not in page
    figures = response.context["figures"]
    assert figures.members.count is None and figures.members.below == 10  # Tunisia is suppressed
    assert "fewer than 10" in page
    by_country = {f.label: f.count for f in figures.by_country}
    assert by_country == {"Jordan": 4, "Tunisia": None}
    assert {f.label: f.count for f in figures.by_theme} == {"Housing": 3}
    assert url("members") not in page


def test_the_description_follows_the_language_and_is_rendered_markdown(visitor: Client) -> None:
    Network.objects.filter(region="mena").update(
        description="**Water** first <script>alert(1)</script>",
        description_translations={"fr": "L'*eau* d'abord"},
    )
    assert "<strong>Water</strong>" in html(visitor.get(url("detail")))
    assert "<script>alert" not in html(visitor.get(url("detail")))
    french = visitor.get(url("detail"), headers={"accept-language": "fr"})
    assert "<em>eau</em>" in html(french)


def test_an_unknown_network_is_not_found(visitor: Client) -> None:
    assert visitor.get(url("detail", slug="atlantis")).status_code == 404


def test_a_coordinator_sees_links_to_their_queue_on_their_network_only(
    dina: User, client_for: ClientFor
) -> None:
    client = client_for(dina)
    assert url("declarations") in html(client.get(url("detail")))
    assert url("declarations", slug="see") not in html(client.get(url("detail", slug="see")))


# -- the members of a network ------------------------------------------------------------


def test_a_visitor_is_sent_to_sign_in_for_the_members_of_a_network(visitor: Client) -> None:
    response = visitor.get(url("members"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_pending_member_may_not_see_the_members(pending: MemberProfile, client_for: ClientFor) -> None:
    assert client_for(pending).get(url("members")).status_code == 403


def test_a_member_sees_the_approved_members_of_the_network(
    alice: MemberProfile,
    bob: MemberProfile,
    charlie: MemberProfile,
    pending: MemberProfile,
    client_for: ClientFor,
) -> None:
    page = html(client_for(alice).get(url("members")))
    assert "Alice Haddad" in page and "Bilal Ben Salah" in page
    assert "Čedomir Hadžić" not in page  # another network
    assert "Youssef Amrani" not in page  # not approved


def test_a_member_of_another_network_sees_only_what_is_shared_with_all_members(
    alice: MemberProfile, charlie: MemberProfile, client_for: ClientFor
) -> None:
    # alice's email is shared with her network only (the default); charlie is in SEE.
    assert "alice@example.org" not in html(client_for(charlie).get(url("members")))
    assert "alice@example.org" in html(
        client_for(MemberProfileFactory.create(country="TN")).get(url("members"))
    )


@pytest.mark.parametrize("persona", ["dina", "emil", "sam"])
def test_coordinators_and_staff_see_the_members(
    persona: str, alice: MemberProfile, request: pytest.FixtureRequest, client_for: ClientFor
) -> None:
    response = client_for(request.getfixturevalue(persona)).get(url("members"))
    assert response.status_code == 200 and "Alice Haddad" in html(response)


# -- the coordinators' declaration queue -------------------------------------------------


def test_a_visitor_is_sent_to_sign_in_for_the_declarations(visitor: Client, pending: MemberProfile) -> None:
    response = visitor.get(url("declarations"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie", "emil"])
def test_members_and_other_coordinators_cannot_see_the_mena_declarations(
    persona: str, pending: MemberProfile, request: pytest.FixtureRequest, client_for: ClientFor
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(url("declarations")).status_code == 404
    assert client.get(url("edit")).status_code == 404
    assert client.post(url("declaration_approve", profile=pending.slug)).status_code == 404
    assert client.post(url("declaration_decline", profile=pending.slug), {"reason": "No"}).status_code == 404
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.PENDING
    assert mail.outbox == []


@pytest.mark.parametrize("persona", ["dina", "sam"])
def test_the_mena_coordinator_and_staff_see_each_pending_declaration_in_full(
    persona: str,
    pending: MemberProfile,
    alice: MemberProfile,
    request: pytest.FixtureRequest,
    client_for: ClientFor,
) -> None:
    response = client_for(request.getfixturevalue(persona)).get(url("declarations"))
    page = html(response)
    assert response.status_code == 200
    for shown in ("Youssef Amrani", "Commune de Casablanca", "Casablanca", "Morocco",
                  "Urban practitioner in a municipality", "Water supply", "Ingénieur à la direction de l&#x27;eau."):  # fmt: skip
        assert shown in page, shown
    assert "Alice Haddad" not in page  # already approved


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("visitor", False), ("alice", False), ("bob", False), ("charlie", False), ("emil", False),
     ("dina", True), ("sam", True)],
)  # fmt: skip
def test_the_applicants_email_is_shown_to_the_networks_coordinators_and_staff_only(
    persona: str, sees: bool, pending: MemberProfile, request: pytest.FixtureRequest, client_for: ClientFor
) -> None:
    person = request.getfixturevalue(persona)
    client = person if persona == "visitor" else client_for(person)
    response = client.get(url("declarations"))
    assert (response.status_code == 200) is sees
    assert ("youssef@example.org" in html(response)) is sees


def test_the_queue_marks_a_free_mail_domain_apart_from_an_organisations_own(
    pending: MemberProfile, dina: User, client_for: ClientFor
) -> None:
    MemberProfileFactory.create(
        user__email="Karim.Mansour@Gmail.com", user__full_name="Karim Mansour", country="EG", status="pending"
    )
    page = html(client_for(dina).get(url("declarations")))
    assert '<a href="mailto:youssef@example.org" dir="ltr">youssef@example.org</a>' in page
    assert '<span class="email-domain email-domain-organisation"><span dir="ltr">example.org</span>' in page
    assert '<span class="email-domain email-domain-free-mail"><span dir="ltr">gmail.com</span>' in page


def test_approve_is_the_primary_button_and_decline_a_secondary_one(
    pending: MemberProfile, dina: User, client_for: ClientFor
) -> None:
    page = html(client_for(dina).get(url("declarations")))
    assert '<button type="submit" class="button">Approve Youssef Amrani</button>' in page
    assert (
        '<button type="submit" class="button button-secondary">Decline and send the reason</button>' in page
    )


def test_the_see_coordinator_does_not_see_mena_declarations_in_their_own_queue(
    pending: MemberProfile, emil: User, client_for: ClientFor
) -> None:
    MemberProfileFactory.create(user__full_name="Ana Marković", city="Skopje", country="MK", status="pending")
    page = html(client_for(emil).get(url("declarations", slug="see")))
    assert "Ana Marković" in page and "Youssef Amrani" not in page


def test_the_coordinator_approves_a_declaration_and_the_member_is_told(
    pending: MemberProfile, dina: User, client_for: ClientFor, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(dina).post(url("declaration_approve", profile=pending.slug))
    assert response.status_code == 302 and response["Location"] == url("declarations")
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.APPROVED and pending.decided_by == dina
    assert [m.to for m in mail.outbox] == [["youssef@example.org"]]
    assert AuditEvent.objects.filter(action="membership.approved", actor=dina).exists()


def test_approving_twice_is_harmless_and_says_the_declaration_is_gone(
    pending: MemberProfile, dina: User, client_for: ClientFor, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(dina)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("declaration_approve", profile=pending.slug))
        assert client.post(url("declaration_approve", profile=pending.slug)).status_code == 404
    assert len(mail.outbox) == 1


def test_approving_needs_a_post(pending: MemberProfile, dina: User, client_for: ClientFor) -> None:
    assert client_for(dina).get(url("declaration_approve", profile=pending.slug)).status_code == 405
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.PENDING


def test_the_coordinator_declines_with_a_reason_that_is_mailed(
    pending: MemberProfile, dina: User, client_for: ClientFor, django_capture_on_commit_callbacks: Any
) -> None:
    reason = "Your city is in Morocco, but the organisation named is a private company."
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(dina).post(url("declaration_decline", profile=pending.slug), {"reason": reason})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.DECLINED and pending.decline_reason == reason
    assert len(mail.outbox) == 1 and reason in mail.outbox[0].body


def test_declining_without_a_reason_says_so_and_changes_nothing(
    pending: MemberProfile, dina: User, client_for: ClientFor
) -> None:
    response = client_for(dina).post(url("declaration_decline", profile=pending.slug), {"reason": "   "})
    assert response.status_code == 400
    assert "give a reason" in html(response)
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.PENDING and mail.outbox == []


def test_the_decline_page_shows_the_form(pending: MemberProfile, dina: User, client_for: ClientFor) -> None:
    response = client_for(dina).get(url("declaration_decline", profile=pending.slug))
    assert response.status_code == 200 and 'name="reason"' in html(response)


def test_a_declaration_cannot_be_decided_through_another_networks_address(
    pending: MemberProfile, sam: User, client_for: ClientFor
) -> None:
    assert (
        client_for(sam).post(url("declaration_approve", slug="see", profile=pending.slug)).status_code == 404
    )
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.PENDING


# -- editing the network -----------------------------------------------------------------


def test_the_coordinator_edits_the_description_contact_and_approval_mode(
    dina: User, client_for: ClientFor
) -> None:
    response = client_for(dina).post(
        url("edit"),
        {"description": "Cities of MENA.", "description_fr": "Villes de la région MENA.", "description_ar": "",
         "contact_email": "coordination@example.org", "approval_mode": ApprovalMode.AUTOMATIC},
    )  # fmt: skip
    assert response.status_code == 302
    network = Network.objects.get(region="mena")
    assert network.description == "Cities of MENA."
    assert network.description_translations == {"fr": "Villes de la région MENA."}
    assert network.contact_email == "coordination@example.org"
    assert network.approval_mode == ApprovalMode.AUTOMATIC


def test_editing_with_a_bad_address_says_so_and_changes_nothing(dina: User, client_for: ClientFor) -> None:
    before = Network.objects.get(region="mena")
    response = client_for(dina).post(
        url("edit"),
        {"description": "Changed", "contact_email": "not an address", "approval_mode": "coordinator"},
    )
    assert response.status_code == 400
    assert "valid email" in html(response)
    after = Network.objects.get(region="mena")
    assert (after.description, after.contact_email) == (before.description, before.contact_email)


def test_the_edit_form_opens_filled_in(dina: User, client_for: ClientFor) -> None:
    response = client_for(dina).get(url("edit"))
    assert response.status_code == 200 and "mena@connective.localhost" in html(response)


# -- query counts: the same at 10 and at 1,000 members -----------------------------------


def _bulk_members(count: int, *, region_country: str = "JO", status: str = MembershipStatus.APPROVED) -> None:
    start = User.objects.count()
    users = User.objects.bulk_create(
        [User(email=f"bulk{start + i}@example.org", full_name=f"Bulk {start + i}") for i in range(count)]
    )
    profiles = MemberProfile.objects.bulk_create(
        [MemberProfile(user=u, member_type="practitioner", organisation="Org", city="Zarqa", country=region_country,
                       region="mena", status=status) for u in users]
    )  # fmt: skip
    themes = list(Theme.objects.order_by("pk")[:3])
    through = MemberProfile.expertise.through
    through.objects.bulk_create([through(memberprofile=p, theme=t) for p in profiles for t in themes])
    languages = MemberProfile.languages.through
    languages.objects.bulk_create([languages(memberprofile=p, language_id="ar") for p in profiles])


@pytest.mark.parametrize(
    ("page", "persona", "status"),
    [
        ("list", None, MembershipStatus.APPROVED),
        ("detail", None, MembershipStatus.APPROVED),
        ("members", "alice", MembershipStatus.APPROVED),
        ("declarations", "dina", MembershipStatus.PENDING),
    ],
)
def test_a_page_needs_the_same_queries_with_10_and_1000_members(
    page: str,
    persona: str | None,
    status: str,
    request: pytest.FixtureRequest,
    client_for: ClientFor,
    django_assert_num_queries: Any,
) -> None:
    client = client_for(request.getfixturevalue(persona)) if persona else Client()
    address = reverse("networks:list") if page == "list" else url(page)
    _bulk_members(10, status=status)
    client.get(address)  # the first request of a session does more
    with CaptureQueriesContext(connection) as small:
        assert client.get(address).status_code == 200
    _bulk_members(990, status=status)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(address)
    assert response.status_code == 200
    if page == "declarations":
        assert response.context["page"].paginator.count == 1000
