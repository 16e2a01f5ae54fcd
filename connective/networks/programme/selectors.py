"""Reads of the members' programme, each for one viewer and in a fixed number of queries.

Visitors get the accepted programme only (no names); members, coordinators and staff get
everything (see `programme.access`). Support counts are annotated in the same query as the
proposals, so a page costs the same at 10 or 10,000 supports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from connective.members.roles import Viewer
from connective.networks.choices import ProposalKind, ProposalStatus
from connective.networks.models import Network, Proposal, ProposalComment, ProposalSupport
from connective.networks.programme import access

# How many planned items and open proposals the programme page lists (the rest behind "more").
PROGRAMME_PAGE_SIZE = getattr(settings, "PAGE_SIZE", 20)


def _with_support(queryset: QuerySet[Proposal], viewer: Viewer) -> QuerySet[Proposal]:
    queryset = queryset.annotate(support_count=Count("supports", distinct=True))
    if viewer.user_id is not None:
        mine = ProposalSupport.objects.filter(proposal=OuterRef("pk"), user_id=viewer.user_id)
        queryset = queryset.annotate(supported_by_viewer=Exists(mine))
    return queryset


def planned_for(*, viewer: Viewer, network: Network) -> QuerySet[Proposal]:
    """The network's accepted proposals, newest decision first: what is planned (everyone)."""
    queryset = Proposal.objects.filter(network=network, status=ProposalStatus.ACCEPTED).select_related(
        "language"
    )
    return _with_support(queryset, viewer).order_by("-decided_at", "-pk")


def asked_for(*, viewer: Viewer, network: Network, kind: str = "") -> QuerySet[Proposal]:
    """The network's open proposals, most supported first (members, coordinators, staff)."""
    if not access.can_read_all(viewer):
        return Proposal.objects.none()
    queryset = Proposal.objects.filter(network=network, status=ProposalStatus.OPEN)
    if kind in ProposalKind.values:
        queryset = queryset.filter(kind=kind)
    queryset = queryset.select_related("language", "author")
    return _with_support(queryset, viewer).order_by("-support_count", "-created_at", "-pk")


def decided_for(*, viewer: Viewer, network: Network) -> QuerySet[Proposal]:
    """Declined, merged and withdrawn proposals, latest first (members, coordinators, staff)."""
    if not access.can_read_all(viewer):
        return Proposal.objects.none()
    closed = (ProposalStatus.DECLINED, ProposalStatus.MERGED, ProposalStatus.WITHDRAWN)
    return (
        Proposal.objects.filter(network=network, status__in=closed)
        .select_related("language", "merged_into")
        .order_by("-updated_at", "-pk")
    )


def open_counts_for(*, viewer: Viewer) -> list[tuple[Network, int]]:
    """The open proposals waiting for a decision in each network `viewer` decides for: one query
    (none for a viewer who decides nowhere)."""
    if viewer.user_id is None or not (viewer.is_staff or viewer.coordinates):
        return []
    networks = Network.objects.annotate(
        open_proposals=Count("proposals", filter=Q(proposals__status=ProposalStatus.OPEN))
    ).filter(open_proposals__gt=0)
    if not viewer.is_staff:
        networks = networks.filter(region__in=list(viewer.coordinates))
    return [(network, network.open_proposals) for network in networks.order_by("name")]


@dataclass(frozen=True)
class ProposalPage:
    proposal: Proposal
    support_count: int
    supported_by_viewer: bool
    # Names to members only: empty for visitors.
    supporters: Sequence[str]
    comments: Sequence[ProposalComment]
    merge_targets: Sequence[Proposal]
    merged_here: Sequence[Proposal]


SUPPORTERS_SHOWN = 50


def proposal_page_for(*, viewer: Viewer, proposal: Proposal) -> ProposalPage:
    """What a proposal's page shows this viewer: at most six queries, whatever the numbers."""
    full = access.can_read_all(viewer)
    support_count = proposal.supports.count()
    supported = viewer.user_id is not None and proposal.supports.filter(user_id=viewer.user_id).exists()
    supporters: list[str] = []
    comments: list[ProposalComment] = []
    merge_targets: list[Proposal] = []
    merged_here: list[Proposal] = []
    if full:
        supporters = [
            support.user.display_name
            for support in proposal.supports.select_related("user").order_by("created_at", "pk")[
                :SUPPORTERS_SHOWN
            ]
        ]
        comments = list(proposal.comments.select_related("author").order_by("created_at", "pk"))
        merged_here = list(proposal.merged_proposals.order_by("-decided_at", "-pk")[:SUPPORTERS_SHOWN])
        if access.can_decide(viewer, proposal.network) and proposal.status == ProposalStatus.OPEN:
            merge_targets = list(
                Proposal.objects.filter(
                    network_id=proposal.network_id,
                    status__in=(ProposalStatus.OPEN, ProposalStatus.ACCEPTED),
                )
                .exclude(pk=proposal.pk)
                .only("public_id", "title", "status")
                .order_by("title")[:200]
            )
    return ProposalPage(
        proposal=proposal,
        support_count=support_count,
        supported_by_viewer=supported,
        supporters=supporters,
        comments=comments,
        merge_targets=merge_targets,
        merged_here=merged_here,
    )
