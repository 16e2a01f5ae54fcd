"""The daily and weekly digests: per member, what waited for their digest (their notifications
of the kinds they chose to hear of daily or weekly) and what the registered sections found new
for them (new practices on their themes, later upcoming events). Nothing new: no mail.

`send_digests(frequency=...)` walks the members in batches of `BATCH`: each batch costs a fixed
number of queries (the members, their markers, their waiting notifications, the events'
targets, each section once), whatever its size. Each member's digest is claimed before it is
sent: their notifications become "in digest" and their marker takes this period, in one
transaction per batch, and the mails leave after it commits. A rerun of the same period skips
whoever has this period's marker, so nobody receives the same digest twice (a worker killed
between the commit and the sending loses that batch's mail rather than doubling it).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone, translation

from connective.core import mail as core_mail
from connective.core.links import absolute_url
from connective.notifications.choices import DIGEST, Delivery, Frequency
from connective.notifications.models import DigestMarker, Notification, NotificationPreference
from connective.notifications.pipeline import language_of, load_targets, render_for, unsubscribe_token
from connective.notifications.registry import DigestItem, digest_sections, notification_kind

logger = logging.getLogger(__name__)

BATCH = 500
TEMPLATE = "notifications/email/digest"
# The default of the digest's own sections, for a member who chose nothing.
DIGEST_DEFAULT = Frequency.WEEKLY


@dataclass
class DigestRun:
    """What one run did: members looked at, digests sent, members with nothing new."""

    frequency: str
    period: str
    considered: int = 0
    sent: int = 0
    empty: int = 0
    skipped_already: int = 0
    failures: list[str] = field(default_factory=list)


@dataclass
class Digest:
    user: Any
    groups: list[tuple[str, list[dict[str, str]]]]
    sections: list[tuple[str, list[DigestItem]]]
    notification_ids: list[int]

    @property
    def empty(self) -> bool:
        return not self.groups and not self.sections


def period_of(frequency: str, now: datetime) -> str:
    """The period a digest belongs to: the day ("2026-12-07") or the ISO week ("2026-W50")."""
    if frequency == Frequency.DAILY:
        return now.date().isoformat()
    year, week, _day = now.isocalendar()
    return f"{year}-W{week:02d}"


def _span(frequency: str) -> timedelta:
    return timedelta(days=1) if frequency == Frequency.DAILY else timedelta(days=7)


def candidate_ids(frequency: str, period: str) -> list[int]:
    """Members who may get this digest: notifications wait for it, or its sections come at this
    frequency for them; not those whose digest of this period already went."""
    user_model = get_user_model()
    waiting = set(
        Notification.objects.filter(delivery=Delivery.PENDING, frequency=frequency)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    if frequency == DIGEST_DEFAULT:
        others = NotificationPreference.objects.filter(kind=DIGEST).exclude(frequency=frequency)
        sections = set(
            user_model.objects.filter(is_active=True)
            .exclude(pk__in=others.values("user_id"))
            .values_list("pk", flat=True)
        )
    else:
        sections = set(
            NotificationPreference.objects.filter(kind=DIGEST, frequency=frequency).values_list(
                "user_id", flat=True
            )
        )
    done = set(
        DigestMarker.objects.filter(frequency=frequency, period=period).values_list("user_id", flat=True)
    )
    return sorted((waiting | sections) - done)


def send_digests(*, frequency: str, now: datetime | None = None) -> DigestRun:
    """Send this period's digest to every member who has something new (see the module)."""
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(f"A digest is daily or weekly, not {frequency!r}")
    now = now or timezone.now()
    run = DigestRun(frequency=frequency, period=period_of(frequency, now))
    ids = candidate_ids(frequency, run.period)
    for start in range(0, len(ids), BATCH):
        _send_batch(run, ids[start : start + BATCH], now=now)
    logger.info(
        "%s digest %s: %s members, %s sent, %s with nothing new",
        frequency, run.period, run.considered, run.sent, run.empty,
    )  # fmt: skip
    return run


def _send_batch(run: DigestRun, ids: list[int], *, now: datetime) -> None:
    frequency = run.frequency
    users = list(get_user_model().objects.filter(pk__in=ids, is_active=True).exclude(email=""))
    run.considered += len(users)
    if not users:
        return
    by_id = {user.pk: user for user in users}
    markers = dict(
        DigestMarker.objects.filter(user_id__in=by_id, frequency=frequency).values_list("user_id", "sent_at")
    )
    since = {user.pk: markers.get(user.pk) or now - _span(frequency) for user in users}
    section_prefs = dict(
        NotificationPreference.objects.filter(user_id__in=by_id, kind=DIGEST).values_list(
            "user_id", "frequency"
        )
    )
    readers = [u for u in users if section_prefs.get(u.pk, DIGEST_DEFAULT) == frequency]
    found: dict[str, dict[int, list[DigestItem]]] = {}
    for section in digest_sections():
        if section.collect_batch is not None:
            found[section.key] = section.collect_batch(readers, {u.pk: since[u.pk] for u in readers})
        else:
            found[section.key] = {u.pk: items for u in readers if (items := section.collect(u, since[u.pk]))}
    waiting = list(
        Notification.objects.filter(recipient_id__in=by_id, delivery=Delivery.PENDING, frequency=frequency)
        .select_related("event", "event__actor")
        .order_by("recipient_id", "created_at", "id")
    )
    for notification in waiting:
        notification.recipient = by_id[notification.recipient_id]
    load_targets(waiting)
    per_user: dict[int, list[Notification]] = defaultdict(list)
    for notification in waiting:
        per_user[notification.recipient_id].append(notification)

    digests: list[Digest] = []
    unseen: list[int] = []
    for user in users:
        with translation.override(language_of(user)):
            digest = _digest_of(user, per_user.get(user.pk, []), found, unseen)
        if digest.empty:
            run.empty += 1
        digests.append(digest)

    to_send = [d for d in digests if not d.empty]
    with transaction.atomic():
        if unseen:
            Notification.objects.filter(pk__in=unseen, delivery=Delivery.PENDING).update(
                delivery=Delivery.SKIPPED
            )
        claimed = [i for d in to_send for i in d.notification_ids]
        if claimed:
            Notification.objects.filter(pk__in=claimed, delivery=Delivery.PENDING).update(
                delivery=Delivery.IN_DIGEST, sent_at=now
            )
        DigestMarker.objects.bulk_create(
            [DigestMarker(user=d.user, frequency=frequency, period=run.period, sent_at=now) for d in to_send],
            update_conflicts=True,
            unique_fields=["user", "frequency"],
            update_fields=["period", "sent_at"],
        )
    if to_send:
        _mail(run, to_send)


def _digest_of(
    user: Any,
    notifications: list[Notification],
    found: dict[str, dict[int, list[DigestItem]]],
    unseen: list[int],
) -> Digest:
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    ids = []
    for notification in notifications:
        kind = notification_kind(notification.kind)
        rendered = render_for(notification, kind) if kind else None
        if rendered is None:
            unseen.append(notification.pk)
            continue
        ids.append(notification.pk)
        groups[str(kind.label) if kind else ""].append(
            {"line": rendered.line, "link": rendered.link, "language": rendered.text_language}
        )
    sections = [
        (str(section.title), found[section.key][user.pk])
        for section in digest_sections()
        if found.get(section.key, {}).get(user.pk)
    ]
    return Digest(user=user, groups=sorted(groups.items()), sections=sections, notification_ids=ids)


def _mail(run: DigestRun, digests: list[Digest]) -> None:
    """Render each digest in its member's language and send the batch through one connection."""
    messages = []
    for digest in digests:
        user = digest.user
        language = language_of(user)
        token = unsubscribe_token(user, f"{DIGEST}.{run.frequency}")
        context = {
            "recipient": user,
            "frequency": run.frequency,
            "groups": digest.groups,
            "sections": digest.sections,
            "link": absolute_url("notifications:list"),
            "unsubscribe_link": absolute_url("notifications:unsubscribe", token),
            "preferences_link": absolute_url("notifications:settings"),
        }
        subject, body = core_mail.render_mail(template=TEMPLATE, context=context, language=language)
        html = core_mail.render_mail_html(template=TEMPLATE, context=context, language=language)
        messages.append(
            core_mail.build_message(
                to=[user.email],
                subject=subject,
                body=body,
                html=html,
                unsubscribe_url=context["unsubscribe_link"],
                unsubscribe_token=token,
            )
        )
    connection = get_connection(fail_silently=False)
    try:
        run.sent += connection.send_messages(messages) or 0
    except OSError as error:  # the batch is claimed: logged, not retried (never twice)
        logger.exception("%s digest %s: a batch failed to send", run.frequency, run.period)
        run.failures.append(str(error))
    finally:
        connection.close()


__all__ = ["DigestRun", "send_digests"]
