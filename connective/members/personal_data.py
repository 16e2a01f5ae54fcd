"""What the members app keeps about a person, declared to the registry (`core.personal_data`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from connective.core.personal_data import Erasure, Part, Rows, register


def _profile(user: Any) -> Rows:
    from connective.members.models import PRIVATE_FIELDS, MemberProfile

    profile = MemberProfile.objects.filter(user=user).prefetch_related("languages", "expertise").first()
    if profile is None:
        return []
    return [
        {
            "member_type": profile.get_member_type_display(),
            "organisation": profile.organisation,
            "position": profile.position,
            "city": profile.city,
            "country": str(profile.country.name),
            "languages": [language.label for language in profile.languages.all()],
            "expertise": [theme.label for theme in profile.expertise.all()],
            "bio": profile.bio,
            "willing_to_advise": profile.willing_to_advise,
            "status": profile.get_status_display(),
            "decided_at": profile.decided_at,
            "decline_reason": profile.decline_reason,
            "imported_from": profile.imported_from,
            "who_sees": {
                name: str(getattr(profile, f"get_{name}_visibility_display")()) for name in PRIVATE_FIELDS
            },
            "created_at": profile.created_at,
            "updated_at": profile.updated_at,
        }
    ]


def _profile_erase(user: Any) -> int:
    """Empty the profile and mark it erased. The row stays: consultations and invitations
    others still read point at it, and show it under the pseudonym."""
    from connective.core.events import record_event
    from connective.members.choices import MemberEvent, MembershipStatus, Visibility
    from connective.members.models import MemberProfile

    profile = MemberProfile.objects.filter(user=user).first()
    if profile is None:
        return 0
    profile.organisation = ""
    profile.position = ""
    profile.city = ""
    profile.bio = ""
    profile.decline_reason = ""
    profile.imported_from = ""
    profile.willing_to_advise = False
    profile.status = MembershipStatus.ERASED
    for name in ("email", "organisation", "position", "city", "bio"):
        setattr(profile, f"{name}_visibility", Visibility.COORDINATORS)
    profile.save()
    profile.languages.clear()
    profile.expertise.clear()
    # Subscribers above (the matching index) forget what the profile said.
    record_event(kind=MemberEvent.ERASED, actor=None, target=profile)
    return 1


def register_parts() -> None:
    from connective.members.models import MemberProfile

    register(
        Part(
            name="profile",
            models=(MemberProfile,),
            what=_(
                "Your member profile: member type, organisation, position, city, country, languages, expertise, short bio, willingness to advise, and who may see each field"
            ),
            why=_("To run your membership and let members find and advise each other"),
            kept=_("While you are a member; erased when you delete your account"),
            seen_by=_(
                "Members, by the visibility you choose per field; the coordinators of your network; programme staff"
            ),
            erasure=Erasure.DELETE,
            export=_profile,
            erase=_profile_erase,
            order=80,
        )
    )
