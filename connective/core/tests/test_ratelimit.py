"""Rate limits (connective/core/ratelimit.py): each limit bites, says when to try again, and
resets; a person is counted by account, a visitor by address; a forged X-Forwarded-For changes
nothing unless the site sits behind as many proxies of its own as TRUSTED_PROXY_COUNT says.

The windows follow `ratelimit.now`, which the tests move on instead of waiting.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.urls import reverse

from connective.accounts.models import User
from connective.core import ratelimit
from connective.members.models import MemberProfile

pytestmark = pytest.mark.django_db

LIMIT = 3


class Clock:
    def __init__(self) -> None:
        self.moment = 1_800_000_000.0  # the start of a window for every period below

    def __call__(self) -> float:
        return self.moment


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    moving = Clock()
    monkeypatch.setattr(ratelimit, "now", moving)
    return moving


@pytest.fixture
def low_limits(settings: Any) -> None:
    settings.RATE_LIMITS = dict.fromkeys(("search", "suggest", "invite", "post"), f"{LIMIT}/m")


# --- the rules, without a request -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count", "seconds"),
    [("60/m", 60, 60), ("30/10m", 30, 600), ("5/s", 5, 1), (" 2 / 3h ", 2, 10800), ("1/d", 1, 86400)],
)
def test_a_rate_reads_as_count_per_period(text: str, count: int, seconds: int) -> None:
    assert ratelimit.parse_rate(text) == ratelimit.Rate(count, seconds)


@pytest.mark.parametrize("text", ["", "60", "60/", "60/w", "0/m", "60/0m", "-1/m", "sixty/m", "60/m/ip"])
def test_a_malformed_rate_is_refused_with_its_name(text: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=r"RATE_LIMITS\['search'\] must read like 60/m"):
        ratelimit.parse_rate(text, scope="search")


def test_a_scope_without_a_rate_fails_when_the_view_is_decorated(settings: Any) -> None:
    settings.RATE_LIMITS = {"search": "60/m"}
    with pytest.raises(ImproperlyConfigured, match="no rate for the scope 'posting'"):
        ratelimit.rate_limited("posting")


def _request(remote: str = "203.0.113.7", forwarded: str | None = None) -> Any:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "10.0.0.2"),
        (0, "198.51.100.9", "10.0.0.2"),  # no proxy of ours: the header is the client's own words
        (1, None, "10.0.0.2"),
        (1, "198.51.100.9", "198.51.100.9"),
        (1, "1.2.3.4, 198.51.100.9", "198.51.100.9"),  # what the client wrote before it is not believed
        (2, "1.2.3.4, 198.51.100.9, 10.0.0.1", "198.51.100.9"),
        (2, "198.51.100.9", "198.51.100.9"),  # shorter than the proxies: the first, a proxy wrote it
        (1, "not an address", "10.0.0.2"),
        (1, " , ", "10.0.0.2"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_believes_forwarded_addresses_only_from_trusted_proxies(
    settings: Any, proxies: int, forwarded: str | None, expected: str
) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies
    assert ratelimit.client_ip(_request("10.0.0.2", forwarded)) == expected


def test_the_trusted_proxy_count_comes_from_the_environment_strictly(monkeypatch: pytest.MonkeyPatch) -> None:
    from config import env

    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "two")
    with pytest.raises(env.ConfigError, match="TRUSTED_PROXY_COUNT must be a whole number"):
        env.integer("TRUSTED_PROXY_COUNT", 0, minimum=0, maximum=10)


def test_counting_opens_a_new_window_when_the_period_ends(clock: Clock) -> None:
    rate = ratelimit.Rate(2, 60)
    verdicts = [ratelimit.rate_limit_hit(scope="t", key="k", rate=rate) for _ in range(3)]
    assert [v.allowed for v in verdicts] == [True, True, False]
    assert verdicts[-1].retry_after == 60
    clock.moment += 45
    assert ratelimit.rate_limit_hit(scope="t", key="k", rate=rate).retry_after == 15
    clock.moment += 15
    assert ratelimit.rate_limit_hit(scope="t", key="k", rate=rate).allowed
    assert ratelimit.rate_limit_hit(scope="t", key="other", rate=rate).allowed


def test_the_counters_hold_across_workers_in_redis(clock: Clock, settings: Any) -> None:
    """Two processes' caches on one Redis count together (production's shared cache)."""
    from django.core.cache.backends.redis import RedisCache

    prefix = f"connective-test-{uuid.uuid4().hex}"
    workers = [RedisCache("redis://127.0.0.1:6379/0", {"KEY_PREFIX": prefix}) for _ in range(2)]
    try:
        workers[0].get("ping")
    except Exception as error:  # any connection failure means no Redis here
        pytest.skip(f"no Redis on 127.0.0.1:6379 ({error})")
    rate = ratelimit.Rate(4, 60)
    allowed = []
    for turn in range(6):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(ratelimit, "cache", workers[turn % 2])
            allowed.append(ratelimit.rate_limit_hit(scope="redis", key="k", rate=rate).allowed)
    assert allowed == [True, True, True, True, False, False]
    workers[0].delete_many([f"ratelimit:redis:k:{int(clock.moment // 60)}"])


# --- every limited route ----------------------------------------------------------------------


@pytest.fixture
def space(alice: MemberProfile) -> Any:
    from connective.consultations.choices import InvitationStatus, RequestStatus
    from connective.consultations.tests.factories import (
        AdvisorFactory,
        ConsultationRequestFactory,
        InvitationFactory,
    )

    consultation = ConsultationRequestFactory.create(requester=alice, status=RequestStatus.IN_PROGRESS)
    InvitationFactory.create(
        request=consultation, advisor=AdvisorFactory.create(), status=InvitationStatus.ACCEPTED
    )
    return consultation


# Route -> (method, address, data, signed in as alice?)
ROUTES: dict[str, tuple[str, Callable[[Any], str], dict[str, Any], bool]] = {
    "library search": ("get", lambda s: reverse("practices:list") + "?q=water", {}, False),
    "library search, signed in": ("get", lambda s: reverse("practices:list") + "?q=water", {}, True),
    "directory search": ("get", lambda s: reverse("members:directory") + "?q=water", {}, True),
    "live suggestions": ("post", lambda s: reverse("consultations:suggest"), {"title": "Water losses"}, True),
    "invitation": (
        "post",
        lambda s: reverse("consultations:invite", args=[s.public_id]),
        {"advisor": "x"},
        True,
    ),
    "message": (
        "post",
        lambda s: reverse("consultations:message", args=[s.public_id]),
        {"body": "Hello"},
        True,
    ),
    "file": ("post", lambda s: reverse("consultations:upload", args=[s.public_id]), {}, True),
    "practice draft": (
        "post",
        lambda s: reverse("consultations:practice_draft", args=[s.public_id]),
        {},
        True,
    ),
    "new practice": ("post", lambda s: reverse("practices:create"), {"title": "x"}, True),
    "new request": ("post", lambda s: reverse("consultations:create"), {"title": "x"}, True),
}


@pytest.mark.parametrize("route", ROUTES)
def test_each_limited_route_refuses_past_its_rate_then_resets(
    route: str, low_limits: None, clock: Clock, alice: MemberProfile, space: Any
) -> None:
    method, address, data, signed_in = ROUTES[route]
    client = Client()
    if signed_in:
        client.force_login(alice.user)
    url = address(space)
    answers = [getattr(client, method)(url, data) for _ in range(LIMIT)]
    assert all(answer.status_code != 429 for answer in answers), [a.status_code for a in answers]
    refused = getattr(client, method)(url, data)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Please try again in 60 seconds" in refused.content.decode()
    assert refused["Cache-Control"] == "private, no-store" if signed_in else True
    clock.moment += 60
    assert getattr(client, method)(url, data).status_code != 429


def test_a_refused_post_changes_nothing(
    low_limits: None, clock: Clock, alice: MemberProfile, space: Any
) -> None:
    from connective.consultations.models import ConsultationMessage

    client = Client()
    client.force_login(alice.user)
    url = reverse("consultations:message", args=[space.public_id])
    for number in range(LIMIT + 2):
        client.post(url, {"body": f"Message {number}"})
    assert ConsultationMessage.objects.filter(request=space).count() == LIMIT


def test_a_person_is_counted_by_account_not_by_address(
    low_limits: None, clock: Clock, alice: MemberProfile, bob: MemberProfile
) -> None:
    url = reverse("members:directory")
    first, second = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.1")
    first.force_login(alice.user)
    second.force_login(bob.user)
    for _ in range(LIMIT):
        first.get(url)
    assert first.get(url).status_code == 429
    assert second.get(url).status_code == 200
    # alice on another network is still alice.
    elsewhere = Client(REMOTE_ADDR="198.51.100.77")
    elsewhere.force_login(alice.user)
    assert elsewhere.get(url).status_code == 429


def test_a_forged_forwarded_address_does_not_escape_the_limit(
    low_limits: None, clock: Clock, settings: Any
) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    visitor = Client(REMOTE_ADDR="192.0.2.1")
    url = reverse("practices:list")
    statuses = [visitor.get(url, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(LIMIT + 3)]
    assert statuses == [200] * LIMIT + [429] * 3


def test_behind_a_trusted_proxy_each_client_has_its_own_count(
    low_limits: None, clock: Clock, settings: Any
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    url = reverse("practices:list")
    for _ in range(LIMIT):
        assert proxy.get(url, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert proxy.get(url, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    # A client that writes a false address first is still counted by the one the proxy saw.
    assert proxy.get(url, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1").status_code == 429
    assert proxy.get(url, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200


def test_the_refusal_speaks_the_members_language(
    low_limits: None, clock: Clock, alice: MemberProfile
) -> None:
    User.objects.filter(pk=alice.user.pk).update(preferred_language="fr")
    client = Client()
    client.force_login(alice.user)
    url = reverse("members:directory")
    for _ in range(LIMIT):
        client.get(url)
    refused = client.get(url)
    assert refused.status_code == 429
    html = refused.content.decode()
    assert 'lang="fr"' in html
    assert "Trop de demandes" in html
    assert "dans 60 secondes" in html


def test_htmx_gets_a_small_fragment_it_swaps_in(low_limits: None, clock: Clock, alice: MemberProfile) -> None:
    client = Client()
    client.force_login(alice.user)
    url = reverse("consultations:suggest")
    for _ in range(LIMIT):
        client.post(url, {"title": "Water"}, HTTP_HX_REQUEST="true")
    clock.moment += 50
    refused = client.post(url, {"title": "Water"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "10"
    assert refused["HX-Reswap"] == "innerHTML"
    html = refused.content.decode()
    assert "<html" not in html and 'role="alert"' in html
    assert "Please try again in 10 seconds" in html


def test_sign_up_is_limited_by_allauth_with_our_page(settings: Any, visitor: Client) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    url = reverse("account_signup")
    statuses = [
        visitor.post(url, {"email": "x"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(3)
    ]
    assert statuses[:2] == [200, 200]
    assert statuses[2] == 429
    refused = visitor.post(url, {"email": "x"})
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(ratelimit.allauth_retry_after())
    assert "Too many requests" in refused.content.decode()


def test_sign_in_failures_are_limited_by_address_whatever_it_forwards(
    settings: Any, visitor: Client, alice: MemberProfile
) -> None:
    """allauth refuses inside the form (its message), even for the right password by then."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "2/m/ip"}
    url = reverse("account_login")
    refusal = "Too many failed login attempts"
    for n in range(2):
        wrong = {"login": "alice@example.org", "password": f"wrong {n}"}
        assert refusal not in visitor.post(url, wrong, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").content.decode()
    third = visitor.post(
        url, {"login": "alice@example.org", "password": "wrong"}, HTTP_X_FORWARDED_FOR="203.0.113.99"
    )
    assert refusal in third.content.decode()


def test_the_default_limits_are_generous_for_a_real_person() -> None:
    from django.conf import settings

    rates = {scope: ratelimit.rate_for(scope) for scope in settings.RATE_LIMITS}
    per_minute = {scope: rate.count * 60 / rate.seconds for scope, rate in rates.items()}
    assert per_minute["search"] >= 30 and per_minute["suggest"] >= 60
    assert rates["post"].count >= 20 and rates["invite"].count >= 20
