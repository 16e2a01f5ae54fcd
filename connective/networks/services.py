"""Writes about regional networks: joining one (the declaration of membership) and steering it.

A declaration of membership makes a pending profile in the network of the member's region.
The network's approval mode decides what happens next: automatic networks approve at once;
in the others a coordinator of the region approves or declines, and the member is told (by the
notification pipeline, connective/networks/notifications.py) in their own language.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from connective.accounts.choices import ConsentMethod
from connective.accounts.models import LegalDocument, User
from connective.accounts.selectors import legal_documents_current
from connective.accounts.services import legal_documents_accept
from connective.core.errors import NotAllowed, ValidationError
from connective.core.events import record_event
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from connective.members.roles import viewer_for
from connective.members.services import ProfileData, profile_create
from connective.networks.access import can_decide_membership, can_edit_network
from connective.networks.choices import ApprovalMode, NetworkEvent
from connective.networks.models import Network


def _check_documents_current(documents: list[LegalDocument]) -> None:
    current = legal_documents_current()
    if {d.pk for d in documents} != {d.pk for d in current}:
        raise ValidationError(
            _(
                "The guidelines or the privacy notice changed while you were filling in the form. "
                "Please read the current version and accept it."
            ),
            code="outdated_documents",
        )


@transaction.atomic
def membership_declare(
    *, user: User, data: ProfileData, willing_to_advise: bool, documents: list[LegalDocument]
) -> MemberProfile:
    """Declare membership: the profile, the consents, and the network's first decision.

    `documents` are the versions of the guidelines and privacy notice the person accepted;
    they must be the current ones. A network that approves automatically approves at once;
    otherwise the declaration waits and the region's coordinators are told by mail.
    """
    if MemberProfile.objects.filter(user=user).exists():
        raise ValidationError(_("You have already declared your membership."), code="already_declared")
    _check_documents_current(documents)
    profile = profile_create(
        user=user, data=data, willing_to_advise=willing_to_advise, method=ConsentMethod.SIGNUP
    )
    legal_documents_accept(user=user, documents=documents, method=ConsentMethod.SIGNUP)
    network = Network.objects.get(region=profile.region)
    record_event(actor=user, kind=NetworkEvent.MEMBERSHIP_DECLARED, target=profile, network=network.slug)
    if network.approval_mode == ApprovalMode.AUTOMATIC:
        _decide(profile=profile, actor=None, status=MembershipStatus.APPROVED, reason="")
        record_event(actor=None, kind=NetworkEvent.MEMBERSHIP_APPROVED, target=profile, automatic=True)
    # The member hears of the decision, or the coordinators of the declaration, through the
    # notification pipeline (connective/networks/notifications.py), which subscribes to these events.
    return profile


def _decide(*, profile: MemberProfile, actor: User | None, status: MembershipStatus, reason: str) -> None:
    profile.status = status
    profile.decided_at = timezone.now()
    profile.decided_by = actor
    profile.decline_reason = reason
    profile.save(update_fields=["status", "decided_at", "decided_by", "decline_reason", "updated_at"])


def _check_can_decide(*, actor: User, profile: MemberProfile) -> None:
    if not can_decide_membership(viewer_for(actor), profile.region):
        raise NotAllowed(_("Only the coordinators of this network and programme staff decide on it."))
    if profile.status != MembershipStatus.PENDING:
        raise ValidationError(
            _("This declaration was already decided: %(status)s.") % {"status": profile.get_status_display()},
            code="already_decided",
        )


@transaction.atomic
def membership_approve(*, actor: User, profile: MemberProfile) -> MemberProfile:
    """Approve a pending declaration. Only the region's coordinators and staff may."""
    profile = MemberProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    _check_can_decide(actor=actor, profile=profile)
    _decide(profile=profile, actor=actor, status=MembershipStatus.APPROVED, reason="")
    record_event(actor=actor, kind=NetworkEvent.MEMBERSHIP_APPROVED, target=profile)
    return profile


@transaction.atomic
def membership_decline(*, actor: User, profile: MemberProfile, reason: str) -> MemberProfile:
    """Decline a pending declaration, saying why (the member reads the reason in the mail)."""
    profile = MemberProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    _check_can_decide(actor=actor, profile=profile)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Please give a reason: the person reads it in the mail that tells them."),
            code="reason_required",
        )
    _decide(profile=profile, actor=actor, status=MembershipStatus.DECLINED, reason=reason)
    record_event(actor=actor, kind=NetworkEvent.MEMBERSHIP_DECLINED, target=profile)
    return profile


@transaction.atomic
def network_update(
    *,
    actor: User,
    network: Network,
    description: str,
    description_translations: dict[str, str],
    contact_email: str,
    approval_mode: str,
) -> Network:
    """Change a network's description, role address and approval mode (its coordinators, staff)."""
    if not can_edit_network(viewer_for(actor), network.region):
        raise NotAllowed(_("Only the coordinators of this network and programme staff can change it."))
    if approval_mode not in ApprovalMode.values:
        raise ValidationError(
            _("Unknown approval mode “%(mode)s”.") % {"mode": approval_mode}, code="approval_mode"
        )
    languages = {code for code, _name in settings.LANGUAGES}
    unknown = sorted(set(description_translations) - languages)
    if unknown:
        raise ValidationError(
            _("Descriptions can only be given in %(known)s, not in: %(unknown)s.")
            % {"known": ", ".join(sorted(languages)), "unknown": ", ".join(unknown)},
            code="translation_language",
        )
    if contact_email:
        try:
            validate_email(contact_email)
        except ValidationError as error:
            raise ValidationError(
                _("“%(email)s” is not a valid email address.") % {"email": contact_email},
                code="contact_email",
            ) from error
    changed = []
    for name, value in (
        ("description", description),
        ("description_translations", {k: v for k, v in description_translations.items() if v}),
        ("contact_email", contact_email),
        ("approval_mode", approval_mode),
    ):
        if getattr(network, name) != value:
            setattr(network, name, value)
            changed.append(name)
    if changed:
        network.save(update_fields=[*changed, "updated_at"])
        record_event(actor=actor, kind=NetworkEvent.UPDATED, target=network, fields=changed)
    return network
