"""Writes about good practices: drafting, the review workflow, featuring, attachments.

The rules, in plain words:

- Any approved member drafts a practice, alone or with co-authors (other approved members),
  and names the members to ask about it (the contacts; by default themselves).
- The authors submit it; the coordinators of the practice's network (the region of its
  country) publish it, ask for changes with a comment, or decline it with a comment.
- An edit to a published practice is a `PracticeRevision`: it goes through the same review
  while the published version stays online unchanged; publishing it copies it onto the row.
- An import (actor None) may create a practice straight as published, and updates a published
  practice in place as a new published version.
- Every change to what the public sees tells the search index, after commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from connective.accounts.models import User
from connective.core.errors import NotAllowed
from connective.core.events import record_event
from connective.core.models import Theme
from connective.core.regions import UnknownCountry, region_for_country
from connective.members.models import Language, MemberProfile
from connective.members.roles import Viewer, viewer_for
from connective.members.selectors import member_profiles_by_email
from connective.practices.access import (
    can_feature_practice_in,
    can_review_practice_in,
    can_write_practices,
    is_author,
)
from connective.practices.choices import (
    AttachmentKind,
    PracticeEvent,
    PracticeStatus,
    ReviewAction,
    RevisionState,
)
from connective.practices.mapping import locate
from connective.practices.models import (
    CONTENT_FIELDS,
    Attachment,
    Practice,
    PracticeRevision,
    ReviewEvent,
    SustainableDevelopmentGoal,
)

# The year fields accept this range; anything else is a typing mistake.
YEAR_MIN, YEAR_MAX = 1950, 2100
MAX_LINKS = 20
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
# Paths of the library's own pages, which a practice's slug must not take.
RESERVED_SLUGS = frozenset(
    {
        "new",
        "mine",
        "pack",
        "packs",
        "review",
        "map",
        "search",
        "feed",
        "feeds",
        "rss",
        "atom",
        "export",
        "sitemap",
        "pdf",
        "api",
    }
)
# Content an author may still change (the practice row itself, before publication).
EDITABLE_STATUSES = (PracticeStatus.DRAFT, PracticeStatus.CHANGES_REQUESTED)
# A revision the authors may still change.
OPEN_REVISION_STATES = (RevisionState.DRAFT, RevisionState.CHANGES_REQUESTED)


@dataclass
class PracticeData:
    """Everything an author writes about a practice (the form and imports fill it).

    `language` is a language code ("en"); `themes` are Theme objects or ids; `sdgs` are goal
    numbers 1-17; `links` are {"title": ..., "url": ...} dicts.
    """

    title: str
    summary: str
    city: str
    country: str
    language: str = "en"
    challenge: str = ""
    approach: str = ""
    results: str = ""
    lessons_learned: str = ""
    transfer_conditions: str = ""
    costs_and_financing: str = ""
    partners: str = ""
    period_start: int | None = None
    period_end: int | None = None
    themes: Iterable[Theme | int] = field(default_factory=list)
    sdgs: Iterable[int] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)

    @property
    def theme_ids(self) -> list[int]:
        return sorted({item.pk if isinstance(item, Theme) else int(item) for item in self.themes})

    @property
    def sdg_numbers(self) -> list[int]:
        return sorted({int(item) for item in self.sdgs})

    def snapshot(self) -> dict[str, Any]:
        """The JSON a revision stores (and `from_snapshot` reads back)."""
        data: dict[str, Any] = {name: getattr(self, name) for name in CONTENT_FIELDS}
        data.update(
            period_start=self.period_start,
            period_end=self.period_end,
            city=self.city,
            country=str(self.country).upper(),
            language=self.language,
            themes=self.theme_ids,
            sdgs=self.sdg_numbers,
            links=list(self.links),
        )
        return data

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> PracticeData:
        return cls(
            **{name: data.get(name, "") for name in CONTENT_FIELDS},
            period_start=data.get("period_start"),
            period_end=data.get("period_end"),
            city=data.get("city", ""),
            country=data.get("country", ""),
            language=data.get("language", "en"),
            themes=list(data.get("themes", [])),
            sdgs=list(data.get("sdgs", [])),
            links=list(data.get("links", [])),
        )

    @classmethod
    def from_practice(cls, practice: Practice) -> PracticeData:
        """What the row holds now (its themes and SDGs cost a query each unless prefetched)."""
        return cls(
            **{name: getattr(practice, name) for name in CONTENT_FIELDS},
            period_start=practice.period_start,
            period_end=practice.period_end,
            city=practice.city,
            country=str(practice.country),
            language=practice.language_id,
            themes=[theme.pk for theme in practice.themes.all()],
            sdgs=[goal.pk for goal in practice.sdgs.all()],
            links=list(practice.links or []),
        )


# -- validation --------------------------------------------------------------------------


def practice_data_validate(data: PracticeData) -> None:
    """Raise a ValidationError naming every field that is wrong; change nothing."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    data.title = (data.title or "").strip()
    data.summary = (data.summary or "").strip()
    data.city = (data.city or "").strip()
    if not data.title:
        add("title", _("Give the practice a title."))
    elif len(data.title) > 200:
        add("title", _("The title is too long: at most 200 characters."))
    if not data.summary:
        add("summary", _("Write a short summary of the practice."))
    elif len(data.summary) > 1000:
        add("summary", _("The summary is too long: at most 1,000 characters."))
    if not data.city:
        add("city", _("Name the city where the practice took place."))
    try:
        region_for_country(str(data.country or ""))
    except UnknownCountry:
        add("country", _("“%(country)s” is not a country code we know.") % {"country": data.country})
    if not Language.objects.filter(code=data.language).exists():
        add("language", _("“%(language)s” is not a language we know.") % {"language": data.language})
    for name in ("period_start", "period_end"):
        year = getattr(data, name)
        if year is not None and not YEAR_MIN <= int(year) <= YEAR_MAX:
            add(name, _("Give a year between %(min)s and %(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX})
    if data.period_start and data.period_end and data.period_end < data.period_start:
        add("period_end", _("The practice cannot end before it started."))
    try:
        theme_ids = data.theme_ids
    except (TypeError, ValueError):
        theme_ids = []
        add("themes", _("Themes must be given as themes or their ids."))
    if not theme_ids and "themes" not in errors:
        add("themes", _("Choose at least one theme."))
    elif theme_ids:
        known = set(Theme.active().filter(pk__in=theme_ids).values_list("pk", flat=True))
        if unknown := sorted(set(theme_ids) - known):
            add("themes", _("These themes do not exist or were merged: %(ids)s.") % {"ids": unknown})
    try:
        numbers = data.sdg_numbers
    except (TypeError, ValueError):
        numbers = []
        add("sdgs", _("SDGs must be given as numbers from 1 to 17."))
    if any(not 1 <= number <= 17 for number in numbers):
        add("sdgs", _("SDGs are numbered from 1 to 17."))
    _validate_links(data.links, add)
    if errors:
        raise ValidationError(errors)


def _validate_links(links: list[dict[str, str]], add: Any) -> None:
    if len(links) > MAX_LINKS:
        add("links", _("At most %(count)s links.") % {"count": MAX_LINKS})
    check = URLValidator(schemes=["http", "https"])
    for position, link in enumerate(links, start=1):
        url = str(link.get("url", "")).strip() if isinstance(link, dict) else ""
        try:
            check(url)
        except ValidationError:
            add("links", _("Link %(n)s is not a web address (http:// or https://).") % {"n": position})


# -- helpers -----------------------------------------------------------------------------


def _index_changed(practice: Practice) -> None:
    """Bring the practice's full-text entry (and the index's stamp) up to date in the service's
    own transaction, so that they commit with the change or not at all: written after the
    commit, a server killed in between left a published practice no search could find
    (tests/crash). The embedding and the vocabulary still follow after commit, in the background.
    Every caller has set the practice's relations (themes, goals) by the time it calls this."""
    from connective.practices.search.index import practice_changed

    practice_changed(practice.pk)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100].strip("-") or "practice"
    slug = base
    while slug in RESERVED_SLUGS or Practice.objects.filter(slug=slug).exists():
        slug = f"{base}-{uuid.uuid4().hex[:6]}"
    return slug


def _apply(practice: Practice, data: PracticeData) -> None:
    """Copy `data` onto the row (saved by the caller, then `_apply_relations`)."""
    for name in CONTENT_FIELDS:
        setattr(practice, name, getattr(data, name))
    practice.period_start = data.period_start
    practice.period_end = data.period_end
    location_changed = practice.city != data.city or str(practice.country) != str(data.country).upper()
    practice.city = data.city
    practice.country = str(data.country).upper()
    practice.region = region_for_country(str(data.country))
    practice.language_id = data.language
    practice.links = [
        {"title": str(link.get("title", "")).strip(), "url": str(link["url"]).strip()} for link in data.links
    ]
    if location_changed or practice.pk is None:
        practice.latitude, practice.longitude, practice.location_is_approximate = _locate(
            practice.city, str(practice.country)
        )


def _locate(city: str, country: str) -> tuple[float | None, float | None, bool]:
    """Where the practice goes on the map (the gazetteer; the country's centre if it lacks the city)."""
    try:
        found = locate(city, country)
    except UnknownCountry:
        return None, None, False
    return found.latitude, found.longitude, found.approximate


def _apply_relations(practice: Practice, data: PracticeData) -> None:
    practice.themes.set(data.theme_ids)
    practice.sdgs.set(SustainableDevelopmentGoal.objects.filter(pk__in=data.sdg_numbers))


def _members(
    items: Iterable[User | MemberProfile | str],
    *,
    field_name: str,
    viewer: Viewer | None,
    keep: Iterable[int] = (),
) -> list[MemberProfile]:
    """Approved members given as users, profiles or email addresses.

    An address names a member only if `viewer` may already see that member and their address
    (`members.selectors.member_profiles_by_email`), or the member is in `keep` (already named on
    this practice); `viewer` None is an import, trusted with every address. Every other address
    gets one answer, whether nobody, a pending applicant or a member who keeps their address from
    the viewer owns it, so the field cannot tell who is a member. A ValidationError on
    `field_name` names every address or person refused, changing nothing.
    """
    items = list(items)
    profiles = {item.pk: item for item in items if isinstance(item, MemberProfile)}
    user_ids = {item.pk for item in items if isinstance(item, User)}
    emails = {item.strip().lower() for item in items if isinstance(item, str) and item.strip()}
    if user_ids:
        for profile in MemberProfile.objects.select_related("user").filter(user_id__in=user_ids):
            profiles[profile.pk] = profile
    by_email = member_profiles_by_email(viewer=viewer, emails=emails, keep=keep)
    for profile in by_email.values():
        profiles[profile.pk] = profile
    found_users = {profile.user_id for profile in profiles.values()}
    wrong = sorted(emails - set(by_email))
    wrong += sorted(str(user_id) for user_id in user_ids - found_users)
    # Someone named by a tick (their address unseen) is named back by their name, never their address.
    wrong += sorted(
        profile.user.email if profile.user.email.lower() in emails else profile.user.full_name
        for profile in profiles.values()
        if not profile.is_approved
    )
    if wrong:
        raise ValidationError(
            {
                field_name: _(
                    "No approved member you can see in the directory has these addresses: %(people)s. "
                    "Check them, or ask the members to make their address visible to you."
                )
                % {"people": ", ".join(wrong)}
            }
        )
    return sorted(profiles.values(), key=lambda profile: profile.pk)


def _people(
    *,
    co_authors: Iterable[User | MemberProfile | str],
    contacts: Iterable[User | MemberProfile | str],
    viewer: Viewer | None,
    practice: Practice | None = None,
) -> tuple[list[User], list[MemberProfile]]:
    """Resolve co-authors (as users) and contacts (as profiles), as `viewer` may name them; the
    people already on `practice` stay nameable by the address its edit form shows."""
    keep: set[int] = set()
    if practice is not None:
        keep.update(practice.contacts.values_list("pk", flat=True))
        keep.update(
            MemberProfile.objects.filter(user__in=practice.authors.values("pk")).values_list("pk", flat=True)
        )
    authors = [
        profile.user for profile in _members(co_authors, field_name="co_authors", viewer=viewer, keep=keep)
    ]
    return authors, _members(contacts, field_name="contacts", viewer=viewer, keep=keep)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def practice_open_revision(practice: Practice) -> PracticeRevision | None:
    """The proposed edit of a published practice still being written or reviewed, if any."""
    return (
        practice.revisions.filter(
            state__in=[RevisionState.DRAFT, RevisionState.IN_REVIEW, RevisionState.CHANGES_REQUESTED]
        )
        .order_by("-number")
        .first()
    )


def _next_number(practice: Practice) -> int:
    current = practice.revisions.aggregate(top=Max("number"))["top"]
    return int(current or 0) + 1


def _published_revision(practice: Practice, *, actor: User | None, data: dict[str, Any]) -> PracticeRevision:
    """Record the version now public, superseding the one before it."""
    practice.revisions.filter(state=RevisionState.PUBLISHED).update(state=RevisionState.SUPERSEDED)
    return PracticeRevision.objects.create(
        practice=practice,
        number=_next_number(practice),
        state=RevisionState.PUBLISHED,
        data=data,
        created_by=actor,
    )


# -- drafting ----------------------------------------------------------------------------


@transaction.atomic
def practice_create(
    *,
    actor: User | None,
    data: PracticeData,
    co_authors: Iterable[User | MemberProfile | str] = (),
    contacts: Iterable[User | MemberProfile | str] = (),
    status: PracticeStatus = PracticeStatus.DRAFT,
    external_id: str | None = None,
) -> Practice:
    """Draft a practice (a member), or import one (actor None, possibly straight as published).

    The actor becomes an author and, unless others are named, the contact. Co-authors and
    contacts are approved members, given as users, profiles or email addresses.
    """
    if actor is not None:
        _require(can_write_practices(viewer_for(actor)), _("Only approved members write practices."))
        _require(status == PracticeStatus.DRAFT, _("A member's practice starts as a draft."))
    elif status not in (PracticeStatus.DRAFT, PracticeStatus.PUBLISHED):
        raise ValidationError(_("An import creates drafts or published practices only."))
    practice_data_validate(data)
    authors, contact_profiles = _people(
        co_authors=co_authors, contacts=contacts, viewer=viewer_for(actor) if actor is not None else None
    )
    if actor is not None:
        authors = [actor, *[user for user in authors if user.pk != actor.pk]]
        if not contact_profiles:
            contact_profiles = list(MemberProfile.objects.filter(user=actor))
    practice = Practice(slug=_unique_slug(data.title), external_id=external_id or None, created_by=actor)
    _apply(practice, data)
    practice.status = status
    if status == PracticeStatus.PUBLISHED:
        practice.published_at = practice.first_published_at = timezone.now()
        practice.version = 1
    practice.save()
    _apply_relations(practice, data)
    practice.authors.set(authors)
    practice.contacts.set(contact_profiles)
    if status == PracticeStatus.PUBLISHED:
        revision = _published_revision(practice, actor=actor, data=data.snapshot())
        ReviewEvent.objects.create(
            practice=practice, revision=revision, action=ReviewAction.PUBLISHED, actor=actor
        )
        _index_changed(practice)
    record_event(
        actor=actor, kind=PracticeEvent.CREATED, target=practice, status=status, external_id=external_id
    )
    return practice


@transaction.atomic
def practice_update(
    *,
    actor: User | None,
    practice: Practice,
    data: PracticeData,
    co_authors: Iterable[User | MemberProfile | str] | None = None,
    contacts: Iterable[User | MemberProfile | str] | None = None,
) -> Practice:
    """Change a practice's content.

    A draft (or one with changes requested) changes in place. A published practice keeps its
    public content: the edit goes into its open revision (made if none), to be reviewed. An
    import (actor None) changes a published practice in place as a new published version.
    Co-authors and contacts, when given, are replaced at once (they are not public content);
    the actor always stays an author.
    """
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if actor is not None:
        _require(
            is_author(viewer=viewer_for(actor), practice=practice),
            _("Only the authors of a practice edit it."),
        )
    practice_data_validate(data)
    people = (
        _people(
            co_authors=co_authors or (),
            contacts=contacts or (),
            viewer=viewer_for(actor) if actor is not None else None,
            practice=practice,
        )
        if co_authors is not None or contacts is not None
        else None
    )
    revision: PracticeRevision | None = None
    if practice.status in EDITABLE_STATUSES or (
        actor is None and practice.status != PracticeStatus.PUBLISHED
    ):
        _apply(practice, data)
        practice.save()
        _apply_relations(practice, data)
    elif practice.status == PracticeStatus.PUBLISHED and actor is None:
        _apply(practice, data)
        practice.version += 1
        practice.published_at = timezone.now()
        practice.save()
        _apply_relations(practice, data)
        revision = _published_revision(practice, actor=None, data=data.snapshot())
        ReviewEvent.objects.create(practice=practice, revision=revision, action=ReviewAction.PUBLISHED)
        _index_changed(practice)
    elif practice.status == PracticeStatus.PUBLISHED:
        revision = practice_open_revision(practice)
        if revision is not None and revision.state == RevisionState.IN_REVIEW:
            raise ValidationError(
                _("Your last edit is being reviewed; you can change it again once the coordinators decide.")
            )
        if revision is None:
            revision = PracticeRevision.objects.create(
                practice=practice, number=_next_number(practice), state=RevisionState.DRAFT, created_by=actor
            )
        revision.data = data.snapshot()
        revision.save(update_fields=["data", "updated_at"])
    elif practice.status == PracticeStatus.IN_REVIEW:
        raise ValidationError(
            _("This practice is being reviewed; you can change it again once the coordinators decide.")
        )
    else:
        raise ValidationError(_("A declined practice can no longer be changed."))
    if people is not None:
        authors, contact_profiles = people
        if actor is not None:
            authors = [actor, *[user for user in authors if user.pk != actor.pk]]
        if authors:
            practice.authors.set(authors)
        practice.contacts.set(contact_profiles)
    record_event(
        actor=actor,
        kind=PracticeEvent.UPDATED,
        target=practice,
        revision=revision.number if revision else None,
    )
    return practice


# -- review ------------------------------------------------------------------------------


@transaction.atomic
def practice_submit(*, actor: User, practice: Practice) -> Practice:
    """Send a draft (or the open edit of a published practice) to the network's coordinators."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    _require(
        is_author(viewer=viewer_for(actor), practice=practice),
        _("Only the authors of a practice submit it."),
    )
    revision: PracticeRevision | None = None
    if practice.status in EDITABLE_STATUSES:
        practice.status = PracticeStatus.IN_REVIEW
        practice.save(update_fields=["status", "updated_at"])
    elif practice.status == PracticeStatus.PUBLISHED:
        revision = practice_open_revision(practice)
        if revision is None or revision.state not in OPEN_REVISION_STATES:
            raise ValidationError(_("There is no edit waiting to be submitted."))
        revision.state = RevisionState.IN_REVIEW
        revision.save(update_fields=["state", "updated_at"])
    else:
        raise ValidationError(_("Only a draft or a practice with changes requested can be submitted."))
    ReviewEvent.objects.create(
        practice=practice, revision=revision, action=ReviewAction.SUBMITTED, actor=actor
    )
    record_event(
        actor=actor,
        kind=PracticeEvent.SUBMITTED,
        target=practice,
        revision=revision.number if revision else None,
    )
    return practice


def _in_review(practice: Practice) -> PracticeRevision | None:
    """The revision in review (None when the practice itself is); ValidationError if nothing is."""
    if practice.status == PracticeStatus.IN_REVIEW:
        return None
    if practice.status == PracticeStatus.PUBLISHED:
        revision = practice.revisions.filter(state=RevisionState.IN_REVIEW).order_by("-number").first()
        if revision is not None:
            return revision
    raise ValidationError(_("Nothing about this practice is waiting for review."))


def _reviewer(actor: User, practice: Practice) -> None:
    _require(
        can_review_practice_in(viewer_for(actor), practice.region),
        _("Only the coordinators of the practice's network review it."),
    )


def _comment(comment: str) -> str:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what the authors should know: the comment is required.")})
    return comment


@transaction.atomic
def practice_request_changes(*, actor: User, practice: Practice, comment: str) -> Practice:
    """Send the practice (or its edit) back to the authors with a comment, which they get by mail."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    _reviewer(actor, practice)
    comment = _comment(comment)
    revision = _in_review(practice)
    if revision is None:
        practice.status = PracticeStatus.CHANGES_REQUESTED
        practice.save(update_fields=["status", "updated_at"])
    else:
        revision.state = RevisionState.CHANGES_REQUESTED
        revision.save(update_fields=["state", "updated_at"])
    review = ReviewEvent.objects.create(
        practice=practice,
        revision=revision,
        action=ReviewAction.CHANGES_REQUESTED,
        actor=actor,
        comment=comment,
    )
    # The authors are told, with the comment, by the notification pipeline (practices/notifications.py).
    record_event(actor=actor, kind=PracticeEvent.CHANGES_REQUESTED, target=practice, review=review.pk)
    return practice


@transaction.atomic
def practice_publish(*, actor: User, practice: Practice) -> Practice:
    """Publish the practice in review, or its edit in review (copying it onto the public row)."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    _reviewer(actor, practice)
    revision = _in_review(practice)
    now = timezone.now()
    if revision is None:
        data = PracticeData.from_practice(practice).snapshot()
        practice.status = PracticeStatus.PUBLISHED
        practice.first_published_at = practice.first_published_at or now
        revision = _published_revision(practice, actor=actor, data=data)
    else:
        edit = PracticeData.from_snapshot(revision.data)
        practice_data_validate(edit)
        _apply(practice, edit)
        _apply_relations(practice, edit)
        practice.revisions.filter(state=RevisionState.PUBLISHED).update(state=RevisionState.SUPERSEDED)
        revision.state = RevisionState.PUBLISHED
        revision.data = edit.snapshot()
        revision.save(update_fields=["state", "data", "updated_at"])
    practice.version += 1
    practice.published_at = now
    practice.save()
    ReviewEvent.objects.create(
        practice=practice, revision=revision, action=ReviewAction.PUBLISHED, actor=actor
    )
    _index_changed(practice)
    record_event(actor=actor, kind=PracticeEvent.PUBLISHED, target=practice, version=practice.version)
    return practice


@transaction.atomic
def practice_decline(*, actor: User, practice: Practice, comment: str) -> Practice:
    """Decline the practice in review (or its edit: the published version stays as it is)."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    _reviewer(actor, practice)
    comment = _comment(comment)
    revision = _in_review(practice)
    if revision is None:
        practice.status = PracticeStatus.DECLINED
        practice.save(update_fields=["status", "updated_at"])
    else:
        revision.state = RevisionState.DECLINED
        revision.save(update_fields=["state", "updated_at"])
    review = ReviewEvent.objects.create(
        practice=practice, revision=revision, action=ReviewAction.DECLINED, actor=actor, comment=comment
    )
    record_event(actor=actor, kind=PracticeEvent.DECLINED, target=practice, review=review.pk)
    return practice


@transaction.atomic
def practice_feature(*, actor: User, practice: Practice, featured: bool) -> Practice:
    """Feature a published practice on the library's front (or stop featuring it)."""
    _require(
        can_feature_practice_in(viewer_for(actor), practice.region),
        _("Only the coordinators of the practice's network feature it."),
    )
    if not practice.is_published:
        raise ValidationError(_("Only a published practice can be featured."))
    if practice.is_featured == featured:
        return practice
    practice.is_featured = featured
    practice.save(update_fields=["is_featured", "updated_at"])
    ReviewEvent.objects.create(
        practice=practice, action=ReviewAction.FEATURED if featured else ReviewAction.UNFEATURED, actor=actor
    )
    _index_changed(practice)
    record_event(actor=actor, kind=PracticeEvent.FEATURED, target=practice, featured=featured)
    return practice


# -- attachments -------------------------------------------------------------------------

# What a file starts with, per kind we accept. The name and the browser's type are not trusted.
_SIGNATURES: list[tuple[bytes, str, AttachmentKind, str]] = [
    (b"%PDF-", "application/pdf", AttachmentKind.PDF, ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", AttachmentKind.IMAGE, ".png"),
    (b"\xff\xd8\xff", "image/jpeg", AttachmentKind.IMAGE, ".jpg"),
    (b"GIF87a", "image/gif", AttachmentKind.IMAGE, ".gif"),
    (b"GIF89a", "image/gif", AttachmentKind.IMAGE, ".gif"),
]


def sniff_file_type(head: bytes) -> tuple[str, AttachmentKind, str] | None:
    """The content type, kind and extension of a file from its first bytes; None if not accepted."""
    for signature, content_type, kind, extension in _SIGNATURES:
        if head.startswith(signature):
            return content_type, kind, extension
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", AttachmentKind.IMAGE, ".webp"
    return None


def _may_manage_attachments(viewer: Viewer, practice: Practice) -> bool:
    return is_author(viewer=viewer, practice=practice) or can_review_practice_in(viewer, practice.region)


@transaction.atomic
def attachment_add(*, actor: User, practice: Practice, uploaded_file: UploadedFile, title: str) -> Attachment:
    """Attach a PDF or an image (at most 10 MB), checked by its content, not its name.

    The stored name is made here (a random folder and a safe name with the true extension).
    """
    viewer = viewer_for(actor)
    _require(_may_manage_attachments(viewer, practice), _("Only the authors of a practice add files to it."))
    size = uploaded_file.size or 0
    if size > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    uploaded_file.seek(0)
    head = uploaded_file.read(16)
    uploaded_file.seek(0)
    sniffed = sniff_file_type(head)
    if sniffed is None:
        raise ValidationError(
            {"file": _("Only PDF documents and images (PNG, JPEG, GIF, WebP) can be attached.")}
        )
    content_type, kind, extension = sniffed
    original = (uploaded_file.name or "file").rsplit("/", 1)[-1][:200]
    stem = slugify(original.rsplit(".", 1)[0])[:60] or "file"
    attachment = Attachment(
        practice=practice,
        kind=kind,
        original_name=original,
        content_type=content_type,
        size=size,
        title=(title or "").strip()[:200],
        uploaded_by=actor,
    )
    attachment.file.save(f"{stem}{extension}", uploaded_file, save=False)
    attachment.save()
    if practice.is_published:
        _index_changed(practice)
    record_event(
        actor=actor,
        kind=PracticeEvent.ATTACHMENT_ADDED,
        target=practice,
        attachment=str(attachment.public_id),
    )
    return attachment


@transaction.atomic
def attachment_remove(*, actor: User, attachment: Attachment) -> None:
    """Remove an attachment; the file goes once the removal has committed."""
    practice = attachment.practice
    _require(
        _may_manage_attachments(viewer_for(actor), practice),
        _("Only the authors of a practice remove its files."),
    )
    storage, name = attachment.file.storage, attachment.file.name
    public_id = str(attachment.public_id)
    attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    if practice.is_published:
        _index_changed(practice)
    record_event(actor=actor, kind=PracticeEvent.ATTACHMENT_REMOVED, target=practice, attachment=public_id)
