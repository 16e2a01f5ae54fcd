"""What the members' programme tells people, through the notification pipeline
(`connective.notifications.registry`): registered from `NetworksConfig.ready()`.

- A decision on a proposal (accepted, declined with its reason, merged into another): its author
  and its supporters (for a merge, the supporters it had before they were carried over).
- A comment on a proposal: its author.
- A new proposal in a network: that network's coordinators.

`recipients` runs after commit; the pipeline leaves the actor out. `render` runs when the
notification is shown or sent, in the recipient's language, and returns None when the recipient
may no longer read the proposal (an account no longer approved, say).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from connective.accounts.models import User
from connective.core.events import event_target
from connective.core.links import absolute_url
from connective.core.models import AuditEvent
from connective.members.roles import viewer_for
from connective.networks.choices import ProgrammeEvent, ProposalStatus
from connective.networks.models import Proposal, ProposalComment
from connective.networks.programme import access
from connective.notifications.registry import NotificationKind, Rendered, register_kind

DECISION_TEMPLATE = "networks/notifications/proposal_decision"
COMMENT_TEMPLATE = "networks/notifications/proposal_comment"
PROPOSED_TEMPLATE = "networks/notifications/proposal_created"


def _proposal(event: AuditEvent) -> Proposal | None:
    proposal: Proposal | None = event_target(event, Proposal)
    return proposal


def proposal_link(proposal: Proposal) -> str:
    return absolute_url("networks:proposal", proposal.network.slug, proposal.public_id)


def coordinator_ids(region: str) -> list[int]:
    """The active coordinators of a region (the coordinator role of its network's space)."""
    from connective.spaces.selectors import coordinators_of

    return list(coordinators_of(region=region).values_list("pk", flat=True))


# -- a decision ------------------------------------------------------------------------------


def decision_recipients(event: AuditEvent) -> list[int]:
    """The author and the supporters of the decided proposal."""
    proposal = _proposal(event)
    if proposal is None:
        return []
    supporters = set(proposal.supports.values_list("user_id", flat=True))
    # A merge copies the supporters to the target and leaves them on the merged proposal too, so
    # those who supported the duplicate hear of the merge as the proposal they chose.
    return sorted(supporters | {proposal.author_id})


def _can_read(recipient: Any, proposal: Proposal) -> bool:
    return access.can_read(viewer_for(recipient), proposal)


def decision_render(event: AuditEvent, recipient: User) -> Rendered | None:
    proposal = _proposal(event)
    if proposal is None or not _can_read(recipient, proposal):
        return None
    yours = proposal.author_id == recipient.pk
    title = proposal.title
    if event.action == ProgrammeEvent.ACCEPTED.value:
        line = (
            _("Your proposal “%(title)s” is now in the programme.")
            if yours
            else _("A proposal you support, “%(title)s”, is now in the programme.")
        )
    elif event.action == ProgrammeEvent.DECLINED.value:
        line = (
            _("Your proposal “%(title)s” was declined.")
            if yours
            else _("A proposal you support, “%(title)s”, was declined.")
        )
    else:
        line = (
            _("Your proposal “%(title)s” was merged into another.")
            if yours
            else _("A proposal you support, “%(title)s”, was merged into another.")
        )
    target = proposal.merged_into if proposal.status == ProposalStatus.MERGED else None
    return Rendered(
        line=line % {"title": title},
        link=proposal_link(target or proposal),
        context={
            "proposal": proposal,
            "yours": yours,
            "decision": event.action.rsplit(".", 1)[-1],
            "reason": proposal.decision_reason,
            "merged_into": target,
            "network": proposal.network.label,
            "proposal_link": proposal_link(proposal),
        },
        text_language=proposal.language_id,
    )


# -- a comment on your proposal --------------------------------------------------------------


def _comment(event: AuditEvent, proposal: Proposal) -> ProposalComment | None:
    public_id = (event.data or {}).get("comment")
    if not public_id:
        return None
    return (
        ProposalComment.objects.filter(proposal=proposal, public_id=public_id)
        .select_related("author")
        .first()
    )


def comment_recipients(event: AuditEvent) -> list[int]:
    proposal = _proposal(event)
    return [proposal.author_id] if proposal is not None else []


def comment_render(event: AuditEvent, recipient: User) -> Rendered | None:
    proposal = _proposal(event)
    if proposal is None or not _can_read(recipient, proposal):
        return None
    comment = _comment(event, proposal)
    if comment is None or comment.hidden_at is not None:
        return None
    return Rendered(
        line=_("%(name)s commented on your proposal “%(title)s”.")
        % {"name": comment.author.display_name, "title": proposal.title},
        link=proposal_link(proposal),
        context={"proposal": proposal, "comment": comment, "author": comment.author.display_name},
        text_language=proposal.language_id,
    )


# -- a new proposal, to the network's coordinators -------------------------------------------


def proposed_recipients(event: AuditEvent) -> list[int]:
    proposal = _proposal(event)
    return coordinator_ids(proposal.network.region) if proposal is not None else []


def proposed_render(event: AuditEvent, recipient: User) -> Rendered | None:
    proposal = _proposal(event)
    if proposal is None or not access.can_decide(viewer_for(recipient), proposal.network):
        return None
    return Rendered(
        line=_("New proposal for the programme of the %(network)s: “%(title)s”.")
        % {"network": proposal.network.label, "title": proposal.title},
        link=proposal_link(proposal),
        context={
            "proposal": proposal,
            "author": proposal.author.display_name,
            "network": proposal.network.label,
            "kind": proposal.get_kind_display(),
        },
        text_language=proposal.language_id,
    )


def register_kinds() -> None:
    decisions = (
        (
            ProgrammeEvent.ACCEPTED,
            gettext_lazy("Programme: a proposal of yours or that you support is accepted"),
        ),
        (
            ProgrammeEvent.DECLINED,
            gettext_lazy("Programme: a proposal of yours or that you support is declined"),
        ),
        (ProgrammeEvent.MERGED, gettext_lazy("Programme: a proposal of yours or that you support is merged")),
    )
    for kind, label in decisions:
        register_kind(
            NotificationKind(
                kind=kind,
                label=label,
                recipients=decision_recipients,
                render=decision_render,
                template=DECISION_TEMPLATE,
            )
        )
    register_kind(
        NotificationKind(
            kind=ProgrammeEvent.COMMENTED,
            label=gettext_lazy("Programme: comments on your proposals"),
            recipients=comment_recipients,
            render=comment_render,
            template=COMMENT_TEMPLATE,
        )
    )
    register_kind(
        NotificationKind(
            kind=ProgrammeEvent.PROPOSED,
            label=gettext_lazy("Programme: new proposals in the networks you coordinate"),
            recipients=proposed_recipients,
            render=proposed_render,
            template=PROPOSED_TEMPLATE,
        )
    )
