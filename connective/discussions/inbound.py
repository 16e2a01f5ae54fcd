"""Replies by email to a discussion's notifications become posts (through `connective.inbound`).

The notification mail of a reply or a mention carries a reply address signed for its
recipient and the thread; a reply to it arrives here, as that member, and goes through
`post_reply` like the form: the same checks (they must still take part in the space, the
thread must be open) and the same notifications.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from connective.discussions.access import thread_get_for
from connective.discussions.services import post_reply
from connective.members.roles import viewer_for

REPLY_TARGET = "thread"


def thread_reply_by_email(
    *, user: Any, target_id: str, text: str, attachments: Sequence[UploadedFile]
) -> None:
    thread = thread_get_for(viewer=viewer_for(user), public_id=uuid.UUID(target_id))
    post_reply(actor=user, thread=thread, body=text, files=attachments)


def register_reply_target_for_threads() -> None:
    from connective.inbound.registry import register_reply_target

    register_reply_target(REPLY_TARGET, thread_reply_by_email)
