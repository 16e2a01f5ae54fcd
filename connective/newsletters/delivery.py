"""Whether a member wants the newsletter, and how they turn it off: through the notification
preferences (the newsletter is the notification kind `NewsletterEvent.SENT`, on or off in the
member's notification settings) and their one-click unsubscribe tokens.

A member's choice for the newsletter itself wins; without one, their choice for every kind
("all") applies; without either, the kind's default (on).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from connective.accounts.models import User
from connective.core.links import absolute_url
from connective.members.choices import MembershipStatus
from connective.newsletters.choices import NewsletterEvent
from connective.newsletters.models import Issue
from connective.notifications.choices import ALL_KINDS
from connective.notifications.models import NotificationPreference
from connective.notifications.pipeline import frequencies_for, unsubscribe_token
from connective.notifications.registry import Frequency, NotificationKind, notification_kind
from connective.notifications.services import preferences_set

KIND = NewsletterEvent.SENT.value


def _kind() -> NotificationKind:
    kind = notification_kind(KIND)
    if kind is None:  # registered by NewslettersConfig.ready()
        raise RuntimeError("the newsletter's notification kind is not registered")
    return kind


def newsletter_wanted(user: Any) -> bool:
    """Whether `user` should receive newsletters now: active, an approved member, with an
    address, and not turned off."""
    if user is None or not getattr(user, "is_active", False) or not getattr(user, "email", ""):
        return False
    if not User.objects.filter(pk=user.pk, profile__status=MembershipStatus.APPROVED).exists():
        return False
    return frequencies_for([user.pk], _kind())[user.pk] != Frequency.OFF


def newsletter_recipients(*, issue: Issue) -> QuerySet[User]:
    """Everyone `issue` goes to, in one query (the same rule as `newsletter_wanted`): approved
    members of the issue's network, active, with an address, who did not turn it off."""
    users = User.objects.filter(is_active=True, profile__status=MembershipStatus.APPROVED).exclude(email="")
    if issue.network_id is not None:
        users = users.filter(profile__region=issue.network.region)  # type: ignore[union-attr]
    preferences = NotificationPreference.objects.filter(user=OuterRef("pk"))
    own_off = Exists(preferences.filter(kind=KIND, frequency=Frequency.OFF))
    own_on = Exists(preferences.filter(kind=KIND).exclude(frequency=Frequency.OFF))
    all_off = Exists(preferences.filter(kind=ALL_KINDS, frequency=Frequency.OFF))
    return users.filter(~own_off & ~(all_off & ~own_on)).order_by("pk")


def unsubscribe_link(user: Any) -> str:
    """The absolute one-click link that turns newsletters off for `user`, without signing in
    (the notifications' unsubscribe page, for the newsletter's kind)."""
    return absolute_url("notifications:unsubscribe", token=newsletter_unsubscribe_token(user))


def newsletter_unsubscribe_token(user: Any) -> str:
    return unsubscribe_token(user, KIND)


def newsletter_turn_off(user: User) -> bool:
    """Store that `user` wants no more newsletters; True when it changed anything."""
    return bool(preferences_set(actor=user, choices={KIND: Frequency.OFF}))
