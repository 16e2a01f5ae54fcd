"""Writes of the members' programme: proposing, supporting, commenting and deciding.

Each service checks who may do it (`programme.access`, asked of the actor's `Viewer`), changes
the proposal in one transaction and records a `ProgrammeEvent` in it; the notifications
(`programme.notifications`) are subscribers of those events, so no service sends mail itself.
Bad input raises `ValidationError` naming the field and changes nothing.
"""

from __future__ import annotations

from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from connective.accounts.models import User
from connective.core.errors import NotAllowed, ValidationError
from connective.core.events import record_event
from connective.core.text import guess_language
from connective.members.models import Language
from connective.members.roles import viewer_for
from connective.networks.choices import ProgrammeEvent, ProposalKind, ProposalStatus
from connective.networks.models import Network, Proposal, ProposalComment, ProposalSupport
from connective.networks.programme import access

TITLE_MAX = 200
TEXT_MAX = 10_000
REASON_MAX = 2_000


def _text(value: str, *, field: str, missing: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: missing})
    if len(value) > limit:
        raise ValidationError(
            {
                field: _("Keep it under %(limit)s characters (it has %(count)s).")
                % {"limit": limit, "count": len(value)}
            }
        )
    return value


@transaction.atomic
def proposal_create(
    *, actor: User, network: Network, kind: str, title: str, description: str, language: Language
) -> Proposal:
    """A member of `network` proposes an activity or a theme for its programme."""
    if not access.can_propose(viewer_for(actor), network):
        raise NotAllowed(_("Only the members of this network propose for its programme."))
    if kind not in ProposalKind.values:
        raise ValidationError({"kind": _("Choose what kind of activity you propose.")})
    title = _text(title, field="title", missing=_("Give your proposal a title."), limit=TITLE_MAX)
    if "\n" in title or "\r" in title:
        raise ValidationError({"title": _("The title is one line.")})
    description = _text(
        description,
        field="description",
        missing=_("Say what you propose and why it matters to your city."),
        limit=TEXT_MAX,
    )
    proposal = Proposal.objects.create(
        network=network, kind=kind, title=title, description=description, language=language, author=actor
    )
    record_event(kind=ProgrammeEvent.PROPOSED, actor=actor, target=proposal, network=network.slug)
    return proposal


def _locked(proposal: Proposal) -> Proposal:
    """The proposal's row, locked for this transaction and read afresh (two coordinators may
    decide at once; the second must see the first's decision)."""
    return Proposal.objects.select_for_update().select_related("network").get(pk=proposal.pk)


@transaction.atomic
def proposal_support(*, actor: User, proposal: Proposal) -> bool:
    """`actor` supports `proposal`; True when this is new. Supporting twice changes nothing."""
    proposal = _locked(proposal)
    if not access.can_support(viewer_for(actor), proposal):
        raise NotAllowed(_("Only the network's members support its open proposals, and not their own."))
    if ProposalSupport.objects.filter(proposal=proposal, user=actor).exists():
        return False
    try:
        with transaction.atomic():
            ProposalSupport.objects.create(proposal=proposal, user=actor)
    except IntegrityError:  # a second click that raced the first
        return False
    record_event(kind=ProgrammeEvent.SUPPORTED, actor=actor, target=proposal)
    return True


@transaction.atomic
def proposal_unsupport(*, actor: User, proposal: Proposal) -> bool:
    """`actor` withdraws their support; True when there was one. Allowed while the proposal is open."""
    proposal = _locked(proposal)
    if proposal.status != ProposalStatus.OPEN:
        raise NotAllowed(_("This proposal has been decided; its supporters stay as they were."))
    deleted, _by_model = ProposalSupport.objects.filter(proposal=proposal, user=actor).delete()
    if deleted:
        record_event(kind=ProgrammeEvent.UNSUPPORTED, actor=actor, target=proposal)
    return bool(deleted)


@transaction.atomic
def proposal_comment(*, actor: User, proposal: Proposal, body: str) -> ProposalComment:
    """A member of the network (or one of its coordinators) comments on an open or accepted proposal."""
    if not access.can_comment(viewer_for(actor), proposal):
        raise NotAllowed(_("Only the network's members and coordinators comment on its open proposals."))
    body = _text(body, field="body", missing=_("Write a comment."), limit=TEXT_MAX)
    languages = [code for code in (actor.preferred_language, "ar", "fr", "en", "pt") if code]
    comment = ProposalComment.objects.create(
        proposal=proposal, author=actor, body=body, language=guess_language(body, languages) or ""
    )
    record_event(kind=ProgrammeEvent.COMMENTED, actor=actor, target=proposal, comment=str(comment.public_id))
    return comment


@transaction.atomic
def proposal_comment_hide(*, actor: User, comment: ProposalComment, reason: str) -> ProposalComment:
    """A coordinator hides a comment that breaks the guidelines; its author sees the reason."""
    if not access.can_decide(viewer_for(actor), comment.proposal.network):
        raise NotAllowed(_("Only the network's coordinators hide comments."))
    reason = _text(reason, field="reason", missing=_("Say why the comment is hidden."), limit=REASON_MAX)
    if comment.hidden_at is not None:
        return comment
    comment.hidden_at = timezone.now()
    comment.hidden_by = actor
    comment.hidden_reason = reason
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    record_event(
        kind=ProgrammeEvent.COMMENT_HIDDEN,
        actor=actor,
        target=comment.proposal,
        comment=str(comment.public_id),
    )
    return comment


def _outcome(became_url: str, became_title: str) -> tuple[str, str]:
    """What an accepted proposal became: a web address (http or https only) and its name."""
    became_url = (became_url or "").strip()
    if became_url:
        try:
            URLValidator(schemes=["http", "https"])(became_url)
        except ValidationError:
            raise ValidationError(
                {"became_url": _("Give the full address of what it became, starting with https://.")}
            ) from None
    return became_url, (became_title or "").strip()[:TITLE_MAX]


def _check_decider(actor: User, proposal: Proposal) -> None:
    if not access.can_decide(viewer_for(actor), proposal.network):
        raise NotAllowed(_("Only the network's coordinators and programme staff decide on its proposals."))
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(
            _("This proposal is no longer open (%(status)s).") % {"status": proposal.get_status_display()}
        )


def _decide(proposal: Proposal, *, actor: User, status: str, reason: str) -> None:
    proposal.status = status
    proposal.decision_reason = reason
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()


@transaction.atomic
def proposal_accept(
    *, actor: User, proposal: Proposal, note: str = "", became_url: str = "", became_title: str = ""
) -> Proposal:
    """The coordinators take an open proposal into the network's programme, with an optional note
    and, when it already exists, a link to what it became."""
    proposal = _locked(proposal)
    _check_decider(actor, proposal)
    note = (note or "").strip()[:REASON_MAX]
    _decide(proposal, actor=actor, status=ProposalStatus.ACCEPTED, reason=note)
    proposal.became_url, proposal.became_title = _outcome(became_url, became_title)
    proposal.save()
    record_event(kind=ProgrammeEvent.ACCEPTED, actor=actor, target=proposal, network=proposal.network.slug)
    return proposal


@transaction.atomic
def proposal_decline(*, actor: User, proposal: Proposal, reason: str) -> Proposal:
    """The coordinators decline an open proposal; the reason is required and shown to its author
    and supporters."""
    proposal = _locked(proposal)
    _check_decider(actor, proposal)
    reason = _text(
        reason,
        field="reason",
        missing=_("Say why the proposal is declined: its author will read it."),
        limit=REASON_MAX,
    )
    _decide(proposal, actor=actor, status=ProposalStatus.DECLINED, reason=reason)
    proposal.save()
    record_event(kind=ProgrammeEvent.DECLINED, actor=actor, target=proposal, network=proposal.network.slug)
    return proposal


@transaction.atomic
def proposal_merge(*, actor: User, proposal: Proposal, into: Proposal, note: str = "") -> Proposal:
    """The coordinators merge a duplicate into another open or accepted proposal of the same
    network. Its supporters (and its author) carry over as supporters of the target, never twice
    and never the target's own author; its comments stay on it, and it links to the target."""
    proposal = _locked(proposal)
    _check_decider(actor, proposal)
    target = Proposal.objects.select_for_update().filter(pk=into.pk).first()
    if target is None or target.network_id != proposal.network_id:
        raise ValidationError({"into": _("Choose a proposal of the same network.")})
    if target.pk == proposal.pk:
        raise ValidationError({"into": _("A proposal cannot be merged into itself.")})
    if target.status not in (ProposalStatus.OPEN, ProposalStatus.ACCEPTED):
        raise ValidationError({"into": _("Choose an open or accepted proposal to merge into.")})
    carried = set(proposal.supports.values_list("user_id", flat=True)) | {proposal.author_id}
    carried.discard(target.author_id)
    already = set(target.supports.filter(user_id__in=carried).values_list("user_id", flat=True))
    ProposalSupport.objects.bulk_create(
        [ProposalSupport(proposal=target, user_id=user_id) for user_id in sorted(carried - already)],
        ignore_conflicts=True,
    )
    _decide(proposal, actor=actor, status=ProposalStatus.MERGED, reason=(note or "").strip()[:REASON_MAX])
    proposal.merged_into = target
    proposal.save()
    record_event(
        kind=ProgrammeEvent.MERGED,
        actor=actor,
        target=proposal,
        into=str(target.public_id),
        carried=len(carried - already),
    )
    return proposal


@transaction.atomic
def proposal_outcome_set(
    *, actor: User, proposal: Proposal, became_url: str, became_title: str = ""
) -> Proposal:
    """The coordinators say what an accepted proposal became (an event, a learning process, a
    project), once it exists; an empty address clears it."""
    proposal = _locked(proposal)
    if not access.can_decide(viewer_for(actor), proposal.network):
        raise NotAllowed(_("Only the network's coordinators and programme staff decide on its proposals."))
    if proposal.status != ProposalStatus.ACCEPTED:
        raise ValidationError(_("Only a proposal in the programme becomes something."))
    proposal.became_url, proposal.became_title = _outcome(became_url, became_title)
    proposal.save(update_fields=["became_url", "became_title", "updated_at"])
    record_event(kind=ProgrammeEvent.OUTCOME_SET, actor=actor, target=proposal)
    return proposal


@transaction.atomic
def proposal_withdraw(*, actor: User, proposal: Proposal) -> Proposal:
    """Its author withdraws an open proposal (it stays readable, marked withdrawn)."""
    proposal = _locked(proposal)
    if not access.can_withdraw(viewer_for(actor), proposal):
        raise NotAllowed(_("Only its author withdraws a proposal, while it is open."))
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.save(update_fields=["status", "updated_at"])
    record_event(kind=ProgrammeEvent.WITHDRAWN, actor=actor, target=proposal)
    return proposal
