"""Reads about practices (search is in `practices.search`): related practices, one's own,
the coordinators' review queue, a practice's history. Every list is scoped and prefetched, so a
page costs the same number of queries at ten practices as at ten thousand.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects

from connective.accounts.models import User
from connective.members.models import MemberProfile
from connective.members.roles import Viewer
from connective.members.selectors import member_profiles_by_email
from connective.practices.choices import PracticeStatus, RevisionState
from connective.practices.models import CONTENT_FIELDS, Practice, PracticeRevision, ReviewEvent

# What an author still works on: a proposed edit of a published practice.
_OPEN_STATES = [RevisionState.DRAFT, RevisionState.IN_REVIEW, RevisionState.CHANGES_REQUESTED]


def related_practices(practice: Practice, limit: int = 4) -> list[Practice]:
    """Other published practices a reader of `practice` may want next, closest in meaning first.

    They are the practice's stored neighbours (`search.neighbours`, computed from the
    embeddings in the background): one query by key, whatever the size of the library. A
    practice not embedded yet (just published) gets the newest published practices sharing one
    of its themes, then of its region: each an index walk that stops at `limit`, never an
    aggregate over the library. Callers only rely on this signature.
    """
    fields = ("slug", "title", "city", "country", "summary", "language")
    published = Practice.objects.filter(status=PracticeStatus.PUBLISHED).exclude(pk=practice.pk).only(*fields)
    related = list(published.filter(neighbour_of__practice=practice).order_by("neighbour_of__rank")[:limit])
    if len(related) >= limit:
        return related
    theme_ids = [theme.pk for theme in practice.themes.all()]
    newest = published.exclude(pk__in=[p.pk for p in related]).order_by("-published_at", "-pk")
    if theme_ids:
        sharing = Practice.themes.through.objects.filter(theme_id__in=theme_ids).values("practice_id")
        related += list(newest.filter(pk__in=sharing)[: limit - len(related)])
    if len(related) < limit:
        taken = [p.pk for p in related]
        related += list(newest.filter(region=practice.region).exclude(pk__in=taken)[: limit - len(related)])
    return related


# The card fields `library_html.practice_cards` reads (themes are prefetched beside them).
_CARD_FIELDS = (
    "slug", "title", "summary", "city", "country", "period_start", "period_end",
    "language__code", "language__native_name",
)  # fmt: skip


@dataclass(frozen=True)
class HomePractices:
    """What the home page shows of the library: featured practices, then the newest others."""

    featured: list[Practice]
    newest: list[Practice]


def practice_list_for_home(*, featured: int = 3, newest: int = 3) -> HomePractices:
    """The newest featured published practices and the newest other published ones, with the
    fields of a library card: three queries (featured, newest, their themes), each an index walk
    on (status, published_at) that stops early, whatever the size of the library."""
    published = (
        Practice.objects.filter(status=PracticeStatus.PUBLISHED)
        .select_related("language")
        .only(*_CARD_FIELDS)
        .order_by("-published_at", "-pk")
    )
    chosen = list(published.filter(is_featured=True)[:featured])
    others = list(published.filter(is_featured=False)[:newest])
    prefetch_related_objects([*chosen, *others], "themes")
    return HomePractices(featured=chosen, newest=others)


def practice_count_in_review_mine(*, viewer: Viewer) -> int:
    """How many of the viewer's practices wait for a reviewer: new ones in review, and
    published ones whose proposed edit is in review. One query."""
    if not viewer.is_member or viewer.user_id is None:
        return 0
    edit_in_review = PracticeRevision.objects.filter(practice=OuterRef("pk"), state=RevisionState.IN_REVIEW)
    return (
        Practice.objects.filter(authors__id=viewer.user_id)
        .alias(has_edit=Exists(edit_in_review))
        .filter(Q(status=PracticeStatus.IN_REVIEW) | Q(status=PracticeStatus.PUBLISHED, has_edit=True))
        .count()
    )


def practice_list_mine(*, viewer: Viewer) -> QuerySet[Practice]:
    """The practices the viewer is an author of, each with its open edit (if any): two queries."""
    if viewer.user_id is None:
        return Practice.objects.none()
    return (
        Practice.objects.filter(authors__id=viewer.user_id)
        .prefetch_related(
            Prefetch(
                "revisions",
                queryset=PracticeRevision.objects.filter(state__in=_OPEN_STATES).only(
                    "pk", "practice_id", "number", "state", "updated_at"
                ),
                to_attr="open_revisions",
            )
        )
        .only("pk", "slug", "title", "language", "status", "city", "country", "updated_at", "published_at")
        .order_by("-updated_at", "-pk")
    )


@dataclass(frozen=True)
class QueueItem:
    """One thing waiting for a coordinator: a new practice, or the edit of a published one."""

    practice: Practice
    revision: PracticeRevision | None
    submitted_at: object


def practice_review_queue_for(*, viewer: Viewer) -> list[QueueItem]:
    """New practices and edits in review in the regions the viewer coordinates (all for staff),
    oldest first: two queries."""
    if not (viewer.is_staff or viewer.coordinates):
        return []
    rows = list(
        _review_queue(viewer)
        .prefetch_related(
            Prefetch(
                "revisions",
                queryset=PracticeRevision.objects.filter(state=RevisionState.IN_REVIEW),
                to_attr="revisions_in_review",
            )
        )
        .only("pk", "slug", "title", "language", "status", "city", "country", "region", "updated_at")
    )
    items = []
    for practice in rows:
        revisions = getattr(practice, "revisions_in_review", [])
        revision = revisions[0] if practice.status == PracticeStatus.PUBLISHED and revisions else None
        items.append(
            QueueItem(
                practice=practice,
                revision=revision,
                submitted_at=revision.updated_at if revision else practice.updated_at,
            )
        )
    return sorted(items, key=lambda item: item.submitted_at)  # type: ignore[arg-type,return-value]


def practice_review_queue_count_for(*, viewer: Viewer) -> int:
    """How many items `practice_review_queue_for` lists for the viewer: one query (none for a
    viewer who reviews nothing)."""
    if not (viewer.is_staff or viewer.coordinates):
        return 0
    return _review_queue(viewer).count()


def _review_queue(viewer: Viewer) -> QuerySet[Practice]:
    """New practices in review, and published ones with an edit in review, in the viewer's regions."""
    in_review_revision = PracticeRevision.objects.filter(
        practice=OuterRef("pk"), state=RevisionState.IN_REVIEW
    )
    practices = Practice.objects.alias(has_edit=Exists(in_review_revision)).filter(
        Q(status=PracticeStatus.IN_REVIEW) | Q(status=PracticeStatus.PUBLISHED, has_edit=True)
    )
    if not viewer.is_staff:
        practices = practices.filter(region__in=sorted(viewer.coordinates))
    return practices


@dataclass(frozen=True)
class PracticePeople:
    """A practice's co-authors (the editor aside) and contacts, as its editor may see them: the
    addresses they may see (as in the directory), and by id the people whose address they may
    not, to be named and kept without their address ever reaching the page."""

    co_author_emails: list[str]
    contact_emails: list[str]
    unseen_co_authors: dict[int, User]
    unseen_contacts: dict[int, MemberProfile]


def practice_people_for_editor(*, viewer: Viewer, practice: Practice) -> PracticePeople:
    co_authors = [user for user in practice.authors.all() if user.pk != viewer.user_id]
    contacts = list(practice.contacts.select_related("user"))
    seen = member_profiles_by_email(
        viewer=viewer, emails=[user.email for user in co_authors] + [p.user.email for p in contacts]
    )
    unseen_co_authors = {user.pk: user for user in co_authors if user.email.lower() not in seen}
    unseen_contacts = {p.pk: p for p in contacts if p.user.email.lower() not in seen}
    return PracticePeople(
        co_author_emails=[user.email for user in co_authors if user.pk not in unseen_co_authors],
        contact_emails=[p.user.email for p in contacts if p.pk not in unseen_contacts],
        unseen_co_authors=unseen_co_authors,
        unseen_contacts=unseen_contacts,
    )


def practice_published_versions(practice: Practice) -> QuerySet[PracticeRevision]:
    """The versions the public has seen, newest first."""
    return (
        practice.revisions.filter(state__in=[RevisionState.PUBLISHED, RevisionState.SUPERSEDED])
        .select_related("created_by")
        .order_by("-number")
    )


def practice_review_events(practice: Practice) -> QuerySet[ReviewEvent]:
    """Every step of the practice's review, newest first (for its authors and reviewers)."""
    return practice.review_events.select_related("actor", "revision").order_by("-at", "-id")


def practice_review_comments(practice: Practice) -> QuerySet[ReviewEvent]:
    """The reviewers' comments (asked for changes, declined), newest first."""
    return practice_review_events(practice).exclude(comment="")


def changed_fields(before: dict[str, object], after: dict[str, object]) -> list[str]:
    """The names of the fields that differ between two snapshots (for reviewers and history)."""
    names = [
        *CONTENT_FIELDS,
        "period_start",
        "period_end",
        "city",
        "country",
        "language",
        "themes",
        "sdgs",
        "links",
    ]
    return [name for name in names if before.get(name) != after.get(name)]
