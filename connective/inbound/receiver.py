"""The mail receiver: a small SMTP or LMTP server (aiosmtpd) that takes replies for our domain.

Production's mail server hands it the mail for the reply domain over LMTP (see the README);
`make run` starts it on 127.0.0.1:8025 so a developer can send it a reply with any SMTP client.
It refuses at RCPT time (550) every recipient that is not a reply address on
INBOUND_MAIL_DOMAIN, so it never relays; it refuses a message over INBOUND_MAX_MESSAGE_BYTES
(552); it accepts the rest and hands each (message, recipient) to `inbound_receive` in the
background, the recipient added on top as X-Original-To (as Postfix's local delivery does), so
a message to two reply addresses answers both. Whether a reply is then posted is decided there,
and the sender is told by mail: refusing at the SMTP level would only produce a bounce from
the member's own provider, in its words, without their text.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from collections.abc import Callable
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP
from django.conf import settings
from django.db import close_old_connections

from connective.inbound.addresses import is_inbound_address, is_inbound_domain

logger = logging.getLogger(__name__)

HandOff = Callable[[bytes], None]


def queue_for_receipt(raw: bytes) -> None:
    """Queue the message for `inbound_receive` (run at once, in this thread, when there is no broker)."""
    from connective.inbound.tasks import inbound_receive_task

    try:
        inbound_receive_task.delay(raw_b64=base64.b64encode(raw).decode("ascii"))
    finally:
        close_old_connections()


class ReplyHandler:
    """aiosmtpd's handler: recipients checked at RCPT, each accepted message handed off."""

    def __init__(self, *, hand_off: HandOff = queue_for_receipt, lmtp: bool = False) -> None:
        self.hand_off = hand_off
        self.lmtp = lmtp

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if not is_inbound_domain(address):
            return "550 5.7.1 Relaying denied: this server takes replies for its own domain only"
        if not is_inbound_address(address):
            return "550 5.1.1 No such mailbox: write to the reply address of a notification"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw: bytes = envelope.original_content or b""
        loop = asyncio.get_running_loop()
        statuses = []
        for recipient in envelope.rcpt_tos:
            # Only a plain address goes into the header (aiosmtpd checked its syntax).
            stamped = f"X-Original-To: {recipient}\r\n".encode("utf-8", "replace") + raw
            try:
                # The ORM and an eager task must not run on the event loop's thread.
                await loop.run_in_executor(None, self.hand_off, stamped)
            except Exception:
                logger.exception("inbound: handing a message off failed; the sending server will retry")
                statuses.append("451 4.3.0 Try again later")
            else:
                statuses.append("250 2.0.0 OK: queued")
        if not statuses:
            return "554 5.5.1 No valid recipients"
        if self.lmtp:
            # LMTP (RFC 2033) answers DATA once per accepted recipient, in order.
            return "\r\n".join(statuses)
        failed = [status for status in statuses if not status.startswith("250")]
        return failed[0] if failed else statuses[0]


class ReceiverController(Controller):
    """aiosmtpd's threaded controller, speaking SMTP or LMTP, with our size limit."""

    def __init__(self, handler: ReplyHandler, *, hostname: str, port: int, lmtp: bool = False) -> None:
        super().__init__(
            handler,
            hostname=hostname,
            port=port,
            data_size_limit=settings.INBOUND_MAX_MESSAGE_BYTES,
            server_hostname=settings.INBOUND_MAIL_DOMAIN,
        )
        self.lmtp = lmtp

    def factory(self) -> SMTP:
        server_class = LMTP if self.lmtp else SMTP
        return server_class(self.handler, **self.SMTP_kwargs)


def receiver(
    *, host: str, port: int, lmtp: bool = False, hand_off: HandOff = queue_for_receipt
) -> ReceiverController:
    """A receiver ready to `start()` (in its own thread) and `stop()`."""
    return ReceiverController(ReplyHandler(hand_off=hand_off, lmtp=lmtp), hostname=host, port=port, lmtp=lmtp)
