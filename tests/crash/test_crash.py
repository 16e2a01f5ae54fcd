"""The crash test: the server killed with SIGKILL while it writes, 100 times, on the database the
suite runs on (SQLite with `make test-sqlite`, PostgreSQL with `make test-postgres`).

A real gunicorn (`config/gunicorn.py`: the application preloaded in the master, two sync
workers) serves a database of the test's own (a file in a temporary folder, or a PostgreSQL
database named after the suite's, dropped afterwards), migrated and given a small world
(`tests.crash.world`). Two clients write through the app's real forms, each write carrying a
unique token, with the CSRF token read from the form's page as a browser would:

- alice posts messages in her consultation's private space, writes practice drafts and submits
  them for review;
- dina, her network's coordinator, publishes what is submitted.

A write counts as acknowledged when the server answered it with its redirect to the saved
object (302), and only then. At a random moment, while the clients write, every worker is
killed with SIGKILL; the gunicorn master forks fresh ones from the preloaded application (a
full restart would spend a second and a half importing Django: a hundred of them would not fit
in `make test`). Every tenth cycle the master dies with them and the whole server is started
again. After each kill the database is checked:

- integrity: `PRAGMA integrity_check` and `PRAGMA foreign_key_check` on SQLite; on PostgreSQL,
  every foreign key's row exists (each constraint checked by a query, not only trusted);
- the app's invariants: every practice has an author and a theme; every published practice has
  its published revision, its review event and its search entry (FTS5 table on SQLite, search
  document on PostgreSQL); every message in a consultation has its audit event;
- every acknowledged write is there: each token of an acknowledged message is in a message, of
  an acknowledged draft in a practice, of an acknowledged publication in a published practice.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.crash

ROOT = Path(__file__).resolve().parents[2]
CYCLES = int(os.environ.get("CRASH_CYCLES", "100"))
FULL_RESTART_EVERY = 10


# -- the database ----------------------------------------------------------------------------


@dataclass
class Database:
    url: str
    vendor: str  # "sqlite" or "postgresql"
    folder: Path  # the server's log and matching snapshots

    def connect(self) -> Any:
        if self.vendor == "sqlite":
            return sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=20)
        import psycopg

        return psycopg.connect(self.url, autocommit=True)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """A database of the crash test's own, of the suite's kind, migrated."""
    suite_url = os.environ.get("DATABASE_URL", "")
    if suite_url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urllib.parse.urlsplit(suite_url)
        name = f"{parts.path.lstrip('/') or 'connective'}_crash_{os.getpid()}"
        admin = parts._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        found = Database(parts._replace(path=f"/{name}").geturl(), "postgresql", tmp_path)
    else:
        name = ""
        found = Database(f"sqlite:///{tmp_path / 'crash.sqlite3'}", "sqlite", tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=_env(found),
        check=True,
    )
    yield found
    if name:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(database: Database) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "REDIS_URL", "CELERY_"))
    }
    # The embedded default, but for background work: queued (to the in-process broker, which
    # no worker reads) rather than done in the request, as with a broker in production. A kill
    # loses a queued task as it would lose a Celery worker's; what is tested is what the request
    # wrote. The cache lives in each process's memory: the sessions' rows outlive every kill.
    env.update(
        CELERY_BROKER_URL="memory://",
        DATABASE_URL=database.url,
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        EMAIL_URL="dummy://",
        MATCHING_SNAPSHOT_DIR=str(database.folder / "matching"),
    )
    return env


# -- the server ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """gunicorn on a free port; `kill_workers` and `kill_all` send SIGKILL."""

    def __init__(self, database: Database, log: Path) -> None:
        self.database = database
        self.log = log
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.port = _free_port()
        options = f"--bind 127.0.0.1:{self.port} --workers 2 --timeout 30 --graceful-timeout 1 --no-control-socket".split()
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi", *options],
                cwd=ROOT,
                env=_env(self.database),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_ready()

    def workers(self) -> list[int]:
        assert self.process is not None
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except FileNotFoundError:
            return []
        return [int(child) for child in children]

    def wait_ready(self, *, after: set[int] = frozenset()) -> None:  # type: ignore[assignment]
        """Until two workers other than `after` exist and the server answers."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited ({self.process.returncode}): see {self.log}")
            fresh = set(self.workers()) - after
            if len(fresh) >= 2:
                try:
                    status, _, _ = request(self.port, "GET", "/accounts/login/")
                except OSError:
                    status = 0
                if status == 200:
                    return
            time.sleep(0.02)
        raise AssertionError(f"the server did not come back within a minute: see {self.log}")

    def kill_workers(self) -> None:
        workers = self.workers()
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        self.wait_ready(after=set(workers))

    def kill_all(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.start()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


# -- a client that speaks the forms ----------------------------------------------------------


def request(
    port: int, method: str, path: str, *, cookies: str = "", form: dict[str, Any] | None = None
) -> tuple[int, dict[str, str], str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        sent = {"Host": "127.0.0.1", "Cookie": cookies}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        headers: dict[str, str] = {}
        for key, value in response.getheaders():  # Set-Cookie comes once per cookie
            headers[key.lower()] = f"{headers[key.lower()]}, {value}" if key.lower() in headers else value
        return (
            response.status,
            headers,
            response.read().decode("utf-8", "replace"),
        )
    finally:
        connection.close()


class InFlight:
    """How many form posts are on their way or being answered."""

    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    def __enter__(self) -> None:
        with self.lock:
            self.count += 1

    def __exit__(self, *_: object) -> None:
        with self.lock:
            self.count -= 1


posting = InFlight()


class Unexpected(Exception):
    """The server answered, but not what a working form answers."""


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Client:
    """A signed-in browser: its session, the CSRF cookie it was given, what it saw acknowledged."""

    server: Server
    session: str
    csrf_cookie: str = ""
    acknowledged: dict[str, list[str]] = field(default_factory=dict)

    def cookies(self) -> str:
        jar = f"sessionid={self.session}"
        return f"{jar}; csrftoken={self.csrf_cookie}" if self.csrf_cookie else jar

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        status, headers, body = request(self.server.port, "GET", path, cookies=self.cookies())
        found = re.search(r"csrftoken=([^;]+)", headers.get("set-cookie", ""))
        if found:
            self.csrf_cookie = found.group(1)
        return status, headers, body

    def post_form(self, page: str, action: str, form: dict[str, Any]) -> tuple[int, str]:
        status, location, body = self.post_form_answer(page, action, form)
        if status != 302:
            text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()
            raise Unexpected(f"{action} answered {status}: {text[:300]}")
        return status, location

    def post_form_answer(self, page: str, action: str, form: dict[str, Any]) -> tuple[int, str, str]:
        """Open `page`, take the CSRF token from its form, post `form` to `action`."""
        status, _, body = self.get(page)
        token = CSRF_INPUT.search(body)
        if status != 200 or not token:
            raise Unexpected(f"{page} answered {status} {'with' if token else 'without'} a form")
        with posting:
            status, headers, body = request(
                self.server.port,
                "POST",
                action,
                cookies=self.cookies(),
                form={"csrfmiddlewaretoken": token.group(1), **form},
            )
        return status, headers.get("location", ""), body

    def ack(self, kind: str, token: str) -> None:
        self.acknowledged.setdefault(kind, []).append(token)


def practice_form(title: str, theme: int) -> dict[str, Any]:
    return {
        "title": title,
        "summary": "Neighbourhood kiosks sell clean water where the pipes do not reach.",
        "challenge": "Informal districts had no piped water.",
        "city": "Zarqa",
        "country": "JO",
        "language": "en",
        "themes": [theme],
    }


class Writers:
    """alice and dina writing in two threads until told to stop."""

    def __init__(self, server: Server, world: dict[str, Any], rng: random.Random) -> None:
        self.alice = Client(server, world["alice"])
        self.dina = Client(server, world["dina"])
        self.world = world
        self.rng = rng
        self.stop = threading.Event()
        self.started = threading.Event()
        self.submitted: list[tuple[str, str, bool]] = []  # (slug, token, tried before) for dina
        self.lock = threading.Lock()
        self.unexpected: list[str] = []
        self.kills_during_a_post = 0

    def alice_writes(self) -> None:
        space = f"/consultations/{self.world['consultation']}/"
        while not self.stop.is_set():
            token = uuid.uuid4().hex
            try:
                self.started.set()
                if self.rng.random() < 0.6:
                    status, location = self.alice.post_form(
                        space, f"{space}messages/", {"body": f"Note {token}"}
                    )
                    if status == 302 and location.rstrip("/").endswith(self.world["consultation"]):
                        self.alice.ack("message", token)
                    else:
                        self.unexpected.append(f"message: {status} {location}")
                    continue
                status, location = self.alice.post_form(
                    "/practices/new/",
                    "/practices/new/",
                    practice_form(f"Water kiosks {token}", self.world["theme"]),
                )
                if status != 302 or not location.startswith("/practices/"):
                    self.unexpected.append(f"draft: {status} {location}")
                    continue
                self.alice.ack("draft", token)
                slug = location.strip("/").split("/")[-1]
                status, location = self.alice.post_form(
                    f"/practices/{slug}/", f"/practices/{slug}/submit/", {}
                )
                if status == 302:
                    with self.lock:
                        self.submitted.append((slug, token, False))
            except Unexpected as error:
                self.unexpected.append(str(error))
            except (OSError, http.client.HTTPException):
                # The server died under the request: not acknowledged, whatever happened.
                time.sleep(0.01)

    def dina_publishes(self) -> None:
        while not self.stop.is_set():
            with self.lock:
                waiting = self.submitted.pop(0) if self.submitted else None
            if waiting is None:
                time.sleep(0.01)
                continue
            slug, token, again = waiting
            try:
                status, location = self.dina.post_form(
                    f"/practices/{slug}/review/", f"/practices/{slug}/publish/", {}
                )
                if status == 302 and location.rstrip("/").endswith("/practices/review"):
                    self.dina.ack("published", token)
                elif not (again and location.rstrip("/").endswith(f"/practices/{slug}/review")):
                    # (Tried again after a kill cut the first try, which may have published it:
                    # "nothing in review" sends back to the practice's review page.)
                    self.unexpected.append(f"publish: {status} {location}")
            except Unexpected as error:
                self.unexpected.append(str(error))
            except (OSError, http.client.HTTPException):
                with self.lock:  # cut by a kill: tried again, with the next server
                    self.submitted.insert(0, (slug, token, True))
                time.sleep(0.01)

    def run_until_killed(self, kill: Any) -> None:
        self.stop.clear()
        self.started.clear()
        threads = [threading.Thread(target=self.alice_writes), threading.Thread(target=self.dina_publishes)]
        for thread in threads:
            thread.start()
        self.started.wait(10)
        # A random moment, then the next one at which a form post is on its way or being
        # handled (within 2 s), and up to 4 ms more (a post takes a few on a quiet machine):
        # the kill falls during a write, at a different point of it each time.
        time.sleep(self.rng.uniform(0.02, 0.3))
        deadline = time.monotonic() + 2
        while not posting.count and time.monotonic() < deadline:
            time.sleep(0.0005)
        time.sleep(self.rng.uniform(0, 0.004))
        self.kills_during_a_post += bool(posting.count)
        kill()
        self.stop.set()
        for thread in threads:
            thread.join(60)


# -- what must hold after each kill ----------------------------------------------------------


def problems(database: Database, world: dict[str, Any], writers: Writers) -> list[str]:
    found: list[str] = []
    connection = database.connect()
    try:

        def rows(sql: str) -> list[tuple[Any, ...]]:
            return list(connection.execute(sql).fetchall())

        if database.vendor == "sqlite":
            integrity = rows("PRAGMA integrity_check")
            if integrity != [("ok",)]:
                found.append(f"integrity_check: {integrity[:5]}")
            orphans = rows("PRAGMA foreign_key_check")
            if orphans:
                found.append(f"foreign_key_check: {orphans[:5]}")
            search = "SELECT rowid FROM practices_search_fts"
        else:
            for table, column, target, target_column in rows(
                """SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, af.attname
                   FROM pg_constraint c
                   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                   JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
                   WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1
                     AND c.connamespace = 'public'::regnamespace"""
            ):
                missing = rows(
                    f'SELECT count(*) FROM {table} t WHERE t."{column}" IS NOT NULL AND NOT EXISTS '  # noqa: S608
                    f'(SELECT 1 FROM {target} r WHERE r."{target_column}" = t."{column}")'
                )[0][0]
                if missing:
                    found.append(f"{missing} rows of {table}.{column} point to no {target}")
            search = "SELECT practice_id FROM practices_practicesearchdocument"

        searchable = {row[0] for row in rows(search)}
        for pk, title, status in rows("SELECT id, title, status FROM practices_practice"):
            if not rows(f"SELECT 1 FROM practices_practice_authors WHERE practice_id = {pk}"):  # noqa: S608
                found.append(f"practice {title!r} has no author")
            if not rows(f"SELECT 1 FROM practices_practice_themes WHERE practice_id = {pk}"):  # noqa: S608
                found.append(f"practice {title!r} has no theme")
            if status == "published":
                if pk not in searchable:
                    found.append(f"published practice {title!r} is not in the search index")
                if not rows(
                    f"SELECT 1 FROM practices_practicerevision WHERE practice_id = {pk} AND state = 'published'"  # noqa: S608
                ):
                    found.append(f"published practice {title!r} has no published revision")
                if not rows(
                    f"SELECT 1 FROM practices_reviewevent WHERE practice_id = {pk} AND action = 'published'"  # noqa: S608
                ):
                    found.append(f"published practice {title!r} has no review event")
        consultation = int(world["consultation_id"])
        messages = rows(
            f"SELECT count(*) FROM consultations_consultationmessage WHERE request_id = {consultation}"  # noqa: S608
        )
        audited = rows(
            "SELECT count(*) FROM core_auditevent WHERE action = 'consultation.message_posted' "  # noqa: S608
            f"AND target_type = 'consultations.consultationrequest' AND target_id = '{consultation}'"
        )
        if messages != audited:
            found.append(f"{messages[0][0]} messages but {audited[0][0]} audit events of them")

        bodies = {row[0] for row in rows("SELECT body FROM consultations_consultationmessage")}
        titles = dict(rows("SELECT title, status FROM practices_practice"))
        for token in writers.alice.acknowledged.get("message", []):
            if f"Note {token}" not in bodies:
                found.append(f"acknowledged message {token} is lost")
        for token in writers.alice.acknowledged.get("draft", []):
            if f"Water kiosks {token}" not in titles:
                found.append(f"acknowledged draft {token} is lost")
        for token in writers.dina.acknowledged.get("published", []):
            if titles.get(f"Water kiosks {token}") != "published":
                found.append(f"acknowledged publication {token} is lost")
    finally:
        connection.close()
    return found


def test_the_server_killed_during_writes_loses_no_acknowledged_write_and_leaves_the_database_whole(
    database: Database, tmp_path: Path
) -> None:
    seeded = subprocess.run(
        [sys.executable, "-m", "tests.crash.world"],
        cwd=ROOT,
        env=_env(database),
        check=True,
        capture_output=True,
        text=True,
    )
    world = json.loads(seeded.stdout.strip().splitlines()[-1])
    rng = random.Random(os.environ.get("CRASH_SEED", "10"))
    server = Server(database, database.folder / "gunicorn.log")
    server.start()
    writers = Writers(server, world, rng)
    try:
        for cycle in range(1, CYCLES + 1):
            full = cycle % FULL_RESTART_EVERY == 0
            writers.run_until_killed(server.kill_all if full else server.kill_workers)
            found = problems(database, world, writers)
            assert not found, f"after kill {cycle} ({'whole server' if full else 'workers'}): {found}"
    finally:
        server.stop()
    counts = {
        kind: len(tokens) for kind, tokens in (writers.alice.acknowledged | writers.dina.acknowledged).items()
    }
    print(
        f"\n{CYCLES} kills on {database.vendor}, {writers.kills_during_a_post} while a form post was in flight;"
        f" acknowledged writes, all present: {counts}"
    )
    # The kills fell among writes, and every answer the server gave was the form's redirect (no
    # 4xx, no 500): a request the kill cut has no answer at all.
    assert not writers.unexpected, writers.unexpected[:10]
    assert writers.kills_during_a_post >= CYCLES * 0.8
    assert counts.get("message", 0) >= CYCLES // 4 and counts.get("draft", 0) >= CYCLES // 10, counts
    assert counts.get("published", 0) >= CYCLES // 50, counts
