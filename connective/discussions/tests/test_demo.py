from __future__ import annotations

import pytest

from connective.discussions.demo import demo_discussions
from connective.discussions.models import Post, Thread
from connective.members.tests.factories import MemberProfileFactory

pytestmark = pytest.mark.django_db


def test_the_demo_writes_discussions_in_arabic_french_and_english_once() -> None:
    for _n in range(3):
        MemberProfileFactory.create(country="TN")
        MemberProfileFactory.create(country="BA")
    assert demo_discussions() == 8
    assert demo_discussions() == 0  # run again: nothing twice
    languages = set(Thread.objects.unscoped().values_list("language", flat=True))
    assert {"ar", "fr", "en"} <= languages | set(Post.objects.unscoped().values_list("language", flat=True))
