"""From a recorded event to the people it concerns: one notification each, then their mail.

`fan_out` is the subscriber `register_kind` gives every registered event kind: it runs after
commit, in the background, asks the kind who should hear (never the actor), and makes one
notification per person (the unique constraint makes a second run add nothing). Those who
want to hear of the kind immediately get a mail queued; the daily and weekly digests
(`digests.py`) collect the others. `deliver` renders the mail at delivery, in the recipient's
language: what a member reads is what is true when it leaves, and one who may no longer see
what it is about gets nothing.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.utils import timezone, translation

from connective.core import mail as core_mail
from connective.core.links import absolute_url
from connective.core.models import AuditEvent
from connective.notifications.choices import ALL_KINDS, DIGEST, Delivery, Frequency
from connective.notifications.models import Notification, NotificationPreference
from connective.notifications.registry import NotificationKind, Rendered, notification_kind

logger = logging.getLogger(__name__)

_UNSUBSCRIBE_SALT = "connective.notifications.unsubscribe"


# -- preferences -----------------------------------------------------------------------------


def effective_frequency(kind: NotificationKind, chosen: str | None) -> str:
    """What a member's choice (None: none made) means for `kind`: its default when they chose
    nothing, and never "off" for a required kind."""
    frequency = chosen or kind.default
    if kind.required and frequency == Frequency.OFF:
        return kind.default if kind.default != Frequency.OFF else Frequency.IMMEDIATELY
    return frequency


def frequencies_for(user_ids: Iterable[int], kind: NotificationKind) -> dict[int, str]:
    """How often each of `user_ids` wants mail about `kind` (one query)."""
    ids = list(user_ids)
    specific: dict[int, str] = {}
    general: dict[int, str] = {}
    rows = NotificationPreference.objects.filter(
        user_id__in=ids, kind__in=[kind.kind.value, ALL_KINDS]
    ).values_list("user_id", "kind", "frequency")
    for user_id, value, frequency in rows:
        (general if value == ALL_KINDS else specific)[user_id] = frequency
    return {i: effective_frequency(kind, specific.get(i) or general.get(i)) for i in ids}


# -- the fan-out -----------------------------------------------------------------------------


def fan_out(event: AuditEvent) -> None:
    """One notification per person `event` concerns (never its actor, never twice), and the
    immediate mails queued. Idempotent: a task run twice adds nothing and sends nothing twice."""
    kind = notification_kind(event.action)
    if kind is None:
        return
    wanted = {int(user_id) for user_id in kind.recipients(event)}
    wanted.discard(event.actor_id or 0)
    if not wanted:
        return
    users = list(get_user_model().objects.filter(pk__in=wanted, is_active=True).values_list("pk", flat=True))
    frequencies = frequencies_for(users, kind)
    rows = [
        Notification(
            recipient_id=user_id,
            event_id=event.pk,
            kind=event.action,
            frequency=frequencies[user_id],
            delivery=Delivery.SKIPPED if frequencies[user_id] == Frequency.OFF else Delivery.PENDING,
        )
        for user_id in users
    ]
    with transaction.atomic():
        Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
        immediate = list(
            Notification.objects.filter(
                event_id=event.pk, delivery=Delivery.PENDING, frequency=Frequency.IMMEDIATELY
            ).values_list("pk", flat=True)
        )
        if immediate:
            transaction.on_commit(lambda: _queue_deliveries(immediate))


def _queue_deliveries(ids: list[int]) -> None:
    from connective.notifications.tasks import deliver_notification_task

    for notification_id in ids:
        deliver_notification_task.delay(notification_id=notification_id)


# -- delivery --------------------------------------------------------------------------------


def language_of(user: Any) -> str:
    return str(getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE)


def render_for(notification: Notification, kind: NotificationKind) -> Rendered | None:
    """The notification as its recipient reads it now (in the active language), or None."""
    try:
        return kind.render(notification.event, notification.recipient)
    except Exception:  # a render that fails must not take the list or the other mails with it
        logger.exception("rendering notification %s (%s) failed", notification.pk, notification.kind)
        return None


def deliver(*, notification_id: int) -> bool:
    """Mail one notification now, if it still waits for an immediate mail. True when sent.

    The notification is claimed first (pending -> sent) so that a second run of the task sends
    nothing; a mail server that fails puts it back to pending and the task is retried.
    """
    claimed = Notification.objects.filter(
        pk=notification_id, delivery=Delivery.PENDING, frequency=Frequency.IMMEDIATELY
    ).update(delivery=Delivery.SENT, sent_at=timezone.now())
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient", "event").get(pk=notification_id)
    kind = notification_kind(notification.kind)
    recipient = notification.recipient
    if kind is None or not recipient.is_active or not recipient.email:
        _skip(notification_id)
        return False
    language = language_of(recipient)
    with translation.override(language):
        rendered = render_for(notification, kind)
        if rendered is None:
            _skip(notification_id)
            return False
        token = "" if kind.required else unsubscribe_token(recipient, kind.kind.value)
        context = mail_context(recipient=recipient, rendered=rendered, token=token)
        subject, body = core_mail.render_mail(template=kind.template, context=context, language=language)
        html = core_mail.render_mail_html(template=kind.template, context=context, language=language)
    try:
        core_mail.deliver(
            to=[recipient.email],
            subject=subject,
            body=body,
            html=html,
            unsubscribe_url=context["unsubscribe_link"],
            unsubscribe_token=token,
            reply_to=[rendered.reply_to] if rendered.reply_to else None,
        )
    except OSError:
        Notification.objects.filter(pk=notification_id).update(delivery=Delivery.PENDING, sent_at=None)
        raise
    return True


def load_targets(notifications: list[Notification]) -> None:
    """Load the targets of `notifications`' events in one query per kind (the kinds that name
    their `target_model`), for `render` to find through `registry.target_of`."""
    by_kind: dict[str, list[Notification]] = defaultdict(list)
    for notification in notifications:
        by_kind[notification.kind].append(notification)
    for value, group in by_kind.items():
        kind = notification_kind(value)
        if kind is None or kind.target_model is None:
            continue
        model = kind.target_model
        label = model._meta.label_lower
        keys = {_key(n.event.target_id) for n in group if n.event.target_type == label}
        targets = (
            # The base manager: space-scoped models refuse unscoped reads, and each kind's
            # `render` decides what its recipient may still see.
            model._base_manager.select_related(*kind.select_related)
            .prefetch_related(*kind.prefetch_related)
            .in_bulk(list(keys))
        )
        for notification in group:
            found = targets.get(_key(notification.event.target_id))
            notification.event._notification_target = found  # type: ignore[attr-defined]


def _key(value: str) -> int | str:
    return int(value) if value.isdigit() else value


def _skip(notification_id: int) -> None:
    Notification.objects.filter(pk=notification_id).update(delivery=Delivery.SKIPPED, sent_at=None)


def mail_context(*, recipient: Any, rendered: Rendered | None, token: str) -> dict[str, Any]:
    """What every notification mail's templates get beside the kind's own context."""
    return {
        **(rendered.context if rendered else {}),
        "recipient": recipient,
        "link": rendered.link if rendered else "",
        "line": rendered.line if rendered else "",
        "unsubscribe_link": absolute_url("notifications:unsubscribe", token) if token else "",
        "preferences_link": absolute_url("notifications:settings"),
    }


# -- one-click unsubscribe ---------------------------------------------------------------------


def unsubscribe_token(user: Any, kind: str) -> str:
    """A token that turns `kind` off for `user`, without a login (signed; it names the account
    by its public id, never its row number). `kind` is an event kind's value, or
    "digest.daily" / "digest.weekly" for a digest."""
    return signing.dumps([str(user.public_id), kind], salt=_UNSUBSCRIBE_SALT, compress=False)


def read_unsubscribe_token(token: str) -> tuple[Any, str] | None:
    """The active user and kind a token was made for, or None (forged, altered, unknown)."""
    try:
        public_id, kind = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(kind, str) or not (
        notification_kind(kind) is not None or kind in (f"{DIGEST}.daily", f"{DIGEST}.weekly")
    ):
        return None
    user = get_user_model().objects.filter(public_id=public_id, is_active=True).first()
    return (user, kind) if user is not None else None
