from __future__ import annotations

from celery import shared_task

from connective.core.mail import deliver


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_kwargs={"max_retries": 8})
def send_mail_task(*, to: list[str], subject: str, body: str, reply_to: list[str] | None = None) -> int:
    return deliver(to=to, subject=subject, body=body, reply_to=reply_to)
