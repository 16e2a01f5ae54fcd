"""Receiving a reply by email: verify it, keep its trace, post it as the member, or tell them why not.

`inbound_receive(raw)` is the one entry (the receiver's background task calls it). Whatever
happens, one `InboundMessage` row records it, and a refusal is logged with its reason, never
with the message's text. A refused reply from someone who is a member comes back to them in a
short mail saying why, with what they wrote, so nothing they typed is lost; a machine's mail
(an out-of-office, a bounce) and a second delivery of a posted reply get no answer.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from connective.core.events import record_event
from connective.core.mail import send_templated_mail
from connective.core.ratelimit import rate_limit_hit
from connective.inbound.addresses import BadToken, is_inbound_domain, kind_code, read_reply_address
from connective.inbound.choices import InboundEvent, InboundReason, InboundStatus
from connective.inbound.models import InboundMessage
from connective.inbound.parsing import (
    AttachmentRefused,
    attachments,
    body_text,
    is_automatic,
    message_key,
    reply_recipient,
    reply_text,
    sender_address,
)
from connective.inbound.registry import ReplyRefused, registered_kinds, reply_handler

logger = logging.getLogger(__name__)

# What the member reads when their reply was refused (the stored reason says it for staff).
EXPLANATIONS: dict[str, str | Promise] = {
    InboundReason.MALFORMED: _("We could not read your message."),
    InboundReason.NO_ADDRESS: _(
        "We could not tell what your message answers. Reply to the notification itself, or post on the site."
    ),
    InboundReason.BAD_TOKEN: _(
        "The address you wrote to is not one we gave you. Reply to the notification itself, or post on the site."
    ),
    InboundReason.UNKNOWN_KIND: _("This notification cannot be answered by email. Please post on the site."),
    InboundReason.UNKNOWN_USER: _(
        "The address you wrote to belongs to an account that no longer exists. Please post on the site."
    ),
    InboundReason.WRONG_SENDER: _(
        "The address you wrote to was made for another person, or for another of your addresses. "
        "Reply from the address the notification was sent to, or post on the site."
    ),
    InboundReason.EMPTY: _("Your reply was empty once the quoted message and your signature were left out."),
    InboundReason.TOO_LARGE: _("Attachments can be 10 MB each at most, and 10 in one reply."),
    InboundReason.FAILED: _(
        "Something went wrong on our side while posting your reply. Please post it on the site."
    ),
}
NOT_ALLOWED = _("You can no longer post there.")
# No answer to these: a machine wrote them, or the reply was already posted.
SILENT = frozenset({InboundReason.AUTO_REPLY, InboundReason.REPLAY})


@dataclass(frozen=True)
class InboundResult:
    status: InboundStatus
    reason: InboundReason
    record: InboundMessage

    @property
    def posted(self) -> bool:
        return self.status == InboundStatus.ACCEPTED


def member_for_address(address: str) -> Any:
    """The active member who owns `address` (a verified address, or their login), or None."""
    if not address:
        return None
    User = get_user_model()
    user = User.objects.filter(email__iexact=address, is_active=True).first()
    if user is not None:
        return user
    owned = EmailAddress.objects.filter(email__iexact=address, verified=True, user__is_active=True)
    found = owned.select_related("user").first()
    return found.user if found is not None else None


def address_belongs_to(user: Any, address: str) -> bool:
    if not address:
        return False
    if str(user.email).lower() == address:
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=address, verified=True).exists()


def _kind_for(code: str) -> str | None:
    return next((kind for kind in registered_kinds() if kind_code(kind) == code), None)


def inbound_receive(raw: bytes) -> InboundResult:
    """Post the reply in `raw` (a whole RFC 5322 message) as the member its address names.

    Rules, in order: mail a machine sent is ignored; the recipient must be a reply address
    whose signature holds for a registered kind and a member who still has an account; the
    From address must be one of theirs (their login or a verified address); a message already
    posted to that target is not posted again; the reply must say something once the quoted
    message and signature are left out; attachments are 10 MB each, 10 at most. Then the
    kind's handler posts it, as one transaction with this record.
    """
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        assert isinstance(message, EmailMessage)
        key = message_key(message, raw)
        sender = sender_address(message)
    except Exception:  # a message the email package cannot even read: keep its trace
        logger.warning("inbound message could not be parsed", exc_info=True)
        key = f"<{hashlib.sha256(raw).hexdigest()}@unreadable>"
        return _refuse(
            InboundReason.MALFORMED, message_id=key, sender="", user=None, kind="", target_id="", text=""
        )

    base: dict[str, Any] = {"message_id": key, "sender": sender, "user": None, "kind": "", "target_id": ""}
    if is_automatic(message):
        return _refuse(InboundReason.AUTO_REPLY, text="", **base)
    recipient = reply_recipient(message)
    if recipient is None:
        return _refuse(InboundReason.NO_ADDRESS, text=_text_for_bounce(message), **base)
    try:
        token = read_reply_address(recipient)
    except BadToken:
        return _refuse(InboundReason.BAD_TOKEN, text=_text_for_bounce(message), **base)
    kind = _kind_for(token.kind_code)
    if kind is None:
        return _refuse(InboundReason.UNKNOWN_KIND, text=_text_for_bounce(message), **base)
    if not token.matches_kind(kind):
        return _refuse(InboundReason.BAD_TOKEN, text=_text_for_bounce(message), **base)
    base.update(kind=kind, target_id=token.target_id)
    user = get_user_model().objects.filter(pk=token.user_id, is_active=True).first()
    if user is None or getattr(user, "erased_at", None):
        return _refuse(InboundReason.UNKNOWN_USER, text=_text_for_bounce(message), **base)
    if not address_belongs_to(user, sender):
        return _refuse(InboundReason.WRONG_SENDER, text=_text_for_bounce(message), **base)
    base["user"] = user
    if _already_posted(key, kind, token.target_id):
        return _refuse(InboundReason.REPLAY, text="", **base)
    text = reply_text(body_text(message))
    if not text:
        return _refuse(InboundReason.EMPTY, text="", **base)
    try:
        files = attachments(message)
    except AttachmentRefused as refusal:
        return _refuse(InboundReason.TOO_LARGE, text=text, detail=str(refusal), **base)

    handler = reply_handler(kind)
    assert handler is not None  # _kind_for found it registered
    body_hash = hashlib.sha256(text.encode()).hexdigest()
    try:
        with transaction.atomic():
            record = InboundMessage.objects.create(
                status=InboundStatus.ACCEPTED,
                message_id=key,
                body_hash=body_hash,
                user=user,
                sender=sender,
                target_kind=kind,
                target_id=token.target_id,
            )
            # In the member's language, so that a refusal the feature raises reads in it.
            with translation.override(getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE):
                handler(user=user, target_id=token.target_id, text=text, attachments=files)
            record_event(kind=InboundEvent.ACCEPTED, actor=user, target=record, target_kind=kind)
    except ReplyRefused as refusal:
        return _refuse(
            InboundReason.REFUSED, text=text, detail=str(refusal.message), explanation=refusal.message, **base
        )
    except ValidationError as invalid:
        # The feature's service refused the input as it would on its form (a file of the wrong
        # kind, a text too long): its words go back to the member.
        said = " ".join(str(message) for message in invalid.messages)
        return _refuse(InboundReason.REFUSED, text=text, detail=said, explanation=said, **base)
    except PermissionDenied as denied:
        said = str(denied) or str(NOT_ALLOWED)  # the feature's own words when it gave some
        return _refuse(InboundReason.REFUSED, text=text, detail=said, explanation=said, **base)
    except Http404:  # no word on what the member may not see
        return _refuse(InboundReason.REFUSED, text=text, detail="not found", explanation=NOT_ALLOWED, **base)
    except IntegrityError:
        if not _already_posted(key, kind, token.target_id):
            raise
        return _refuse(InboundReason.REPLAY, text="", **base)
    except Exception as error:
        logger.exception("inbound message for %s %s: the handler failed", kind, token.target_id)
        return _refuse(InboundReason.FAILED, text=text, detail=type(error).__name__, **base)
    logger.info("inbound message %s posted to %s %s", record.public_id, kind, token.target_id)
    return InboundResult(status=InboundStatus.ACCEPTED, reason=InboundReason.NONE, record=record)


def _already_posted(key: str, kind: str, target_id: str) -> bool:
    return InboundMessage.objects.filter(
        status=InboundStatus.ACCEPTED, message_id=key, target_kind=kind, target_id=target_id
    ).exists()


def _text_for_bounce(message: EmailMessage) -> str:
    try:
        return reply_text(body_text(message))
    except Exception:  # the text is a courtesy in the refusal mail; its absence must not stop it
        return ""


@transaction.atomic
def _refuse(
    reason: InboundReason,
    *,
    message_id: str,
    sender: str,
    user: Any,
    kind: str,
    target_id: str,
    text: str,
    detail: str = "",
    explanation: str | Promise | None = None,
) -> InboundResult:
    status = InboundStatus.IGNORED if reason == InboundReason.AUTO_REPLY else InboundStatus.REJECTED
    record = InboundMessage.objects.create(
        status=status,
        reason=reason,
        detail=detail[:300],
        message_id=message_id,
        body_hash=hashlib.sha256(text.encode()).hexdigest() if text else "",
        user=user,
        sender=sender[:254],
        target_kind=kind,
        target_id=target_id,
    )
    record_event(kind=InboundEvent.REJECTED, actor=user, target=record, reason=reason.value, target_kind=kind)
    logger.info("inbound message %s %s: %s", record.public_id, status, reason.value)
    if reason not in SILENT:
        _bounce(record=record, text=text, explanation=explanation or EXPLANATIONS.get(reason, ""))
    return InboundResult(status=status, reason=reason, record=record)


def _bounce(*, record: InboundMessage, text: str, explanation: str | Promise) -> None:
    """Tell the sender why their reply was not posted, if they are a member (a stranger's or a
    forger's address gets nothing: no backscatter), at most RATE_LIMITS["inbound_bounce"]."""
    sender = record.sender
    own_address = parseaddr(str(settings.DEFAULT_FROM_EMAIL))[1].lower()
    if not sender or is_inbound_domain(sender) or sender == own_address:
        return  # never answer ourselves: a loop
    member = member_for_address(sender)
    if member is None:
        return
    if not rate_limit_hit(scope="inbound_bounce", key=f"user:{member.pk}").allowed:
        logger.info("inbound message %s: refusal mail not sent (rate limit)", record.public_id)
        return
    send_templated_mail(
        to=[sender],
        template="inbound/mail/refused",
        context={"member": member, "explanation": explanation, "text": text},
        language=getattr(member, "preferred_language", "") or None,
    )
