"""What the networks app tells people through the notification pipeline: coordinators that a
declaration waits for them, and a member the decision on their declaration (required: it
cannot be turned off)."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from connective.core.links import absolute_url
from connective.core.models import AuditEvent
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from connective.members.roles import viewer_of_recipient
from connective.networks.access import can_decide_membership
from connective.networks.choices import NetworkEvent
from connective.networks.models import Network
from connective.notifications.registry import NotificationKind, Rendered, register_kind, target_of
from connective.spaces.selectors import coordinators_of


def _absolute(name: str, *args: object) -> str:
    """The full address of a page, for mails (empty if that page does not exist)."""
    try:
        return absolute_url(name, *args)
    except NoReverseMatch:
        return ""


def _profile(event: AuditEvent) -> MemberProfile | None:
    return target_of(event, MemberProfile)


def _network(profile: MemberProfile) -> Network | None:
    return Network.objects.filter(region=profile.region).first()


def declared_recipients(event: AuditEvent) -> list[int]:
    """The active coordinators of the declaration's region, while it waits for them."""
    profile = _profile(event)
    if profile is None or profile.status != MembershipStatus.PENDING:
        return []
    return list(coordinators_of(region=profile.region).values_list("pk", flat=True))


def declared_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    profile = _profile(event)
    if profile is None or not can_decide_membership(viewer_of_recipient(recipient), profile.region):
        return None
    network = _network(profile)
    name = network.name if network else profile.region
    link = _absolute("networks:declarations", network.slug) if network else ""
    return Rendered(
        line=_("%(name)s declared their membership of the %(network)s")
        % {"name": profile.user.full_name, "network": name},
        link=link,
        context={"coordinator": recipient, "member": profile.user, "profile": profile, "network": name},
    )


def decision_recipients(event: AuditEvent) -> list[int]:
    profile = _profile(event)
    return [profile.user_id] if profile is not None else []


def decision_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    profile = _profile(event)
    if profile is None or profile.user_id != recipient.pk:
        return None
    network = _network(profile)
    name = network.name if network else profile.region
    approved = event.action == NetworkEvent.MEMBERSHIP_APPROVED
    return Rendered(
        line=(
            _("Your membership of the %(network)s is approved")
            if approved
            else _("Your declaration of membership of the %(network)s was declined")
        )
        % {"network": name},
        link=_absolute("members:me"),
        context={
            "member": profile.user,
            "network": name,
            "reason": profile.decline_reason,
            "profile_link": _absolute("members:me"),
            "directory_link": _absolute("members:directory"),
            "network_link": _absolute("networks:detail", network.slug) if network else "",
            "guidelines_link": _absolute("accounts:legal_document", "guidelines"),
            "contact_email": network.contact_email if network else "",
        },
    )


def register_notifications() -> None:
    register_kind(
        NotificationKind(
            kind=NetworkEvent.MEMBERSHIP_DECLARED,
            label=gettext_lazy("A declaration of membership waits for your decision"),
            recipients=declared_recipients,
            render=declared_render,
            template="networks/email/declaration_pending",
            target_model=MemberProfile,
            select_related=("user",),
        )
    )
    for kind, template in (
        (NetworkEvent.MEMBERSHIP_APPROVED, "networks/email/membership_approved"),
        (NetworkEvent.MEMBERSHIP_DECLINED, "networks/email/membership_declined"),
    ):
        register_kind(
            NotificationKind(
                kind=kind,
                label=gettext_lazy("The decision on your declaration of membership")
                if kind == NetworkEvent.MEMBERSHIP_APPROVED
                else gettext_lazy("A declined declaration of membership"),
                recipients=decision_recipients,
                render=decision_render,
                template=template,
                required=True,
                target_model=MemberProfile,
                select_related=("user",),
            )
        )
