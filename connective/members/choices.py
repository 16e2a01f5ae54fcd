from django.db import models
from django.utils.translation import gettext_lazy as _

from connective.core.events import EventKind


class MemberType(models.TextChoices):
    PRACTITIONER = "practitioner", _("Urban practitioner in a municipality")
    ASSOCIATION = "association", _("National or international city association or network")
    CIVIL_SOCIETY = "civil_society", _("Citizens' group or NGO")
    RESEARCH = "research", _("Research, science or education")


class MembershipStatus(models.TextChoices):
    """Where a declaration of membership stands."""

    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Member")
    DECLINED = "declined", _("Declined")
    # The member deleted their account: the row stays, emptied, for what others still point at.
    ERASED = "erased", _("Account deleted")


class Visibility(models.IntegerChoices):
    """Who may see one field of a profile. Lower is wider."""

    MEMBERS = 1, _("Members of all networks")
    NETWORK = 2, _("Members of my network")
    COORDINATORS = 3, _("Coordinators only")


class MemberEvent(EventKind):
    """What happens to a member's profile."""

    CREATED = "profile.created"
    UPDATED = "profile.updated"
    ADVISING_CHANGED = "profile.advising_changed"
    VISIBILITY_CHANGED = "profile.visibility_changed"
    IMPORTED = "profile.imported"
    ERASED = "profile.erased"
