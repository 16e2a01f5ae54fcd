"""What the members' programme keeps about a person, declared to the registry
(`core.personal_data`): the proposals they made or decided, their comments (both stay readable
under their pseudonym when they leave: the network's programme is shared work) and the proposals
they support (their own choice, deleted with their account)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from connective.core.personal_data import Erasure, Part, Rows, keep_under_pseudonym, register


def _proposals(user: Any) -> Rows:
    from connective.networks.models import Proposal

    rows = (
        Proposal.objects.filter(Q(author=user) | Q(decided_by=user))
        .select_related("network")
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": str(proposal.public_id),
            "network": proposal.network.slug,
            "your_role": [
                role
                for role, yes in (
                    (str(_("author")), proposal.author_id == user.pk),
                    (str(_("decided on it")), proposal.decided_by_id == user.pk),
                )
                if yes
            ],
            "kind": proposal.get_kind_display(),
            "title": proposal.title,
            "description": proposal.description if proposal.author_id == user.pk else "",
            "language": proposal.language_id,
            "status": proposal.get_status_display(),
            "decision_reason": proposal.decision_reason if proposal.decided_by_id == user.pk else "",
            "created": proposal.created_at,
            "decided": proposal.decided_at,
        }
        for proposal in rows
    ]


def _comments(user: Any) -> Rows:
    from connective.networks.models import ProposalComment

    rows = (
        ProposalComment.objects.filter(Q(author=user) | Q(hidden_by=user))
        .select_related("proposal")
        .order_by("created_at", "pk")
    )
    return [
        {
            "proposal": str(comment.proposal.public_id),
            "proposal_title": comment.proposal.title,
            "body": comment.body if comment.author_id == user.pk else "",
            "written": comment.created_at if comment.author_id == user.pk else None,
            "hidden": comment.hidden_at,
            "hidden_reason": comment.hidden_reason,
            "you_hid_it": comment.hidden_by_id == user.pk,
        }
        for comment in rows
    ]


def _supports(user: Any) -> Rows:
    from connective.networks.models import ProposalSupport

    rows = ProposalSupport.objects.filter(user=user).select_related("proposal").order_by("created_at", "pk")
    return [
        {
            "proposal": str(support.proposal.public_id),
            "title": support.proposal.title,
            "since": support.created_at,
        }
        for support in rows
    ]


def _supports_erase(user: Any) -> int:
    from connective.networks.models import ProposalSupport

    deleted, _by_model = ProposalSupport.objects.filter(user=user).delete()
    return deleted


def register_parts() -> None:
    from connective.networks.models import Proposal, ProposalComment, ProposalSupport

    register(
        Part(
            name="programme_proposals",
            models=(Proposal,),
            what=_("Proposals you made for a network's programme, and those you decided on as a coordinator"),
            why=_("So members can shape their network's programme and see what became of their ideas"),
            kept=_("As long as the network's programme, under a pseudonym once you delete your account"),
            seen_by=_("Members, coordinators and staff; visitors see accepted proposals without any name"),
            erasure=Erasure.PSEUDONYMISE,
            export=_proposals,
            erase=keep_under_pseudonym,
            order=45,
        )
    )
    register(
        Part(
            name="programme_comments",
            models=(ProposalComment,),
            what=_("Your comments on proposals for a network's programme, and comments you hid"),
            why=_("To discuss the programme with the network's members and coordinators"),
            kept=_("As long as the proposal, under a pseudonym once you delete your account"),
            seen_by=_("Members, coordinators and staff"),
            erasure=Erasure.PSEUDONYMISE,
            export=_comments,
            erase=keep_under_pseudonym,
            order=46,
        )
    )
    register(
        Part(
            name="programme_supports",
            models=(ProposalSupport,),
            what=_("The proposals for a network's programme you support"),
            why=_("So the coordinators know how many members want each proposal"),
            kept=_("Until you withdraw your support or delete your account"),
            seen_by=_("Members, coordinators and staff see your name among the supporters"),
            erasure=Erasure.DELETE,
            export=_supports,
            erase=_supports_erase,
            order=47,
        )
    )
