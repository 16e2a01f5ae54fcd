"""Signed reply addresses, one per recipient and per thing they may answer.

    reply_address(user=amal, target_kind="thread", target_id="1b4e…") -> "reply+2s-k3x9-u5…-0c7…@reply.example.org"

The local part carries, in lowercase base 36 (mail servers may lowercase a local part, so the
token never relies on case), four fields joined by "-": the user's id, a four-character code
of the target kind, the target's id (a UUID or a whole number) and 64 bits of an HMAC over the
three (django.core.signing, with a salt of its own, so no other signature on the site can be
replayed as one of these). It names no one: no address, no name, only the database id, which
is useless without the site's secret. A changed character anywhere fails the check; a token
signed with a retired key (SECRET_KEY_FALLBACKS) still verifies, so rotating the secret does
not break the replies to mails already sent. The whole local part stays under 64 characters
(RFC 5321's limit).
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare

SALT = "connective.inbound.reply-address"
PREFIX = "reply+"
MAC_BYTES = 8
MAC_CHARS = 13  # 36**13 > 2**64
KIND_CHARS = 4
LOCAL_PART_LIMIT = 64
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_TOKEN = re.compile(r"([0-9a-z]{1,13})-([0-9a-z]{4})-([un][0-9a-z]{1,25})-([0-9a-z]{13})")


class BadToken(Exception):
    """The address is not one this site made (forged, altered, or not a reply address)."""


@dataclass(frozen=True)
class ReplyToken:
    user_id: int
    kind_code: str
    target_id: str
    mac: str

    def matches_kind(self, kind: str) -> bool:
        """Whether the MAC holds for `kind` (the token names its kind only by a short code)."""
        if kind_code(kind) != self.kind_code:
            return False
        message = _message(self.user_id, kind, self.target_id)
        return any(constant_time_compare(mac, self.mac) for mac in _macs(message))


def _b36(number: int) -> str:
    if number < 0:
        raise ValueError("base 36 of a negative number")
    digits = ""
    while True:
        number, rest = divmod(number, 36)
        digits = _DIGITS[rest] + digits
        if not number:
            return digits


def kind_code(kind: str) -> str:
    """Four base-36 characters standing for `kind` in an address."""
    number = int.from_bytes(hashlib.sha256(kind.encode()).digest()[:4], "big") % 36**KIND_CHARS
    return _b36(number).rjust(KIND_CHARS, "0")


def _encode_target(target_id: str) -> str:
    text = str(target_id).strip()
    if text.isdigit() and text.isascii():
        return "n" + _b36(int(text))
    try:
        return "u" + _b36(uuid.UUID(text).int)
    except ValueError:
        raise ValueError(
            f"A reply target is identified by a UUID or a whole number, not {target_id!r}"
        ) from None


def _decode_target(encoded: str) -> str:
    number = int(encoded[1:], 36)
    if encoded[0] == "n":
        return str(number)
    if number >= 1 << 128:
        raise BadToken("target out of range")
    return str(uuid.UUID(int=number))


def _message(user_id: int, kind: str, target_id: str) -> str:
    return f"{user_id}:{kind}:{target_id}"


def _macs(message: str) -> list[str]:
    """The MAC of `message` under the current key, then under each retired key."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    macs = []
    for key in keys:
        signature = signing.Signer(key=key, salt=SALT, algorithm="sha256").signature(message)
        digest = signing.b64_decode(signature.encode())[:MAC_BYTES]
        macs.append(_b36(int.from_bytes(digest, "big")).rjust(MAC_CHARS, "0"))
    return macs


def reply_address(*, user: Any, target_kind: str, target_id: str) -> str:
    """The address at which `user` (and only they) answers `target_kind` `target_id` by email."""
    target = _encode_target(target_id)
    canonical = _decode_target(target)
    mac = _macs(_message(int(user.pk), target_kind, canonical))[0]
    local = f"{PREFIX}{_b36(int(user.pk))}-{kind_code(target_kind)}-{target}-{mac}"
    if len(local) >= LOCAL_PART_LIMIT:  # only a user id beyond 36**7 could do this
        raise ValueError(f"reply address local part too long ({len(local)} characters)")
    return f"{local}@{settings.INBOUND_MAIL_DOMAIN}"


def is_inbound_address(address: str) -> bool:
    """Whether `address` is on our reply domain and looks like a reply address (not verified)."""
    local, _, domain = address.strip().strip("<>").rpartition("@")
    return domain.lower().rstrip(".") == settings.INBOUND_MAIL_DOMAIN and local.lower().startswith(PREFIX)


def is_inbound_domain(address: str) -> bool:
    _, _, domain = address.strip().strip("<>").rpartition("@")
    return domain.lower().rstrip(".") == settings.INBOUND_MAIL_DOMAIN


def read_reply_address(address: str) -> ReplyToken:
    """The fields of a reply address, with its MAC still to be checked against the kind
    (`ReplyToken.matches_kind`); raises BadToken when it is no reply address of ours."""
    if not is_inbound_address(address):
        raise BadToken("not a reply address")
    local = address.strip().strip("<>").rpartition("@")[0].lower()[len(PREFIX) :]
    match = _TOKEN.fullmatch(local)
    if not match:
        raise BadToken("malformed token")
    user_part, code, target_part, mac = match.groups()
    target_id = _decode_target(target_part)
    user_id = int(user_part, 36)
    return ReplyToken(
        user_id=user_id,
        kind_code=code,
        target_id=target_id,
        mac=mac,
    )
