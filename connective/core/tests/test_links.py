"""Where a form may send someone back to: only pages of this site."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from connective.core.links import local_target


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("/practices/?q=water", "/practices/?q=water"),
        ("http://testserver/members/", "http://testserver/members/"),
        ("abc", "/home/"),  # a bare word: redirect() would take it for a view's name
        ("//evil.example/", "/home/"),
        ("https://evil.example/", "/home/"),
        ("javascript:alert(1)", "/home/"),
        ("", "/home/"),
        (None, "/home/"),
    ],
)
def test_only_a_page_of_this_site_is_a_place_to_go_back_to(candidate: str | None, expected: str) -> None:
    request = RequestFactory().get("/")
    assert local_target(request, candidate, default="/home/") == expected
