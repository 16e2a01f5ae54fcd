"""Writes of newsletters: writing an issue, testing it, sending it, turning newsletters off.

Every service checks who acts (`access`), changes the records in one transaction, records its
event, and sends or queues mail only once the change has committed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from connective.accounts.models import User
from connective.core.errors import NotAllowed
from connective.core.events import record_event
from connective.members.roles import viewer_for
from connective.networks.models import Network
from connective.newsletters.access import can_compose_for
from connective.newsletters.choices import DeliveryState, IssueStatus, NewsletterEvent
from connective.newsletters.delivery import newsletter_recipients
from connective.newsletters.messages import issue_message
from connective.newsletters.models import Delivery, Issue
from connective.newsletters.sending import queue_next_batch

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


@dataclass
class IssueData:
    """What a coordinator writes (the form fills it)."""

    network: Network | None
    subject: str
    body: str
    language: str
    members_body: str = ""


def _require_composer(actor: User, network: Network | None) -> None:
    if not can_compose_for(viewer_for(actor), network):
        raise NotAllowed(_("You do not write this network's newsletter."))


def _require_draft(issue: Issue) -> None:
    if issue.status != IssueStatus.DRAFT:
        raise ValidationError(_("This newsletter has been sent already; it can no longer change."))


def _clean(data: IssueData) -> None:
    errors = {}
    if not data.subject.strip():
        errors["subject"] = _("Write the newsletter's subject.")
    if not data.body.strip():
        errors["body"] = _("Write the newsletter.")
    if data.language not in LANGUAGE_CODES:
        errors["language"] = _("Choose the language the newsletter is written in.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def issue_create(*, actor: User, data: IssueData) -> Issue:
    """A new draft issue of `data.network` (None: every network, staff only)."""
    _require_composer(actor, data.network)
    _clean(data)
    issue = Issue.objects.create(
        network=data.network,
        subject=data.subject.strip(),
        body=data.body,
        members_body=data.members_body,
        language=data.language,
        created_by=actor,
    )
    record_event(kind=NewsletterEvent.CREATED, actor=actor, target=issue, network=_region(issue))
    return issue


@transaction.atomic
def issue_update(*, actor: User, issue: Issue, data: IssueData) -> Issue:
    """Change a draft (its network too, within what the actor writes for)."""
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    _require_composer(actor, issue.network)
    _require_composer(actor, data.network)
    _require_draft(issue)
    _clean(data)
    issue.network = data.network
    issue.subject = data.subject.strip()
    issue.body = data.body
    issue.members_body = data.members_body
    issue.language = data.language
    issue.save()
    record_event(kind=NewsletterEvent.UPDATED, actor=actor, target=issue, network=_region(issue))
    return issue


def _region(issue: Issue) -> str:
    return issue.network.region if issue.network is not None else ""


@transaction.atomic
def issue_test_send(*, actor: User, issue: Issue) -> None:
    """Mail the issue, as it will go out, to the actor alone (after commit, in the background)."""
    _require_composer(actor, issue.network)
    if not actor.email:
        raise ValidationError(_("Your account has no email address to send the test to."))
    Issue.objects.filter(pk=issue.pk).update(test_sent_at=timezone.now())
    record_event(kind=NewsletterEvent.TEST_SENT, actor=actor, target=issue)

    def queue() -> None:
        from connective.newsletters.tasks import newsletter_test_task

        newsletter_test_task.delay(issue.pk, actor.pk)

    transaction.on_commit(queue)


def issue_test_deliver(*, issue_id: int, user_id: int) -> int:
    """Send the test mail (the background task calls this)."""
    issue = Issue.objects.select_related("network").filter(pk=issue_id).first()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if issue is None or user is None or not user.email:
        return 0
    return issue_message(issue=issue, recipient=user, test=True).send()


def issue_recipient_count(*, issue: Issue) -> int:
    return newsletter_recipients(issue=issue).count()


@transaction.atomic
def issue_send(*, actor: User, issue: Issue) -> int:
    """Send a draft to its network's members: turn it to sending, write one pending delivery per
    recipient, and queue the batches after commit (`newsletters.sending`). Returns the number of
    recipients. Sending twice is refused: the issue is no longer a draft."""
    issue = Issue.objects.select_for_update().get(
        pk=issue.pk
    )  # (no join: FOR UPDATE refuses a nullable outer join)
    _require_composer(actor, issue.network)
    _require_draft(issue)
    issue.status = IssueStatus.SENDING
    issue.save(update_fields=["status", "updated_at"])
    user_ids = list(newsletter_recipients(issue=issue).values_list("pk", flat=True))
    Delivery.objects.bulk_create(
        [Delivery(issue=issue, user_id=user_id, state=DeliveryState.PENDING) for user_id in user_ids],
        batch_size=1000,
        ignore_conflicts=True,
    )
    record_event(
        kind=NewsletterEvent.SENDING,
        actor=actor,
        target=issue,
        network=_region(issue),
        recipients=len(user_ids),
    )
    queue_next_batch(issue_id=issue.pk)
    return len(user_ids)
