"""A couple of demo conversations and questions under practices (fictional members, fictional
words), in Arabic, French and English, written through the services as members would write.

`seed_demo` calls `demo_conversations()` once the members and practices exist; a second run
writes nothing again."""

from __future__ import annotations

from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice

CONVERSATIONS = (
    (
        "mena",
        "Visite d'échange à Sfax",
        (
            "Bonjour ! Nous préparons une visite d'échange sur le tri des déchets. Pourriez-vous nous "
            "recevoir une journée en mars ?",
            "Avec plaisir. Le mardi convient le mieux : les équipes de collecte sont toutes là.",
        ),
    ),
    (
        "see",
        "Bus ticket revenue key",
        (
            "Hi! You mentioned the passenger-kilometre key for shared tickets. Could you share the agreement?",
            "Sure, I will send the template. The annex with the validator counts matters most.",
            "Thank you, that helps our council meeting next week.",
        ),
    ),
)

QUESTIONS = (
    "كم استغرق الأمر حتى رأيتم النتائج الأولى؟",
    "How did you finance the first year, before the savings showed?",
)


def _people(region: str, count: int) -> list[MemberProfile]:
    return list(
        MemberProfile.objects.filter(status=MembershipStatus.APPROVED, region=region, user__is_active=True)
        .select_related("user")
        .order_by("pk")[:count]
    )


def demo_conversations() -> int:
    """Write the demo conversations and questions; returns how many messages were written."""
    from connective.conversations.models import PracticeThread
    from connective.conversations.services import (
        conversation_reply,
        conversation_start,
        practice_question_ask,
    )
    from connective.discussions.models import Thread
    from connective.spaces.choices import SpaceKind

    written = 0
    for region, subject, messages in CONVERSATIONS:
        people = _people(region, 2)
        if len(people) < 2:
            continue
        if Thread.objects.unscoped().filter(space__kind=SpaceKind.CONVERSATION, title=subject).exists():
            continue
        thread = conversation_start(
            actor=people[0].user, recipients=[people[1]], subject=subject, body=messages[0]
        )
        written += 1
        for number, text in enumerate(messages[1:], start=1):
            conversation_reply(actor=people[number % 2].user, thread=thread, body=text)
            written += 1
    practices = Practice.objects.filter(status=PracticeStatus.PUBLISHED).order_by("pk")[: len(QUESTIONS)]
    askers = _people("mena", 3)
    for practice, question in zip(practices, QUESTIONS, strict=False):
        if not askers or PracticeThread.objects.filter(practice=practice).exists():
            continue
        asker = next(
            (p for p in askers if p.user_id not in set(practice.authors.values_list("pk", flat=True))), None
        )
        if asker is None:
            continue
        practice_question_ask(actor=asker.user, practice=practice, body=question)
        written += 1
    return written
