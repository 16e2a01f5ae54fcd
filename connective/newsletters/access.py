"""Who may write, send and read which issue: the only way a view gets an issue.

Coordinators write and send the newsletter of the networks they coordinate, staff of every
network and the issues to all networks. Anyone reads a sent issue in the archive (its
members-only part: see `selectors.issue_shows_members_part`). Everything else is 404, whatever
the reason, so an issue's existence is not told to those who may not see it.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from connective.members.roles import Viewer
from connective.networks.models import Network
from connective.newsletters.choices import IssueStatus
from connective.newsletters.models import Issue


def can_compose(viewer: Viewer) -> bool:
    """Whether the viewer writes any newsletter at all (coordinators and staff)."""
    return viewer.is_staff or bool(viewer.coordinates)


def can_compose_for(viewer: Viewer, network: Network | None) -> bool:
    """Staff for every network and for all at once; a coordinator for their own networks."""
    if network is None:
        return viewer.is_staff
    return viewer.coordinates_region(network.region)


def composer_networks(viewer: Viewer) -> QuerySet[Network]:
    """The networks the viewer may write a newsletter for (staff: every network)."""
    if viewer.is_staff:
        return Network.objects.order_by("name")
    return Network.objects.filter(region__in=sorted(viewer.coordinates)).order_by("name")


def composer_area_for(viewer: Viewer) -> None:
    """404 unless the viewer writes newsletters (the composers' pages)."""
    if not can_compose(viewer):
        raise Http404(_("No such page."))


def _key(public_id: uuid.UUID | str) -> uuid.UUID:
    try:
        return uuid.UUID(str(public_id))
    except ValueError:
        raise Http404(_("No such newsletter.")) from None


def issue_get_for_composer(*, viewer: Viewer, public_id: uuid.UUID | str) -> Issue:
    """An issue the viewer may edit, test and send (any status); 404 otherwise."""
    issue = Issue.objects.select_related("network", "created_by").filter(public_id=_key(public_id)).first()
    if issue is None or not can_compose_for(viewer, issue.network):
        raise Http404(_("No such newsletter."))
    return issue


def issue_get_sent(*, public_id: uuid.UUID | str) -> Issue:
    """A sent issue, for the public archive; 404 for drafts and issues still going out."""
    issue = (
        Issue.objects.select_related("network")
        .filter(public_id=_key(public_id), status=IssueStatus.SENT)
        .first()
    )
    if issue is None:
        raise Http404(_("No such newsletter."))
    return issue
