"""Where a reply by email goes: each feature that mails a reply address registers its kind.

A feature that lets members answer a notification by email (a discussion thread, later a
consultation or an event) registers, from its `ready()`, a handler for its target kind:

    register_reply_target("thread", post_thread_reply)

and gives each recipient their own address with `reply_address(user=..., target_kind="thread",
target_id=str(thread.public_id))` (connective.inbound.addresses). When a reply arrives, the
verified text is handed over as

    handler(user=user, target_id="…", text="what the member typed", attachments=[UploadedFile, …])

The handler posts it through the feature's own service, as if the member had used the form:
the service checks that the member may still post there and checks every attachment by its
content, as it does for an upload through a page. When the member may no longer post (the
thread was locked, they left the section), the handler raises `ReplyRefused` with a sentence
the member can read; the reply is then stored as rejected and the member is told why. A `ValidationError` from the
feature's service (a file of a kind it does not take) or a `PermissionDenied` with a message
is told to them in its own words (the handler runs in the member's language); an `Http404`, or a
`PermissionDenied` without words, as "You can no longer post there."
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import Promise

KIND_PATTERN = re.compile(r"[a-z][a-z0-9_.]{0,39}")


class ReplyRefused(Exception):
    """The member may not post this reply there (any more). `message` is shown to them."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


class ReplyHandler(Protocol):
    def __call__(
        self, *, user: Any, target_id: str, text: str, attachments: Sequence[UploadedFile]
    ) -> None: ...


_handlers: dict[str, ReplyHandler] = {}


def register_reply_target(kind: str, handler: ReplyHandler) -> None:
    """Let replies to addresses made for `kind` reach `handler` (re-registering replaces it).

    `kind` is a short lowercase word ("thread", "consultation"): it is part of the reply
    address, as a short code, so it must not change once addresses are out.
    """
    if not KIND_PATTERN.fullmatch(kind):
        raise ValueError(f"A reply target kind is a short lowercase word, not {kind!r}")
    from connective.inbound.addresses import kind_code

    code = kind_code(kind)
    for other in _handlers:
        if other != kind and kind_code(other) == code:
            raise ValueError(f"Reply target kinds {kind!r} and {other!r} share the code {code}: rename one")
    _handlers[kind] = handler


def unregister_reply_target(kind: str) -> None:
    """Forget `kind` (tests; a feature that is switched off)."""
    _handlers.pop(kind, None)


def reply_handler(kind: str) -> ReplyHandler | None:
    return _handlers.get(kind)


def registered_kinds() -> list[str]:
    return sorted(_handlers)
