"""The production profile starts and serves every page: `collectstatic` with the manifest storage,
then gunicorn with `config/gunicorn.py` and `DJANGO_SETTINGS_MODULE=config.production` in a
process of its own, against this test's database (PostgreSQL, as production requires).

Every page of the catalogue (tests/routes.py) is fetched by a plain HTTP client as each persona
the browser sweep uses (visitor, member, advisor, coordinator, staff): none answers 500, and
every `/static/...` a page or a style sheet refers to is a hashed name that the server serves.
The client says it came through the TLS proxy (`X-Forwarded-Proto: https`, the header the
profile trusts), so the profile's HTTPS redirect and secure cookies stay as they are.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from connective.accounts.models import User
from connective.members.models import MemberProfile
from tests.routes import PAGES, World, build_world, page_paths

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BASE_DIR = Path(settings.BASE_DIR)
# A static reference in a page or a style sheet: /static/ up to a quote, a bracket or a space.
STATIC_REFERENCE = re.compile(r"""/static/[^"'()\s<>?#]+""")
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")
# The manifest storage names every file by a hash of its content: name.0123456789ab.ext
HASHED = re.compile(r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$")
# How long the server may take to boot before the test gives up (a hang guard, not a measure).
BOOT_GUARD_SECONDS = 180


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _database_url() -> str:
    db = connection.settings_dict
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else f"{user}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@dataclass
class Server:
    port: int
    log: Path

    def get(self, path: str, *, session: str | None = None) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Accept-Language": "en"}
        if session:
            headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={session}"
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    def tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-60:])


def _environment(tmp: Path, secret_key: str) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_", "S3_", "PYTEST", "COV_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.production",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=_database_url(),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        # This run's keys only: other instances on this machine share the Redis.
        CACHE_KEY_PREFIX=f"production-test-{secrets.token_hex(6)}",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        MATCHING_SNAPSHOT_DIR=str(tmp / "matching"),
        EMAIL_URL="locmem://",
        # This worktree's code, whatever else is installed.
        PYTHONPATH=str(BASE_DIR),
    )
    return environment


@pytest.fixture
def secret_key(settings: Any) -> str:
    """One key for this process (which writes the personas' sessions) and the server (which reads
    them): sessions are signed with it."""
    settings.SECRET_KEY = secrets.token_urlsafe(60)
    return str(settings.SECRET_KEY)


@pytest.fixture
def production_server(tmp_path: Path, secret_key: str) -> Iterator[Server]:
    if connection.vendor != "postgresql":
        pytest.skip(
            "the production profile runs on PostgreSQL, and the SQLite test database lives in this "
            "process's memory where a server process cannot reach it (this test runs in the "
            "PostgreSQL pass of make test)"
        )
    environment = _environment(tmp_path, secret_key)
    python = sys.executable
    collected = subprocess.run(
        [python, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=BASE_DIR, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert collected.returncode == 0, f"collectstatic failed:\n{collected.stdout}\n{collected.stderr}"
    assert (tmp_path / "static" / "staticfiles.json").is_file(), "collectstatic wrote no manifest"

    port = _free_port()
    log = tmp_path / "gunicorn.log"
    gunicorn = Path(python).with_name("gunicorn")
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(gunicorn), "-c", "config/gunicorn.py", "config.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--timeout", "120"],
            cwd=BASE_DIR, env=environment, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    server = Server(port=port, log=log)
    try:
        deadline = time.monotonic() + BOOT_GUARD_SECONDS
        while True:
            assert process.poll() is None, f"gunicorn stopped (exit {process.returncode}):\n{server.tail()}"
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, f"gunicorn did not listen:\n{server.tail()}"
                time.sleep(0.2)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_production_profile_serves_every_page_to_every_persona_with_its_static_files(
    alice: MemberProfile, dina: User, sam: User, production_server: Server
) -> None:
    world: World = build_world(alice=alice)
    personas: dict[str, User | None] = {
        "visitor": None, "member": alice.user, "advisor": world.advisor.user, "coordinator": dina, "staff": sam,
    }  # fmt: skip
    paths = page_paths(world)
    assert len(paths) == len(PAGES)

    failures: list[str] = []
    opened = 0
    statics: set[str] = set()
    for persona, user in personas.items():
        # The same person in this process, under the settings every other test uses: the
        # production profile must answer each page as they do (a page refused or redirected
        # there is refused or redirected here, and any other page opens).
        client = _client(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value if user else None
        for path in paths:
            status, headers, body = production_server.get(path, session=session)
            expected = client.get(path).status_code
            if status >= 500:
                failures.append(f"{persona} {path}: {status}")
            elif status != expected:
                failures.append(f"{persona} {path}: {status} in production, {expected} in the tests")
            if status == 200:
                opened += 1
                if headers.get("content-type", "").startswith("text/html"):
                    statics.update(STATIC_REFERENCE.findall(body.decode("utf-8", "replace")))
    assert not failures, "\n".join(failures) + "\n" + production_server.tail()
    assert opened, "no page opened"

    assert statics, "the pages refer to no static file"
    missing: list[str] = []
    unhashed = sorted(name for name in statics if not HASHED.search(name))
    seen: set[str] = set()
    queue = sorted(statics)
    while queue:
        name = queue.pop()
        if name in seen:
            continue
        seen.add(name)
        status, headers, body = production_server.get(name)
        if status != 200:
            missing.append(f"{name}: {status}")
            continue
        if name.endswith(".css"):
            # A style sheet's own references (fonts, images), rewritten to hashed names.
            for reference in CSS_URL.findall(body.decode("utf-8", "replace")):
                if reference.startswith(("data:", "#", "http:", "https:")):
                    continue
                target = os.path.normpath(os.path.join(os.path.dirname(name), reference.split("?")[0]))
                queue.append(target.split("#")[0])
    assert not missing, f"static files the pages refer to that the server does not serve: {missing}"
    assert not unhashed, f"static references without the manifest's hashed name: {unhashed}"
    print(  # the figures a reader of the run wants
        f"\nproduction profile: {len(paths)} pages x {len(personas)} personas, "
        f"{opened} opened (200), {len(seen)} static files served"
    )


# -- the Procfile that `make production` runs ---------------------------------------------------


def test_the_procfile_runs_web_workers_this_machines_matching_queue_beat_and_the_mail_receiver() -> None:
    from honcho.environ import parse_procfile

    processes = parse_procfile((BASE_DIR / "Procfile").read_text()).processes
    assert list(processes) == ["web", "worker", "matching", "beat", "inbound"]
    assert processes["inbound"].startswith("python manage.py mail_receiver --lmtp ")
    assert processes["web"].startswith("gunicorn -c config/gunicorn.py config.wsgi ")
    assert "-Q connective " in processes["worker"] and settings.CELERY_TASK_DEFAULT_QUEUE == "connective"
    assert processes["beat"].startswith("celery -A config beat ")
    for command in processes.values():
        program = command.split()[0]
        assert Path(sys.executable).with_name(program).exists(), f"{program} is not installed beside Python"
    # The matching worker serves the queue this machine's web processes send builds to (the
    # shell that honcho runs expands the host name as Python reads it).
    queue = re.search(r'-Q "([^"]+)"', processes["matching"])
    assert queue is not None
    environment = {k: v for k, v in os.environ.items() if k != "MATCHING_BUILD_QUEUE"}
    expanded = subprocess.run(
        ["/bin/sh", "-c", f'echo "{queue.group(1)}"'],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert expanded == f"matching-{socket.gethostname()}"
    if "MATCHING_BUILD_QUEUE" not in os.environ:
        assert expanded == settings.MATCHING_BUILD_QUEUE
