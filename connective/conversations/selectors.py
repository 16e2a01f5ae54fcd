"""Reads of conversations, scoped to the viewer (spaces.scoping) and prefetched: the list and a
conversation read a fixed number of queries whatever the number of conversations and messages."""

from __future__ import annotations

from django.db.models import BooleanField, Case, F, Prefetch, QuerySet, Value, When

from connective.conversations.models import PracticeThread
from connective.core.home import Waiting
from connective.discussions.models import Thread
from connective.discussions.selectors import PostPage, _with_reading, page_count, thread_posts_page
from connective.members.roles import Viewer
from connective.practices.models import Practice
from connective.spaces.choices import SpaceKind
from connective.spaces.models import Membership


def conversation_list_for(*, viewer: Viewer) -> QuerySet[Thread]:
    """The viewer's conversations, unread first, then by their last message; each with
    `read_number`, `unread` and its participants (`space.people`, users loaded)."""
    if viewer.user_id is None:
        return Thread.objects.none()
    threads = (
        Thread.objects.for_viewer(viewer)
        .filter(space__kind=SpaceKind.CONVERSATION, space_id__in=list(viewer.memberships))
        .select_related("space")
        .prefetch_related(
            Prefetch(
                "space__memberships",
                queryset=Membership.objects.select_related("user").order_by("user__full_name", "user_id"),
                to_attr="people",
            )
        )
    )
    threads = _with_reading(threads, viewer).annotate(
        unread=Case(
            When(read_number__lt=F("reply_count") + 1, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    return threads.order_by("-unread", "-last_post_at", "-id")


def conversation_people(*, thread: Thread) -> list[Membership]:
    """Who takes part in a conversation (the access helper has checked the viewer does)."""
    return list(
        Membership.objects.filter(space_id=thread.space_id).select_related("user").order_by("user__full_name")
    )


def conversation_page(*, viewer: Viewer, thread: Thread, page: int | None) -> PostPage:
    """A page of messages; no page asked: the last one (the newest messages)."""
    return thread_posts_page(viewer=viewer, thread=thread, page=page or page_count(thread))


def practice_thread_for(*, viewer: Viewer, practice: Practice) -> Thread | None:
    """The discussion under a practice, if it has one and the viewer may read it."""
    links = PracticeThread.objects.filter(practice=practice).values("thread_id")
    thread: Thread | None = (
        Thread.objects.for_viewer(viewer)
        .filter(pk__in=links, hidden_at__isnull=True)
        .select_related("space")
        .first()
    )
    return thread


def unread_conversation_count(*, viewer: Viewer) -> int:
    """How many of the viewer's conversations hold a message they have not read (one query)."""
    if viewer.user_id is None or not viewer.memberships:
        return 0
    # `unread` is an annotation of conversation_list_for (django-stubs cannot see it).
    return conversation_list_for(viewer=viewer).filter(unread=True).count()  # type: ignore[misc]


def home_waiting(viewer: Viewer) -> list[Waiting]:
    """The home page's "waiting for you": conversations with a message the viewer has not read
    (no query for a viewer who takes part in none)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    count = unread_conversation_count(viewer=viewer)
    if not count:
        return []
    return [
        Waiting(
            label=_("conversations with unread messages"), count=count, url=reverse("conversations:index")
        )
    ]
