"""Statuses and kinds of the peer-to-peer consultation workflow."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from connective.core.events import EventKind


class SupportKind(models.TextChoices):
    """What the requester asks for. Peer advice and exchange visits go to peers; the others
    are services the programme's coordinators provide (`SERVICE_KINDS`)."""

    PEER_ADVICE = "peer_advice", _("Advice from peers")
    FINANCIAL_ADVICE = "financial_advice", _("Advice on financing")
    STUDY = "study", _("A study")
    PRACTICE_COLLECTION = "practice_collection", _("A collection of good practices")
    EXCHANGE_VISIT = "exchange_visit", _("An exchange visit")


SERVICE_KINDS = frozenset({SupportKind.FINANCIAL_ADVICE, SupportKind.STUDY, SupportKind.PRACTICE_COLLECTION})


class Urgency(models.TextChoices):
    LOW = "low", _("Not urgent")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("Urgent")


class RequestVisibility(models.TextChoices):
    """Who sees the request itself (never the private space: that stays with its participants)."""

    CONFIDENTIAL = "confidential", _("Confidential: only the advisors and coordinators")
    NETWORK = "network", _("Open to the members of my network")
    ALL_MEMBERS = "all_members", _("Open to all members")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_TRIAGE = "in_triage", _("With the coordinators")
    MATCHING = "matching", _("Waiting for advisors")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


ACTIVE_STATUSES = frozenset(
    {RequestStatus.OPEN, RequestStatus.IN_TRIAGE, RequestStatus.MATCHING, RequestStatus.IN_PROGRESS}
)


class ServiceStatus(models.TextChoices):
    """Where a service request (financing advice, study, collection) stands with the coordinators."""

    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class FeedbackRole(models.TextChoices):
    REQUESTER = "requester", _("Requester")
    ADVISOR = "advisor", _("Advisor")


class ConsultationEvent(EventKind):
    """The steps of a peer-to-peer consultation."""

    REQUESTED = "consultation.requested"
    # The request waits in the coordinators' queue (a service request, or help asked to find peers).
    QUEUED = "consultation.queued"
    VISIBILITY_SET = "consultation.visibility_set"
    WITHDRAWN = "consultation.withdrawn"
    SERVICE_STATUS_SET = "consultation.service_status_set"
    INVITED = "consultation.invited"
    INVITATION_WITHDRAWN = "consultation.invitation_withdrawn"
    INVITATION_ACCEPTED = "consultation.invitation_accepted"
    INVITATION_DECLINED = "consultation.invitation_declined"
    MESSAGE_POSTED = "consultation.message_posted"
    FILE_ADDED = "consultation.file_added"
    MEETING_PROPOSED = "consultation.meeting_proposed"
    CLOSED = "consultation.closed"
    FEEDBACK_GIVEN = "consultation.feedback_given"
    PRACTICE_DRAFTED = "consultation.practice_drafted"
    INVITATION_EXPIRED = "consultation.invitation_expired"
    # An invitation unanswered after `CONSULTATION_REMINDER_DAYS`: its advisor is reminded, once.
    INVITATION_REMINDED = "consultation.invitation_reminded"
