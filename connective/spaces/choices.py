"""Kinds of spaces, how one is joined, and the roles a member holds in one."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from connective.core.events import EventKind


class SpaceKind(models.TextChoices):
    NETWORK = "network", _("Regional network")
    SECTION = "section", _("Section of a network")
    GLOBAL_SECTION = "global_section", _("Section across networks")
    EVENT = "event", _("Event")
    COHORT = "cohort", _("Learning cohort")
    PROJECT = "project", _("Joint project")
    # Direct messages: a closed space of its own whose members are the conversation's
    # participants. Only they read it: not its region's coordinators, not staff (scoping).
    CONVERSATION = "conversation", _("Conversation")


class SpaceAccess(models.TextChoices):
    """Open: any member reads it and joins it themselves. Closed: members ask to join, and what
    is written there is read by its members, its network's coordinators and staff only."""

    OPEN = "open", _("Open: any member can join")
    CLOSED = "closed", _("Closed: members ask to join")


class SpaceRole(models.TextChoices):
    MEMBER = "member", _("Member")
    MODERATOR = "moderator", _("Moderator")
    COORDINATOR = "coordinator", _("Coordinator")


class MembershipState(models.TextChoices):
    ACTIVE = "active", _("Member")
    REQUESTED = "requested", _("Asked to join")


class SpaceEvent(EventKind):
    """Who joins, leaves and steers a space."""

    CREATED = "space.created"
    UPDATED = "space.updated"
    JOINED = "space.joined"
    JOIN_REQUESTED = "space.join_requested"
    JOIN_APPROVED = "space.join_approved"
    JOIN_DECLINED = "space.join_declined"
    LEFT = "space.left"
    ROLE_SET = "space.role_set"
