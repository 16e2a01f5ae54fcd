"""Writes about notifications: reading them, choosing how often to hear of each kind, and the
one-click unsubscribe from a mail."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from connective.core.errors import ValidationError
from connective.core.events import record_event
from connective.notifications.choices import ALL_KINDS, DIGEST, Delivery, Frequency, NotificationEvent
from connective.notifications.models import Notification, NotificationPreference
from connective.notifications.pipeline import effective_frequency, read_unsubscribe_token
from connective.notifications.registry import notification_kind, notification_kinds

DIGEST_FREQUENCIES = (Frequency.DAILY, Frequency.WEEKLY, Frequency.OFF)


def notification_mark_read(*, actor: Any, notification: Notification) -> Notification:
    """Mark one of `actor`'s notifications read (opening it does). Reading is not audited: it
    changes nothing anyone else sees."""
    if notification.recipient_id != actor.pk:
        raise ValidationError(_("This notification is not yours."), code="not_yours")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor: Any) -> int:
    """Mark every unread notification of `actor` read; returns how many were."""
    count = Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
    if count:
        record_event(kind=NotificationEvent.ALL_READ, actor=actor, target=actor, count=count)
    return count


def _set(*, user: Any, kind: str, frequency: str) -> bool:
    """Store one preference and move the notifications still waiting for mail with it."""
    current = NotificationPreference.objects.filter(user=user, kind=kind).values_list("frequency", flat=True)
    if list(current) == [frequency]:
        return False
    NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"frequency": frequency})
    registered = notification_kind(kind)
    if registered is not None:
        waiting = Notification.objects.filter(recipient=user, kind=kind, delivery=Delivery.PENDING)
        if frequency == Frequency.OFF:
            waiting.update(frequency=frequency, delivery=Delivery.SKIPPED)
        else:
            waiting.update(frequency=frequency)
    return True


@transaction.atomic
def preferences_set(*, actor: Any, choices: dict[str, str]) -> list[str]:
    """Store `actor`'s choices ({kind value or "digest": frequency}); returns the kinds changed.

    Every kind must be registered and every frequency known; a required kind cannot be turned
    off; the digest's own sections come daily, weekly or not at all. Anything wrong changes
    nothing and says what.
    """
    problems = []
    for kind, frequency in choices.items():
        registered = notification_kind(kind)
        if kind == DIGEST:
            if frequency not in DIGEST_FREQUENCIES:
                problems.append(_("The digest comes daily, weekly or not at all."))
            continue
        if registered is None:
            problems.append(_("“%(kind)s” is not a kind of notification.") % {"kind": kind})
        elif frequency not in Frequency.values:
            problems.append(
                _("“%(frequency)s” is not a choice for “%(kind)s”.")
                % {"frequency": frequency, "kind": registered.label}
            )
        elif registered.required and frequency == Frequency.OFF:
            problems.append(
                _("“%(kind)s” cannot be turned off: it concerns your membership.")
                % {"kind": registered.label}
            )
    if problems:
        raise ValidationError(" ".join(problems), code="preferences")
    # Only what differs from what already applies is stored: a kind left at its default keeps
    # following the default.
    current = preferences_of(user=actor)
    changed = [
        kind
        for kind, frequency in choices.items()
        if current.get(kind) != frequency and _set(user=actor, kind=kind, frequency=frequency)
    ]
    if changed:
        record_event(kind=NotificationEvent.PREFERENCES_CHANGED, actor=actor, target=actor, kinds=changed)
    return changed


def preferences_of(*, user: Any) -> dict[str, str]:
    """Every kind's frequency for `user` (their choice, else "all", else the kind's default),
    and the digest's ("digest")."""
    stored = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "frequency"))
    general = stored.get(ALL_KINDS)
    result = {
        kind.kind.value: effective_frequency(kind, stored.get(kind.kind.value) or general)
        for kind in notification_kinds()
    }
    result[DIGEST] = stored.get(DIGEST, Frequency.WEEKLY)
    return result


@transaction.atomic
def unsubscribe(*, token: str) -> str | None:
    """Turn off what a mail's unsubscribe token names, without a login; returns the kind, or None
    for a token that is forged, altered or of an account gone (then nothing changes).

    A kind's token turns that kind off (a required kind has no token); a digest's token turns off
    the digest and every kind that reached the member by that digest.
    """
    found = read_unsubscribe_token(token)
    if found is None:
        return None
    user, kind = found
    if kind.startswith(f"{DIGEST}."):
        frequency = kind.split(".", 1)[1]
        current = preferences_of(user=user)
        for value, chosen in current.items():
            registered = notification_kind(value)
            if chosen == frequency and (value == DIGEST or (registered and not registered.required)):
                _set(user=user, kind=value, frequency=Frequency.OFF)
    else:
        registered = notification_kind(kind)
        if registered is None or registered.required:
            return None
        _set(user=user, kind=kind, frequency=Frequency.OFF)
    record_event(kind=NotificationEvent.UNSUBSCRIBED, actor=user, target=user, kinds=[kind])
    return kind
