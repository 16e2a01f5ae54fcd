"""Searching for a hidden word must not find who or what holds it.

A page can keep a coordinators-only bio, a network-only organisation, a pending declaration or a
practice in review out of sight and still give it away through search: "1 member matches
'pumping stations'" names bob to anyone who types the words of his hidden bio. Each persona not
entitled to a token (tests/security/world.py) searches the directory and the library for it; the
holder's link must not be in the answer. A control search by a visible word finds each holder, so
the probe can fail (and it does when charlie's organisation is opened to every member while the
world still calls it network-only). The directory searches names and, as far as the viewer may
see them, organisations and cities; bios are in no search today, and the probe keeps it so.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.security.calls import call
from tests.security.world import PERSONAS, SENTINELS, SecurityWorld

pytestmark = pytest.mark.django_db


def holders(sworld: SecurityWorld) -> dict[str, tuple[str, str, str]]:
    """Token -> (the search page, the holder's link in its results, a visible word that finds it)."""
    world = sworld.world
    directory = reverse("members:directory")
    library = reverse("practices:list")
    everywhere = reverse("search:index")
    bob, charlie = sworld.profiles["bob"], sworld.profiles["charlie"]
    declaration = world.declaration
    return {
        "Zyxhiddenbio": (directory, reverse("members:detail", args=[bob.slug]), bob.user.full_name),
        "Zyxnetworkorg": (directory, reverse("members:detail", args=[charlie.slug]), charlie.user.full_name),
        "Zyxpending": (
            directory,
            reverse("members:detail", args=[declaration.slug]),
            declaration.user.full_name,
        ),
        "Zyxdraft": (
            library,
            reverse("practices:detail", args=[world.in_review.slug]),
            world.in_review.title,
        ),
        # The one search box (/search/): a closed section's discussion is found by its readers
        # only; a direct message by nobody, not even its participants (conversations are in no
        # search).
        "Zyxthreadtitle": (
            everywhere,
            reverse("discussions:thread", args=[world.discussion.public_id]),
            "Sentinelle",
        ),
        "Zyxpostbody": (
            everywhere,
            reverse("discussions:thread", args=[world.discussion.public_id]),
            "Sentinelle",
        ),
        "Zyxdirectmessage": (
            everywhere,
            reverse("conversations:conversation", args=[world.conversation.public_id]),
            "Qalqilya",
        ),
    }


def test_searching_a_hidden_word_finds_nobody_who_holds_it(sworld: SecurityWorld) -> None:
    found_by_visible_word: set[str] = set()
    leaks: list[str] = []
    tried = 0
    for token, (page, link, visible) in holders(sworld).items():
        entitled = SENTINELS[token][1]
        for persona in PERSONAS:
            client = sworld.client(persona)
            if persona not in entitled:
                tried += 1
                answer = call(client, "GET", page, {"q": token})
                if link in answer.text:
                    leaks.append(f"{persona} searching {page} for {token} finds {link}")
            elif link in call(client, "GET", page, {"q": visible}).text:
                found_by_visible_word.add(token)
    print(f"search probe: {tried} searches for hidden words")
    assert not leaks, "\n".join(leaks)
    # The controls: someone entitled finds each member by a word they may see, and a published
    # practice's link shows in the library's results as the draft's would (pending declarations
    # and practices in review are in no search, even for who may open them).
    assert found_by_visible_word == {"Zyxhiddenbio", "Zyxnetworkorg", "Zyxthreadtitle", "Zyxpostbody"}, (
        found_by_visible_word
    )
    published = sworld.world.practice_en
    library = call(sworld.client("visitor"), "GET", reverse("practices:list"), {"q": published.title})
    assert reverse("practices:detail", args=[published.slug]) in library.text
