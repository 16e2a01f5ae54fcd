from __future__ import annotations

import pytest

from connective.conversations.demo import demo_conversations
from connective.conversations.models import PracticeThread
from connective.discussions.models import Thread
from connective.members.tests.factories import MemberProfileFactory
from connective.practices.tests.factories import PracticeFactory
from connective.spaces.choices import SpaceKind

pytestmark = pytest.mark.django_db


def test_the_demo_writes_conversations_and_questions_once() -> None:
    for _n in range(3):
        MemberProfileFactory.create(country="TN")
        MemberProfileFactory.create(country="BA")
    PracticeFactory.create_batch(2)
    assert demo_conversations() == 7
    assert demo_conversations() == 0  # run again: nothing twice
    assert Thread.objects.unscoped().filter(space__kind=SpaceKind.CONVERSATION).count() == 2
    assert PracticeThread.objects.count() == 2
