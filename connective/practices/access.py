"""The only way a view gets a practice (or one of its files) it will show or change."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from connective.accounts.models import User
from connective.core.models import Theme
from connective.members.models import MemberProfile
from connective.members.roles import Viewer
from connective.practices.choices import PracticeStatus
from connective.practices.models import Attachment, Practice, PracticePack


def practices_visible_q(viewer: Viewer) -> Q:
    """Published practices for everyone; a practice not (yet) published only for its authors,
    the coordinators of its region and staff."""
    q = Q(status=PracticeStatus.PUBLISHED)
    if viewer.is_staff:
        return Q()
    if viewer.coordinates:
        q |= Q(region__in=sorted(viewer.coordinates))
    if viewer.user_id is not None:
        q |= Q(authors__id=viewer.user_id)
    return q


def practices_visible_to(*, viewer: Viewer) -> QuerySet[Practice]:
    return Practice.objects.filter(pk__in=Practice.objects.filter(practices_visible_q(viewer)).values("pk"))


def is_author(*, viewer: Viewer, practice: Practice) -> bool:
    """Whether the viewer is one of the practice's authors (a query unless authors are prefetched)."""
    if viewer.user_id is None:
        return False
    cache = getattr(practice, "_prefetched_objects_cache", {})
    if "authors" in cache:
        return any(user.pk == viewer.user_id for user in practice.authors.all())
    return practice.authors.filter(pk=viewer.user_id).exists()


def may_see(*, viewer: Viewer, practice: Practice) -> bool:
    """The rule of `practices_visible_q`, for one practice already loaded."""
    return (
        practice.is_published
        or viewer.coordinates_region(practice.region)
        or is_author(viewer=viewer, practice=practice)
    )


def practice_get_for(*, viewer: Viewer, slug: str, with_goals: bool = True) -> Practice:
    """The practice with this slug, with what its page shows, if the viewer may see it; else 404.

    A practice the viewer may not see answers exactly like one that does not exist. Contacts are
    loaded only for viewers who may see them (so they cannot leak into a visitor's page).
    `with_goals=False` leaves its themes, goals and files to be read when needed (the practice
    page keeps the parts that show them).
    """
    prefetches: list[Any] = []
    if with_goals:
        prefetches += [Prefetch("themes", queryset=Theme.objects.order_by("name")), "sdgs", "attachments"]
    if viewer.user_id is not None:
        # Only to tell whether the viewer is one of them (`is_author`): a visitor never is.
        prefetches.append(Prefetch("authors", queryset=User.objects.only("pk")))
    if can_see_practice_contacts(viewer):
        prefetches.append(
            Prefetch(
                "contacts", queryset=MemberProfile.objects.select_related("user").order_by("user__full_name")
            )
        )
    practice = (
        Practice.objects.select_related("language").prefetch_related(*prefetches).filter(slug=slug).first()
    )
    if practice is None or not may_see(viewer=viewer, practice=practice):
        raise Http404(_("No such practice."))
    return practice


def published_practice_get(*, slug: str) -> Practice:
    """A published practice, for what anyone may take away (the PDF): never contacts, never a
    draft, whoever asks; 404 otherwise."""
    practice = (
        Practice.objects.filter(slug=slug, status=PracticeStatus.PUBLISHED)
        .prefetch_related("themes", "sdgs")
        .first()
    )
    if practice is None:
        raise Http404(_("No such practice."))
    return practice


def practice_get_for_authors(*, viewer: Viewer, slug: str) -> Practice:
    """A practice the viewer is an author of (to edit, submit, attach files); 404 otherwise."""
    practice = (
        Practice.objects.prefetch_related("themes", "sdgs", "authors", "contacts__user", "attachments")
        .filter(slug=slug)
        .first()
    )
    if practice is None or not is_author(viewer=viewer, practice=practice):
        raise Http404(_("No such practice."))
    return practice


def practice_get_for_review(*, viewer: Viewer, slug: str) -> Practice:
    """A practice the viewer reviews (coordinator of its region, staff); 404 otherwise."""
    practice = (
        Practice.objects.select_related("language")
        .prefetch_related("themes", "sdgs", "authors", "attachments")
        .filter(slug=slug)
        .first()
    )
    if practice is None or not can_review_practice_in(viewer, practice.region):
        raise Http404(_("No such practice."))
    return practice


def attachment_get_for(*, viewer: Viewer, slug: str, public_id: uuid.UUID | str) -> Attachment:
    """A file of a practice the viewer may see; 404 otherwise (whatever the reason)."""
    attachment = (
        Attachment.objects.select_related("practice").filter(public_id=public_id, practice__slug=slug).first()
    )
    if attachment is None or not may_see(viewer=viewer, practice=attachment.practice):
        raise Http404(_("No such file."))
    return attachment


def pack_get_mine(*, viewer: Viewer) -> PracticePack | None:
    """The signed-in viewer's current pack (the one changed last), or None (a visitor's pack
    lives in the session, see `packs.session`). Nobody reaches another person's pack here."""
    if viewer.user_id is None:
        return None
    return PracticePack.objects.filter(owner_id=viewer.user_id).order_by("-updated_at", "-id").first()


def pack_get_shared(*, public_id: uuid.UUID | str) -> PracticePack:
    """The pack behind a shared link, for anyone who has the link; 404 for an unknown or
    revoked (rotated) one. What it shows is public content only (see `packs.selectors`)."""
    pack = PracticePack.objects.select_related("owner").filter(public_id=public_id).first()
    if pack is None:
        raise Http404(_("No such pack: the link is wrong or its owner has revoked it."))
    return pack


def pack_get_owned(*, viewer: Viewer, public_id: uuid.UUID | str) -> PracticePack:
    """One of the viewer's own packs, by its link; 404 for anyone else's (as for no pack)."""
    pack = PracticePack.objects.filter(public_id=public_id, owner_id=viewer.user_id or 0).first()
    if pack is None or viewer.user_id is None:
        raise Http404(_("No such pack among yours."))
    return pack


# -- what a viewer may do with practices (authorship is per practice: `is_author`) -----------


def can_write_practices(viewer: Viewer) -> bool:
    """Any approved member drafts practices (coordinators and staff review them)."""
    return viewer.is_member


def can_review_practice_in(viewer: Viewer, region: str) -> bool:
    """Publish, decline or send back a practice: the coordinators of its region, staff."""
    return viewer.coordinates_region(region)


def can_feature_practice_in(viewer: Viewer, region: str) -> bool:
    return viewer.coordinates_region(region)


def can_see_practice_contacts(viewer: Viewer) -> bool:
    """Who to ask about a practice is personal: members, coordinators and staff only."""
    return viewer.can_see_members
