"""One search across the platform: practices (the library's own search), discussions (the
scoped discussion search: closed sections only for those who may read them; conversations
never) and, for those who may see members, people (the directory's search, with each field as
far as the viewer may see it). Each part keeps its owner's rules; this module only gathers."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import get_language

from connective.discussions.models import Thread
from connective.discussions.selectors import thread_search_for
from connective.members.roles import Viewer
from connective.members.selectors import MemberCard, member_card_for, member_list_for
from connective.practices.models import Practice
from connective.practices.search.selectors import SearchParams, practice_search

QUERY_MAX = 200
PER_SECTION = 5


@dataclass
class Everywhere:
    query: str
    practices: list[Practice] = field(default_factory=list)
    practice_total: int = 0
    practices_approximate: bool = False
    threads: list[Thread] = field(default_factory=list)
    # None: the viewer may not see members (the section is not shown).
    people: list[MemberCard] | None = None


def search_everywhere(*, viewer: Viewer, query: str) -> Everywhere:
    """The first results of each section for `query` (empty query: nothing searched)."""
    query = " ".join(query.split())[:QUERY_MAX]
    found = Everywhere(query=query)
    if not query:
        return found
    language = (get_language() or "en").split("-")[0]
    result = practice_search(SearchParams(query=query), ui_language=language, record=False)
    found.practices = list(result.practices[:PER_SECTION])
    found.practice_total = result.total
    found.practices_approximate = result.approximate
    found.threads = list(thread_search_for(viewer=viewer, query=query)[:PER_SECTION])
    if viewer.can_see_members:
        found.people = [
            member_card_for(viewer=viewer, profile=profile)
            for profile in member_list_for(viewer=viewer, query=query)[:PER_SECTION]
        ]
    return found
