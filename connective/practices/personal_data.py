"""What the library keeps about a person, declared to the registry (`core.personal_data`).

Practices are shared work: a published one stays, its co-authors and the revisions and review
steps a person made now name their pseudonym. A practice the person wrote alone and never
published is theirs only, and goes with the account. A person stops being a practice's contact
(no one can ask a deleted account). Packs are a reader's own and go.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from connective.core.personal_data import (
    Erasure,
    Part,
    Rows,
    keep_under_pseudonym,
    register,
    register_covered,
)


def _practice_row(practice: Any, *, roles: list[str]) -> dict[str, Any]:
    from connective.practices.models import CONTENT_FIELDS

    row: dict[str, Any] = {
        "slug": practice.slug,
        "your_role": roles,
        "status": practice.get_status_display(),
        "city": practice.city,
        "country": str(practice.country.name),
        "published_at": practice.published_at,
    }
    for name in CONTENT_FIELDS:
        row[name] = getattr(practice, name)
    return row


def _practices(user: Any) -> Rows:
    from connective.practices.models import Practice

    practices = (
        Practice.objects.filter(Q(authors=user) | Q(contacts__user=user) | Q(created_by=user))
        .distinct()
        .order_by("created_at", "id")
    )
    rows = []
    for practice in practices:
        roles = []
        if practice.authors.filter(pk=user.pk).exists():
            roles.append("author")
        if practice.contacts.filter(user=user).exists():
            roles.append("contact")
        if practice.created_by_id == user.pk:
            roles.append("created")
        rows.append(_practice_row(practice, roles=roles))
    return rows


def _practices_erase(user: Any) -> int:
    from connective.practices.choices import PracticeStatus
    from connective.practices.mapping import practice_rows_changed
    from connective.practices.models import Attachment, Practice
    from connective.practices.search.index import practices_changed

    touched = set(
        Practice.objects.filter(Q(authors=user) | Q(contacts__user=user)).values_list("pk", flat=True)
    )
    # Written alone and never published: the person's own draft, gone with them.
    alone = (
        Practice.objects.filter(authors=user, first_published_at__isnull=True)
        .exclude(status=PracticeStatus.PUBLISHED)
        .annotate(co_authors=Count("authors", distinct=True))
        .filter(co_authors=1)
    )
    files = [
        (attachment.file.storage, attachment.file.name)
        for attachment in Attachment.objects.filter(practice__in=alone)
        if attachment.file.name
    ]
    gone = set(alone.values_list("pk", flat=True))
    Practice.objects.filter(pk__in=gone).delete()
    for practice in Practice.objects.filter(contacts__user=user):
        practice.contacts.remove(*practice.contacts.filter(user=user))
    kept = sorted(touched - gone)

    def after() -> None:
        for storage, name in files:
            storage.delete(name)
        practice_rows_changed()
        practices_changed(kept)

    transaction.on_commit(after)
    return len(touched)


def _files(user: Any) -> list[tuple[str, FieldFile]]:
    from connective.practices.models import Attachment

    return [
        (attachment.original_name, attachment.file)
        for attachment in Attachment.objects.filter(uploaded_by=user).order_by("uploaded_at", "id")
        if attachment.file.name
    ]


def _attachments(user: Any) -> Rows:
    from connective.practices.models import Attachment

    return [
        {
            "practice": attachment.practice.slug,
            "title": attachment.title,
            "file_name": attachment.original_name,
            "content_type": attachment.content_type,
            "size": attachment.size,
            "uploaded_at": attachment.uploaded_at,
        }
        for attachment in Attachment.objects.filter(uploaded_by=user).select_related("practice")
    ]


def _reviews(user: Any) -> Rows:
    from connective.practices.models import PracticeRevision, ReviewEvent

    events = [
        {
            "kind": "review step",
            "practice": event.practice.slug,
            "action": event.get_action_display(),
            "comment": event.comment,
            "at": event.at,
        }
        for event in ReviewEvent.objects.filter(actor=user).select_related("practice").order_by("at", "id")
    ]
    revisions = [
        {
            "kind": "revision",
            "practice": revision.practice.slug,
            "number": revision.number,
            "state": revision.get_state_display(),
            "created_at": revision.created_at,
        }
        for revision in PracticeRevision.objects.filter(created_by=user).select_related("practice")
    ]
    return events + revisions


def _packs(user: Any) -> Rows:
    from connective.practices.packs.models import PracticePack

    return [
        {
            "title": pack.title,
            "created_at": pack.created_at,
            "updated_at": pack.updated_at,
            "practices": [item.practice.slug for item in pack.items.select_related("practice")],
        }
        for pack in PracticePack.objects.filter(owner=user).order_by("created_at", "id")
    ]


def _packs_erase(user: Any) -> int:
    from connective.practices.packs.models import PracticePack

    count, _rows = PracticePack.objects.filter(owner=user).delete()
    return count


def register_parts() -> None:
    from connective.practices.models import Attachment, Practice, PracticeRevision, ReviewEvent
    from connective.practices.packs.models import PracticePack, PracticePackItem

    register(
        Part(
            name="practices",
            models=(Practice,),
            what=_("Good practices you wrote or are a contact for"),
            why=_("To share what cities did and let members ask the people behind it"),
            kept=_(
                "Published practices stay in the library; when you delete your account, your name on them is replaced by a pseudonym and you are no longer their contact; drafts you wrote alone are deleted"
            ),
            seen_by=_(
                "Published practices: everyone, contacts: members only; drafts: their authors and the coordinators of their network"
            ),
            erasure=Erasure.PSEUDONYMISE,
            export=_practices,
            erase=_practices_erase,
            order=40,
        )
    )
    register(
        Part(
            name="practice_files",
            models=(Attachment,),
            what=_("Files you added to good practices"),
            why=_("To document a practice"),
            kept=_("As long as the practice; a file of a practice deleted with your account goes with it"),
            seen_by=_("Whoever may see the practice"),
            erasure=Erasure.PSEUDONYMISE,
            export=_attachments,
            erase=keep_under_pseudonym,
            files=_files,
            order=41,
        )
    )
    register(
        Part(
            name="practice_reviews",
            models=(PracticeRevision, ReviewEvent),
            what=_("Versions of practices you proposed and review steps you took, with your comments"),
            why=_("To keep each practice's history readable"),
            kept=_("As long as the practice, under a pseudonym once you delete your account"),
            seen_by=_("The practice's authors, the coordinators of its network and programme staff"),
            erasure=Erasure.PSEUDONYMISE,
            export=_reviews,
            erase=keep_under_pseudonym,
            order=42,
        )
    )
    register(
        Part(
            name="packs",
            models=(PracticePack,),
            what=_("Your packs: selections of practices you saved to print or share"),
            why=_("So you can come back to them"),
            kept=_("Until you delete them or your account"),
            seen_by=_("You, and whoever you give a pack's link to"),
            erasure=Erasure.DELETE,
            export=_packs,
            erase=_packs_erase,
            order=43,
        )
    )
    register_covered(PracticePackItem, reason="a pack's items: exported and deleted with the pack")
