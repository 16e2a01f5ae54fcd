from __future__ import annotations

from celery import shared_task

from connective.core.mail import deliver


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_kwargs={"max_retries": 8})
def send_mail_task(
    *, to: list[str], subject: str, body: str, html: str | None = None, reply_to: list[str] | None = None
) -> int:
    return deliver(to=to, subject=subject, body=body, html=html, reply_to=reply_to)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_kwargs={"max_retries": 5})
def dispatch_event_task(*, event_id: int, handler: str) -> None:
    """One subscriber hearing one recorded event (`connective.core.events`)."""
    from connective.core.events import dispatch

    dispatch(event_id=event_id, handler=handler)
