"""`manage.py mail_receiver` as `make run` and the Procfile start it: it listens, refuses a
foreign recipient, and stops cleanly on SIGTERM (what `make run`'s trap and systemd send)."""

from __future__ import annotations

import os
import signal
import smtplib
import subprocess
import sys
import time
from pathlib import Path

import pytest

from connective.inbound.tests.test_receiver import free_port

BASE_DIR = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("lmtp", [False, True])
def test_the_command_listens_refuses_strangers_and_stops_on_sigterm(lmtp: bool) -> None:
    port = free_port()
    arguments = [sys.executable, "manage.py", "mail_receiver", "--host", "127.0.0.1", "--port", str(port)]
    environment = {**os.environ, "INBOUND_MAIL_DOMAIN": "reply.connective.test"}
    process = subprocess.Popen(  # noqa: S603  (this project's own command, fixed arguments)
        [*arguments, *(["--lmtp"] if lmtp else [])],
        cwd=BASE_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        client: smtplib.SMTP | None = None
        while client is None and process.poll() is None:  # start-up imports Django: wait for it
            try:
                client = smtplib.LMTP("127.0.0.1", port) if lmtp else smtplib.SMTP("127.0.0.1", port)
            except ConnectionRefusedError:
                time.sleep(0.2)
        assert client is not None, process.communicate()[0].decode()
        with client, pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            client.sendmail("alice@example.org", ["someone@elsewhere.example"], b"Subject: hi\r\n\r\nhi\r\n")
        assert refused.value.recipients["someone@elsewhere.example"][0] == 550
    finally:
        process.send_signal(signal.SIGTERM)
        output = process.communicate()[0].decode()
    assert process.returncode == 0, output
    assert "over LMTP" in output if lmtp else "over SMTP" in output
    assert "someone@elsewhere.example" not in output  # aiosmtpd's command log stays quiet
