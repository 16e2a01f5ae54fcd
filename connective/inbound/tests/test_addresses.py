"""Reply addresses: signed per recipient and target, short, and still valid when lowercased."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from django.test import override_settings

from connective.inbound.addresses import (
    BadToken,
    kind_code,
    read_reply_address,
    reply_address,
)
from connective.inbound.registry import register_reply_target, unregister_reply_target

THREAD = "6f1c2d3e-4b5a-4789-9abc-def012345678"


def person(pk: int) -> SimpleNamespace:
    return SimpleNamespace(pk=pk)


@override_settings(INBOUND_MAIL_DOMAIN="reply.connective.test")
def test_an_address_round_trips_to_its_user_kind_and_target() -> None:
    address = reply_address(user=person(42), target_kind="thread", target_id=THREAD)
    assert address.endswith("@reply.connective.test")
    token = read_reply_address(address)
    assert (token.user_id, token.target_id) == (42, THREAD)
    assert token.matches_kind("thread")
    assert not token.matches_kind("consultation")


@override_settings(INBOUND_MAIL_DOMAIN="reply.connective.test")
def test_a_numeric_target_round_trips_too() -> None:
    token = read_reply_address(reply_address(user=person(7), target_kind="thread", target_id="1234567"))
    assert token.target_id == "1234567"
    assert token.matches_kind("thread")


@override_settings(INBOUND_MAIL_DOMAIN="reply.connective.test")
def test_a_lowercased_or_uppercased_address_still_verifies() -> None:
    address = reply_address(user=person(42), target_kind="thread", target_id=THREAD)
    assert address == address.lower()  # nothing in it depends on case
    assert read_reply_address(address.upper()).matches_kind("thread")


@override_settings(INBOUND_MAIL_DOMAIN="reply.connective.test")
def test_the_local_part_stays_under_64_characters_for_the_largest_ids() -> None:
    largest_uuid = str(uuid.UUID(int=(1 << 128) - 1))
    for pk in (1, 10**6, 36**7 - 1):
        local = reply_address(user=person(pk), target_kind="thread", target_id=largest_uuid).split("@")[0]
        assert len(local) < 64


@override_settings(INBOUND_MAIL_DOMAIN="reply.connective.test")
def test_an_address_carries_no_readable_personal_data() -> None:
    user = SimpleNamespace(pk=42, email="amal.haddad@zarqa.example", full_name="Amal Haddad")
    local = reply_address(user=user, target_kind="thread", target_id=THREAD).split("@")[0]
    assert "amal" not in local and "haddad" not in local and "zarqa" not in local


@override_settings(INBOUND_MAIL_DOMAIN="reply.connective.test")
def test_a_tampered_user_id_fails_the_check() -> None:
    address = reply_address(user=person(42), target_kind="thread", target_id=THREAD)
    local, domain = address.split("@")
    fields = local.removeprefix("reply+").split("-")
    fields[0] = "17"  # base 36 of 43, another user's id (42 is "16")
    token = read_reply_address(f"reply+{'-'.join(fields)}@{domain}")
    assert token.user_id == 43
    assert not token.matches_kind("thread")


@override_settings(INBOUND_MAIL_DOMAIN="reply.connective.test")
def test_a_changed_target_or_mac_fails_the_check() -> None:
    address = reply_address(user=person(42), target_kind="thread", target_id="1234567")
    other = reply_address(user=person(42), target_kind="thread", target_id="1234568")
    spliced = address.split("-")[:3] + other.split("-")[3:]
    assert not read_reply_address("-".join(spliced)).matches_kind("thread")
    local, domain = address.split("@")
    last = local[-1]
    flipped = f"{local[:-1]}{'0' if last != '0' else '1'}@{domain}"
    assert not read_reply_address(flipped).matches_kind("thread")


@override_settings(INBOUND_MAIL_DOMAIN="reply.connective.test")
def test_a_signature_made_with_another_secret_fails_and_a_retired_secret_still_verifies() -> None:
    with override_settings(SECRET_KEY="another site's secret " * 3):
        foreign = reply_address(user=person(42), target_kind="thread", target_id=THREAD)
    assert not read_reply_address(foreign).matches_kind("thread")
    with override_settings(
        SECRET_KEY="the new secret " * 4, SECRET_KEY_FALLBACKS=["another site's secret " * 3]
    ):
        assert read_reply_address(foreign).matches_kind("thread")


@override_settings(INBOUND_MAIL_DOMAIN="reply.connective.test")
@pytest.mark.parametrize(
    "address",
    [
        "someone@reply.connective.test",
        "reply+@reply.connective.test",
        "reply+zz-zzzz-u1-0000000000000@elsewhere.example",
        "reply+1-abcd-x1-0000000000000@reply.connective.test",
        "reply+1-abcd-u1-00000@reply.connective.test",
    ],
)
def test_anything_that_is_not_a_reply_address_of_ours_is_refused(address: str) -> None:
    with pytest.raises(BadToken):
        read_reply_address(address)


def test_a_target_must_be_a_uuid_or_a_number() -> None:
    with pytest.raises(ValueError, match="UUID or a whole number"):
        reply_address(user=person(1), target_kind="thread", target_id="a-slug")


def test_kinds_are_short_words_and_two_kinds_never_share_a_code() -> None:
    with pytest.raises(ValueError, match="short lowercase word"):
        register_reply_target("Thread Replies", lambda **kwargs: None)
    assert len(kind_code("thread")) == 4
    assert kind_code("thread") != kind_code("consultation")
    unregister_reply_target("never-registered")  # harmless
