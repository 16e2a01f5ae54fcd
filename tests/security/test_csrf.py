"""Every state-changing route refuses a request without a CSRF token: each route that answers a
POST with anything but 405 (collected from the URL configuration through the matrix's table), as
a persona entitled to use it, by POST, PUT and DELETE. The answer is 403 and nothing changes."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.routes import route_path
from tests.security.calls import call, changed_tables, database_snapshot
from tests.security.test_matrix import EXPECTED, expand
from tests.security.world import PERSONAS, SecurityWorld

pytestmark = pytest.mark.django_db

REFUSED = {"L", "403", "404", "405"}
# The one route that takes a POST without a CSRF token, and why: a mail client's one-click
# unsubscribe (RFC 8058) carries no token; the link's signed token is the proof, and a bad one
# changes nothing (connective/notifications/tests/test_mail.py).
CSRF_EXEMPT = {"notifications:unsubscribe": "one-click unsubscribe from a mail (RFC 8058)"}


def entitled_persona(name: str) -> str | None:
    """The first persona whose POST the matrix expects to be taken (not refused), if any."""
    for persona, expected in zip(PERSONAS, expand(EXPECTED[name][1]), strict=True):
        if expected.rstrip("*") not in REFUSED:
            return persona
    return None


def state_changing_routes() -> dict[str, str]:
    return {
        name: persona
        for name in sorted(EXPECTED)
        if name not in CSRF_EXEMPT and (persona := entitled_persona(name)) is not None
    }


def test_every_state_changing_route_refuses_a_request_without_a_csrf_token(sworld: SecurityWorld) -> None:
    routes = state_changing_routes()
    wrong: list[str] = []
    for name, persona in routes.items():
        path = route_path(name, sworld.world)
        client = sworld.client(persona, enforce_csrf_checks=True)
        for method in ("POST", "PUT", "DELETE"):
            before = database_snapshot()
            with transaction.atomic():
                answer = call(client, method, path, {"title": "x", "body": "x", "comment": "x"})
                changed = changed_tables(before, database_snapshot())
                transaction.set_rollback(True)
            if answer.status != 403 or changed:
                wrong.append(f"{method} {name} as {persona}: {answer.status}, changed {changed}")
    print(f"CSRF: {len(routes)} state-changing routes, {3 * len(routes)} requests")
    assert len(routes) >= 45, sorted(routes)
    assert not wrong, "\n".join(wrong)


def test_the_same_request_with_its_token_is_taken(sworld: SecurityWorld) -> None:
    """The check above can fail: with the token, the entitled persona's POST is not refused."""
    from django.middleware.csrf import get_token
    from django.test import RequestFactory

    client = sworld.client("alice", enforce_csrf_checks=True)
    request = RequestFactory().get("/")
    token = get_token(request)
    client.cookies["csrftoken"] = request.META["CSRF_COOKIE"]
    path = route_path("consultations:message", sworld.world)
    answer = call(client, "POST", path, {"body": "Thank you", "csrfmiddlewaretoken": token})
    assert answer.code == "R", answer.status
