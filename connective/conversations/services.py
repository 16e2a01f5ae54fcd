"""Writes of conversations: starting one, sending a message in one, choosing whom one accepts
messages from, and asking the people behind a practice a question.

A conversation's messages are discussion posts (discussions.services does the writing: numbers,
files checked by content, read marks); these services decide who may write and record what
happened as `ConversationEvent`s, which the notification pipeline hears after commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from connective.accounts.models import User
from connective.conversations.access import (
    PARTICIPANTS_MAX,
    accepts_message,
    may_send_messages,
)
from connective.conversations.choices import ConversationEvent, MessagePolicy
from connective.conversations.models import MessagePreference, PracticeThread
from connective.core.errors import NotAllowed
from connective.core.events import record_event
from connective.core.text import excerpt
from connective.discussions.models import Post, Thread
from connective.discussions.services import post_reply, thread_start
from connective.members.models import MemberProfile
from connective.members.roles import viewer_for
from connective.practices.models import Practice
from connective.spaces.choices import SpaceAccess, SpaceKind
from connective.spaces.models import Membership, Space

SUBJECT_MAX = 120


def _subject(subject: str, body: str) -> str:
    subject = " ".join((subject or "").split())
    if len(subject) > SUBJECT_MAX:
        raise ValidationError(
            {"subject": _("The subject is longer than %(max)d characters.") % {"max": SUBJECT_MAX}}
        )
    return subject or excerpt(body, 60) or _("Conversation")


def _existing_pair(actor: User, other: MemberProfile) -> Thread | None:
    """The one-to-one conversation these two already have, if any (a new message goes there)."""
    spaces = (
        Space.objects.filter(kind=SpaceKind.CONVERSATION)
        .filter(pk__in=Membership.objects.filter(user_id=actor.pk).values("space_id"))
        .filter(pk__in=Membership.objects.filter(user_id=other.user_id).values("space_id"))
        .annotate(people=Count("memberships", distinct=True))
        .filter(people=2)
        .values("pk")
    )
    return Thread.objects.unscoped().filter(space__in=spaces).select_related("space").first()


@transaction.atomic
def conversation_start(
    *,
    actor: User,
    recipients: Sequence[MemberProfile],
    body: str,
    subject: str = "",
    files: Sequence[UploadedFile] = (),
) -> Thread:
    """Start a conversation with one or a few members (at most 8 people in all); a message to
    someone the actor already has a one-to-one conversation with goes into it. Each recipient
    must accept messages from the actor (`access.accepts_message`); a refusal names the member
    and says no more. Returns the conversation's thread."""
    viewer = viewer_for(actor)
    if not may_send_messages(viewer):
        raise NotAllowed(_("Only members send direct messages."))
    people = {profile.user_id: profile for profile in recipients if profile.user_id != actor.pk}
    if not people:
        raise ValidationError({"to": _("Choose at least one member to write to.")})
    if len(people) + 1 > PARTICIPANTS_MAX:
        raise ValidationError(
            {"to": _("A conversation has at most %(max)d people, you included.") % {"max": PARTICIPANTS_MAX}}
        )
    for profile in people.values():
        if not accepts_message(sender=viewer, recipient=profile):
            raise ValidationError(
                {"to": _("%(name)s does not accept messages from you.") % {"name": profile.user.full_name}}
            )
    if len(people) == 1:
        existing = _existing_pair(actor, next(iter(people.values())))
        if existing is not None:
            conversation_reply(actor=actor, thread=existing, body=body, files=files)
            return existing
    title = _subject(subject, body)
    space = Space.objects.create(
        slug=f"conversation-{uuid.uuid4().hex}",
        kind=SpaceKind.CONVERSATION,
        name=title[:160],
        access=SpaceAccess.CLOSED,
        region="",  # never a region: no coordinator reads it (spaces.scoping)
    )
    Membership.objects.bulk_create(
        [Membership(space=space, user_id=user_id) for user_id in sorted({actor.pk, *people})]
    )
    thread = thread_start(actor=actor, space=space, title=title, body=body, files=files)
    record_event(kind=ConversationEvent.STARTED, actor=actor, target=thread, participants=len(people) + 1)
    first = Post.objects.unscoped().get(thread=thread, number=1)
    record_event(kind=ConversationEvent.MESSAGE_SENT, actor=actor, target=first, thread=str(thread.public_id))
    return thread


@transaction.atomic
def conversation_reply(*, actor: User, thread: Thread, body: str, files: Sequence[UploadedFile] = ()) -> Post:
    """Send a message in a conversation the actor takes part in (whatever the others' settings
    now: who is in a conversation keeps talking)."""
    if (
        thread.space.kind != SpaceKind.CONVERSATION
        or not Membership.objects.filter(space_id=thread.space_id, user=actor).exists()
    ):
        raise NotAllowed(_("You do not take part in this conversation."))
    post = post_reply(actor=actor, thread=thread, body=body, files=files)
    record_event(kind=ConversationEvent.MESSAGE_SENT, actor=actor, target=post, thread=str(thread.public_id))
    return post


@transaction.atomic
def message_policy_set(*, actor: User, accepts: str) -> MessagePreference:
    """Choose whom one accepts new direct messages from."""
    if accepts not in MessagePolicy.values:
        raise ValidationError({"accepts": _("Choose whom you accept messages from.")})
    preference, _created = MessagePreference.objects.update_or_create(
        user=actor, defaults={"accepts": accepts}
    )
    record_event(kind=ConversationEvent.POLICY_CHANGED, actor=actor, target=preference, accepts=accepts)
    return preference


# -- questions under a practice --------------------------------------------------------------


def practice_people_ids(practice: Practice) -> set[int]:
    """The people behind a practice: its contacts and its authors (user ids)."""
    contacts = set(practice.contacts.values_list("user_id", flat=True))
    return contacts | set(practice.authors.values_list("pk", flat=True))


def may_ask(actor: User, practice: Practice) -> bool:
    """Members (and coordinators and staff) ask under a published practice; its people answer."""
    viewer = viewer_for(actor)
    if not practice.is_published or viewer.user_id is None:
        return False
    return viewer.can_see_members or actor.pk in practice_people_ids(practice)


def _network_space(practice: Practice) -> Space:
    space, _created = Space.objects.get_or_create(
        kind=SpaceKind.NETWORK,
        region=practice.region,
        defaults={
            "slug": f"{practice.region}-network",
            "name": practice.get_region_display(),
            "access": SpaceAccess.OPEN,
        },
    )
    return space


@transaction.atomic
def practice_question_ask(*, actor: User, practice: Practice, body: str) -> Post:
    """Ask (or answer, for its people) under a published practice: the first question opens the
    practice's discussion in its network's space, read by every member. Any member writes there,
    whatever their network (a guest write, decided here). Contacts and authors hear of questions;
    the asker hears of answers as the thread's follower."""
    if not may_ask(actor, practice):
        raise NotAllowed(_("Only members ask questions about a practice."))
    link = PracticeThread.objects.select_for_update().filter(practice=practice).first()
    if link is None:
        title = _("Questions about “%(title)s”") % {"title": practice.title}
        thread = thread_start(
            actor=actor, space=_network_space(practice), title=title[:200], body=body, guest=True
        )
        PracticeThread.objects.create(practice=practice, thread=thread)
        post = Post.objects.unscoped().get(thread=thread, number=1)
    else:
        thread = Thread.objects.unscoped().select_related("space").get(pk=link.thread_id)
        post = post_reply(actor=actor, thread=thread, body=body, guest=True)
    if actor.pk not in practice_people_ids(practice):
        record_event(
            kind=ConversationEvent.QUESTION_ASKED,
            actor=actor,
            target=post,
            practice=practice.slug,
            thread=str(thread.public_id),
        )
    return post
