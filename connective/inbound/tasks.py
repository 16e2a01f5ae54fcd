from __future__ import annotations

import base64

from celery import shared_task
from django.db import InterfaceError, OperationalError


# Retried while the database is away: a second run cannot post twice (the Message-ID is unique
# per target among posted replies), and a lost run would lose what the member wrote.
@shared_task(
    acks_late=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=30, max_retries=10
)
def inbound_receive_task(*, raw_b64: str) -> str:
    """One received message (base64, so any broker's JSON carries its bytes) handed to the service."""
    from connective.inbound.services import inbound_receive

    return str(inbound_receive(base64.b64decode(raw_b64)).status)
