"""Writes about members: only the owner edits, all or nothing, every change recorded."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from connective.accounts.choices import ConsentMethod
from connective.accounts.models import User
from connective.core.errors import NotAllowed
from connective.core.models import AuditEvent
from connective.members.choices import Visibility
from connective.members.models import MemberProfile
from connective.members.services import (
    ProfileData,
    advising_set,
    profile_edit,
    profile_visibility_set,
    user_preferences_update,
)
from connective.members.tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def data_for(profile: MemberProfile, **changes: object) -> ProfileData:
    values: dict[str, object] = {
        "member_type": profile.member_type,
        "organisation": profile.organisation,
        "city": profile.city,
        "country": str(profile.country),
        "position": profile.position,
        "bio": profile.bio,
        "languages": list(profile.languages.all()),
        "expertise": list(profile.expertise.all()),
    }
    values.update(changes)
    return ProfileData(**values)  # type: ignore[arg-type]


VISIBILITY = dict.fromkeys(("email", "organisation", "position", "city", "bio"), Visibility.MEMBERS)


def test_a_member_edits_their_profile_visibility_and_preferences_at_once(alice: MemberProfile):
    profile_edit(
        actor=alice.user,
        profile=alice,
        data=data_for(alice, city="Tunis", country="TN"),
        visibility={**VISIBILITY, "bio": Visibility.COORDINATORS},
        preferred_language="ar",
        time_zone="Africa/Tunis",
    )

    alice.refresh_from_db()
    alice.user.refresh_from_db()
    assert (alice.city, alice.region, alice.bio_visibility) == ("Tunis", "mena", Visibility.COORDINATORS)
    assert (alice.user.preferred_language, alice.user.time_zone) == ("ar", "Africa/Tunis")
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {
        "profile.updated",
        "profile.visibility_changed",
        "user.preferences_updated",
    }


@pytest.mark.parametrize("persona", ["bob", "charlie", "dina", "emil", "sam"])
def test_nobody_but_the_owner_may_edit_a_profile(
    request: pytest.FixtureRequest, alice: MemberProfile, persona: str
):
    person = request.getfixturevalue(persona)
    actor = person.user if isinstance(person, MemberProfile) else person

    with pytest.raises(NotAllowed):
        profile_edit(
            actor=actor,
            profile=alice,
            data=data_for(alice, city="Hacked"),
            visibility=VISIBILITY,
            preferred_language="",
            time_zone="",
        )
    alice.refresh_from_db()
    assert alice.city == "Amman"


def test_an_unknown_time_zone_changes_nothing_at_all(alice: MemberProfile):
    with pytest.raises(ValidationError, match="Mars/Base"):
        profile_edit(
            actor=alice.user,
            profile=alice,
            data=data_for(alice, city="Irbid"),
            visibility={**VISIBILITY, "city": Visibility.COORDINATORS},
            preferred_language="fr",
            time_zone="Mars/Base",
        )

    profile = MemberProfile.objects.get(pk=alice.pk)
    user = User.objects.get(pk=alice.user_id)
    assert (profile.city, profile.city_visibility) == ("Amman", Visibility.MEMBERS)
    assert user.preferred_language == ""
    assert not AuditEvent.objects.exists()


def test_an_unknown_country_is_refused(alice: MemberProfile):
    with pytest.raises(ValidationError, match="ZZ"):
        profile_edit(
            actor=alice.user,
            profile=alice,
            data=data_for(alice, country="ZZ"),
            visibility=VISIBILITY,
            preferred_language="",
            time_zone="",
        )


def test_a_merged_theme_is_refused(alice: MemberProfile):
    merged = ThemeFactory.create(name="Old", merged_into=ThemeFactory.create(name="New"))

    with pytest.raises(ValidationError, match="merged"):
        profile_edit(
            actor=alice.user,
            profile=alice,
            data=data_for(alice, expertise=[merged]),
            visibility=VISIBILITY,
            preferred_language="",
            time_zone="",
        )
    assert not alice.expertise.exists()


def test_a_site_language_we_do_not_offer_is_refused(alice: MemberProfile):
    with pytest.raises(ValidationError, match="xx"):
        user_preferences_update(actor=alice.user, user=alice.user, preferred_language="xx", time_zone="")


def test_visibility_of_an_unknown_field_or_level_is_refused(alice: MemberProfile):
    with pytest.raises(ValidationError, match="name"):
        profile_visibility_set(actor=alice.user, profile=alice, visibility={"name": Visibility.MEMBERS})
    with pytest.raises(ValidationError, match="7"):
        profile_visibility_set(actor=alice.user, profile=alice, visibility={"bio": 7})


def test_withdrawing_willingness_to_advise_takes_effect_at_once(alice: MemberProfile):
    advising_set(actor=alice.user, profile=alice, willing=True, method=ConsentMethod.PROFILE)
    advising_set(actor=alice.user, profile=alice, willing=False, method=ConsentMethod.PROFILE)

    assert MemberProfile.objects.get(pk=alice.pk).willing_to_advise is False
