"""Writes of discussions: starting one, replying, editing, following, reading, reporting, and
what moderators do (pin, lock, move, hide, resolve reports).

Every service checks who acts (spaces.access, through the actor's Viewer), changes the records in
one transaction and records a typed event (`DiscussionEvent`); the notification pipeline hears
of the events after commit and tells who should hear (discussions.notifications). No service
sends mail itself. `post_reply` takes only the author and the text (and files), so another
entry point (a reply by email) posts the same way the form does.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from connective.accounts.models import User
from connective.core.errors import NotAllowed
from connective.core.events import record_event
from connective.core.text import guess_language
from connective.discussions.access import may_see_post_text, may_see_thread
from connective.discussions.choices import DiscussionEvent, ReportOutcome, SubscriptionState
from connective.discussions.files import sniff_attachment
from connective.discussions.mentions import mentioned_slugs
from connective.discussions.models import (
    ATTACHMENT_MAX_BYTES,
    Post,
    PostAttachment,
    PostReport,
    PostRevision,
    Thread,
    ThreadRead,
    ThreadSubscription,
)
from connective.members.models import MemberProfile
from connective.members.roles import Viewer, viewer_for
from connective.spaces.access import can_moderate, can_take_part
from connective.spaces.models import Space

TITLE_MAX = 200
BODY_MAX = 20000
REASON_MAX = 2000
FILES_MAX = 5
# An author may correct their post for this long; after that, what others answered to stays.
EDIT_WINDOW = datetime.timedelta(days=30)
# The languages a discussion's text is guessed among, after the author's own.
_LANGUAGES = ["en", "fr", "ar", "pt", "es", "de"]


def _viewer(actor: User) -> Viewer:
    return viewer_for(actor)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def _language_of(text: str, author: User) -> str:
    own = (getattr(author, "preferred_language", "") or "").split("-")[0]
    candidates = [own] + [code for code in _LANGUAGES if code != own] if own else list(_LANGUAGES)
    return guess_language(text, candidates) or ""


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write something: the text is empty.")})
    if len(body) > BODY_MAX:
        raise ValidationError({"body": _("The text is longer than %(max)d characters.") % {"max": BODY_MAX}})
    return body


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, in a few words.")})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("The reason is longer than %(max)d characters.") % {"max": REASON_MAX}}
        )
    return reason


def _check_files(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str, str]]:
    """Every file checked before anything is written: one refused file refuses the post."""
    if len(files) > FILES_MAX:
        raise ValidationError({"attachments": _("At most %(max)d files with one post.") % {"max": FILES_MAX}})
    checked = []
    for uploaded in files:
        name = (uploaded.name or "file").replace("\\", "/").rsplit("/", 1)[-1][:200]
        size = uploaded.size or 0
        if size == 0:
            raise ValidationError({"attachments": _("The file “%(name)s” is empty.") % {"name": name}})
        if size > ATTACHMENT_MAX_BYTES:
            raise ValidationError(
                {"attachments": _("The file “%(name)s” is larger than 10 MB.") % {"name": name}}
            )
        sniffed = sniff_attachment(uploaded)
        if sniffed is None:
            raise ValidationError(
                {
                    "attachments": _(
                        "The file “%(name)s” is neither a PDF document nor an image (PNG, JPEG, GIF, WebP)."
                    )
                    % {"name": name}
                }
            )
        checked.append((uploaded, *sniffed))
    return checked


def _attach(post: Post, actor: User, checked: Iterable[tuple[UploadedFile, str, str]]) -> None:
    for uploaded, content_type, extension in checked:
        original = (uploaded.name or "file").replace("\\", "/").rsplit("/", 1)[-1][:200]
        stem = slugify(original.rsplit(".", 1)[0])[:60] or "file"
        item = PostAttachment(
            post=post,
            uploaded_by=actor,
            original_name=original,
            content_type=content_type,
            size=uploaded.size or 0,
        )
        item.file.save(f"{stem}{extension}", uploaded, save=False)
        item.save()
        record_event(kind=DiscussionEvent.ATTACHED, actor=actor, target=post, file=str(item.public_id))


def _mentions(post: Post) -> None:
    """Record who the post mentions (their user ids, for the notification's recipients, which
    keep only those who may read the space). The writer is never told who was found."""
    slugs = mentioned_slugs(post.body)
    if not slugs:
        return
    user_ids = list(
        MemberProfile.objects.filter(slug__in=slugs)
        .exclude(user_id=post.author_id)
        .values_list("user_id", flat=True)
    )
    if user_ids:
        record_event(
            kind=DiscussionEvent.MENTIONED,
            actor=post.author,
            target=post,
            thread=str(post.thread.public_id),
            mentioned=sorted(user_ids),
        )


def _subscribe(user: User, thread: Thread) -> None:
    """Follow the thread unless the member muted it (a mute is never undone by writing)."""
    ThreadSubscription.objects.get_or_create(
        user=user, thread=thread, defaults={"state": SubscriptionState.SUBSCRIBED}
    )


def _read_to(user: User, thread: Thread, number: int, at: datetime.datetime) -> None:
    ThreadRead.objects.update_or_create(
        user=user, thread=thread, defaults={"last_read_at": at, "last_read_number": number}
    )


@transaction.atomic
def thread_start(
    *,
    actor: User,
    space: Space,
    title: str,
    body: str,
    files: Sequence[UploadedFile] = (),
    guest: bool = False,
) -> Thread:
    """Open a discussion in a space the actor takes part in; its text is the first post. The
    author follows it from the start.

    `guest`: the caller has already decided, on its own rule, that the actor may write here
    without belonging to the space (any member asks a question under a practice, whatever
    their network); the space's own rule is then not asked."""
    _require(guest or can_take_part(_viewer(actor), space), _("You do not take part in this space."))
    title = " ".join((title or "").split())
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Give the discussion a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("The title is longer than %(max)d characters.") % {"max": TITLE_MAX}
    try:
        body = _clean_body(body)
    except ValidationError as error:
        errors["body"] = error.message_dict["body"][0]
    if errors:
        raise ValidationError(errors)
    checked = _check_files(files)
    now = timezone.now()
    language = _language_of(f"{title}\n{body}", actor)
    thread = Thread.objects.create(
        space=space, title=title, author=actor, language=language, last_post_at=now
    )
    post = Post.objects.create(thread=thread, number=1, author=actor, body=body, language=language)
    _attach(post, actor, checked)
    _subscribe(actor, thread)
    _read_to(actor, thread, 1, now)
    record_event(kind=DiscussionEvent.STARTED, actor=actor, target=thread, space=space.slug)
    _mentions(post)
    return thread


@transaction.atomic
def post_reply(
    *, actor: User, thread: Thread, body: str, files: Sequence[UploadedFile] = (), guest: bool = False
) -> Post:
    """Reply in a discussion: the actor must take part in its space, and it must not be locked
    or hidden. The author then follows the thread (unless they muted it). Any entry point (the
    form, a reply by email) calls this with the author and the text. `guest`: as for
    `thread_start` (the actor must still be able to read the thread)."""
    viewer = _viewer(actor)
    # The thread row is locked so that two replies at once take consecutive numbers.
    thread = Thread.objects.unscoped().select_for_update().select_related("space").get(pk=thread.pk)
    _require(
        may_see_thread(viewer, thread) and (guest or can_take_part(viewer, thread.space)),
        _("You do not take part in this space."),
    )
    if thread.locked:
        raise ValidationError({"body": _("This discussion is closed to new replies.")})
    if thread.hidden_at is not None:
        raise ValidationError({"body": _("This discussion is hidden; it takes no replies.")})
    body = _clean_body(body)
    checked = _check_files(files)
    now = timezone.now()
    number = thread.reply_count + 2
    post = Post.objects.create(
        thread=thread, number=number, author=actor, body=body, language=_language_of(body, actor)
    )
    _attach(post, actor, checked)
    thread.reply_count += 1
    thread.last_post_at = now
    thread.save(update_fields=["reply_count", "last_post_at"])
    _subscribe(actor, thread)
    _read_to(actor, thread, number, now)
    record_event(kind=DiscussionEvent.REPLIED, actor=actor, target=post, thread=str(thread.public_id))
    _mentions(post)
    return post


@transaction.atomic
def post_edit(*, actor: User, post: Post, body: str) -> Post:
    """The author corrects their post: within 30 days, not once hidden or the thread locked.
    The text before the edit is kept as a revision anyone who reads the post may open. Newly
    mentioned members hear of it; those mentioned before do not hear again."""
    _require(post.author_id == actor.pk, _("Only its author edits a post."))
    thread = post.thread
    if post.hidden_at is not None:
        raise ValidationError({"body": _("A hidden post cannot be edited.")})
    if thread.locked:
        raise ValidationError({"body": _("This discussion is closed: its posts stay as they are.")})
    if timezone.now() - post.created_at > EDIT_WINDOW:
        raise ValidationError({"body": _("A post can be edited for 30 days after it was written.")})
    body = _clean_body(body)
    if body == post.body:
        return post
    before = set(mentioned_slugs(post.body))
    PostRevision.objects.create(post=post, body=post.body, editor=actor)
    post.body = body
    post.language = _language_of(body, actor)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "language", "edited_at"])
    record_event(kind=DiscussionEvent.EDITED, actor=actor, target=post, thread=str(thread.public_id))
    new = [slug for slug in mentioned_slugs(body) if slug not in before]
    if new:
        user_ids = list(
            MemberProfile.objects.filter(slug__in=new)
            .exclude(user_id=actor.pk)
            .values_list("user_id", flat=True)
        )
        if user_ids:
            record_event(
                kind=DiscussionEvent.MENTIONED,
                actor=actor,
                target=post,
                thread=str(thread.public_id),
                mentioned=sorted(user_ids),
            )
    return post


@transaction.atomic
def thread_follow(*, actor: User, thread: Thread, state: str | None) -> None:
    """Follow (`subscribed`), mute (`muted`) or go back to the default (None: no row)."""
    _require(may_see_thread(_viewer(actor), thread), _("You cannot read this discussion."))
    if state is None:
        ThreadSubscription.objects.filter(user=actor, thread=thread).delete()
        return
    if state not in SubscriptionState.values:
        raise ValidationError({"state": _("Choose to follow or to mute the discussion.")})
    ThreadSubscription.objects.update_or_create(user=actor, thread=thread, defaults={"state": state})
    kind = DiscussionEvent.SUBSCRIBED if state == SubscriptionState.SUBSCRIBED else DiscussionEvent.MUTED
    record_event(kind=kind, actor=actor, target=thread)


def thread_mark_read(*, actor: User, thread: Thread, number: int) -> None:
    """The actor has read the thread up to post `number` (never moves backwards)."""
    if actor.pk is None:
        return
    updated = ThreadRead.objects.filter(user=actor, thread=thread, last_read_number__lt=number).update(
        last_read_at=timezone.now(), last_read_number=number
    )
    if not updated:  # never read, or read further already (get_or_create copes with a race)
        ThreadRead.objects.get_or_create(
            user=actor, thread=thread, defaults={"last_read_at": timezone.now(), "last_read_number": number}
        )


# -- moderation -----------------------------------------------------------------------------


def _moderator(actor: User, space: Space) -> None:
    _require(can_moderate(_viewer(actor), space), _("Only the moderators of this space may do this."))


def _thread_flag_set(
    *, actor: User, thread: Thread, field: str, value: bool, on: DiscussionEvent, off: DiscussionEvent
) -> Thread:
    """Set a moderator's flag of a discussion (pinned, locked); an event only when it changes."""
    _moderator(actor, thread.space)
    if getattr(thread, field) != value:
        setattr(thread, field, value)
        thread.save(update_fields=[field])
        record_event(kind=on if value else off, actor=actor, target=thread)
    return thread


@transaction.atomic
def thread_pin(*, actor: User, thread: Thread, pinned: bool) -> Thread:
    """Keep a discussion at the top of its space (or let it sort by activity again)."""
    return _thread_flag_set(
        actor=actor, thread=thread, field="pinned", value=pinned,
        on=DiscussionEvent.PINNED, off=DiscussionEvent.UNPINNED,
    )  # fmt: skip


@transaction.atomic
def thread_lock(*, actor: User, thread: Thread, locked: bool) -> Thread:
    """Close a discussion to new replies and edits (or open it again)."""
    return _thread_flag_set(
        actor=actor, thread=thread, field="locked", value=locked,
        on=DiscussionEvent.LOCKED, off=DiscussionEvent.UNLOCKED,
    )  # fmt: skip


@transaction.atomic
def thread_move(*, actor: User, thread: Thread, to_space: Space) -> Thread:
    """Move a discussion to another space; the actor must moderate both. Its followers who may
    not read the new space hear of it no more (the notifications check on delivery)."""
    viewer = _viewer(actor)
    _moderator(actor, thread.space)
    if to_space.pk == thread.space_id:
        raise ValidationError({"space": _("The discussion is already in this space.")})
    if to_space.archived_at is not None:
        raise ValidationError({"space": _("This space is archived: nothing can be moved into it.")})
    _require(can_moderate(viewer, to_space), _("You can only move a discussion to a space you moderate."))
    source = thread.space
    thread.moved_from = source
    thread.space = to_space
    thread.save(update_fields=["space", "moved_from"])
    record_event(kind=DiscussionEvent.MOVED, actor=actor, target=thread, source=source.slug, to=to_space.slug)
    return thread


@transaction.atomic
def thread_hide(*, actor: User, thread: Thread, reason: str) -> Thread:
    """Hide a discussion with a reason its author is told; only moderators and its author then
    see it."""
    _moderator(actor, thread.space)
    reason = _clean_reason(reason)
    if thread.hidden_at is not None:
        raise ValidationError({"reason": _("This discussion is already hidden.")})
    thread.hidden_at, thread.hidden_reason, thread.hidden_by = timezone.now(), reason, actor
    thread.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    record_event(kind=DiscussionEvent.THREAD_HIDDEN, actor=actor, target=thread)
    return thread


@transaction.atomic
def thread_unhide(*, actor: User, thread: Thread) -> Thread:
    _moderator(actor, thread.space)
    if thread.hidden_at is not None:
        thread.hidden_at, thread.hidden_reason, thread.hidden_by = None, "", None
        thread.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
        record_event(kind=DiscussionEvent.THREAD_UNHIDDEN, actor=actor, target=thread)
    return thread


@transaction.atomic
def post_hide(*, actor: User, post: Post, reason: str) -> Post:
    """Hide a post with a reason its author is told; its open reports are resolved with it."""
    _moderator(actor, post.thread.space)
    reason = _clean_reason(reason)
    if post.hidden_at is not None:
        raise ValidationError({"reason": _("This post is already hidden.")})
    now = timezone.now()
    post.hidden_at, post.hidden_reason, post.hidden_by = now, reason, actor
    post.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    PostReport.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=now, resolved_by=actor, outcome=ReportOutcome.HIDDEN
    )
    record_event(
        kind=DiscussionEvent.POST_HIDDEN, actor=actor, target=post, thread=str(post.thread.public_id)
    )
    return post


@transaction.atomic
def post_unhide(*, actor: User, post: Post) -> Post:
    _moderator(actor, post.thread.space)
    if post.hidden_at is not None:
        post.hidden_at, post.hidden_reason, post.hidden_by = None, "", None
        post.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
        record_event(kind=DiscussionEvent.POST_UNHIDDEN, actor=actor, target=post)
    return post


@transaction.atomic
def post_report(*, actor: User, post: Post, reason: str) -> PostReport:
    """Any member who may read a post tells its space's moderators it breaks the guidelines.
    A member reports a post once; their own posts they edit instead."""
    viewer = _viewer(actor)
    _require(
        viewer.is_member or viewer.is_staff or bool(viewer.coordinates),
        _("Only members can report a post."),
    )
    _require(
        may_see_thread(viewer, post.thread) and may_see_post_text(viewer, post),
        _("You cannot read this post."),
    )
    if post.author_id == actor.pk:
        raise ValidationError({"reason": _("This is your own post: edit it instead of reporting it.")})
    reason = _clean_reason(reason)
    if PostReport.objects.filter(post=post, reporter=actor).exists():
        raise ValidationError({"reason": _("You have already reported this post; the moderators have it.")})
    report = PostReport.objects.create(post=post, reporter=actor, reason=reason)
    record_event(
        kind=DiscussionEvent.REPORTED,
        actor=actor,
        target=report,
        post=str(post.public_id),
        space=post.thread.space.slug,
    )
    return report


@transaction.atomic
def report_resolve(*, actor: User, report: PostReport, outcome: str, reason: str = "") -> PostReport:
    """A moderator decides on a report: hide the post (with a reason its author is told) or
    nothing to do. Both close the report; hiding closes every open report on the post."""
    post = report.post
    _moderator(actor, post.thread.space)
    if report.resolved_at is not None:
        raise ValidationError({"outcome": _("This report has already been decided.")})
    if outcome == ReportOutcome.HIDDEN:
        if post.hidden_at is None:
            post_hide(actor=actor, post=post, reason=reason)
        report.refresh_from_db()
        if report.resolved_at is None:  # the post was hidden before: close this report too
            report.resolved_at, report.resolved_by, report.outcome = (
                timezone.now(),
                actor,
                ReportOutcome.HIDDEN,
            )
            report.save(update_fields=["resolved_at", "resolved_by", "outcome"])
    elif outcome == ReportOutcome.DISMISSED:
        report.resolved_at, report.resolved_by, report.outcome = (
            timezone.now(),
            actor,
            ReportOutcome.DISMISSED,
        )
        report.save(update_fields=["resolved_at", "resolved_by", "outcome"])
    else:
        raise ValidationError({"outcome": _("Choose to hide the post or that there is nothing to do.")})
    record_event(kind=DiscussionEvent.REPORT_RESOLVED, actor=actor, target=report, outcome=report.outcome)
    return report
