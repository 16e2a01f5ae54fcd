"""What a consultation tells its people, through the notification pipeline
(`connective.notifications.registry`): registered from `ConsultationsConfig.ready()`.

Each kind is one step the services record as a `ConsultationEvent`:

- a request waiting in the queue (a service request, or help asked to find peers): the
  coordinators of the requester's network;
- a service request moved on by the coordinators: its requester;
- an invitation, and the reminder of one left unanswered: the invited advisor;
- an invitation accepted or declined (with the reason, unless kept from them): the requester;
- a message, a proposed meeting in the private space: its other participants (the requester and
  the advisors who accepted; coordinators follow the space without mails);
- the consultation closed: the advisors who took part, asked for their feedback.

`recipients` runs after commit; the pipeline leaves the actor out. `render` runs when the
notification is shown or mailed, in the recipient's language, and asks `access.participation`
what the recipient is to the request *now*: someone who may no longer see it (an invitation
withdrawn, a coordinator who stepped down, an account no longer approved) gets None, so the
request's title, confidential by default, never reaches them. Message bodies and files never
travel by mail: a message's mail names its author (the event's actor), never its text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from connective.consultations.access import SEEING_INVITATIONS, Participation, participation
from connective.consultations.choices import ConsultationEvent, InvitationStatus, ServiceStatus
from connective.consultations.models import ConsultationRequest, Invitation
from connective.core.links import absolute_url
from connective.core.models import AuditEvent
from connective.members.roles import viewer_of_recipient
from connective.notifications.registry import NotificationKind, Rendered, register_kind, target_of
from connective.spaces.selectors import coordinators_of

TEMPLATES = "consultations/notifications"


def _request(event: AuditEvent) -> ConsultationRequest | None:
    request: ConsultationRequest | None = target_of(event, ConsultationRequest)
    return request


def _found(event: AuditEvent, recipient: Any) -> Participation | None:
    """What the recipient is to the event's request now; None when they may not see it."""
    request = _request(event)
    if request is None:
        return None
    return participation(viewer=viewer_of_recipient(recipient), request=request)


def _invitation(event: AuditEvent) -> Invitation | None:
    """The invitation the event is about: by its id, or (events recorded before the id was) by
    the advisor's slug on the event's request."""
    data = event.data or {}
    request = _request(event)
    if request is None or not (data.get("invitation") or data.get("advisor")):
        return None
    if "invitations" in getattr(request, "_prefetched_objects_cache", {}):
        invitations = list(request.invitations.all())  # the list's page prefetched them
    else:
        invitations = list(request.invitations.select_related("advisor__user"))
    for invitation in invitations:
        if invitation.pk == data.get("invitation") or (
            not data.get("invitation") and str(invitation.advisor.slug) == data.get("advisor")
        ):
            return invitation
    return None


def _detail(request: ConsultationRequest) -> str:
    return absolute_url("consultations:detail", request.public_id)


def _name(user: Any) -> str:
    return str(user.display_name) if user is not None else _("A peer")


# -- who hears -------------------------------------------------------------------------------


def coordinators_recipients(event: AuditEvent) -> list[int]:
    """The active coordinators of the requester's network (the request's `network`)."""
    request = _request(event)
    if request is None:
        return []
    return list(coordinators_of(region=request.network).values_list("pk", flat=True))


def requester_recipients(event: AuditEvent) -> list[int]:
    request = _request(event)
    return [request.requester.user_id] if request is not None else []


def advisor_recipients(event: AuditEvent) -> list[int]:
    """The invited advisor, while their invitation waits for an answer."""
    invitation = _invitation(event)
    if invitation is None or invitation.status != InvitationStatus.PENDING:
        return []
    return [invitation.advisor.user_id]


def space_recipients(event: AuditEvent) -> list[int]:
    """The participants of the private space: the requester and the advisors who accepted."""
    request = _request(event)
    if request is None:
        return []
    advisors = Invitation.objects.filter(request=request, status=InvitationStatus.ACCEPTED).values_list(
        "advisor__user_id", flat=True
    )
    return [request.requester.user_id, *advisors]


# -- what they read --------------------------------------------------------------------------


def queued_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    found = _found(event, recipient)
    if found is None or not found.coordinates:
        return None
    request = found.request
    return Rendered(
        line=_("A consultation request waits for you: “%(title)s”") % {"title": request.title},
        link=_detail(request),
        context={"request": request},
    )


def service_status_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    found = _found(event, recipient)
    if found is None or not found.is_requester:
        return None
    request = found.request
    # The status this event set, not the one the request has reached since.
    value = (event.data or {}).get("service_status", request.service_status)
    status = (
        ServiceStatus(value).label if value in ServiceStatus.values else request.get_service_status_display()
    )
    return Rendered(
        line=_("Your service request “%(title)s”: %(status)s") % {"title": request.title, "status": status},
        link=_detail(request),
        context={"request": request, "status": status},
    )


def _invited_render(event: AuditEvent, recipient: Any, *, waiting: bool) -> Rendered | None:
    """The advisor's own invitation, while they may still see the request through it (`waiting`:
    and only while it waits for their answer, for the reminder)."""
    found = _found(event, recipient)
    invitation = _invitation(event)
    if found is None or invitation is None or found.invitation is None:
        return None
    if found.invitation.pk != invitation.pk or invitation.status not in SEEING_INVITATIONS:
        return None
    if waiting and invitation.status != InvitationStatus.PENDING:
        return None
    request = found.request
    line = (
        _("A peer waits for your answer: “%(title)s”")
        if waiting
        else _("Could you advise a peer? “%(title)s”")
    )
    return Rendered(
        line=line % {"title": request.title},
        link=absolute_url("consultations:invitation", request.public_id),
        context={"request": request, "invitation": invitation},
    )


def invited_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    return _invited_render(event, recipient, waiting=False)


def reminded_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    return _invited_render(event, recipient, waiting=True)


def answered_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    """An advisor accepted or declined: the requester reads who, and why unless kept from them."""
    found = _found(event, recipient)
    if found is None or not found.is_requester:
        return None
    request = found.request
    invitation = _invitation(event)
    advisor = invitation.advisor.user if invitation is not None else event.actor
    accepted = event.action == ConsultationEvent.INVITATION_ACCEPTED
    line = (
        _("%(advisor)s accepted to advise you on “%(title)s”")
        if accepted
        else _("%(advisor)s cannot advise you on “%(title)s”")
    )
    reason = ""
    if not accepted and invitation is not None and not invitation.reason_hidden_from_requester:
        reason = invitation.decline_reason
    return Rendered(
        line=line % {"advisor": _name(advisor), "title": request.title},
        link=_detail(request),
        context={"request": request, "advisor": advisor, "reason": reason},
    )


def _in_space(event: AuditEvent, recipient: Any) -> Participation | None:
    """The recipient's part in the request, if they still take part in its private space."""
    found = _found(event, recipient)
    if found is None or not (found.is_requester or found.is_advisor):
        return None
    return found


def message_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    found = _in_space(event, recipient)
    if found is None:
        return None
    request = found.request
    # The message's author is the event's actor; its text stays in the space, never in a mail.
    author = event.actor
    return Rendered(
        line=_("%(author)s wrote in the consultation “%(title)s”")
        % {"author": _name(author), "title": request.title},
        link=_detail(request),
        context={"request": request, "author": author},
    )


def meeting_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    found = _in_space(event, recipient)
    if found is None:
        return None
    request = found.request
    return Rendered(
        line=_("%(author)s proposed a meeting: “%(title)s”")
        % {"author": _name(event.actor), "title": request.title},
        link=_detail(request),
        context={"request": request, "author": event.actor},
    )


def closed_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    found = _in_space(event, recipient)
    if found is None:
        return None
    request = found.request
    return Rendered(
        line=_("The consultation “%(title)s” is closed: tell us how it went") % {"title": request.title},
        link=absolute_url("consultations:feedback", request.public_id),
        context={"request": request},
    )


# -- the kinds -------------------------------------------------------------------------------


def _kind(
    kind: ConsultationEvent,
    label: Any,
    recipients: Callable[[AuditEvent], list[int]],
    render: Callable[[AuditEvent, Any], Rendered | None],
    template: str,
    *,
    required: bool = False,
) -> NotificationKind:
    return NotificationKind(
        kind=kind,
        label=label,
        recipients=recipients,
        render=render,
        template=f"{TEMPLATES}/{template}",
        required=required,
        target_model=ConsultationRequest,
        select_related=("requester__user",),
        # `render` asks the recipient's part in the request (their invitation) and names the
        # advisor: one query each for a page of notifications, not one per line.
        prefetch_related=("invitations__advisor__user",),
    )


def consultation_kinds() -> list[NotificationKind]:
    return [
        # Required: a request in the queue is handled by its network's coordinators alone, and
        # nobody else is told; a coordinator may take it in a digest, not switch it off.
        _kind(
            ConsultationEvent.QUEUED,
            gettext_lazy("Consultation requests waiting in your network's queue"),
            coordinators_recipients,
            queued_render,
            "queued",
            required=True,
        ),
        _kind(
            ConsultationEvent.SERVICE_STATUS_SET,
            gettext_lazy("Changes to your service requests"),
            requester_recipients,
            service_status_render,
            "service_status",
        ),
        # Required: a peer waits on this advisor's answer, and the invitation expires unanswered
        # after two weeks. A member who wants no invitations says they do not advise at the
        # moment (their profile), which stops the invitations themselves rather than the news.
        _kind(
            ConsultationEvent.INVITED,
            gettext_lazy("Invitations to advise a peer"),
            advisor_recipients,
            invited_render,
            "invitation",
            required=True,
        ),
        # Not required: the invitation itself already reached them; the reminder is a nudge.
        _kind(
            ConsultationEvent.INVITATION_REMINDED,
            gettext_lazy("Reminders of invitations waiting for your answer"),
            advisor_recipients,
            reminded_render,
            "reminder",
        ),
        _kind(
            ConsultationEvent.INVITATION_ACCEPTED,
            gettext_lazy("An advisor accepts to advise you"),
            requester_recipients,
            answered_render,
            "accepted",
        ),
        _kind(
            ConsultationEvent.INVITATION_DECLINED,
            gettext_lazy("An advisor declines your invitation"),
            requester_recipients,
            answered_render,
            "declined",
        ),
        _kind(
            ConsultationEvent.MESSAGE_POSTED,
            gettext_lazy("New messages in your consultations"),
            space_recipients,
            message_render,
            "message",
        ),
        _kind(
            ConsultationEvent.MEETING_PROPOSED,
            gettext_lazy("Meetings proposed in your consultations"),
            space_recipients,
            meeting_render,
            "meeting",
        ),
        _kind(
            ConsultationEvent.CLOSED,
            gettext_lazy("Consultations you took part in are closed"),
            space_recipients,
            closed_render,
            "closed",
        ),
    ]


def register_notifications() -> None:
    for kind in consultation_kinds():
        register_kind(kind)
