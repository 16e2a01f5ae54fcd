"""What the library tells people through the notification pipeline: coordinators that a
practice waits for their review, authors the review's decision (with the comment), and the
digest's section of new practices on a member's themes."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from connective.core.links import absolute_url
from connective.core.models import AuditEvent
from connective.core.text import excerpt
from connective.members.models import MemberProfile
from connective.members.roles import viewer_of_recipient
from connective.notifications.registry import (
    DigestItem,
    DigestSection,
    NotificationKind,
    Rendered,
    register_digest_section,
    register_kind,
    target_of,
)
from connective.practices.access import can_review_practice_in
from connective.practices.choices import PracticeEvent, PracticeStatus
from connective.practices.models import Practice, ReviewEvent
from connective.spaces.selectors import coordinators_of

# The most new practices one member's digest lists (the newest first).
DIGEST_PRACTICES = 10


def _practice(event: AuditEvent) -> Practice | None:
    return target_of(event, Practice)


def submitted_recipients(event: AuditEvent) -> list[int]:
    practice = _practice(event)
    if practice is None:
        return []
    return list(coordinators_of(region=practice.region).values_list("pk", flat=True))


def submitted_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    practice = _practice(event)
    if practice is None or not can_review_practice_in(viewer_of_recipient(recipient), practice.region):
        return None
    return Rendered(
        line=_("“%(title)s” waits for your review") % {"title": practice.title},
        link=absolute_url("practices:review", practice.slug),
        context={"practice": practice, "revision": event.data.get("revision"), "actor": event.actor},
        text_language=practice.language_id or "",
    )


def authors_recipients(event: AuditEvent) -> list[int]:
    """Every author who can still sign in: a deactivated co-author no longer reads the practice
    in review, so the reviewers' comment must not reach them either."""
    practice = _practice(event)
    if practice is None:
        return []
    return list(practice.authors.filter(is_active=True).exclude(email="").values_list("pk", flat=True))


def _review_comment(event: AuditEvent) -> Any:
    """The reviewers' comment, read only when a mail's template asks for it (the list does not)."""

    def comment() -> str:
        review = ReviewEvent.objects.filter(pk=event.data.get("review")).only("comment").first()
        return review.comment if review else ""

    return comment


_AUTHOR_LINES = {
    PracticeEvent.CHANGES_REQUESTED: gettext_lazy("Changes asked for “%(title)s”"),
    PracticeEvent.PUBLISHED: gettext_lazy("“%(title)s” is published"),
    PracticeEvent.DECLINED: gettext_lazy("“%(title)s” was not published"),
}


def authors_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    practice = _practice(event)
    if practice is None or recipient.pk not in {author.pk for author in practice.authors.all()}:
        return None
    if event.action == PracticeEvent.PUBLISHED and practice.status != PracticeStatus.PUBLISHED:
        return None
    return Rendered(
        line=str(_AUTHOR_LINES[PracticeEvent(event.action)]) % {"title": practice.title},
        link=absolute_url("practices:detail", practice.slug),
        context={"practice": practice, "comment": _review_comment(event)},
        text_language=practice.language_id or "",
    )


# -- the digest's section: new practices on the member's themes -------------------------------


def new_practices_batch(users: list[Any], since: dict[int, datetime]) -> dict[int, list[DigestItem]]:
    """For each of `users`, the practices first published since their `since` on a theme of their
    expertise (two queries for the whole batch, and one for the practices' themes)."""
    if not users or not since:
        return {}
    expertise: dict[int, set[int]] = defaultdict(set)
    rows = MemberProfile.expertise.through.objects.filter(
        memberprofile__user_id__in=[user.pk for user in users]
    ).values_list("memberprofile__user_id", "theme_id")
    for user_id, theme_id in rows:
        expertise[user_id].add(theme_id)
    if not expertise:
        return {}
    practices = list(
        Practice.objects.filter(status=PracticeStatus.PUBLISHED, first_published_at__gt=min(since.values()))
        .only("slug", "title", "summary", "language_id", "first_published_at")
        .order_by("-first_published_at", "-pk")[:500]
    )
    themes: dict[int, set[int]] = defaultdict(set)
    for practice_id, theme_id in Practice.themes.through.objects.filter(
        practice_id__in=[p.pk for p in practices]
    ).values_list("practice_id", "theme_id"):
        themes[practice_id].add(theme_id)
    result: dict[int, list[DigestItem]] = {}
    for user in users:
        mine = expertise.get(user.pk)
        start = since.get(user.pk)
        if not mine or start is None:
            continue
        items = [
            DigestItem(
                title=practice.title,
                link=absolute_url("practices:detail", practice.slug),
                summary=excerpt(practice.summary, 200),
                language=practice.language_id or "",
            )
            for practice in practices
            if practice.first_published_at
            and practice.first_published_at > start
            and themes[practice.pk] & mine
        ][:DIGEST_PRACTICES]
        if items:
            result[user.pk] = items
    return result


def new_practices(user: Any, since: datetime) -> list[DigestItem]:
    return new_practices_batch([user], {user.pk: since}).get(user.pk, [])


def register_notifications() -> None:
    register_kind(
        NotificationKind(
            kind=PracticeEvent.SUBMITTED,
            label=gettext_lazy("A practice of your network waits for your review"),
            recipients=submitted_recipients,
            render=submitted_render,
            template="practices/email/submitted",
            target_model=Practice,
            select_related=("language",),
        )
    )
    for kind, template, label in (
        (
            PracticeEvent.CHANGES_REQUESTED,
            "practices/email/changes_requested",
            gettext_lazy("Changes asked for a practice you wrote"),
        ),
        (
            PracticeEvent.PUBLISHED,
            "practices/email/published",
            gettext_lazy("A practice you wrote is published"),
        ),
        (
            PracticeEvent.DECLINED,
            "practices/email/declined",
            gettext_lazy("A practice you wrote was not published"),
        ),
    ):
        register_kind(
            NotificationKind(
                kind=kind,
                label=label,
                recipients=authors_recipients,
                render=authors_render,
                template=template,
                target_model=Practice,
                prefetch_related=("authors",),
            )
        )
    register_digest_section(
        DigestSection(
            key="practices.new_on_your_themes",
            title=gettext_lazy("New practices on your themes"),
            order=10,
            collect=new_practices,
            collect_batch=new_practices_batch,
        )
    )
