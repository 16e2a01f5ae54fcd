"""Settings are read strictly: an ambiguous value stops the start, naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from config import env


@pytest.fixture
def environ(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("X_FLAG", "X_NUMBER", "X_LIST", "X_ZONE", "X_MAIL", "X_DB", "X_NEW"):
        # set first so that monkeypatch restores the variable's absence, also after load_dotenv
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    return monkeypatch


@pytest.mark.parametrize("word", ["1", "true", "TRUE", "yes", "on", " On "])
def test_boolean_accepts_the_usual_true_words(environ: pytest.MonkeyPatch, word: str) -> None:
    environ.setenv("X_FLAG", word)
    assert env.boolean("X_FLAG", False) is True


@pytest.mark.parametrize("word", ["0", "false", "no", "off", ""])
def test_boolean_accepts_the_usual_false_words(environ: pytest.MonkeyPatch, word: str) -> None:
    environ.setenv("X_FLAG", word)
    assert env.boolean("X_FLAG", True) is False


@given(
    st.text().filter(lambda s: s.strip().lower() not in env.TRUE_WORDS | env.FALSE_WORDS and "\x00" not in s)
)
def test_boolean_rejects_anything_ambiguous(word: str) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("X_FLAG", word)
        with pytest.raises(env.ConfigError, match="X_FLAG"):
            env.boolean("X_FLAG", False)


def test_boolean_default_applies_only_when_unset(environ: pytest.MonkeyPatch) -> None:
    assert env.boolean("X_FLAG", True) is True


def test_integer_checks_form_and_bounds(environ: pytest.MonkeyPatch) -> None:
    environ.setenv("X_NUMBER", "12")
    assert env.integer("X_NUMBER", 1, minimum=0, maximum=20) == 12
    environ.setenv("X_NUMBER", "12.5")
    with pytest.raises(env.ConfigError, match="whole number"):
        env.integer("X_NUMBER", 1)
    environ.setenv("X_NUMBER", "-1")
    with pytest.raises(env.ConfigError, match="at least 0"):
        env.integer("X_NUMBER", 1, minimum=0)


def test_list_rejects_empty_items(environ: pytest.MonkeyPatch) -> None:
    environ.setenv("X_LIST", "a.example, b.example")
    assert env.string_list("X_LIST", []) == ["a.example", "b.example"]
    environ.setenv("X_LIST", "a.example,,b.example")
    with pytest.raises(env.ConfigError, match="empty item"):
        env.string_list("X_LIST", [])


def test_time_zone_must_be_an_iana_name(environ: pytest.MonkeyPatch) -> None:
    environ.setenv("X_ZONE", "Africa/Nairobi")
    assert env.time_zone("X_ZONE", "UTC") == "Africa/Nairobi"
    environ.setenv("X_ZONE", "GMT+3 Nairobi")
    with pytest.raises(env.ConfigError, match="IANA"):
        env.time_zone("X_ZONE", "UTC")


def test_string_without_default_is_required(environ: pytest.MonkeyPatch) -> None:
    with pytest.raises(env.ConfigError, match="X_NEW must be set"):
        env.string("X_NEW")


def test_email_url_smtp_with_starttls_and_credentials(environ: pytest.MonkeyPatch) -> None:
    environ.setenv("X_MAIL", "smtp+tls://mailer%40city.example:s%3Acret@mail.city.example?timeout=5")
    config = env.email_url("X_MAIL", "console://")
    assert config.backend == "django.core.mail.backends.smtp.EmailBackend"
    assert (config.host, config.port, config.user, config.password) == (
        "mail.city.example",
        587,
        "mailer@city.example",
        "s:cret",
    )
    assert config.use_tls and not config.use_ssl and config.timeout == 5


def test_email_url_smtps_uses_implicit_tls(environ: pytest.MonkeyPatch) -> None:
    environ.setenv("X_MAIL", "smtps://mail.city.example")
    config = env.email_url("X_MAIL", "console://")
    assert config.port == 465 and config.use_ssl and not config.use_tls


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("sendmail://localhost", "must start with one of"),
        ("smtp://", "needs a host"),
        ("smtp://host:notaport", "port must be a number"),
        ("smtp://host?tls=1", "unknown option"),
        ("file://", "needs a folder"),
    ],
)
def test_email_url_rejects_what_it_cannot_mean(environ: pytest.MonkeyPatch, value: str, message: str) -> None:
    environ.setenv("X_MAIL", value)
    with pytest.raises(env.ConfigError, match=message):
        env.email_url("X_MAIL", "console://")


def test_database_url_sqlite_relative_and_absolute(environ: pytest.MonkeyPatch, tmp_path: Path) -> None:
    environ.setenv("X_DB", "sqlite:///var/x.sqlite3")
    config = env.database_url("X_DB", "sqlite:///db.sqlite3", base_dir=tmp_path)
    assert config["NAME"] == str(tmp_path / "var" / "x.sqlite3")
    assert "journal_mode=WAL" in str(config["OPTIONS"])
    environ.setenv("X_DB", "sqlite:////srv/connective/db.sqlite3")
    assert env.database_url("X_DB", "", base_dir=tmp_path)["NAME"] == "/srv/connective/db.sqlite3"


def test_database_url_postgres(environ: pytest.MonkeyPatch, tmp_path: Path) -> None:
    environ.setenv("X_DB", "postgres://app:pw@db.internal:5433/connective")
    config = env.database_url("X_DB", "", base_dir=tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.internal",
        5433,
        "connective",
        "app",
    )


@pytest.mark.parametrize("value", ["mysql://root@localhost/db", "sqlite://", "sqlite:///"])
def test_database_url_rejects_other_engines_and_empty_paths(
    environ: pytest.MonkeyPatch, tmp_path: Path, value: str
) -> None:
    environ.setenv("X_DB", value)
    with pytest.raises(env.ConfigError, match="X_DB"):
        env.database_url("X_DB", "", base_dir=tmp_path)


def test_dotenv_never_overrides_the_environment(environ: pytest.MonkeyPatch, tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("# comment\nX_NEW='from file'\nexport X_FLAG=true\n\nX_LIST=a,b\n", encoding="utf-8")
    environ.setenv("X_LIST", "kept")
    env.load_dotenv(dotenv)
    assert env.string("X_NEW") == "from file"
    assert env.boolean("X_FLAG", False) is True
    assert env.string("X_LIST") == "kept"


def test_dotenv_line_without_equals_is_an_error(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("GOOD=1\nthis line is a typo\n", encoding="utf-8")
    with pytest.raises(env.ConfigError, match=r"\.env:2"):
        env.load_dotenv(dotenv)


def test_env_example_lists_every_setting_the_config_reads() -> None:
    import re

    root = Path(__file__).resolve().parents[3]
    read = set()
    for module in (root / "config").glob("*.py"):
        read |= set(re.findall(r'env\.\w+\("([A-Z_]+)"', module.read_text(encoding="utf-8")))
    listed = set(re.findall(r"^([A-Z_]+)=", (root / ".env.example").read_text(encoding="utf-8"), re.M))
    assert read and read <= listed, f"add {sorted(read - listed)} to .env.example"


@pytest.mark.parametrize("value", ["60/m", "30/10m", " 5/s ", "1/d"])
def test_a_rate_limit_reads_as_count_per_period(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("RATE_LIMIT_SEARCH", value)
    assert env.rate("RATE_LIMIT_SEARCH", "60/m") == value.strip()


@pytest.mark.parametrize("value", ["", "60", "sixty/m", "0/m", "60/0m", "60/w", "60/m/ip"])
def test_a_malformed_rate_limit_stops_the_start(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("RATE_LIMIT_SEARCH", value)
    with pytest.raises(env.ConfigError, match="RATE_LIMIT_SEARCH must read like 60/m"):
        env.rate("RATE_LIMIT_SEARCH", "60/m")


@pytest.mark.parametrize(
    ("value", "origin"),
    [
        ("", ""),
        ("https://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org"),
        ("HTTPS://tiles.example.org:8443/{z}/{x}/{y}.png", "https://tiles.example.org:8443"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
    ],
)
def test_the_map_tile_origin_is_read_for_the_content_security_policy(
    monkeypatch: pytest.MonkeyPatch, value: str, origin: str
) -> None:
    monkeypatch.setenv("MAP_TILE_URL", value)
    assert env.url_origin("MAP_TILE_URL") == origin


@pytest.mark.parametrize(
    "value",
    ["tiles.example.org/{z}", "javascript:alert(1)", "https://tiles{s}.example.org/x", "https://:80/"],
)
def test_a_tile_address_a_policy_cannot_name_is_refused(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("MAP_TILE_URL", value)
    with pytest.raises(env.ConfigError, match="MAP_TILE_URL must be an https:// address"):
        env.url_origin("MAP_TILE_URL")
