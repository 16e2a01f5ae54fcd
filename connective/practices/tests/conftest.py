"""Fixtures the library's tests share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from connective.practices.models import Practice
from connective.practices.search.index import practice_changed
from connective.practices.tests.factories import PracticeFactory


@pytest.fixture
def publish(django_capture_on_commit_callbacks: Any) -> Callable[..., Practice]:
    """Make a practice (published unless told otherwise) and index it as the services would."""

    def make(**fields: Any) -> Practice:
        practice = PracticeFactory.create(**fields)
        with django_capture_on_commit_callbacks(execute=True):
            practice_changed(practice.pk)
        return practice

    return make
