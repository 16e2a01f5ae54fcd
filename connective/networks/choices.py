from django.db import models
from django.utils.translation import gettext_lazy as _


class ApprovalMode(models.TextChoices):
    """How new declarations of membership of a network are decided."""

    COORDINATOR = "coordinator", _("A coordinator approves each declaration")
    AUTOMATIC = "automatic", _("Declarations are approved automatically")
