from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from connective.accounts.models import User
from connective.members.models import MemberProfile
from tests.security.world import SecurityWorld, build_security_world


@pytest.fixture(autouse=True)
def _unlimited(unlimited_rates: None) -> None:
    """Every proof here reaches the views, never the rate limiter's 429 page."""


@pytest.fixture
def sworld(
    settings: Any,
    tmp_path: Path,
    alice: MemberProfile,
    bob: MemberProfile,
    charlie: MemberProfile,
    dina: User,
    emil: User,
    sam: User,
) -> SecurityWorld:
    """The security world (tests/security/world.py), its files stored in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_security_world(alice=alice, bob=bob, charlie=charlie, dina=dina, emil=emil, sam=sam)
