"""Discussions: conversations members start in the spaces they belong to (a section, a network).

Every read of a thread or a post goes through `objects.for_viewer(viewer)` (spaces.scoping):
a closed section's discussions reach its members, its network's coordinators and staff only.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models

from connective.discussions.choices import ReportOutcome, SubscriptionState
from connective.spaces.models import Space
from connective.spaces.scoping import ScopedManager

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class Thread(models.Model):
    """A discussion: a question or a topic a member opens in a space, and the replies to it.

    Its opening text is its first post (number 1). `last_post_at` and `reply_count` are kept by
    the services so that lists sort and count without reading the posts. Moderators pin it (it
    stays at the top of its space), lock it (no more replies), move it to another space they
    moderate (`moved_from` remembers where it was) or hide it with a reason (then only the
    space's moderators, and its author, still see it).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(max_length=200)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The language the title and opening post are written in (core.text.guess_language), "" if unknown.
    language = models.CharField(max_length=12, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_post_at = models.DateTimeField()
    reply_count = models.PositiveIntegerField(default=0)
    pinned = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.TextField(blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moved_from = models.ForeignKey(Space, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager()
    space_path: ClassVar[str] = "space"

    class Meta:
        indexes = [
            models.Index(fields=["space", "-pinned", "-last_post_at", "-id"], name="thread_space_activity"),
            models.Index(fields=["-last_post_at", "-id"], name="thread_activity"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def post_count(self) -> int:
        return self.reply_count + 1


class Post(models.Model):
    """One contribution to a discussion, in Markdown (shown through the one sanitiser).

    `number` is its place in the thread (the opening post is 1), so a page of posts is a range
    of numbers, read by the index whatever the thread's length. Its author may edit it (each
    edit keeps the previous text as a `PostRevision`); a moderator may hide it with a reason,
    which its author is told.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    language = models.CharField(max_length=12, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.TextField(blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()
    space_path: ClassVar[str] = "thread__space"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "number"], name="post_thread_number")]
        indexes = [models.Index(fields=["author", "created_at"], name="post_author_created")]

    def __str__(self) -> str:
        return f"{self.thread_id} #{self.number}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class PostRevision(models.Model):
    """The text a post had before one of its edits: the history anyone who reads the post may
    open, so an edit never silently changes what others answered to."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_at = models.DateTimeField(auto_now_add=True)
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-edited_at", "-id"]

    def __str__(self) -> str:
        return f"{self.post_id} at {self.edited_at:%Y-%m-%d %H:%M}"


def attachment_path(instance: PostAttachment, filename: str) -> str:
    return f"discussions/{uuid.uuid4().hex}/{filename}"


class PostAttachment(models.Model):
    """A file or an image shared with a post: a PDF or an image, checked by its content (never by
    its name or the browser's word), at most 10 MB. Served only to who may read the post."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ThreadRead(models.Model):
    """How far a member has read a discussion: what makes it "unread" for them in the lists."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reads")
    last_read_at = models.DateTimeField()
    last_read_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="thread_read_user_thread")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.thread_id} to #{self.last_read_number}"


class ThreadSubscription(models.Model):
    """A member following a discussion (told of each reply) or muting it (told of nothing)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions")
    state = models.CharField(max_length=12, choices=SubscriptionState.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="thread_subscription_user_thread")
        ]
        indexes = [models.Index(fields=["thread", "state"], name="thread_subscription_state")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.state} {self.thread_id}"


class PostReport(models.Model):
    """A member telling the space's moderators that a post breaks the guidelines, with why.

    One report per member and post; it waits in the moderators' queue until one of them decides
    (`outcome`): hide the post, or nothing to do."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=ReportOutcome.choices, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="post_report_once")]
        indexes = [models.Index(fields=["resolved_at", "created_at"], name="post_report_open")]

    def __str__(self) -> str:
        return f"report on {self.post_id} by {self.reporter_id}"
