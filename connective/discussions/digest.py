"""The digest's section "New discussions in your sections": what was started, since a member's
last digest, in the spaces they belong to.

A member belongs to the spaces they hold an active membership in (sections, sections across
networks, and for coordinators their network's space) and, as an approved member, to their
region's network space (network membership follows the declaration, not a row: spaces.access).
Conversations (direct messages) are never listed, nor hidden discussions, nor the member's own,
nor anything the member may not read at the time of the digest (`scoping.can_read_space`: a
member whose declaration is not approved reads no space content).

`new_threads_batch` answers for a whole batch of members in three queries (their memberships,
their profiles, and the newest discussions of all their spaces together), whatever its size.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy

from connective.core.links import absolute_url
from connective.discussions.models import Thread
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from connective.members.roles import Viewer
from connective.notifications.registry import DigestItem, DigestSection, register_digest_section
from connective.spaces.choices import MembershipState, SpaceKind, SpaceRole
from connective.spaces.models import Membership, Space
from connective.spaces.scoping import can_read_space

# The most new discussions one member's digest lists (the newest first).
DIGEST_THREADS = 10


def _viewers(users: list[Any]) -> tuple[dict[int, Viewer], dict[int, set[int]]]:
    """Each user's Viewer (as `members.roles.viewer_for` builds it) and the spaces they belong
    to by a membership, for the whole batch in two queries."""
    ids = [user.pk for user in users]
    memberships: dict[int, dict[int, str]] = defaultdict(dict)
    coordinates: dict[int, set[str]] = defaultdict(set)
    for user_id, space_id, role, kind, region in Membership.objects.filter(
        user_id__in=ids, state=MembershipState.ACTIVE
    ).values_list("user_id", "space_id", "role", "space__kind", "space__region"):
        memberships[user_id][space_id] = role
        if role == SpaceRole.COORDINATOR and kind == SpaceKind.NETWORK:
            coordinates[user_id].add(region)
    profiles: dict[int, tuple[str | None, str | None]] = {
        user_id: (status, region)
        for user_id, status, region in MemberProfile.objects.filter(user_id__in=ids).values_list(
            "user_id", "status", "region"
        )
    }
    viewers = {}
    for user in users:
        profile_status, profile_region = profiles.get(user.pk, (None, None))
        viewers[user.pk] = Viewer(
            user_id=user.pk,
            is_staff=bool(user.is_staff),
            is_member=profile_status == MembershipStatus.APPROVED,
            region=profile_region,
            coordinates=frozenset(coordinates[user.pk]),
            memberships=memberships[user.pk],
        )
    return viewers, {user_id: set(spaces) for user_id, spaces in memberships.items()}


def _belongs(viewer: Viewer, member_of: set[int], space: Space) -> bool:
    if space.pk in member_of:
        return True
    return space.kind == SpaceKind.NETWORK and viewer.is_member and viewer.region == space.region


def new_threads_batch(users: list[Any], since: dict[int, datetime]) -> dict[int, list[DigestItem]]:
    """For each of `users`, the discussions started since their `since` in the spaces they belong
    to and may read, newest first, at most `DIGEST_THREADS` (see the module)."""
    users = [user for user in users if user.pk in since]
    if not users:
        return {}
    viewers, member_of = _viewers(users)
    space_ids = set().union(*member_of.values()) if member_of else set()
    regions = {viewer.region for viewer in viewers.values() if viewer.is_member and viewer.region}
    if not space_ids and not regions:
        return {}
    # At most DIGEST_THREADS from each space: no member's ten newest can need more of one space,
    # so a busy section never crowds a quiet one out of the query.
    newest = Window(
        RowNumber(), partition_by=[F("space_id")], order_by=[F("created_at").desc(), F("id").desc()]
    )
    threads = list(
        # Access is decided per member below (can_read_space), as the scoping helper would.
        Thread.objects.unscoped()
        .filter(Q(space_id__in=space_ids) | Q(space__kind=SpaceKind.NETWORK, space__region__in=regions))
        .filter(created_at__gt=min(since[user.pk] for user in users), hidden_at__isnull=True)
        .exclude(space__kind=SpaceKind.CONVERSATION)
        .annotate(newest=newest)
        .filter(newest__lte=DIGEST_THREADS)
        .select_related("space")
        .order_by("-created_at", "-id")
    )
    result: dict[int, list[DigestItem]] = {}
    for user in users:
        viewer, start, mine = viewers[user.pk], since[user.pk], member_of.get(user.pk, set())
        items = [
            _item(thread)
            for thread in threads
            if thread.created_at > start
            and thread.author_id != user.pk
            and _belongs(viewer, mine, thread.space)
            and can_read_space(
                viewer,
                space_id=thread.space_id,
                access=thread.space.access,
                region=thread.space.region,
                kind=thread.space.kind,
            )
        ][:DIGEST_THREADS]
        if items:
            result[user.pk] = items
    return result


def _space_label(space: Space) -> str:
    return space.label


# The space's name in the language the digest is written in (it is rendered per recipient,
# after the section has been collected for the whole batch).
_lazy_label = lazy(_space_label, str)


def _item(thread: Thread) -> DigestItem:
    return DigestItem(
        title=thread.title,
        link=absolute_url("discussions:thread", thread.public_id),
        summary=_lazy_label(thread.space),
        language=thread.language,
    )


def new_threads(user: Any, since: datetime) -> list[DigestItem]:
    return new_threads_batch([user], {user.pk: since}).get(user.pk, [])


def register_digest() -> None:
    register_digest_section(
        DigestSection(
            key="discussions.new_in_your_spaces",
            title=gettext_lazy("New discussions in your sections"),
            order=15,
            collect=new_threads,
            collect_batch=new_threads_batch,
        )
    )
