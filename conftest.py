"""Shared fixtures: the people every access rule is tested against.

The personas, by name, so that test names read as sentences:

- ``visitor``: an anonymous browser (a plain test client).
- ``alice``: an approved member in Amman, Jordan (MENA network).
- ``bob``: another approved member of the MENA network, in Tunis (alice's peer).
- ``charlie``: an approved member of the Southeast Europe network, in Sarajevo.
- ``dina``: the MENA network's coordinator.
- ``emil``: the Southeast Europe network's coordinator.
- ``sam``: programme staff.

Each is a ``MemberProfile`` (or a ``User`` for dina, emil, sam); the ``client_for`` fixture
logs any of them in and returns a client. All have accepted the current legal documents, so
pages open without the "accept the new guidelines" step unless a test publishes a new version
(``UserFactory`` accepts them for every user it makes; pass ``accepted_documents=False`` to
leave them outstanding). dina, emil and sam have a TOTP authenticator, as coordinators and
staff must (``RegionalCoordinatorFactory`` (the coordinator role of their network's space) and ``UserFactory(is_staff=True)`` add one; pass
``totp=False`` to leave it out).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from connective.accounts.models import LegalDocument, User
from connective.accounts.selectors import legal_documents_current
from connective.accounts.tests.factories import RegionalCoordinatorFactory, UserFactory
from connective.members.models import MemberProfile
from connective.members.tests.factories import MemberProfileFactory


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache: allauth keeps its rate limits (per address) there."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _own_matching_snapshots(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test stores matching snapshots in a folder of its own (never under var/), so no test
    finds another's index, as with the cache."""
    settings.MATCHING_SNAPSHOT_DIR = tmp_path_factory.mktemp("matching")


@pytest.fixture
def unlimited_rates(settings: Any) -> None:
    """Rate limits far above what a test sends: for the proofs that fire hundreds of requests as
    one person (odd input, the security matrix, XSS), which must reach the views, not the 429 page.
    The limits themselves are proven in connective/core/tests/test_ratelimit.py."""
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "1000000/m")


@pytest.fixture(autouse=True)
def _default_language_and_zone() -> None:
    """Each test starts in English and UTC.

    A request through LocaleMiddleware leaves its language active in the thread, so without
    this a French page in one test would make the next test's messages French.
    """
    from django.conf import settings
    from django.utils import timezone, translation

    translation.activate(settings.LANGUAGE_CODE)
    timezone.deactivate()


def pytest_configure(config: pytest.Config) -> None:
    """Hash test passwords quickly: argon2 is meant to be slow, and the suite creates thousands.

    Production keeps argon2 (tested in connective/accounts/tests/test_password_hashing.py).
    """
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # WhiteNoise warns on every request when the collectstatic folder is missing (a fresh clone).
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture
def visitor(client: Client, db: None) -> Client:
    """An anonymous browser. Public pages read the database too (the home page shows the
    library's practices and the networks' figures, kept in the cache after the first visit)."""
    return client


@pytest.fixture
def alice(db: None) -> MemberProfile:
    return MemberProfileFactory.create(
        user__email="alice@example.org",
        user__full_name="Alice Haddad",
        city="Amman",
        country="JO",
        organisation="Greater Amman Municipality",
        languages=["ar", "en"],
    )


@pytest.fixture
def bob(db: None) -> MemberProfile:
    return MemberProfileFactory.create(
        user__email="bob@example.org",
        user__full_name="Bilal Ben Salah",
        city="Tunis",
        country="TN",
        organisation="Commune de Tunis",
        languages=["ar", "fr"],
    )


@pytest.fixture
def charlie(db: None) -> MemberProfile:
    return MemberProfileFactory.create(
        user__email="charlie@example.org",
        user__full_name="Čedomir Hadžić",
        city="Sarajevo",
        country="BA",
        organisation="City of Sarajevo",
        languages=["bs", "en"],
    )


@pytest.fixture
def dina(db: None) -> User:
    role = RegionalCoordinatorFactory.create(
        user=UserFactory.create(email="dina@example.org", full_name="Dina Nasser"), region="mena"
    )
    return role.user


@pytest.fixture
def emil(db: None) -> User:
    role = RegionalCoordinatorFactory.create(
        user=UserFactory.create(email="emil@example.org", full_name="Emil Kovač"), region="see"
    )
    return role.user


@pytest.fixture
def sam(db: None) -> User:
    return UserFactory.create(email="sam@example.org", full_name="Sam Okafor", is_staff=True)


@pytest.fixture
def current_documents(db: None) -> list[LegalDocument]:
    """The current network guidelines and privacy notice (version 1 from the data migration)."""
    return legal_documents_current()


@pytest.fixture
def client_for(db: None) -> Callable[[User | MemberProfile], Client]:
    """A test client signed in as the given person (a User or a MemberProfile)."""

    def make(person: User | MemberProfile) -> Client:
        user = person.user if isinstance(person, MemberProfile) else person
        client = Client()
        client.force_login(user)
        return client

    return make
