"""Strict reading of settings from the environment.

Every setting of Connective comes from an environment variable (or `.env` in the project
folder, for local use). A value that could mean two things is rejected at start-up with a
message naming the variable, rather than guessed at: `DEBUG=yes please` stops the server.
"""

from __future__ import annotations

import os
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


class ConfigError(Exception):
    """A setting in the environment is missing or malformed."""


def load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines from `path` into os.environ, never overriding what is set.

    Blank lines and lines starting with # are skipped; a line without `=` is an error, so
    that a typo is not silently ignored.
    """
    if not path.is_file():
        return
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :]
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"{path}:{number}: expected KEY=VALUE, got {raw!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        os.environ.setdefault(key.strip(), value)


def string(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ConfigError(f"{name} must be set")
        return default
    return value


def boolean(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be one of true/false/1/0/yes/no/on/off, got {value!r}")


def integer(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {number}")
    if maximum is not None and number > maximum:
        raise ConfigError(f"{name} must be at most {maximum}, got {number}")
    return number


def string_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; empty items (`a,,b`) are an error, not skipped."""
    value = os.environ.get(name)
    if value is None:
        return list(default)
    if not value.strip():
        return []
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise ConfigError(f"{name} has an empty item in {value!r}")
    return items


def time_zone(name: str, default: str) -> str:
    value = string(name, default)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{name} must be an IANA time zone such as Europe/Berlin, got {value!r}") from None
    return value


@dataclass(frozen=True)
class EmailConfig:
    """Django's email settings, as read from EMAIL_URL."""

    backend: str
    host: str = ""
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False
    file_path: str = ""
    timeout: int = 10


EMAIL_SCHEMES = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
}


def email_url(name: str, default: str) -> EmailConfig:
    """Parse EMAIL_URL: console://, locmem://, dummy://, file:///path, smtp://user:pw@host:port,
    smtp+tls:// (STARTTLS, port 587 by default) or smtps:// (implicit TLS, port 465).

    `?timeout=N` sets the SMTP timeout in seconds. Anything else is rejected.
    """
    value = string(name, default)
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme not in EMAIL_SCHEMES:
        known = ", ".join(f"{s}://" for s in EMAIL_SCHEMES)
        raise ConfigError(f"{name} must start with one of {known}; got {value!r}")
    backend = EMAIL_SCHEMES[scheme]
    query = parse_qs(parts.query, keep_blank_values=True)
    unknown = set(query) - {"timeout"}
    if unknown:
        raise ConfigError(f"{name} has unknown option(s) {', '.join(sorted(unknown))}")
    timeout = 10
    if "timeout" in query:
        try:
            timeout = int(query["timeout"][-1])
        except ValueError:
            raise ConfigError(f"{name}: timeout must be a whole number of seconds") from None
    if scheme == "file":
        if not parts.path:
            raise ConfigError(f"{name}: file:// needs a folder, e.g. file:///tmp/connective-mail")
        return EmailConfig(backend=backend, file_path=unquote(parts.path))
    if not scheme.startswith("smtp"):
        return EmailConfig(backend=backend)
    if not parts.hostname:
        raise ConfigError(f"{name}: an SMTP URL needs a host, e.g. smtp://mail.example.org:587")
    try:
        port = parts.port
    except ValueError:
        raise ConfigError(f"{name}: the port must be a number") from None
    default_port = {"smtp": 25, "smtp+tls": 587, "smtps": 465}[scheme]
    return EmailConfig(
        backend=backend,
        host=parts.hostname,
        port=port or default_port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=scheme == "smtp+tls",
        use_ssl=scheme == "smtps",
        timeout=timeout,
    )


def database_url(name: str, default: str, *, base_dir: Path) -> dict[str, object]:
    """Parse DATABASE_URL (sqlite:///path or postgres://...) into a Django DATABASES entry.

    Only SQLite and PostgreSQL are supported; a relative SQLite path is taken from the
    project folder.
    """
    import dj_database_url

    value = string(name, default)
    scheme = urlsplit(value).scheme.lower()
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ConfigError(f"{name} must be a sqlite:/// or postgres:// URL, got scheme {scheme!r}")
    if scheme == "sqlite":
        # sqlite:///db.sqlite3 is relative to the project folder, sqlite:////abs/db.sqlite3 absolute.
        path = value.split("://", 1)[1]
        if not path.startswith("/") or path == "/":
            raise ConfigError(f"{name}: write sqlite:///db.sqlite3 (relative) or sqlite:////abs/path.sqlite3")
        path = path[1:]
        file = Path(path) if path.startswith("/") else base_dir / path
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(file),
            # WAL lets readers go on while one request writes; IMMEDIATE avoids the
            # "database is locked" upgrade deadlock between two writers.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                    " PRAGMA busy_timeout=20000; PRAGMA cache_size=-64000;"
                ),
            },
        }
    config = dict(dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True))
    config["ENGINE"] = "django.db.backends.postgresql"
    return config


def file_storage() -> dict[str, object]:
    """Where uploaded files go (STORAGES["default"]): this machine's disk (MEDIA_ROOT), or an
    S3-compatible store when S3_BUCKET is set, which every machine of a site reads.

    The bucket stays private (`default_acl` private); no view ever hands out its URLs, signed or
    not: files are streamed by the views that check who asks. S3_ENDPOINT_URL names a store other
    than AWS (MinIO, Ceph, a provider's); without keys, boto3 finds its own (an instance role).
    """
    bucket = string("S3_BUCKET", "")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    endpoint = string("S3_ENDPOINT_URL", "")
    if endpoint and urlsplit(endpoint).scheme not in {"http", "https"}:
        raise ConfigError(f"S3_ENDPOINT_URL must be an http:// or https:// URL, got {endpoint!r}")
    access_key, secret_key = string("S3_ACCESS_KEY_ID", ""), string("S3_SECRET_ACCESS_KEY", "")
    if bool(access_key) != bool(secret_key):
        raise ConfigError("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint or None,
            "region_name": string("S3_REGION", "") or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "location": string("S3_PREFIX", "").strip("/"),
            "default_acl": "private",
            "file_overwrite": False,
        },
    }


def url_origin(name: str) -> str:
    """The origin (scheme://host[:port]) of the address in `name`, or "" when it is unset or empty.

    For a Content-Security-Policy source: only an https:// or http:// address with a host is
    accepted; `{z}`-style placeholders in the path are allowed (a map tile template), and Leaflet's
    `{s}.` subdomain placeholder becomes the wildcard `*.`.
    """
    value = string(name, "").strip()
    origin = origin_of(value)
    if value and not origin:
        raise ConfigError(f"{name} must be an https:// address with a host, got {value!r}")
    return origin


def origin_of(value: str) -> str:
    """`value`'s origin as a CSP source ("" when `value` is empty or cannot be named by one)."""
    parts = urlsplit(value)
    wildcard = parts.netloc.startswith("{s}.")
    if wildcard:
        parts = parts._replace(netloc=parts.netloc[len("{s}.") :])
    if parts.scheme.lower() not in {"https", "http"} or not parts.hostname or "{" in parts.netloc:
        return ""
    try:
        port = parts.port
    except ValueError:
        return ""
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    host = f"*.{host}" if wildcard else host
    return f"{parts.scheme.lower()}://{host}{f':{port}' if port else ''}"


def mail_domain(name: str, default: str) -> str:
    """A mail domain ("reply.connective.example.org"), lowercased: a host name of letters, digits,
    hyphens and dots, or an address literal such as 127.0.0.1. Not an address, not a URL.
    Unset or empty (as `.env.example` leaves it): `default`."""
    import re

    value = string(name, "").strip().lower().rstrip(".") or default.strip().lower().rstrip(".")
    label = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    if not re.fullmatch(rf"{label}(?:\.{label})*", value) or len(value) > 253:
        raise ConfigError(f"{name} must be a mail domain such as reply.connective.example.org, got {value!r}")
    return value


def rate(name: str, default: str) -> str:
    """A rate limit "N/period": 60/m, 30/10m (units s, m, h, d); checked here so that a typo stops
    the server at start-up, not a member's request."""
    import re

    value = string(name, default).strip()
    match = re.fullmatch(r"(\d+)\s*/\s*(\d*)\s*([smhd])", value)
    if not match or int(match[1]) < 1 or match[2] == "0" or (match[2] and int(match[2]) < 1):
        raise ConfigError(f"{name} must read like 60/m or 30/10m (units s, m, h, d), got {value!r}")
    return value
