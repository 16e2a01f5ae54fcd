"""Background work of newsletters (tasks call the sending code; no logic here)."""

from __future__ import annotations

import smtplib

from celery import shared_task

from connective.newsletters.sending import (
    Outcome,
    batches_per_task,
    newsletter_deliver,
    newsletters_resume,
    queue_next_batch,
)


@shared_task(
    name="connective.newsletters.tasks.newsletter_send_batch_task",
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=30,
    retry_kwargs={"max_retries": 8},
)
def newsletter_send_batch_task(issue_id: int) -> str:
    outcome = newsletter_deliver(issue_id=issue_id, batches=batches_per_task())
    if outcome is Outcome.MORE:
        queue_next_batch(issue_id=issue_id)
    return outcome.value


@shared_task(name="connective.newsletters.tasks.newsletters_resume_task")
def newsletters_resume_task() -> int:
    """Every few minutes: issues whose worker died go on from where it stopped."""
    return newsletters_resume()


@shared_task(
    name="connective.newsletters.tasks.newsletter_test_task", autoretry_for=(OSError,), retry_backoff=30
)
def newsletter_test_task(issue_id: int, user_id: int) -> int:
    from connective.newsletters.services import issue_test_deliver

    return issue_test_deliver(issue_id=issue_id, user_id=user_id)
