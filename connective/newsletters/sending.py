"""Sending an issue in the background, in batches, so that each member receives it exactly once,
even when a worker is killed midway.

`services.issue_send` turns the issue to "sending" and writes one pending `Delivery` per
recipient (unique per issue and member), then queues the first batch. A batch:

1. **recovers** the rows claimed longer than the lease ago and still not sent: the worker that
   claimed them died (a SIGKILL, a lost machine). They go back to pending, their claim cleared.
2. **claims** up to `size` pending rows: in one short transaction it picks them (on PostgreSQL
   with `SELECT ... FOR UPDATE SKIP LOCKED`, so concurrent batches pick different rows) and
   sets `state=claimed`, `claimed_at=now` and a claim token fresh for this batch, `WHERE
   state=pending`; it then reads back the rows carrying its token. A row is held by one batch
   at a time, on SQLite too (where writes are serialised and the token decides).
3. **sends** each row: it first renews the row's lease (`claimed_at=now WHERE claim=token AND
   state=claimed`; a row another batch recovered in the meantime no longer carries our token
   and is left alone), renders the mail for that member, hands it to the SMTP server, and as
   soon as the server has accepted it marks the row sent in a commit of its own (autocommit,
   again `WHERE claim=token`).
4. queues the next batch while rows are pending; when no row is pending or claimed, marks the
   issue sent.

**The one residual window.** A worker killed after the SMTP server accepted a message and
before the row's own commit leaves that row claimed; once the lease runs out, a later batch
sends it again. Because each row is committed right after its own SMTP accept, the window is
one message wide: at most one member per killed worker can get the issue twice, and their mail
carries the same Message-ID both times (`messages.message_id`), so a receiving server that
de-duplicates drops the second. Closing it entirely would need the SMTP server to take part in
our transaction, which SMTP cannot. A message the server did not accept (refused, or the worker
died before the accept) is simply sent again: nobody got it.

The lease must outlast the sending of one message (the SMTP timeout, 10 s by default); each
row's lease is renewed just before its message, so a long batch never loses its later rows to
a recovery while it is still working.
"""

from __future__ import annotations

import enum
import logging
import smtplib
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from connective.core.events import record_event
from connective.newsletters.choices import DeliveryState, IssueStatus, NewsletterEvent
from connective.newsletters.delivery import newsletter_wanted
from connective.newsletters.messages import issue_message
from connective.newsletters.models import Delivery, Issue

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
# Ten minutes: far longer than one SMTP exchange (whose timeout is 10 s), so a live batch's
# rows are never taken for a dead one's.
LEASE = timedelta(minutes=10)
# A member's copy that failed this many times (the server refused it) is given up.
MAX_ATTEMPTS = 3


class Outcome(enum.Enum):
    MORE = "more"  # rows are still pending: queue the next batch
    WAITING = "waiting"  # only rows another live batch holds remain: the resume job looks again
    DONE = "done"  # nothing left: the issue is sent (or was not sending)


def recover_expired_claims(*, issue_id: int, lease: timedelta = LEASE) -> int:
    """Put back to pending the rows claimed more than `lease` ago and not sent."""
    return Delivery.objects.filter(
        issue_id=issue_id, state=DeliveryState.CLAIMED, claimed_at__lt=timezone.now() - lease
    ).update(state=DeliveryState.PENDING, claim="", claimed_at=None)


def claim_batch(*, issue_id: int, size: int) -> list[Delivery]:
    """Claim up to `size` pending rows of the issue for this batch (see the module docstring)."""
    token = uuid.uuid4().hex
    with transaction.atomic():
        pending = Delivery.objects.filter(issue_id=issue_id, state=DeliveryState.PENDING).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True)
        ids = list(pending.values_list("pk", flat=True)[:size])
        if not ids:
            return []
        Delivery.objects.filter(pk__in=ids, state=DeliveryState.PENDING).update(
            state=DeliveryState.CLAIMED, claim=token, claimed_at=timezone.now(), attempts=F("attempts") + 1
        )
    return list(
        Delivery.objects.filter(issue_id=issue_id, claim=token, state=DeliveryState.CLAIMED)
        .select_related("user")
        .order_by("pk")
    )


def _held(delivery: Delivery, **changes: object) -> int:
    """Change the row only while this batch still holds it (its claim token): 1, else 0."""
    return Delivery.objects.filter(pk=delivery.pk, claim=delivery.claim, state=DeliveryState.CLAIMED).update(
        **changes
    )


def newsletter_send_batch(*, issue_id: int, size: int = BATCH_SIZE, lease: timedelta = LEASE) -> Outcome:
    """One batch of the issue's sending: recover, claim, send, then say what is left.

    Precondition: called outside any transaction (a task, a command), so that each row's "sent"
    commits on its own the moment its message is accepted.
    """
    issue = Issue.objects.select_related("network").filter(pk=issue_id).first()
    if issue is None or issue.status != IssueStatus.SENDING:
        return Outcome.DONE
    recover_expired_claims(issue_id=issue_id, lease=lease)
    batch = claim_batch(issue_id=issue_id, size=size)
    if batch:
        _send(issue, batch)
    return _after_batch(issue_id)


def _send(issue: Issue, batch: list[Delivery]) -> None:
    smtp = get_connection(fail_silently=False)
    smtp.open()
    try:
        for number, delivery in enumerate(batch):
            if not _held(delivery, claimed_at=timezone.now()):
                continue  # recovered by another batch after our lease ran out: theirs now
            user = delivery.user
            if not newsletter_wanted(user):
                _held(delivery, state=DeliveryState.SKIPPED, claim="")
                continue
            message = issue_message(issue=issue, recipient=user, connection=smtp)
            try:
                message.send()
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
                # The server refused this one message: the others may still go.
                retry = delivery.attempts < MAX_ATTEMPTS
                _held(
                    delivery,
                    state=DeliveryState.PENDING if retry else DeliveryState.FAILED,
                    claim="" if retry else delivery.claim,
                    error=str(error)[:500],
                )
                continue
            except (smtplib.SMTPException, OSError):
                # The server is gone: give the rest of the batch back and let the task retry.
                for rest in batch[number:]:
                    _held(rest, state=DeliveryState.PENDING, claim="", claimed_at=None)
                raise
            # Accepted by the server: committed at once, in its own statement (autocommit).
            _held(delivery, state=DeliveryState.SENT, sent_at=timezone.now(), error="")
    finally:
        smtp.close()


def _after_batch(issue_id: int) -> Outcome:
    left = Delivery.objects.filter(
        issue_id=issue_id, state__in=[DeliveryState.PENDING, DeliveryState.CLAIMED]
    )
    if left.filter(state=DeliveryState.PENDING).exists():
        return Outcome.MORE
    if left.exists():
        return Outcome.WAITING
    with transaction.atomic():
        issue = Issue.objects.select_for_update().filter(pk=issue_id, status=IssueStatus.SENDING).first()
        if issue is not None:
            issue.status = IssueStatus.SENT
            issue.sent_at = timezone.now()
            issue.save(update_fields=["status", "sent_at", "updated_at"])
            counts = Delivery.objects.filter(issue_id=issue_id).aggregate(
                sent=Count("pk", filter=Q(state=DeliveryState.SENT)),
                failed=Count("pk", filter=Q(state=DeliveryState.FAILED)),
                skipped=Count("pk", filter=Q(state=DeliveryState.SKIPPED)),
            )
            record_event(kind=NewsletterEvent.SENT, actor=None, target=issue, **counts)
    return Outcome.DONE


def newsletter_deliver(
    *, issue_id: int, size: int = BATCH_SIZE, lease: timedelta = LEASE, batches: int | None = None
) -> Outcome:
    """Run batches one after the other until the issue is sent, only others' claims remain, or
    `batches` have run (None: no limit)."""
    done = 0
    while True:
        outcome = newsletter_send_batch(issue_id=issue_id, size=size, lease=lease)
        done += 1
        if outcome is not Outcome.MORE or (batches is not None and done >= batches):
            return outcome


def batches_per_task() -> int | None:
    """One batch per task with a broker (each batch its own task, queued by the one before);
    in the embedded default (tasks run at once, in process) one task runs them all in a loop
    rather than nesting a call per batch."""
    return None if settings.CELERY_TASK_ALWAYS_EAGER else 1


def queue_next_batch(*, issue_id: int) -> None:
    """Queue a batch of the issue once the current transaction commits."""
    from connective.newsletters.tasks import newsletter_send_batch_task

    transaction.on_commit(lambda: newsletter_send_batch_task.delay(issue_id))


def newsletters_resume(*, lease: timedelta = LEASE) -> int:
    """The recovery job (beat, or `manage.py newsletters_resume`): for every issue still sending,
    put its expired claims back and queue a batch. Returns the number of issues resumed."""
    ids = list(Issue.objects.filter(status=IssueStatus.SENDING).values_list("pk", flat=True))
    for issue_id in ids:
        recover_expired_claims(issue_id=issue_id, lease=lease)
        queue_next_batch(issue_id=issue_id)
    return len(ids)
