"""INBOUND_MAIL_DOMAIN is read strictly: a mail domain, or nothing (then the site's host)."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from config import env


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("reply.connective.example.org", "reply.connective.example.org"),
        (" Reply.Connective.Example.ORG. ", "reply.connective.example.org"),
        ("127.0.0.1", "127.0.0.1"),
        ("localhost", "localhost"),
    ],
)
def test_a_mail_domain_is_read_lowercased(monkeypatch: pytest.MonkeyPatch, value: str, expected: str) -> None:
    monkeypatch.setenv("INBOUND_MAIL_DOMAIN", value)
    assert env.mail_domain("INBOUND_MAIL_DOMAIN", "default.example") == expected


@pytest.mark.parametrize(
    "value",
    [
        "reply@connective.example.org",
        "https://connective.example.org",
        "reply connective",
        "-bad.example",
        "a..b",
    ],
)
def test_anything_else_stops_the_server_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("INBOUND_MAIL_DOMAIN", value)
    with pytest.raises(env.ConfigError, match="INBOUND_MAIL_DOMAIN must be a mail domain"):
        env.mail_domain("INBOUND_MAIL_DOMAIN", "default.example")


def test_unset_or_empty_it_is_the_default_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INBOUND_MAIL_DOMAIN", raising=False)
    assert env.mail_domain("INBOUND_MAIL_DOMAIN", "connective.example.org") == "connective.example.org"
    monkeypatch.setenv("INBOUND_MAIL_DOMAIN", "")
    assert env.mail_domain("INBOUND_MAIL_DOMAIN", "connective.example.org") == "connective.example.org"


@pytest.mark.skipif(bool(os.environ.get("INBOUND_MAIL_DOMAIN")), reason="the environment sets the domain")
def test_the_default_is_the_host_of_site_url() -> None:
    assert urlsplit(settings.SITE_URL).hostname == settings.INBOUND_MAIL_DOMAIN
