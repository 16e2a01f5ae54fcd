"""`manage.py mail_receiver --host 127.0.0.1 --port 8025 [--lmtp]`: the reply-by-email receiver."""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from connective.inbound.receiver import receiver


class Command(BaseCommand):
    help = "Receive replies by email (SMTP, or LMTP behind the site's mail server) for INBOUND_MAIL_DOMAIN."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8025, help="port to listen on (default 8025)")
        parser.add_argument(
            "--lmtp", action="store_true", help="speak LMTP (what Postfix's lmtp transport uses)"
        )

    def handle(self, *args: Any, host: str, port: int, lmtp: bool, **options: Any) -> None:
        # aiosmtpd logs every command at INFO, recipients' addresses included: keep its warnings only.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        controller = receiver(host=host, port=port, lmtp=lmtp)
        controller.start()
        protocol = "LMTP" if lmtp else "SMTP"
        self.stdout.write(
            f"Receiving replies for reply+…@{settings.INBOUND_MAIL_DOMAIN} over {protocol} on {host}:{port}"
        )
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        try:
            stop.wait()
        finally:
            controller.stop()
