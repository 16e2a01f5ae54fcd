"""Writes about members: creating and changing profiles, and the consent to advise."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from connective.accounts.choices import AccountEvent, ConsentAction, ConsentMethod, ConsentSubject
from connective.accounts.models import User
from connective.accounts.services import consent_record
from connective.core.errors import NotAllowed
from connective.core.events import record_event
from connective.core.models import Theme
from connective.core.regions import UnknownCountry, region_for_country
from connective.members.choices import MemberEvent, MembershipStatus, Visibility
from connective.members.models import PRIVATE_FIELDS, Language, MemberProfile
from connective.members.roles import Viewer, viewer_for


@dataclass
class ProfileData:
    """What a member declares about themselves (the declaration form and imports fill it)."""

    member_type: str
    organisation: str
    city: str
    country: str
    position: str = ""
    bio: str = ""
    languages: Iterable[Language] = field(default_factory=list)
    expertise: Iterable[Theme] = field(default_factory=list)


@transaction.atomic
def profile_create(
    *,
    user: User,
    data: ProfileData,
    willing_to_advise: bool,
    method: ConsentMethod,
    status: MembershipStatus = MembershipStatus.PENDING,
    imported_from: str = "",
) -> MemberProfile:
    """Create the member profile of a declaration of membership.

    The willingness to advise is a consent of its own: when given, it is recorded.
    """
    profile = MemberProfile(
        user=user,
        member_type=data.member_type,
        organisation=data.organisation,
        position=data.position,
        city=data.city,
        country=data.country,
        region=region_for_country(data.country),
        bio=data.bio,
        willing_to_advise=willing_to_advise,
        status=status,
        imported_from=imported_from,
    )
    profile.save()
    profile.languages.set(list(data.languages))
    profile.expertise.set(list(data.expertise))
    if willing_to_advise:
        consent_record(user=user, subject=ConsentSubject.ADVISE, action=ConsentAction.GIVEN, method=method)
    record_event(actor=user, kind=MemberEvent.CREATED, target=profile, status=status, method=method)
    return profile


@transaction.atomic
def profile_update(*, actor: User, profile: MemberProfile, data: ProfileData) -> MemberProfile:
    """Change what a member declared; the region follows the country."""
    profile.member_type = data.member_type
    profile.organisation = data.organisation
    profile.position = data.position
    profile.city = data.city
    profile.country = data.country
    profile.region = region_for_country(data.country)
    profile.bio = data.bio
    profile.save()
    profile.languages.set(list(data.languages))
    profile.expertise.set(list(data.expertise))
    record_event(actor=actor, kind=MemberEvent.UPDATED, target=profile)
    return profile


@transaction.atomic
def advising_set(
    *, actor: User, profile: MemberProfile, willing: bool, method: ConsentMethod
) -> MemberProfile:
    """Give or withdraw the consent to advise peers. A withdrawal takes effect at once."""
    if profile.willing_to_advise == willing:
        return profile
    profile.willing_to_advise = willing
    profile.save(update_fields=["willing_to_advise", "updated_at"])
    consent_record(
        user=profile.user,
        subject=ConsentSubject.ADVISE,
        action=ConsentAction.GIVEN if willing else ConsentAction.WITHDRAWN,
        method=method,
        recorded_by=actor if actor.pk != profile.user_id else None,
    )
    record_event(actor=actor, kind=MemberEvent.ADVISING_CHANGED, target=profile, willing=willing)
    return profile


def _validate_time_zone(value: str) -> None:
    if value and value not in available_time_zones():
        raise ValidationError(
            _("“%(zone)s” is not a time zone we know; choose one such as Africa/Tunis."),
            code="time_zone",
            params={"zone": value},
        )


def available_time_zones() -> frozenset[str]:
    """The IANA time zones a member may choose (the ones this server's tz database knows)."""
    return _TIME_ZONES


_TIME_ZONES = frozenset(zoneinfo.available_timezones())


@transaction.atomic
def user_preferences_update(*, actor: User, user: User, preferred_language: str, time_zone: str) -> User:
    """Set the language and time zone every page and email is served in.

    An empty value means "not chosen" (the browser's language, UTC). Only the person themselves
    changes their preferences.
    """
    if not viewer_for(actor).can_edit_profile(owner_id=user.pk):
        raise NotAllowed(_("Only the member themselves may change their preferences."))
    languages = {code for code, _name in settings.LANGUAGES}
    if preferred_language and preferred_language not in languages:
        raise ValidationError(
            _("“%(language)s” is not a language this site is offered in."),
            code="preferred_language",
            params={"language": preferred_language},
        )
    _validate_time_zone(time_zone)
    user.preferred_language = preferred_language
    user.time_zone = time_zone
    user.save(update_fields=["preferred_language", "time_zone"])
    record_event(actor=actor, kind=AccountEvent.USER_PREFERENCES_UPDATED, target=user)
    return user


@transaction.atomic
def profile_visibility_set(
    *, actor: User, profile: MemberProfile, visibility: Mapping[str, int]
) -> MemberProfile:
    """Choose who sees each private field (`PRIVATE_FIELDS`); fields not named stay as they are."""
    if not viewer_for(actor).can_edit_profile(owner_id=profile.user_id):
        raise NotAllowed(_("Only the member themselves may change who sees their profile."))
    unknown = set(visibility) - set(PRIVATE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields have no visibility setting: %(fields)s."),
            params={"fields": ", ".join(sorted(unknown))},
        )
    for name, level in visibility.items():
        if level not in Visibility.values:
            raise ValidationError(
                _("“%(level)s” is not a visibility level."), params={"level": level}, code="visibility"
            )
        setattr(profile, f"{name}_visibility", level)
    profile.save(update_fields=[*(f"{name}_visibility" for name in visibility), "updated_at"])
    record_event(actor=actor, kind=MemberEvent.VISIBILITY_CHANGED, target=profile, **visibility)
    return profile


@transaction.atomic
def profile_edit(
    *,
    actor: User,
    profile: MemberProfile,
    data: ProfileData,
    visibility: Mapping[str, int],
    preferred_language: str,
    time_zone: str,
) -> MemberProfile:
    """What the member's own edit page saves: the profile, field visibility and preferences.

    All or nothing: if any part is invalid, nothing changes. Pending members may use it too,
    to complete or correct their declaration before a coordinator decides.
    """
    if not viewer_for(actor).can_edit_profile(owner_id=profile.user_id):
        raise NotAllowed(_("Only the member themselves may change their profile."))
    try:
        region_for_country(str(data.country))
    except UnknownCountry:
        raise ValidationError(
            _("“%(country)s” is not a country code we know."), params={"country": data.country}
        ) from None
    data.expertise = list(data.expertise)
    inactive = [theme.name for theme in data.expertise if not theme.is_active]
    if inactive:
        raise ValidationError(
            _("These themes were merged into others; choose the current ones: %(themes)s."),
            params={"themes": ", ".join(inactive)},
        )
    profile_update(actor=actor, profile=profile, data=data)
    profile_visibility_set(actor=actor, profile=profile, visibility=visibility)
    user_preferences_update(
        actor=actor, user=profile.user, preferred_language=preferred_language, time_zone=time_zone
    )
    return profile


def profile_look_record(*, actor: User, viewer: Viewer, profile: MemberProfile) -> list[str]:
    """Log that `actor` opened `profile` and saw fields only their role shows them (a coordinator
    or staff seeing what the member kept from their peers). The member finds the look in their
    data download. Returns the fields logged (none: nothing logged)."""
    from connective.core.audit import audit_look
    from connective.core.choices import LookEvent

    if viewer.user_id == profile.user_id or not (viewer.is_staff or viewer.coordinates):
        return []
    peer = Viewer(user_id=-1, is_member=True, region=profile.region)
    values = {"email": profile.user.email, **{name: getattr(profile, name) for name in PRIVATE_FIELDS[1:]}}
    fields = [
        name
        for name in PRIVATE_FIELDS
        if values[name]
        and viewer.can_see_field(
            owner_id=profile.user_id,
            owner_region=profile.region,
            level=getattr(profile, f"{name}_visibility"),
        )
        and not peer.can_see_field(
            owner_id=profile.user_id,
            owner_region=profile.region,
            level=getattr(profile, f"{name}_visibility"),
        )
    ]
    if fields:
        audit_look(
            viewer=actor,
            what=LookEvent.PROFILE_FIELDS,
            target=profile,
            owner_id=profile.user_id,
            fields=fields,
            role=str(viewer.role.value),
        )
    return fields
