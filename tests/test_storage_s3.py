"""Uploaded files in an S3-compatible store (several machines share it), against a local moto
server: the settings that S3_* variables produce, an upload landing in the private bucket and
not on this disk, the access-checked views streaming it (never a bucket URL), the backup
reading it, and its removal deleting the object."""

from __future__ import annotations

import io
import json
import socket
import tarfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from config import env
from connective.accounts.models import User
from connective.consultations import services as consultation_services
from connective.consultations.choices import RequestStatus
from connective.consultations.tests.factories import ConsultationRequestFactory
from connective.members.models import MemberProfile
from connective.practices.choices import PracticeStatus
from connective.practices.services import attachment_add, attachment_remove
from connective.practices.tests.factories import PracticeFactory

BUCKET = "connective-files"
PREFIX = "site-a"
PDF = b"%PDF-1.7\n" + b"Qalqilya night flows " * 20 + b"\n%%EOF\n"
ClientFor = Callable[[User | MemberProfile], Client]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Path) -> Iterator[Any]:
    """A moto server on a free port, a private bucket in it, and the file storage of the S3_*
    variables as config.settings reads them."""
    boto3 = pytest.importorskip("boto3")
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    variables = {
        "S3_BUCKET": BUCKET, "S3_ENDPOINT_URL": endpoint, "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": "test-key", "S3_SECRET_ACCESS_KEY": "test-secret", "S3_PREFIX": f"/{PREFIX}/",
    }  # fmt: skip
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="test-key", aws_secret_access_key="test-secret",
    )  # fmt: skip
    client.create_bucket(Bucket=BUCKET)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES, "default": env.file_storage()}
    try:
        yield client
    finally:
        server.stop()


def _keys(client: Any) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_without_s3_bucket_files_stay_on_this_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("S3_BUCKET", raising=False)
    assert env.file_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"S3_ENDPOINT_URL": "minio:9000"}, "S3_ENDPOINT_URL must be an http:// or https:// URL"),
        ({"S3_ACCESS_KEY_ID": "key"}, "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together"),
    ],
)
def test_ambiguous_s3_settings_stop_the_start_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], message: str
) -> None:
    monkeypatch.setenv("S3_BUCKET", BUCKET)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(env.ConfigError, match=message):
        env.file_storage()


def test_files_go_to_the_private_bucket_and_come_back_only_through_the_access_checked_views(
    s3: Any, alice: MemberProfile, charlie: MemberProfile, client_for: ClientFor,
    django_capture_on_commit_callbacks: Any, tmp_path: Path,
) -> None:  # fmt: skip
    practice = PracticeFactory.create(status=PracticeStatus.IN_REVIEW, title="Night flows in Qalqilya")
    practice.authors.add(alice.user)
    attachment = attachment_add(
        actor=alice.user, practice=practice, uploaded_file=SimpleUploadedFile("Night flows.pdf", PDF), title="Data"
    )  # fmt: skip
    consultation = ConsultationRequestFactory.create(requester=alice, status=RequestStatus.IN_PROGRESS)
    shared = consultation_services.file_add(
        actor=alice.user, request=consultation, uploaded_file=SimpleUploadedFile("Minutes.pdf", PDF)
    )

    # Both are objects of the bucket, under the site's prefix, private; nothing on this disk.
    keys = _keys(s3)
    assert sorted(keys) == sorted(f"{PREFIX}/{item.file.name}" for item in (attachment, shared))
    assert s3.get_object(Bucket=BUCKET, Key=f"{PREFIX}/{attachment.file.name}")["Body"].read() == PDF
    for key in keys:
        grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
        assert all("URI" not in grant["Grantee"] for grant in grants), f"{key} is open to a group: {grants}"
    assert not (tmp_path / "media").exists()

    # Served by our views, streamed from the store: the author and the participant get the bytes;
    # no answer sends anyone to the store.
    author = client_for(alice)
    url = reverse("practices:attachment", kwargs={"slug": practice.slug, "public_id": attachment.public_id})
    response = author.get(url)
    assert response.status_code == 200 and response.getvalue() == PDF
    download = reverse(
        "consultations:download", kwargs={"public_id": consultation.public_id, "file_id": shared.public_id}
    )
    response = author.get(download)
    assert response.status_code == 200 and response.getvalue() == PDF
    assert response["Cache-Control"] == "private, no-store"
    page = author.get(reverse("consultations:detail", kwargs={"public_id": consultation.public_id}))
    assert page.status_code == 200 and "127.0.0.1:" not in page.content.decode().split("<main", 1)[1]
    # Others get nothing: a member who is not in the consultation, a visitor for a draft's file.
    assert client_for(charlie).get(download).status_code == 404
    assert Client().get(url).status_code in {302, 404}

    # The backup reads the files through the same storage.
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        handle = tar.extractfile("manifest.json")
        assert handle is not None
        manifest = json.loads(handle.read())
    assert set(manifest["files"]) == {attachment.file.name, shared.file.name}

    # Removing the attachment deletes its object once the removal has committed.
    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(actor=alice.user, attachment=attachment)
    assert _keys(s3) == [f"{PREFIX}/{shared.file.name}"]
