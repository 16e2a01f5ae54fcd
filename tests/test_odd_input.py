"""Odd input never makes a server error: every page of the catalogue (tests/routes.py), as a
visitor, a member and a coordinator, with every query parameter the pages read set to values
people and robots really send (superscript and Arabic-Indic digits, ids beyond 2⁶³, negative and
empty values, control characters, a bare word where an address is expected, markup, overlong
text). A page may refuse (400, 404) or ignore the value; it may not answer 500.

Also the two feeds-and-XML cases: a control character in a published title or summary.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client

from connective.accounts.models import User
from connective.members.models import MemberProfile
from tests.routes import build_world, page_paths

pytestmark = pytest.mark.django_db

# The names the pages' forms and links use for their query parameters.
PARAMETERS = (
    "q", "page", "next", "version", "sort", "theme", "language", "country", "region", "sdg",
    "member_type", "advise", "year_from", "year_to", "practice", "advisor", "status",
)  # fmt: skip
ODD_VALUES = (
    "²", "٣", "-1", "0", "9" * 25, "1e309", "", " ", "abc", "\x00", "\x1b[0m", "%", "'\"",
    "<script>alert(1)</script>", "../../etc/passwd", "javascript:alert(1)", "//evil.example",
    "x" * 5000, "ماء", "💧",
)  # fmt: skip


@pytest.mark.usefixtures("unlimited_rates")
def test_no_page_answers_odd_query_strings_with_a_server_error(alice: MemberProfile, dina: User) -> None:
    world = build_world(alice=alice)
    paths = page_paths(world)
    errors: list[str] = []
    asked = 0
    for persona in (None, alice.user, dina):
        client = Client(raise_request_exception=False)
        if persona is not None:
            client.force_login(persona)
        for path in paths:
            for value in ODD_VALUES:
                query = urlencode(dict.fromkeys(PARAMETERS, value))
                response = client.get(f"{path}?{query}")
                asked += 1
                if response.status_code >= 500:
                    errors.append(f"{persona or 'visitor'} {path} ?…={value[:20]!r}: {response.status_code}")
    assert len(paths) >= 45 and asked == 3 * len(paths) * len(ODD_VALUES), asked
    assert not errors, errors


def test_a_control_character_in_a_published_title_keeps_every_feed_up(visitor: Client) -> None:
    from django.urls import reverse

    from connective.practices.tests.factories import PracticeFactory

    PracticeFactory.create(title="Water\x0b kiosks\x01 in Amman", summary="Clean\x1f water.")
    for name, kwargs in (("practices:feed", {}), ("practices:feed_network", {"slug": "mena"})):
        response = visitor.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200
        assert "Water kiosks in Amman" in response.content.decode()
