from django.db import models
from django.utils.translation import gettext_lazy as _

from connective.core.events import EventKind


class ApprovalMode(models.TextChoices):
    """How new declarations of membership of a network are decided."""

    COORDINATOR = "coordinator", _("A coordinator approves each declaration")
    AUTOMATIC = "automatic", _("Declarations are approved automatically")


class NetworkEvent(EventKind):
    """What happens to a network and the declarations of membership to it."""

    MEMBERSHIP_DECLARED = "membership.declared"
    MEMBERSHIP_APPROVED = "membership.approved"
    MEMBERSHIP_DECLINED = "membership.declined"
    UPDATED = "network.updated"


class ProposalKind(models.TextChoices):
    """What members ask their network to organise."""

    LEARNING_PROCESS = "learning_process", _("Learning process")
    WEBINAR = "webinar", _("Webinar")
    EXCHANGE_VISIT = "exchange_visit", _("Exchange visit")
    STUDY = "study", _("Study")
    JOINT_PROJECT = "joint_project", _("Joint project")
    THEME = "theme", _("Theme to work on")


class ProposalStatus(models.TextChoices):
    """Where a proposal stands. Open proposals gather support; the coordinators of the network
    accept them into the programme, decline them with a reason, or merge a duplicate into
    another; the author may withdraw theirs while it is open."""

    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("In the programme")
    DECLINED = "declined", _("Declined")
    MERGED = "merged", _("Merged into another proposal")
    WITHDRAWN = "withdrawn", _("Withdrawn by its author")


class ProgrammeEvent(EventKind):
    """What happens to the members' programme of a network."""

    PROPOSED = "proposal.created"
    SUPPORTED = "proposal.supported"
    UNSUPPORTED = "proposal.unsupported"
    COMMENTED = "proposal.commented"
    COMMENT_HIDDEN = "proposal.comment_hidden"
    ACCEPTED = "proposal.accepted"
    DECLINED = "proposal.declined"
    MERGED = "proposal.merged"
    WITHDRAWN = "proposal.withdrawn"
    OUTCOME_SET = "proposal.outcome_set"
