"""What discussions keep about a person, declared to the registry (`core.personal_data`).

What a member wrote (discussions they started, posts, earlier versions, files) is shared work:
it is in their data download and stays, under the pseudonym, when they delete their account, as
consultation messages do. What was only theirs (how far they read, what they follow or muted,
the reports they made) is deleted."""

from __future__ import annotations

from typing import Any

from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from connective.core.personal_data import Erasure, Part, Rows, keep_under_pseudonym, register


def _contributions(user: Any) -> Rows:
    from connective.discussions.models import Post, PostRevision, Thread

    rows: Rows = []
    for thread in (
        Thread.objects.unscoped().filter(author=user).select_related("space").order_by("created_at")
    ):
        rows.append(
            {
                "kind": "discussion",
                "id": str(thread.public_id),
                "space": thread.space.slug,
                "title": thread.title,
                "created": thread.created_at,
            }
        )
    for post in Post.objects.unscoped().filter(author=user).select_related("thread").order_by("created_at"):
        rows.append(
            {
                "kind": "post",
                "id": str(post.public_id),
                "discussion": str(post.thread.public_id),
                "text": post.body,
                "language": post.language,
                "created": post.created_at,
                "edited": post.edited_at,
                "hidden_reason": post.hidden_reason,
            }
        )
    for revision in PostRevision.objects.filter(editor=user).select_related("post").order_by("edited_at"):
        rows.append(
            {
                "kind": "earlier version",
                "post": str(revision.post.public_id),
                "text": revision.body,
                "replaced": revision.edited_at,
            }
        )
    return rows


def _attachments_rows(user: Any) -> Rows:
    from connective.discussions.models import PostAttachment

    return [
        {
            "id": str(item.public_id),
            "post": str(item.post.public_id),
            "name": item.original_name,
            "type": item.content_type,
            "size": item.size,
            "shared": item.created_at,
        }
        for item in PostAttachment.objects.filter(uploaded_by=user)
        .select_related("post")
        .order_by("created_at")
    ]


def _attachments(user: Any) -> list[tuple[str, FieldFile]]:
    from connective.discussions.models import PostAttachment

    return [
        (f"discussions/{item.public_id}-{item.original_name}", item.file)
        for item in PostAttachment.objects.filter(uploaded_by=user).order_by("created_at")
    ]


def _own(user: Any) -> Rows:
    from connective.discussions.models import PostReport, ThreadRead, ThreadSubscription

    rows: Rows = [
        {"kind": "read", "discussion": str(read.thread.public_id), "up_to_post": read.last_read_number,
         "at": read.last_read_at}
        for read in ThreadRead.objects.filter(user=user).select_related("thread")
    ]  # fmt: skip
    rows += [
        {"kind": sub.get_state_display(), "discussion": str(sub.thread.public_id), "since": sub.created_at}
        for sub in ThreadSubscription.objects.filter(user=user).select_related("thread")
    ]
    rows += [
        {"kind": "report", "post": str(report.post.public_id), "reason": report.reason,
         "at": report.created_at, "outcome": report.get_outcome_display()}
        for report in PostReport.objects.filter(reporter=user).select_related("post")
    ]  # fmt: skip
    return rows


def _own_erase(user: Any) -> int:
    from connective.discussions.models import PostReport, ThreadRead, ThreadSubscription

    total = 0
    for model in (ThreadRead, ThreadSubscription):
        deleted, _by_model = model.objects.filter(user=user).delete()
        total += deleted
    deleted, _by_model = PostReport.objects.filter(reporter=user).delete()
    return total + deleted


def register_parts() -> None:
    from connective.discussions.models import (
        Post,
        PostAttachment,
        PostReport,
        PostRevision,
        Thread,
        ThreadRead,
        ThreadSubscription,
    )

    register(
        Part(
            name="discussion_contributions",
            models=(Thread, Post, PostRevision),
            what=_(
                "What you wrote in discussions: the discussions you started, your posts and their earlier versions"
            ),
            why=_("So that everyone in the space can follow the conversation"),
            kept=_(
                "As long as the space keeps its discussions, under a pseudonym once you delete your account"
            ),
            seen_by=_(
                "Who may read the space: its members, the coordinators of its network and programme staff"
            ),
            erasure=Erasure.PSEUDONYMISE,
            export=_contributions,
            erase=keep_under_pseudonym,
            order=40,
        )
    )
    register(
        Part(
            name="discussion_files",
            models=(PostAttachment,),
            what=_("Files and images you shared in discussions"),
            why=_("So that everyone in the space can use them"),
            kept=_("As long as the post, under a pseudonym once you delete your account"),
            seen_by=_(
                "Who may read the space: its members, the coordinators of its network and programme staff"
            ),
            erasure=Erasure.PSEUDONYMISE,
            export=_attachments_rows,
            erase=keep_under_pseudonym,
            files=_attachments,
            order=41,
        )
    )
    register(
        Part(
            name="discussion_reading",
            models=(ThreadRead, ThreadSubscription, PostReport),
            what=_("Which discussions you read, follow or muted, and the posts you reported"),
            why=_("To mark what is new for you, tell you of replies, and let moderators act on reports"),
            kept=_("Until you change them; deleted with your account"),
            seen_by=_("You; your reports are read by the space's moderators"),
            erasure=Erasure.DELETE,
            export=_own,
            erase=_own_erase,
            order=42,
        )
    )
