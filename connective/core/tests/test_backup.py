"""`manage.py backup` and `manage.py restore`: the round trip into a fresh instance (a new database
after `migrate`, empty media, in processes of their own) gives back every table and every file,
and bad archives or a non-empty instance are refused with nothing changed."""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from connective.consultations import services as consultation_services
from connective.core.backup import database_digest
from connective.members.models import MemberProfile
from connective.practices.services import attachment_add
from tests.routes import World, build_world

BASE_DIR = Path(settings.BASE_DIR)
# The rebuild of the search index after a restore renews its stamp (so that every process
# reloads): the one row that differs from the archive after the restore has committed.
RENEWED_BY_THE_SEARCH_REBUILD = {"practices.searchindexversion"}


def _pdf() -> bytes:
    return b"%PDF-1.7\n" + secrets.token_hex(64).encode() + b"\n%%EOF\n"


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + secrets.token_bytes(200)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def _world_with_files(alice: MemberProfile) -> tuple[World, dict[str, bytes]]:
    world = build_world(alice=alice)
    contents = {"report": _pdf(), "photo": _png(), "minutes": _pdf()}
    attachment_add(
        actor=alice.user, practice=world.in_review,
        uploaded_file=SimpleUploadedFile("Report 2025.pdf", contents["report"]), title="Report",
    )  # fmt: skip
    attachment_add(
        actor=alice.user, practice=world.in_review,
        uploaded_file=SimpleUploadedFile("Kiosk.png", contents["photo"]), title="Kiosk",
    )  # fmt: skip
    consultation_services.file_add(
        actor=alice.user, request=world.consultation,
        uploaded_file=SimpleUploadedFile("Minutes of the visit.pdf", contents["minutes"]),
    )  # fmt: skip
    # The world's discussion brings a file of its own.
    with world.discussion_file.file.open("rb") as handle:
        contents["plan"] = handle.read()
    return world, contents


def _media_files(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _manifest(archive: Path) -> dict[str, Any]:
    with tarfile.open(archive) as tar:
        handle = tar.extractfile("manifest.json")
        assert handle is not None
        return dict(json.loads(handle.read()))


# -- the round trip ---------------------------------------------------------------------------


@pytest.fixture
def fresh_database_url(tmp_path: Path) -> Iterator[str]:
    """A database of its own, empty, for the processes that restore."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    import psycopg

    db = connection.settings_dict
    name = f"{db['NAME']}_restored"[:63]
    conninfo: dict[str, Any] = {
        "host": db.get("HOST") or "127.0.0.1", "port": db.get("PORT") or 5432,
        "user": db.get("USER") or "postgres", "password": db.get("PASSWORD") or None, "dbname": "postgres",
    }  # fmt: skip
    with psycopg.connect(**conninfo, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    yield f"postgres://{conninfo['user']}{password}@{conninfo['host']}:{conninfo['port']}/{name}"
    with psycopg.connect(**conninfo, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(environment: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  # this interpreter and manage.py, with the test's arguments
        [sys.executable, "manage.py", *arguments],
        cwd=BASE_DIR, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip


PAGE_CHECK = """
import json
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from connective.accounts.models import User
from connective.consultations.models import ConsultationRequest
consultation = ConsultationRequest.objects.get(public_id="{public_id}")
client = Client()
client.force_login(User.objects.get(email="alice@example.org"))
page = client.get(reverse("consultations:detail", kwargs={{"public_id": consultation.public_id}}))
item = consultation.files.get()
download = client.get(reverse("consultations:download", kwargs={{"public_id": consultation.public_id, "file_id": item.public_id}}))
search = Client().get(reverse("practices:list") + "?q=Qalqilya")
print(json.dumps({{
    "page": page.status_code, "title": escape(consultation.title) in page.content.decode(),
    "file": b"".join(download.streaming_content).hex(),
    "search": search.status_code, "found": "Night-flow leak detection" in search.content.decode(),
}}))
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restored_into_a_fresh_instance_gives_back_every_table_and_file(
    alice: MemberProfile, media: Path, tmp_path: Path, fresh_database_url: str
) -> None:
    world, contents = _world_with_files(alice)
    archive = tmp_path / "connective.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    manifest = _manifest(archive)
    assert archive.stat().st_mode & 0o077 == 0, "the archive holds personal data: its owner's only"
    assert manifest["format"] == "connective-backup" and manifest["version"] == 1
    assert manifest["database"] == connection.vendor
    assert len(manifest["files"]) == len(contents) == 4 and not manifest["missing_files"]
    assert manifest["tables"]["practices.attachment"]["rows"] == 2
    assert manifest["tables"]["accounts.user"]["rows"] >= 2
    assert {table: (t["rows"], t["sha256"]) for table, t in manifest["tables"].items()} == database_digest()
    original_files = _media_files(media)
    assert sorted(hashlib.sha256(c).hexdigest() for c in contents.values()) == sorted(original_files.values())

    fresh_media = tmp_path / "fresh-media"
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings", DATABASE_URL=fresh_database_url, MEDIA_ROOT=str(fresh_media),
        MATCHING_SNAPSHOT_DIR=str(tmp_path / "matching"), PYTHONPATH=str(BASE_DIR), EMAIL_URL="locmem://",
        REDIS_URL="", CELERY_BROKER_URL="",
    )  # fmt: skip
    for step in (("migrate", "--no-input", "-v", "0"), ("restore", str(archive))):
        done = _manage(environment, *step)
        assert done.returncode == 0, f"{step[0]}:\n{done.stdout}\n{done.stderr}"
    assert "restored" in done.stdout

    # Every file, byte for byte, under its name.
    assert _media_files(fresh_media) == original_files
    # Every table, row for row: the restored instance's own backup states the same counts and
    # checksums (restore also checked them before committing).
    again = tmp_path / "again.tar.gz"
    done = _manage(environment, "backup", str(again))
    assert done.returncode == 0, done.stderr
    second = _manifest(again)
    differ = {
        label
        for label, table in manifest["tables"].items()
        if (table["rows"], table["sha256"])
        != (second["tables"][label]["rows"], second["tables"][label]["sha256"])
    }
    assert differ <= RENEWED_BY_THE_SEARCH_REBUILD, f"tables that did not come back as they were: {differ}"
    assert second["files"].keys() == manifest["files"].keys()
    assert [f["sha256"] for f in second["files"].values()] == [
        f["sha256"] for f in manifest["files"].values()
    ]

    # Pages render from the restored data: alice's consultation with its file, and the search.
    done = _manage(environment, "shell", "-c", PAGE_CHECK.format(public_id=world.consultation.public_id))
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {
        "page": 200, "title": True, "file": contents["minutes"].hex(), "search": 200, "found": True,
    }  # fmt: skip

    # A second restore into the now populated instance is refused, and changes nothing.
    done = _manage(environment, "restore", str(archive))
    assert done.returncode != 0
    assert "this instance is not empty" in done.stderr and "--force" in done.stderr
    assert _media_files(fresh_media) == original_files


# -- refusals -----------------------------------------------------------------------------------


@pytest.fixture
def archive(alice: MemberProfile, media: Path, tmp_path: Path) -> Path:
    _world_with_files(alice)
    path = tmp_path / "backup.tar.gz"
    call_command("backup", str(path), stdout=io.StringIO())
    return path


def _rewrite(source: Path, target: Path, change: Any, *, add: dict[str, bytes] | None = None) -> Path:
    """Copy the archive member by member, `change(name, bytes)` returning new bytes or None to
    drop; then add the members `add`."""
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            handle = old.extractfile(member)
            assert handle is not None
            data = change(member.name, handle.read())
            if data is None:
                continue
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))
        for name, data in (add or {}).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


def _refused(path: Path, *, force: bool = False) -> str:
    with pytest.raises(CommandError) as error:
        call_command("restore", str(path), *(["--force"] if force else []), stdout=io.StringIO())
    return str(error.value)


def test_restore_refuses_a_non_empty_instance_unless_forced(archive: Path, media: Path) -> None:
    before, files = database_digest(), _media_files(media)
    message = _refused(archive)
    assert "this instance is not empty" in message and "accounts" in message and "--force" in message
    assert database_digest() == before and _media_files(media) == files


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # as a restore runs: no open transaction
def test_restore_forced_over_the_same_instance_leaves_it_as_the_archive_states(
    archive: Path, media: Path
) -> None:
    before = database_digest()
    call_command("restore", str(archive), "--force", stdout=io.StringIO())
    after = database_digest()
    assert {k: v for k, v in after.items() if k not in RENEWED_BY_THE_SEARCH_REBUILD} == {
        k: v for k, v in before.items() if k not in RENEWED_BY_THE_SEARCH_REBUILD
    }


def test_restore_refuses_a_corrupt_member_naming_it_and_changes_nothing(
    archive: Path, media: Path, tmp_path: Path
) -> None:
    def damage(name: str, data: bytes) -> bytes:
        if name == "db/members.memberprofile.jsonl":
            return data.replace(b"Qalqilya", b"Qalqiliya", 1)
        return data

    corrupt = _rewrite(archive, tmp_path / "corrupt.tar.gz", damage)
    before, files = database_digest(), _media_files(media)
    message = _refused(corrupt, force=True)
    assert "corrupt" in message and "db/members.memberprofile.jsonl" in message
    assert database_digest() == before and _media_files(media) == files


def test_restore_refuses_an_archive_missing_a_file_or_holding_a_foreign_one(
    archive: Path, media: Path, tmp_path: Path
) -> None:
    missing = _rewrite(
        archive, tmp_path / "missing.tar.gz", lambda n, d: None if n == "files/00000000" else d
    )
    assert "incomplete: missing files/00000000" in _refused(missing, force=True)
    extra = _rewrite(
        archive, tmp_path / "extra.tar.gz", lambda n, d: d, add={"files/evil.sh": b"#!/bin/sh\n"}
    )
    assert "members its manifest does not list: files/evil.sh" in _refused(extra, force=True)


def test_restore_refuses_what_is_not_a_connective_backup(archive: Path, media: Path, tmp_path: Path) -> None:
    before = database_digest()
    text = tmp_path / "notes.tar.gz"
    text.write_text("not an archive")
    assert "not a readable tar archive" in _refused(text, force=True)
    no_manifest = _rewrite(
        archive, tmp_path / "bare.tar.gz", lambda n, d: None if n == "manifest.json" else d
    )
    assert "has no manifest.json" in _refused(no_manifest, force=True)
    foreign = _rewrite(
        archive, tmp_path / "foreign.tar.gz",
        lambda n, d: json.dumps({"format": "other-tool", "version": 1}).encode() if n == "manifest.json" else d,
    )  # fmt: skip
    assert "not of format 'connective-backup'" in _refused(foreign, force=True)

    def other_schema(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"].append("practices.9999_from_the_future")
        return json.dumps(manifest).encode()

    newer = _rewrite(archive, tmp_path / "newer.tar.gz", other_schema)
    assert "practices.9999_from_the_future" in _refused(newer, force=True)
    assert "does not exist" in _refused(tmp_path / "nowhere.tar.gz")
    assert database_digest() == before


def test_backup_will_not_overwrite_an_existing_file(archive: Path) -> None:
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(archive), stdout=io.StringIO())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the backup's own transaction
def test_a_backup_is_one_snapshot_while_the_site_goes_on_writing(
    alice: MemberProfile, media: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An account created by another connection while the tables are being read is in none of
    them, and its write was not held up until the backup ended."""
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite test database is in memory, shared by the threads without WAL snapshots")
    import threading

    from django.db import connections

    from connective.accounts.models import User
    from connective.core import backup

    users_before = User.objects.count()
    real_dump = backup._dump_table
    written = threading.Event()

    def write_elsewhere() -> None:
        try:
            User.objects.create(email="late@example.org", full_name="Late Comer")
            written.set()
        finally:
            connections.close_all()

    def dump_while_writing(model: Any, out: Any) -> Any:
        if not written.is_set():
            writer = threading.Thread(target=write_elsewhere)
            writer.start()
            writer.join()
            assert written.is_set(), "the write waited for the backup"
        return real_dump(model, out)

    monkeypatch.setattr(backup, "_dump_table", dump_while_writing)
    archive = tmp_path / "during.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    assert User.objects.count() == users_before + 1
    assert _manifest(archive)["tables"]["accounts.user"]["rows"] == users_before
