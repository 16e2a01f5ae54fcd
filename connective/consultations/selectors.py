"""Reads of the consultation workflow, scoped to the viewer and prefetched for their pages."""

from __future__ import annotations

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from connective.consultations.access import consultations_visible_q
from connective.consultations.choices import (
    ACTIVE_STATUSES,
    SERVICE_KINDS,
    InvitationStatus,
    RequestStatus,
    RequestVisibility,
    ServiceStatus,
    Urgency,
)
from connective.consultations.models import (
    ConsultationFile,
    ConsultationMessage,
    ConsultationRequest,
    Feedback,
    Invitation,
    MeetingProposal,
)
from connective.members.roles import Viewer

LIST_LIMIT = 50


def consultation_list_mine(*, viewer: Viewer) -> QuerySet[ConsultationRequest]:
    """The requests the viewer brought, newest first."""
    if viewer.user_id is None:
        return ConsultationRequest.objects.none()
    return (
        ConsultationRequest.objects.filter(requester__user_id=viewer.user_id)
        .annotate(
            accepted_count=Count("invitations", filter=Q(invitations__status=InvitationStatus.ACCEPTED)),
            pending_count=Count("invitations", filter=Q(invitations__status=InvitationStatus.PENDING)),
        )
        .order_by("-created_at", "-id")[:LIST_LIMIT]
    )


def invitation_list_mine(*, viewer: Viewer) -> QuerySet[Invitation]:
    """The viewer's invitations to advise: waiting for an answer, or accepted."""
    if viewer.user_id is None:
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(
            advisor__user_id=viewer.user_id, status__in=[InvitationStatus.PENDING, InvitationStatus.ACCEPTED]
        )
        .select_related("request")
        .order_by("-sent_at", "-id")[:LIST_LIMIT]
    )


def consultation_list_opened_for(*, viewer: Viewer) -> QuerySet[ConsultationRequest]:
    """Requests their requesters opened to the viewer's network or to all members (discussions),
    other than the viewer's own."""
    if not viewer.is_member or viewer.user_id is None:
        return ConsultationRequest.objects.none()
    opened = Q(visibility=RequestVisibility.ALL_MEMBERS)
    if viewer.region:
        opened |= Q(visibility=RequestVisibility.NETWORK, network=viewer.region)
    return (
        ConsultationRequest.objects.filter(opened, status__in=list(ACTIVE_STATUSES))
        .exclude(requester__user_id=viewer.user_id)
        .order_by("-created_at", "-id")[:LIST_LIMIT]
    )


def consultation_queue_for(*, viewer: Viewer) -> QuerySet[ConsultationRequest]:
    """The coordinators' queue: active requests made in the networks they coordinate (every
    network for staff), those waiting for them first, with the requester and the invitations'
    counts. A request belongs to its requester's network, wherever the city it is about."""
    if not (viewer.is_staff or viewer.coordinates):
        return ConsultationRequest.objects.none()
    qs = ConsultationRequest.objects.filter(status__in=list(ACTIVE_STATUSES))
    if not viewer.is_staff:
        qs = qs.filter(network__in=sorted(viewer.coordinates))
    return (
        qs.select_related("requester__user")
        .annotate(
            accepted_count=Count("invitations", filter=Q(invitations__status=InvitationStatus.ACCEPTED)),
            pending_count=Count("invitations", filter=Q(invitations__status=InvitationStatus.PENDING)),
        )
        .annotate(
            waiting=Case(
                When(status=RequestStatus.IN_TRIAGE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            urgency_rank=Case(
                When(urgency=Urgency.HIGH, then=Value(0)),
                When(urgency=Urgency.NORMAL, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
        )
        .order_by("waiting", "urgency_rank", "created_at", "id")[:LIST_LIMIT]
    )


def consultation_space(*, request: ConsultationRequest) -> dict[str, list[object]]:
    """What the private space shows: messages, files, meetings, invitations, feedback."""
    return {
        "space_messages": list(
            ConsultationMessage.objects.filter(request=request)
            .select_related("author")
            .order_by("created_at", "id")
        ),
        "files": list(ConsultationFile.objects.filter(request=request).select_related("uploaded_by")),
        "meetings": list(MeetingProposal.objects.filter(request=request).select_related("proposed_by")),
        "invitations": list(
            Invitation.objects.filter(request=request)
            .select_related("advisor__user")
            .order_by("sent_at", "id")
        ),
        "feedback": list(Feedback.objects.filter(request=request).select_related("author")),
    }


def consultations_visible_count(*, viewer: Viewer) -> int:
    return ConsultationRequest.objects.filter(consultations_visible_q(viewer)).count()


def invitation_count_pending_for(*, viewer: Viewer) -> int:
    """How many invitations to advise wait for the viewer's answer: one query."""
    if not viewer.is_member or viewer.user_id is None:
        return 0
    return Invitation.objects.filter(advisor__user_id=viewer.user_id, status=InvitationStatus.PENDING).count()


# A request is still waiting for answers until an advisor has taken it on.
_AWAITING_STATUSES = [RequestStatus.OPEN, RequestStatus.IN_TRIAGE, RequestStatus.MATCHING]


def consultation_count_awaiting_answers_mine(*, viewer: Viewer) -> int:
    """How many of the viewer's active requests still wait for answers: no advisor has taken
    them on yet, or an invitation is still unanswered. One query."""
    if not viewer.is_member or viewer.user_id is None:
        return 0
    unanswered = Invitation.objects.filter(request=OuterRef("pk"), status=InvitationStatus.PENDING)
    return (
        ConsultationRequest.objects.filter(
            requester__user_id=viewer.user_id, status__in=list(ACTIVE_STATUSES)
        )
        .alias(unanswered=Exists(unanswered))
        .filter(Q(status__in=_AWAITING_STATUSES) | Q(unanswered=True))
        .count()
    )


def service_request_count_for(*, viewer: Viewer) -> int:
    """How many service requests (financing advice, studies, collections) the coordinators of
    the viewer's networks still have to deliver (every network for staff): one query, none for
    anyone who coordinates nothing."""
    if not (viewer.is_staff or viewer.coordinates):
        return 0
    qs = ConsultationRequest.objects.filter(
        support_kind__in=sorted(SERVICE_KINDS),
        service_status__in=[ServiceStatus.RECEIVED, ServiceStatus.IN_PROGRESS],
    )
    if not viewer.is_staff:
        qs = qs.filter(network__in=sorted(viewer.coordinates))
    return qs.count()
