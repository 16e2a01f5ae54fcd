"""The only way a view gets a member profile it will show or change."""

from __future__ import annotations

import uuid

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _

from connective.accounts.models import User
from connective.members.models import MemberProfile
from connective.members.roles import Viewer
from connective.members.selectors import member_profiles_visible_to, own_profile


def member_profile_get_for(*, viewer: Viewer, slug: uuid.UUID | str) -> MemberProfile:
    """The profile with this slug if the viewer may open it; 404 otherwise.

    A profile the viewer may not see answers exactly like one that does not exist, so that
    pending declarations stay secret.
    """
    profile = member_profiles_visible_to(viewer=viewer).filter(slug=slug).first()
    if profile is None:
        raise Http404(_("No such member."))
    return profile


def own_profile_get(*, user: User) -> MemberProfile:
    """The signed-in person's own profile, whatever its status; 404 if they have none."""
    profile = own_profile(user_id=user.pk)
    if profile is None:
        raise Http404(_("You have no member profile."))
    prefetch_related_objects([profile], "languages", "expertise")
    return profile
