"""Who sees and changes what on the member pages, per persona.

alice and bob are members of the MENA network, charlie of Southeast Europe; dina coordinates
MENA, emil Southeast Europe; sam is staff.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from connective.accounts.choices import ConsentAction, ConsentMethod, ConsentSubject
from connective.accounts.models import ConsentRecord, User
from connective.accounts.tests.factories import UserFactory
from connective.core.models import AuditEvent
from connective.members.choices import MembershipStatus, MemberType, Visibility
from connective.members.models import MemberProfile
from connective.members.tests.factories import MemberProfileFactory, ThemeFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | MemberProfile], Client]


def detail_url(profile: MemberProfile) -> str:
    return reverse("members:detail", args=[profile.slug])


def edit_payload(profile: MemberProfile, **changes: object) -> dict[str, object]:
    payload: dict[str, object] = {
        "member_type": profile.member_type,
        "organisation": profile.organisation,
        "position": profile.position,
        "city": profile.city,
        "country": str(profile.country),
        "languages": [language.code for language in profile.languages.all()],
        "expertise": [theme.pk for theme in profile.expertise.all()],
        "bio": profile.bio,
        "preferred_language": "",
        "time_zone": "",
        "email_visibility": profile.email_visibility,
        "organisation_visibility": profile.organisation_visibility,
        "position_visibility": profile.position_visibility,
        "city_visibility": profile.city_visibility,
        "bio_visibility": profile.bio_visibility,
    }
    payload.update(changes)
    return payload


# -- member page: visitors and non-members ----------------------------------------------------


def test_a_visitor_is_sent_to_sign_in_and_sees_nothing_of_the_member(visitor: Client, alice: MemberProfile):
    response = visitor.get(detail_url(alice))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    html = response.content.decode()
    assert "Alice" not in html
    assert "alice@example.org" not in html
    assert "Amman" not in html


def test_a_visitor_following_the_redirect_sees_no_personal_data(visitor: Client, alice: MemberProfile):
    response = visitor.get(detail_url(alice), follow=True)

    html = response.content.decode()
    assert "Alice Haddad" not in html
    assert "alice@example.org" not in html
    assert "Amman" not in html


def test_a_visitor_is_sent_to_sign_in_from_the_directory(visitor: Client, alice: MemberProfile):
    response = visitor.get(reverse("members:directory"))

    assert response.status_code == 302
    assert "Alice Haddad" not in response.content.decode()


def test_a_pending_member_is_told_why_the_member_page_is_closed(client_for: ClientFor, alice: MemberProfile):
    pending = MemberProfileFactory.create(status=MembershipStatus.PENDING, country="TN", city="Sfax")

    response = client_for(pending).get(detail_url(alice))

    assert response.status_code == 403
    html = response.content.decode()
    assert "awaiting" in html
    assert "Alice Haddad" not in html
    assert "Amman" not in html


def test_a_pending_member_is_told_why_the_directory_is_closed(client_for: ClientFor, alice: MemberProfile):
    pending = MemberProfileFactory.create(status=MembershipStatus.PENDING)

    response = client_for(pending).get(reverse("members:directory"))

    assert response.status_code == 403
    assert "Alice Haddad" not in response.content.decode()


def test_a_pending_member_sees_their_own_page(client_for: ClientFor):
    pending = MemberProfileFactory.create(
        status=MembershipStatus.PENDING, user__full_name="Pending Person", city="Sfax", country="TN"
    )

    response = client_for(pending).get(detail_url(pending))

    assert response.status_code == 200
    assert "Pending Person" in response.content.decode()


# -- member page: members, coordinators, staff ------------------------------------------------


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie", "dina", "emil", "sam"])
def test_members_coordinators_and_staff_open_an_approved_member_page(
    request: pytest.FixtureRequest, client_for: ClientFor, alice: MemberProfile, persona: str
):
    response = client_for(request.getfixturevalue(persona)).get(detail_url(alice))

    assert response.status_code == 200
    assert "Alice Haddad" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("alice", True), ("bob", True), ("dina", True), ("charlie", False), ("emil", False), ("sam", True)],
)
def test_a_city_shared_with_my_network_is_seen_by_my_network_and_its_coordinators(
    request: pytest.FixtureRequest, client_for: ClientFor, alice: MemberProfile, persona: str, sees: bool
):
    alice.city = "Zarqa"
    alice.city_visibility = Visibility.NETWORK
    alice.save()

    response = client_for(request.getfixturevalue(persona)).get(detail_url(alice))

    assert ("Zarqa" in response.content.decode()) is sees
    assert (response.context["card"].city == "Zarqa") is sees


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("alice", True), ("bob", False), ("charlie", False), ("dina", True), ("emil", False), ("sam", True)],
)
def test_an_email_for_coordinators_only_is_seen_by_the_network_coordinator_and_staff(
    request: pytest.FixtureRequest, client_for: ClientFor, alice: MemberProfile, persona: str, sees: bool
):
    alice.email_visibility = Visibility.COORDINATORS
    alice.save()

    response = client_for(request.getfixturevalue(persona)).get(detail_url(alice))

    assert ("alice@example.org" in response.content.decode()) is sees


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("bob", True), ("charlie", True), ("dina", True), ("emil", True)],
)
def test_an_organisation_shared_with_all_members_is_seen_by_every_member(
    request: pytest.FixtureRequest, client_for: ClientFor, alice: MemberProfile, persona: str, sees: bool
):
    response = client_for(request.getfixturevalue(persona)).get(detail_url(alice))

    assert ("Greater Amman Municipality" in response.content.decode()) is sees


def test_bio_markdown_is_rendered_and_sanitised(
    client_for: ClientFor, alice: MemberProfile, bob: MemberProfile
):
    alice.bio = "**Water** <script>alert(1)</script>"
    alice.save()

    html = client_for(bob).get(detail_url(alice)).content.decode()

    assert "<strong>Water</strong>" in html
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [("bob", 404), ("charlie", 404), ("emil", 404), ("dina", 200), ("sam", 200)],
)
def test_a_pending_profile_is_seen_only_by_its_network_coordinator_and_staff(
    request: pytest.FixtureRequest, client_for: ClientFor, persona: str, status: int
):
    pending = MemberProfileFactory.create(status=MembershipStatus.PENDING, country="JO", city="Irbid")

    response = client_for(request.getfixturevalue(persona)).get(detail_url(pending))

    assert response.status_code == status


def test_an_unknown_member_page_is_not_found(client_for: ClientFor, bob: MemberProfile):
    response = client_for(bob).get("/members/00000000-0000-0000-0000-000000000000/")

    assert response.status_code == 404


def test_the_member_page_costs_the_same_queries_whatever_the_expertise(
    client_for: ClientFor, alice: MemberProfile, bob: MemberProfile, django_assert_num_queries
):
    client = client_for(bob)
    client.get(detail_url(alice))
    alice.expertise.set(ThemeFactory.create_batch(5))
    # user, viewer (profile and coordinator roles in one query), the profile with its user, its
    # languages, its expertise, whom she accepts direct messages from (the conversations' panel);
    # the session and the legal documents' versions are cached
    with django_assert_num_queries(6):
        client.get(detail_url(alice))


# -- my own profile ---------------------------------------------------------------------------


def test_my_page_shows_my_whole_profile_with_who_sees_each_field(client_for: ClientFor, alice: MemberProfile):
    alice.email_visibility = Visibility.COORDINATORS
    alice.save()

    html = client_for(alice).get(reverse("members:me")).content.decode()

    assert "alice@example.org" in html
    assert "Coordinators only" in html


def test_a_visitor_is_sent_to_sign_in_from_my_page(visitor: Client):
    response = visitor.get(reverse("members:me"))

    assert response.status_code == 302


def test_staff_without_a_profile_are_told_they_have_none(client_for: ClientFor, sam: User):
    response = client_for(sam).get(reverse("members:me"))

    assert response.status_code == 404
    assert "no member profile" in response.content.decode()


# -- editing my profile -----------------------------------------------------------------------


def test_a_member_changes_their_profile_and_the_region_follows_the_country(
    client_for: ClientFor, alice: MemberProfile
):
    water = ThemeFactory.create(name="Water supply", slug="water-supply")

    response = client_for(alice).post(
        reverse("members:profile_edit"),
        edit_payload(
            alice,
            city="Sarajevo",
            country="BA",
            member_type=MemberType.RESEARCH,
            languages=["bs", "en"],
            expertise=[water.pk],
            preferred_language="fr",
            time_zone="Europe/Sarajevo",
            city_visibility=Visibility.COORDINATORS,
        ),
    )

    assert response.status_code == 302
    alice.refresh_from_db()
    alice.user.refresh_from_db()
    assert (alice.city, str(alice.country), alice.region) == ("Sarajevo", "BA", "see")
    assert alice.member_type == MemberType.RESEARCH
    assert set(alice.languages.values_list("code", flat=True)) == {"bs", "en"}
    assert list(alice.expertise.all()) == [water]
    assert alice.city_visibility == Visibility.COORDINATORS
    assert (alice.user.preferred_language, alice.user.time_zone) == ("fr", "Europe/Sarajevo")


def test_a_pending_member_can_correct_their_declaration(client_for: ClientFor):
    pending = MemberProfileFactory.create(status=MembershipStatus.PENDING, organisation="Typo Municiplity")

    response = client_for(pending).post(
        reverse("members:profile_edit"), edit_payload(pending, organisation="Municipality of Sfax")
    )

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.organisation == "Municipality of Sfax"
    assert pending.status == MembershipStatus.PENDING


def test_the_edit_page_shows_the_members_current_values(client_for: ClientFor, alice: MemberProfile):
    response = client_for(alice).get(reverse("members:profile_edit"))

    assert response.status_code == 200
    assert 'value="Greater Amman Municipality"' in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "is not a time zone we know"),
        ({"country": "ZZ"}, "is not a country we know"),
        ({"languages": []}, "Choose at least one language"),
        ({"organisation": ""}, "This field is required"),
        ({"email_visibility": "9"}, "Select a valid choice"),
        ({"preferred_language": "xx"}, "Select a valid choice"),
    ],
)
def test_invalid_input_names_the_problem_and_changes_nothing(
    client_for: ClientFor, alice: MemberProfile, changes: dict[str, object], message: str
):
    before = MemberProfile.objects.values().get(pk=alice.pk)
    payload = edit_payload(alice, city="Irbid", **changes)

    response = client_for(alice).post(reverse("members:profile_edit"), payload)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert MemberProfile.objects.values().get(pk=alice.pk) == before


def test_a_merged_theme_cannot_be_chosen(client_for: ClientFor, alice: MemberProfile):
    current = ThemeFactory.create(name="Mobility")
    old = ThemeFactory.create(name="Transport", merged_into=current)

    response = client_for(alice).post(
        reverse("members:profile_edit"), edit_payload(alice, expertise=[old.pk])
    )

    assert response.status_code == 200
    assert not alice.expertise.exists()


def test_there_is_no_way_to_edit_someone_elses_profile(
    client_for: ClientFor, alice: MemberProfile, bob: MemberProfile
):
    """The edit page always edits the signed-in member's own profile; no slug is accepted."""
    client_for(bob).post(reverse("members:profile_edit"), edit_payload(alice, city="Hacked"))

    alice.refresh_from_db()
    bob.refresh_from_db()
    assert alice.city == "Amman"
    assert bob.city == "Hacked"


def test_a_visitor_cannot_edit_anything(visitor: Client, alice: MemberProfile):
    response = visitor.post(reverse("members:profile_edit"), edit_payload(alice, city="Hacked"))

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.city == "Amman"


def test_staff_without_a_profile_have_nothing_to_edit(client_for: ClientFor, sam: User):
    assert client_for(sam).get(reverse("members:profile_edit")).status_code == 404


# -- willingness to advise --------------------------------------------------------------------


def test_a_member_gives_and_withdraws_willingness_to_advise_and_each_is_recorded(
    client_for: ClientFor, alice: MemberProfile
):
    client = client_for(alice)

    client.post(reverse("members:advising"), {"willing": "yes"})
    alice.refresh_from_db()
    assert alice.willing_to_advise is True

    client.post(reverse("members:advising"), {"willing": "no"})
    alice.refresh_from_db()
    assert alice.willing_to_advise is False
    records = list(
        ConsentRecord.objects.filter(user=alice.user, subject=ConsentSubject.ADVISE)
        .order_by("at", "id")
        .values_list("action", "method")
    )
    assert records == [
        (ConsentAction.GIVEN, ConsentMethod.PROFILE),
        (ConsentAction.WITHDRAWN, ConsentMethod.PROFILE),
    ]


def test_the_edit_page_explains_that_withdrawal_removes_from_matching_at_once(
    client_for: ClientFor, alice: MemberProfile
):
    html = client_for(alice).get(reverse("members:profile_edit")).content.decode()

    assert "removed from matching at once" in html


def test_an_unreadable_advising_answer_changes_nothing(client_for: ClientFor, alice: MemberProfile):
    client_for(alice).post(reverse("members:advising"), {"willing": "maybe"})

    alice.refresh_from_db()
    assert alice.willing_to_advise is False
    assert not ConsentRecord.objects.filter(user=alice.user, subject=ConsentSubject.ADVISE).exists()


def test_advising_cannot_be_changed_by_get(client_for: ClientFor, alice: MemberProfile):
    assert client_for(alice).get(reverse("members:advising") + "?willing=yes").status_code == 405


# -- directory --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["alice", "charlie", "dina", "emil", "sam"])
def test_members_coordinators_and_staff_see_the_directory(
    request: pytest.FixtureRequest, client_for: ClientFor, bob: MemberProfile, persona: str
):
    response = client_for(request.getfixturevalue(persona)).get(reverse("members:directory"))

    assert response.status_code == 200
    assert "Bilal Ben Salah" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "sees"), [("bob", True), ("dina", True), ("charlie", False), ("emil", False)]
)
def test_the_directory_shows_an_email_only_where_it_is_visible(
    request: pytest.FixtureRequest, client_for: ClientFor, alice: MemberProfile, persona: str, sees: bool
):
    """alice shares her email with her own network (the default)."""
    html = client_for(request.getfixturevalue(persona)).get(reverse("members:directory")).content.decode()

    assert "Alice Haddad" in html
    assert ("alice@example.org" in html) is sees


def test_the_directory_card_shows_what_a_member_declared(
    client_for: ClientFor, alice: MemberProfile, bob: MemberProfile
):
    alice.expertise.set([ThemeFactory.create(name="Solid waste")])
    alice.willing_to_advise = True
    alice.save()

    html = client_for(bob).get(reverse("members:directory")).content.decode()

    for text in (
        "Greater Amman Municipality",
        "Amman",
        "Jordan",
        "العربية",
        "Solid waste",
        "Willing to advise",
    ):
        assert text in html


def test_the_directory_search_does_not_match_a_city_the_viewer_may_not_see(
    client_for: ClientFor, alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile
):
    alice.city_visibility = Visibility.NETWORK
    alice.organisation = "Municipality of the capital"
    alice.save()

    assert (
        "Alice Haddad" in client_for(bob).get(reverse("members:directory"), {"q": "Amman"}).content.decode()
    )
    assert (
        "Alice Haddad"
        not in client_for(charlie).get(reverse("members:directory"), {"q": "Amman"}).content.decode()
    )


def test_the_directory_filters_work_as_a_plain_get_form(
    client_for: ClientFor, alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile
):
    html = (
        client_for(alice)
        .get(reverse("members:directory"), {"network": "see", "language": "bs"})
        .content.decode()
    )

    assert "Čedomir Hadžić" in html
    assert "Bilal Ben Salah" not in html


def test_an_unknown_filter_value_is_reported_and_left_out(client_for: ClientFor, alice: MemberProfile):
    response = client_for(alice).get(reverse("members:directory"), {"theme": "no-such-theme"})

    assert response.status_code == 200
    assert "not understood" in response.content.decode()
    assert "Alice Haddad" in response.content.decode()


def test_the_directory_is_paginated_and_keeps_the_filters(
    client_for: ClientFor, alice: MemberProfile, settings
):
    settings.PAGE_SIZE = 2
    MemberProfileFactory.create_batch(4, country="JO")

    response = client_for(alice).get(reverse("members:directory"), {"network": "mena", "page": "2"})

    html = response.content.decode()
    assert "Page 2 of 3" in html
    assert "network=mena&amp;page=3" in html


def _bulk_members(count: int) -> None:
    users = User.objects.bulk_create(
        User(email=f"bulk{n}@example.org", full_name=f"Bulk Member {n:05d}") for n in range(count)
    )
    profiles = MemberProfile.objects.bulk_create(
        MemberProfile(
            user=user,
            member_type=MemberType.PRACTITIONER,
            organisation="Municipality",
            city="Tunis",
            country="TN",
            region="mena",
            status=MembershipStatus.APPROVED,
        )
        for user in users
    )
    theme = ThemeFactory.create(name="Bulk theme")
    Languages = MemberProfile.languages.through
    Languages.objects.bulk_create(Languages(memberprofile=profile, language_id="ar") for profile in profiles)
    Expertise = MemberProfile.expertise.through
    Expertise.objects.bulk_create(Expertise(memberprofile=profile, theme=theme) for profile in profiles)


@pytest.mark.parametrize("count", [10, 1000])
def test_the_directory_page_costs_the_same_queries_at_10_and_1000_members(
    client_for: ClientFor, bob: MemberProfile, count: int, django_assert_num_queries
):
    _bulk_members(count)
    client = client_for(bob)
    url = reverse("members:directory")
    params = {"q": "Bulk", "language": "ar", "network": "mena", "theme": "", "advise": ""}
    client.get(url, params)  # the first request of a session also checks the consents
    # user, viewer (profile and coordinator roles in one query), the language filter value, the
    # count of the sample
    # (a sixteenth of the ids: few match, so then) the exact count, the page of profiles with
    # their users, their languages, their expertise. The themes' names (for the search), the
    # id bounds, the filter form's language and theme options, the session and the legal
    # documents' versions come from the cache.
    with django_assert_num_queries(8):
        response = client.get(url, params)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count


@pytest.mark.parametrize("count", [100, 1000])
def test_a_directory_search_matching_many_members_is_estimated_at_the_same_cost_at_any_size(
    client_for: ClientFor, bob: MemberProfile, count: int, django_assert_num_queries, monkeypatch
):
    from connective.members import selectors

    monkeypatch.setattr(selectors, "EXACT_COUNT_LIMIT", 50)
    _bulk_members(count)
    client = client_for(bob)
    url = reverse("members:directory")
    params = {"q": "Bulk", "network": "mena"}
    client.get(url, params)
    # user, viewer (profile and roles in one query), the sample's count (above the limit: no
    # exact count), the page with users, languages, expertise; themes' names, id bounds, the
    # form's options, the session and the legal documents' versions are cached
    with django_assert_num_queries(6):
        response = client.get(url, params)
    assert response.status_code == 200
    assert response.context["count"].approximate
    assert "About" in response.content.decode()
    assert len(response.context["cards"]) == settings.PAGE_SIZE


def test_only_the_owner_appears_as_editor_in_the_audit_log(client_for: ClientFor, alice: MemberProfile):
    client_for(alice).post(reverse("members:profile_edit"), edit_payload(alice, city="Zarqa"))

    assert set(AuditEvent.objects.values_list("actor_id", flat=True)) == {alice.user_id}


def test_a_signed_in_user_without_a_declaration_is_invited_to_declare(
    client_for: ClientFor, alice: MemberProfile
):
    stranger = UserFactory.create()

    response = client_for(stranger).get(detail_url(alice))

    assert response.status_code == 403
    assert "Declare your membership" in response.content.decode()
    assert "Alice Haddad" not in response.content.decode()


def test_a_new_theme_shows_in_the_directory_filter_and_search_at_once(
    client_for: ClientFor, bob: MemberProfile
):
    client = client_for(bob)
    url = reverse("members:directory")
    client.get(url, {"q": "Irrigation"})  # the filter options and the themes' names are now cached
    theme = ThemeFactory.create(name="Irrigation canals")
    bob.expertise.add(theme)

    response = client.get(url, {"q": "Irrigation"})

    assert f'<option value="{theme.slug}">Irrigation canals</option>' in response.content.decode()
    assert response.context["count"].value == 1
