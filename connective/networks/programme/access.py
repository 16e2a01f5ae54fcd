"""Who may do what with a network's programme, and the only way a view gets a proposal.

The rules, in the community's words:

- Every approved member (and every coordinator, and staff) reads every network's programme:
  open proposals, decisions, supporters' names and comments. Learning what other regions ask
  for is part of the point.
- Visitors, and people whose declaration is not approved yet, see the accepted programme only:
  titles and descriptions of what is planned, never who proposed or supported it.
- Only the network's own members propose, support and comment; its coordinators and staff may
  comment too (to ask a question before they decide).
- The network's coordinators and staff decide: accept, decline (with a reason), merge, and
  hide a comment.
- An author does not support their own proposal (proposing it says they want it); they may
  withdraw it while it is open.

A proposal the viewer may not read is a 404, never a 403: its existence is not shown.
"""

from __future__ import annotations

from uuid import UUID

from django.http import Http404

from connective.members.roles import Viewer
from connective.networks.choices import ProposalStatus
from connective.networks.models import Network, Proposal, ProposalComment


def can_read_all(viewer: Viewer) -> bool:
    """Open, declined and merged proposals, names and comments: members, coordinators, staff."""
    return viewer.can_see_members


def can_read(viewer: Viewer, proposal: Proposal) -> bool:
    return can_read_all(viewer) or proposal.status == ProposalStatus.ACCEPTED


def can_propose(viewer: Viewer, network: Network) -> bool:
    """The network's own approved members."""
    return viewer.is_member and viewer.region == network.region


def can_support(viewer: Viewer, proposal: Proposal) -> bool:
    """The network's own members, on an open proposal that is not theirs."""
    return (
        can_propose(viewer, proposal.network)
        and proposal.status == ProposalStatus.OPEN
        and proposal.author_id != viewer.user_id
    )


def can_comment(viewer: Viewer, proposal: Proposal) -> bool:
    """The network's members, its coordinators and staff, while the proposal is open or accepted."""
    if proposal.status not in (ProposalStatus.OPEN, ProposalStatus.ACCEPTED):
        return False
    return can_propose(viewer, proposal.network) or can_decide(viewer, proposal.network)


def can_decide(viewer: Viewer, network: Network) -> bool:
    """Accept, decline, merge, hide a comment: the network's coordinators and staff."""
    return viewer.user_id is not None and viewer.coordinates_region(network.region)


def can_withdraw(viewer: Viewer, proposal: Proposal) -> bool:
    return (
        viewer.user_id is not None
        and proposal.author_id == viewer.user_id
        and proposal.status == ProposalStatus.OPEN
    )


def proposal_get_for(*, viewer: Viewer, network: Network, public_id: UUID | str) -> Proposal:
    """A proposal of `network` that `viewer` may read, with what its page needs, or 404."""
    proposal = (
        Proposal.objects.select_related("network", "language", "author", "decided_by", "merged_into")
        .filter(network=network, public_id=public_id)
        .first()
    )
    if proposal is None or not can_read(viewer, proposal):
        raise Http404
    return proposal


def comment_get_for_moderation(
    *, viewer: Viewer, proposal: Proposal, public_id: UUID | str
) -> ProposalComment:
    """A comment of `proposal` that `viewer` may hide (the network's coordinators, staff), or 404."""
    if not can_decide(viewer, proposal.network):
        raise Http404
    comment = ProposalComment.objects.filter(proposal=proposal, public_id=public_id).first()
    if comment is None:
        raise Http404
    return comment
