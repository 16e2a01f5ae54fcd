"""Every object URL tried by members with another member's identifier: each route of the URL
configuration that takes an id, slug or token, called with alice's objects by her peers, with
bob's own unshared pack by the others, and with each identifier's sequential neighbours (a UUID
one up and one down, a slug's number one up and one down) by all of them, by GET and POST.

A pack's `public_id` is its shared link: whoever holds it reads the pack (its title included),
by design; with the exact identifier, the shared page and PDF are left out of the sentinel check
(`LINKS`), their neighbours are not, and a POST with it still changes nothing.

No success: no answer carries a sentinel the persona may not read (tests/security/world.py), no
POST changes a table, no answer is a server error.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from connective.practices.packs.models import PracticePack
from tests.routes import NONE, PAGES, TARGETS, route_names
from tests.security.calls import call, changed_tables, database_snapshot
from tests.security.world import SENTINELS, SecurityWorld

pytestmark = pytest.mark.django_db

TRYING = ("alice", "bob", "charlie", "pending")
# Routes whose identifier is a link its owner hands out: holding it is being entitled to read.
LINKS = {"practices:pack_shared", "practices:pack_shared_pdf"}
# Routes whose exact token is a mail's one-click link that acts for its holder without a login
# (RFC 8058): with it, a POST turns the kind off, by design; a neighbour of it changes nothing.
ACTING_LINKS = {"notifications:unsubscribe"}
# Routes where a member acts on a peer's object by its exact identifier, by design: supporting a
# peer's proposal for their network's programme. A neighbour of it changes nothing.
SHARED_ACTIONS = {"networks:proposal_support"}
# Routes whose identifier is public and whose POST any member may make with it: a section's slug
# is on the sections list, and asking to join a closed section (or joining an open one) is what
# its page offers every member. Their answers are still read for sentinels.
OPEN_TO_MEMBERS = {"spaces:join"}


def neighbours(value: Any) -> list[str]:
    """The identifiers next to `value`: a UUID's integer plus and minus one, a slug's last number
    plus and minus one (slugs of the same title are numbered)."""
    text = str(value)
    try:
        number = uuid.UUID(text).int
        return [str(uuid.UUID(int=number + 1)), str(uuid.UUID(int=number - 1))]
    except ValueError:
        pass
    found = re.fullmatch(r"(.*?)(\d+)", text)
    if found is None:
        return []
    stem, digits = found.groups()
    return [f"{stem}{int(digits) + step}" for step in (1, -1) if int(digits) + step >= 0]


def attempts(sworld: SecurityWorld) -> Iterator[tuple[str, str, str, bool]]:
    """(route, path, persona, holds the link) for every try; the owner of an identifier never
    tries it."""
    world = sworld.world
    bobs_pack = PracticePack.objects.filter(owner=sworld.users["bob"]).exclude(pk=world.pack.pk).get()
    for name in sorted(route_names()):
        arguments = (PAGES.get(name) or TARGETS.get(name) or NONE)(world)
        if not arguments:
            continue
        for key, value in arguments.items():
            variants: list[tuple[Any, tuple[str, ...]]] = [(value, tuple(p for p in TRYING if p != "alice"))]
            variants += [(neighbour, TRYING) for neighbour in neighbours(value)]
            if key == "public_id" and name.startswith("practices:pack"):
                variants.append((bobs_pack.public_id, ("alice", "charlie", "pending")))
            for variant, personas in variants:
                try:
                    path = reverse(name, kwargs={**arguments, key: variant})
                except NoReverseMatch:  # a neighbour the route's converter refuses (a negative number)
                    continue
                for persona in personas:
                    yield name, path, persona, name in LINKS and variant == bobs_pack.public_id


def test_no_member_gets_anything_with_another_members_identifiers(sworld: SecurityWorld) -> None:
    wrong: list[str] = []
    tries = 0
    clients = {persona: sworld.client(persona) for persona in TRYING}
    exact_paths = {
        name: reverse(name, kwargs=(PAGES.get(name) or TARGETS.get(name) or NONE)(sworld.world))
        for name in ACTING_LINKS | SHARED_ACTIONS
    }
    for name, path, persona, holds_link in attempts(sworld):
        client = clients[persona]
        for method in ("GET", "POST"):
            before = database_snapshot() if method == "POST" else {}
            with transaction.atomic():
                answer = call(client, method, path)
                changed = changed_tables(before, database_snapshot()) if method == "POST" else []
                transaction.set_rollback(True)
            tries += 1
            leaked = [
                token
                for token, (_, entitled) in SENTINELS.items()
                if token in answer.text and persona not in entitled and not holds_link
            ]
            if (
                changed and name in ACTING_LINKS | SHARED_ACTIONS and path == exact_paths.get(name)
            ) or name in OPEN_TO_MEMBERS:
                changed = []
            if answer.status >= 500 or leaked or changed:
                wrong.append(f"{method} {path} ({name}) as {persona}: {answer.status}, {leaked=}, {changed=}")
            sworld.login(client, persona)
    print(f"object URLs: {tries} tries")
    assert tries >= 300, tries
    assert not wrong, "\n".join(wrong)
