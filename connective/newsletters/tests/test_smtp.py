"""The proof the issue asks for: a newsletter to 1,000 members over a real SMTP server (aiosmtpd,
on a free port), sent in batches by a worker process that is killed with SIGKILL midway and
started again: every member receives it exactly once, and the issue ends sent.

The worker is `manage.py newsletters_send <uuid>` in a subprocess, on this test's database
(PostgreSQL: the test database itself, committed by a transactional test; SQLite: the in-memory
test database copied to a file, as a second process cannot open the first one's memory).

Where the kill lands matters, and the tests say so:

- `test_..._exactly_once`: the worker is killed while the server holds its 301st message, before
  the server accepts it (the server then drops it: a message counts once it is accepted). Every
  accepted message's row was committed, the batch's other claimed rows are recovered after the
  lease: each member exactly once.
- `test_..._anywhere`: killed from outside the moment the server takes in its 300th message, so
  the kill races the accept: the worst place. When it falls between the SMTP accept and that
  row's commit (the residual window `newsletters.sending` documents), that one member gets the
  issue twice, with the same Message-ID both times; never more than one member.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from connective.accounts.models import User
from connective.core.tests.test_mail import free_port
from connective.members.choices import MembershipStatus, MemberType
from connective.members.models import MemberProfile
from connective.newsletters.models import Issue
from connective.newsletters.services import issue_send
from connective.newsletters.tests.factories import IssueFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(settings.BASE_DIR)
MEMBERS = 1000
KILL_AT = 300
BATCH = 50


@dataclass
class Server:
    """An SMTP server that keeps what it accepts, by recipient, and can kill the worker when the
    message numbered `kill_at` arrives (before accepting it) or tell the test it has arrived."""

    port: int = 0
    kill_at: int = 0
    kill_in_flight: bool = True
    worker: subprocess.Popen[bytes] | None = None
    received: Counter[str] = field(default_factory=Counter)
    message_ids: Counter[str] = field(default_factory=Counter)
    reached: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        with self.lock:
            number = sum(self.received.values()) + 1
            if number == self.kill_at and self.worker is not None:
                self.kill_at = 0
                if self.kill_in_flight:
                    os.kill(self.worker.pid, signal.SIGKILL)
                    return "451 4.3.0 The sender went away"
                self.reached.set()
            message = message_from_bytes(envelope.content)
            for recipient in envelope.rcpt_tos:
                self.received[recipient] += 1
            self.message_ids[str(message["Message-ID"])] += 1
        return "250 OK"


@pytest.fixture
def server() -> Iterator[Server]:
    inbox = Server(port=free_port())
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    yield inbox
    controller.stop()


def _members(count: int) -> list[User]:
    users = User.objects.bulk_create(
        [User(email=f"member{n:04d}@example.org", full_name=f"Member {n}") for n in range(count)]
    )
    MemberProfile.objects.bulk_create(
        [
            MemberProfile(
                user=user,
                member_type=MemberType.PRACTITIONER,
                organisation="City",
                city="Amman",
                country="JO",
                region="mena",
                status=MembershipStatus.APPROVED,
            )
            for user in users
        ]
    )
    return users


@dataclass
class WorkerDatabase:
    url: str
    file: Path | None  # the SQLite copy the worker writes to; None: the test database itself

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        if self.file is not None:
            with sqlite3.connect(self.file) as db:
                return list(db.execute(sql).fetchall())
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return list(cursor.fetchall())


def _worker_database(tmp_path: Path) -> WorkerDatabase:
    if connection.vendor == "sqlite":
        copy = tmp_path / "worker.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(copy)
        connection.connection.backup(target)  # the in-memory test database, as a file
        target.close()
        return WorkerDatabase(url=f"sqlite:///{copy}", file=copy)
    parts = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    return WorkerDatabase(url=parts._replace(path=f"/{connection.settings_dict['NAME']}").geturl(), file=None)


def _worker(database: WorkerDatabase, port: int, issue: Issue, *options: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_", "CELERY_"))}
    env.update(
        DATABASE_URL=database.url,
        DJANGO_SETTINGS_MODULE="config.settings",
        EMAIL_URL=f"smtp://127.0.0.1:{port}",
    )
    command = [
        sys.executable,
        "manage.py",
        "newsletters_send",
        str(issue.public_id),
        "--batch-size",
        str(BATCH),
    ]
    # Our own manage.py with arguments this test wrote: nothing untrusted reaches the command line.
    return subprocess.Popen([*command, *options], cwd=ROOT, env=env, stderr=subprocess.PIPE)  # noqa: S603


def _sending_to_members(dina: User) -> Issue:
    _members(MEMBERS)
    issue = IssueFactory.create(subject="Spring in the network", created_by=dina)
    with mock.patch("connective.newsletters.services.queue_next_batch"):  # the subprocess sends
        assert issue_send(actor=dina, issue=issue) == MEMBERS
    return issue


def _states(database: WorkerDatabase) -> dict[str, int]:
    return dict(database.rows("SELECT state, COUNT(*) FROM newsletters_delivery GROUP BY state"))


def _issue_status(database: WorkerDatabase, issue: Issue) -> str:
    ((status,),) = database.rows(f"SELECT status FROM newsletters_issue WHERE id = {int(issue.pk)}")  # noqa: S608
    return str(status)


def test_a_newsletter_to_1000_members_survives_a_killed_worker_each_member_exactly_once(
    server: Server, dina: User, tmp_path: Path
) -> None:
    issue = _sending_to_members(dina)
    database = _worker_database(tmp_path)
    port = server.port

    server.kill_at = KILL_AT + 1
    server.worker = first = _worker(database, port, issue)
    assert first.wait(timeout=600) == -signal.SIGKILL
    assert sum(server.received.values()) == KILL_AT
    killed = _states(database)
    assert killed["sent"] == KILL_AT and killed["claimed"] > 0  # the killed batch still holds rows

    # Started again (the lease: the killed worker's claims count as expired at once).
    second = _worker(database, port, issue, "--lease-seconds", "0")
    assert second.wait(timeout=600) == 0, second.stderr.read() if second.stderr else ""

    assert len(server.received) == MEMBERS
    assert set(server.received.values()) == {1}, [r for r, n in server.received.items() if n > 1]
    assert len(server.message_ids) == MEMBERS and set(server.message_ids.values()) == {1}
    assert _states(database) == {"sent": MEMBERS}
    assert _issue_status(database, issue) == "sent"


def test_a_worker_killed_anywhere_sends_no_member_more_than_the_one_documented_duplicate(
    server: Server, dina: User, tmp_path: Path
) -> None:
    issue = _sending_to_members(dina)
    database = _worker_database(tmp_path)
    port = server.port

    server.kill_at, server.kill_in_flight = KILL_AT, False
    server.worker = first = _worker(database, port, issue)
    assert server.reached.wait(timeout=600)
    first.send_signal(signal.SIGKILL)
    assert first.wait(timeout=60) == -signal.SIGKILL
    second = _worker(database, port, issue, "--lease-seconds", "0")
    assert second.wait(timeout=600) == 0, second.stderr.read() if second.stderr else ""

    assert len(server.received) == MEMBERS  # everyone got it
    twice = [recipient for recipient, count in server.received.items() if count > 1]
    assert len(twice) <= 1 and max(server.received.values()) <= 2, twice
    assert len(server.message_ids) == MEMBERS  # a duplicate carries the first one's Message-ID
    assert _issue_status(database, issue) == "sent"
    print(f"killed anywhere: {sum(server.received.values())} messages, {len(twice)} duplicate(s)")


def test_two_workers_sending_the_same_issue_at_once_send_each_member_once(
    server: Server, dina: User, tmp_path: Path
) -> None:
    """Two batches never hold the same row: run two workers side by side on the same issue (as a
    resumed issue and its still-running worker would be), with small batches so they interleave."""
    issue = _sending_to_members(dina)
    database = _worker_database(tmp_path)

    workers = [_worker(database, server.port, issue, "--batch-size", "10") for _ in range(2)]
    for worker in workers:
        assert worker.wait(timeout=600) == 0, worker.stderr.read() if worker.stderr else ""

    assert len(server.received) == MEMBERS
    assert set(server.received.values()) == {1}
    assert _states(database) == {"sent": MEMBERS}
    assert _issue_status(database, issue) == "sent"
