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
    if not (viewer.can_decide_membership(network.region) or viewer.can_edit_network(network.region)):
        raise Http404
    return network


def declaration_get_for(*, viewer: Viewer, network: Network, slug: str) -> MemberProfile:
    """A pending declaration of `network` that `viewer` may decide."""
    if not viewer.can_decide_membership(network.region):
        raise Http404
    return get_object_or_404(
        MemberProfile.objects.select_related("user"),
        slug=slug,
        region=network.region,
        status=MembershipStatus.PENDING,
    )
