from __future__ import annotations

from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_kwargs={"max_retries": 8})
def deliver_notification_task(*, notification_id: int) -> bool:
    from connective.notifications.pipeline import deliver

    return deliver(notification_id=notification_id)


@shared_task
def send_digests_task(*, frequency: str) -> int:
    from connective.notifications.digests import send_digests

    return send_digests(frequency=frequency).sent
