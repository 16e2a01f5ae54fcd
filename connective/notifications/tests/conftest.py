"""Fixtures of the notification tests: a real SMTP server (aiosmtpd) and a practice in review."""

from __future__ import annotations

from typing import Any

import pytest

from connective.core.tests.test_mail import Inbox, smtp  # noqa: F401  # the SMTP server fixture


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    """Run what waits for the commit (the subscribers, then the mails they queue)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def in_review(alice: Any, committed: Any) -> Any:
    from connective.practices.services import practice_create, practice_submit
    from connective.practices.tests.test_services import data

    practice = practice_create(actor=alice.user, data=data())
    return practice_submit(actor=alice.user, practice=practice)


__all__ = ["Inbox"]
