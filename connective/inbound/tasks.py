from __future__ import annotations

import base64

from celery import shared_task


@shared_task(acks_late=True)
def inbound_receive_task(*, raw_b64: str) -> str:
    """One received message (base64, so any broker's JSON carries its bytes) handed to the service."""
    from connective.inbound.services import inbound_receive

    return str(inbound_receive(base64.b64decode(raw_b64)).status)
