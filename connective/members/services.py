"""Writes about members: creating and changing profiles, and the consent to advise."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from connective.accounts.choices import ConsentAction, ConsentMethod, ConsentSubject
from connective.accounts.models import User
from connective.accounts.services import consent_record
from connective.core.audit import audit
from connective.core.models import Theme
from connective.core.regions import region_for_country
from connective.members.choices import MembershipStatus
from connective.members.models import Language, MemberProfile


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
    audit(actor=user, action="profile.created", target=profile, status=status, method=method)
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
    audit(actor=actor, action="profile.updated", target=profile)
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
    audit(actor=actor, action="profile.advising_changed", target=profile, willing=willing)
    return profile
