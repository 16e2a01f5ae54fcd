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
