"""The only way a network view gets a network or a declaration: each raises 404 when it may not.

A coordinator of another network gets 404, not 403, so that the queue of a network they do
not coordinate does not even show who is in it.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from connective.members.roles import Viewer
from connective.networks.models import Network


def network_get(*, slug: str) -> Network:
    """Any network: their pages are public."""
    return get_object_or_404(Network, slug=slug)


def network_get_for_coordination(*, viewer: Viewer, slug: str) -> Network:
    """A network whose declarations and settings `viewer` may manage (its coordinators, staff)."""
    network = network_get(slug=slug)
    if not (can_decide_membership(viewer, network.region) or can_edit_network(viewer, network.region)):
        raise Http404
    return network


def declaration_get_for(*, viewer: Viewer, network: Network, slug: str) -> MemberProfile:
    """A pending declaration of `network` that `viewer` may decide."""
    if not can_decide_membership(viewer, network.region):
        raise Http404
    return get_object_or_404(
        MemberProfile.objects.select_related("user"),
        slug=slug,
        region=network.region,
        status=MembershipStatus.PENDING,
    )


# -- what a viewer may do in a network (the rules of this app, asked of the viewer's roles) ----


def can_decide_membership(viewer: Viewer, region: str) -> bool:
    """Approve or decline a declaration of membership: the region's coordinators, staff."""
    return viewer.coordinates_region(region)


def can_see_applicant_email(viewer: Viewer, region: str) -> bool:
    """An applicant's email address (to check their affiliation by its domain): those who
    decide their declaration, the coordinators of its network and staff."""
    return can_decide_membership(viewer, region)


def can_edit_network(viewer: Viewer, region: str) -> bool:
    """The network's description, contact address and approval mode."""
    return viewer.coordinates_region(region)
