"""Replies by email to a direct message or to a question under a practice (`connective.inbound`).

A message's notification mail carries a reply address signed for its recipient and the
conversation; a question's, for the practice's discussion. A reply arrives here as that member
and goes through the same service as the page's form: `conversation_reply` (they must still take
part) or `practice_question_ask` (the practice must still be published and readable).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from connective.conversations.access import conversation_get_for
from connective.conversations.models import PracticeThread
from connective.conversations.services import conversation_reply, practice_question_ask
from connective.inbound.registry import ReplyRefused, register_reply_target
from connective.members.roles import viewer_for

MESSAGE_TARGET = "message"
QUESTION_TARGET = "question"


def message_reply_by_email(
    *, user: Any, target_id: str, text: str, attachments: Sequence[UploadedFile]
) -> None:
    thread = conversation_get_for(viewer=viewer_for(user), public_id=uuid.UUID(target_id))
    conversation_reply(actor=user, thread=thread, body=text, files=attachments)


def question_reply_by_email(
    *, user: Any, target_id: str, text: str, attachments: Sequence[UploadedFile]
) -> None:
    from django.utils.translation import gettext as _

    link = (
        PracticeThread.objects.select_related("practice", "thread")
        .filter(thread__public_id=uuid.UUID(target_id))
        .first()
    )
    if link is None:
        raise ReplyRefused(_("You can no longer post there."))
    if attachments:
        raise ReplyRefused(_("Questions about a practice take text only: write your answer without files."))
    practice_question_ask(actor=user, practice=link.practice, body=text)


def register_reply_targets() -> None:
    register_reply_target(MESSAGE_TARGET, message_reply_by_email)
    register_reply_target(QUESTION_TARGET, question_reply_by_email)
