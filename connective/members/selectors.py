"""Reads about members: the directory and the profiles a viewer may open.

Every list is scoped by the viewer's role (`members.roles.Viewer`) and prefetched, so that a
page costs the same number of queries at ten members as at a hundred thousand.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import get_language

from connective.core.i18n import collation_key
from connective.core.models import Theme
from connective.members.choices import MembershipStatus
from connective.members.models import Language, MemberProfile
from connective.members.roles import Viewer

# More words than this in one search are ignored: each word costs a condition.
MAX_SEARCH_TERMS = 5
# Up to this many matches the directory counts them exactly; above, it estimates the count
# from one `SAMPLE_SHARE`th of the members (a range of ids) and says "about", as the
# practice library does.
EXACT_COUNT_LIMIT = 2000
SAMPLE_SHARE = 16


@dataclass(frozen=True)
class DirectoryFilters:
    """The directory's filters; an empty value means "any"."""

    region: str = ""
    country: str = ""
    member_type: str = ""
    language: str = ""
    theme: str = ""
    willing_to_advise: bool = False


def _with_cards(queryset: QuerySet[MemberProfile]) -> QuerySet[MemberProfile]:
    """What a member card or page shows, in three queries whatever the number of rows."""
    return queryset.select_related("user").prefetch_related(
        Prefetch("languages", queryset=Language.objects.order_by("name")),
        Prefetch("expertise", queryset=Theme.objects.order_by("name")),
    )


# The directory's language and theme lists, per language, kept in the cache until a theme or a
# language is saved or deleted (`members.apps` connects `filter_choices_forget`); the timeout
# only bounds an entry whose change was made by a process that did not connect it.
FILTER_CHOICES_SECONDS = 3600
_FILTER_CHOICES_KEY = "members:filter-choices:{language}"


def filter_choices(*, language: str | None = None) -> dict[str, Any]:
    """The taxonomy as pages show it in one language, read once and cached:
    "language": [(code, label)] (every language, named and ordered in the active language) and
    "theme": [(slug, label)] (the active themes, ordered by their English names), labelled as
    the forms label them;
    "theme_by_id": {pk: (slug, label)} of every theme, merged ones too; "native_name":
    {code: the language's name in itself}."""
    language = (language or get_language() or "en").split("-")[0]
    key = _FILTER_CHOICES_KEY.format(language=language)
    found = cache.get(key)
    if found is None:
        languages = list(Language.objects.order_by("name"))
        themes = list(Theme.objects.order_by("name"))
        found = {
            # Named and ordered in the page's language ("árabe (العربية)", not "Arabic (العربية)").
            "language": sorted(
                ((item.code, str(item)) for item in languages), key=lambda pair: collation_key(pair[1])
            ),
            "theme": [(theme.slug, theme.label) for theme in themes if theme.merged_into_id is None],
            "theme_by_id": {theme.pk: (theme.slug, theme.label) for theme in themes},
            "native_name": {item.code: item.native_name for item in languages},
        }
        cache.set(key, found, FILTER_CHOICES_SECONDS)
    return found


def filter_choices_forget(**_kwargs: Any) -> None:
    """A theme or language changed: every language's lists, and the themes' names, are read again."""
    from django.conf import settings

    keys = [_FILTER_CHOICES_KEY.format(language=code.split("-")[0]) for code, _name in settings.LANGUAGES]
    cache.delete_many([*keys, _THEME_NAMES_KEY])
    try:
        cache.incr(_TAXONOMY_VERSION_KEY)
    except ValueError:
        cache.set(_TAXONOMY_VERSION_KEY, 1, None)


_TAXONOMY_VERSION_KEY = "members:taxonomy-version"


def taxonomy_version() -> int:
    """Moves whenever a theme or a language is saved or deleted: what other pages cache with
    theme or language names in it is keyed by it."""
    return int(cache.get(_TAXONOMY_VERSION_KEY, 0))


_THEME_NAMES_KEY = "members:theme-names"


def _theme_names() -> list[tuple[int, list[str], int | None]]:
    """(pk, its names in every language case-folded, merged_into_id) of every theme, cached as
    `filter_choices` is (a search reads them once per word and part of the count)."""
    found = cache.get(_THEME_NAMES_KEY)
    if found is None:
        found = [
            (
                theme.pk,
                [name.casefold() for name in (theme.name, *map(str, (theme.translations or {}).values()))],
                theme.merged_into_id,
            )
            for theme in Theme.objects.only("pk", "name", "translations", "merged_into_id")
        ]
        cache.set(_THEME_NAMES_KEY, found, FILTER_CHOICES_SECONDS)
    return found


def theme_ids_matching(term: str) -> set[int]:
    """The themes whose name, in any language, contains `term` (and themes merged into them).

    The taxonomy is small (tens to a few hundred rows), so matching happens here, where
    case folding works for every script, instead of in a JSON search in the database.
    """
    needle = term.casefold()
    themes = _theme_names()
    matched = {pk for pk, names, _merged in themes if any(needle in name for name in names)}
    return matched | {pk for pk, _names, merged_into in themes if merged_into in matched}


def _search_q(*, viewer: Viewer, term: str, id_range: tuple[int, int] | None = None) -> Q:
    """Profiles where `term` appears in a field this viewer may see (or in their expertise).

    Each field is matched by a query of its own and the results are combined with `UNION`
    into one `pk IN (...)`: PostgreSQL answers each part from its trigram index (migration
    0003) and joins the few candidates, instead of testing every member row against an `OR`.
    The visibility condition sits inside its part, so a hidden field never matches.
    """
    profiles = MemberProfile.objects.order_by()
    experts = MemberProfile.expertise.through.objects.order_by()
    if id_range is not None:  # a sample (`member_count`): each part reads only its ids
        profiles = profiles.filter(pk__gte=id_range[0], pk__lt=id_range[1])
        experts = experts.filter(memberprofile_id__gte=id_range[0], memberprofile_id__lt=id_range[1])
    parts: list[QuerySet[Any, Any]] = [
        profiles.filter(user__full_name__icontains=term).values("pk"),
        profiles.filter(Q(organisation__icontains=term) & viewer.visible_field_q("organisation")).values(
            "pk"
        ),
        profiles.filter(Q(city__icontains=term) & viewer.visible_field_q("city")).values("pk"),
    ]
    themes = theme_ids_matching(term)
    if themes:
        parts.append(experts.filter(theme_id__in=themes).values("memberprofile_id"))
    return Q(pk__in=parts[0].union(*parts[1:]))


def _search_row_q(*, viewer: Viewer, term: str) -> Q:
    """The same condition as `_search_q`, tested on each row instead (same fields, same
    visibility rules). When the word matches many members, PostgreSQL then walks the name
    order and stops after a page, instead of gathering every match and sorting them."""
    condition = (
        Q(user__full_name__icontains=term)
        | (Q(organisation__icontains=term) & viewer.visible_field_q("organisation"))
        | (Q(city__icontains=term) & viewer.visible_field_q("city"))
    )
    themes = theme_ids_matching(term)
    if themes:
        experts = MemberProfile.expertise.through.objects.filter(
            memberprofile_id=OuterRef("pk"), theme_id__in=themes
        )
        condition |= Q(Exists(experts))
    return condition


def member_list_for(
    *,
    viewer: Viewer,
    query: str = "",
    filters: DirectoryFilters | None = None,
    many: bool = False,
    id_range: tuple[int, int] | None = None,
) -> QuerySet[MemberProfile]:
    """The approved members a viewer finds in the directory, sorted by name.

    Only members, coordinators and staff see the directory. Each word of `query` must appear
    in the name, or in the organisation or city where the viewer may see them, or in the name
    of one of the member's themes. Many-to-many filters are `EXISTS` subqueries, so no row is
    repeated and no `DISTINCT` is needed. `many` (the count said the words match many
    members) tests the words on each row, which reads a page fastest when matches are dense;
    the members found are the same either way. `id_range` (start, stop) keeps the members
    of that range of ids only: a sample.
    """
    if not viewer.can_see_members:
        return MemberProfile.objects.none()
    filters = filters or DirectoryFilters()
    queryset = MemberProfile.objects.filter(status=MembershipStatus.APPROVED)
    if filters.region:
        queryset = queryset.filter(region=filters.region)
    if filters.country:
        queryset = queryset.filter(country=filters.country)
    if filters.member_type:
        queryset = queryset.filter(member_type=filters.member_type)
    if filters.willing_to_advise:
        queryset = queryset.filter(willing_to_advise=True)
    if filters.language:
        speaks = MemberProfile.languages.through.objects.filter(
            memberprofile_id=OuterRef("pk"), language_id=filters.language
        )
        queryset = queryset.filter(Exists(speaks))
    if filters.theme:
        knows = MemberProfile.expertise.through.objects.filter(
            memberprofile_id=OuterRef("pk"), theme__slug=filters.theme
        )
        queryset = queryset.filter(Exists(knows))
    if id_range is not None:
        queryset = queryset.filter(pk__gte=id_range[0], pk__lt=id_range[1])
    for term in query.split()[:MAX_SEARCH_TERMS]:
        if many:
            queryset = queryset.filter(_search_row_q(viewer=viewer, term=term))
        else:
            queryset = queryset.filter(_search_q(viewer=viewer, term=term, id_range=id_range))
    return _with_cards(queryset).order_by("user__full_name", "user_id")


ID_BOUNDS_SECONDS = 300
_ID_BOUNDS_KEY = "members:id-bounds"


@dataclass(frozen=True)
class MemberCount:
    """How many members a directory search found; `approximate`: estimated, rounded."""

    value: int
    approximate: bool


def member_count(
    members: QuerySet[MemberProfile], *, sample: Callable[[int, int], QuerySet[MemberProfile]]
) -> MemberCount:
    """Count `members` (a `member_list_for` result) exactly when few match; when the members in
    one range of ids (a `SAMPLE_SHARE`th of them: `sample(start, stop)`, the same search with
    `id_range`) say more than `EXACT_COUNT_LIMIT` match, estimate from that sample instead.

    Counting 97,000 approved members, or every member whose theme matches a common word, read
    every row on each page view; the sample reads a sixteenth of the ids, by the primary key.
    One query, two when the count is exact (the bounds of the ids are cached).
    """
    bounds = cache.get(_ID_BOUNDS_KEY)
    if bounds is None:
        bounds = MemberProfile.objects.aggregate(low=Min("pk"), high=Max("pk"))
        # Only the sample's position depends on them: a few minutes' staleness moves the
        # estimate by a few sign-ups, and an exact count (few matches) is exact regardless.
        cache.set(_ID_BOUNDS_KEY, bounds, ID_BOUNDS_SECONDS)
    if bounds["low"] is None:
        return MemberCount(0, approximate=False)
    low, high = int(bounds["low"]), int(bounds["high"])
    span = high - low + 1
    width = max(1, span // SAMPLE_SHARE)
    # The middle slice of ids: neither the founding members nor the newest sign-ups alone.
    start = low + (span - width) // 2
    estimate = round(sample(start, start + width).order_by().count() * span / width)
    if estimate > EXACT_COUNT_LIMIT:
        return MemberCount(_about(estimate), approximate=True)
    return MemberCount(members.order_by().count(), approximate=False)


class _CountedPaginator(Paginator):
    """A paginator told its count (`member_count`), so it never counts the rows itself."""

    def __init__(self, object_list: QuerySet[MemberProfile], per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


@dataclass(frozen=True)
class DirectoryPage:
    """One page of the directory and how many members the search found in all."""

    page: Page
    count: MemberCount


def member_directory_page(
    *, viewer: Viewer, query: str, filters: DirectoryFilters, page_number: str | None, per_page: int
) -> DirectoryPage:
    """The directory as a page: the count (estimated when large), then the page's members."""
    members = member_list_for(viewer=viewer, query=query, filters=filters)

    def sample(start: int, stop: int) -> QuerySet[MemberProfile]:
        return member_list_for(viewer=viewer, query=query, filters=filters, id_range=(start, stop))

    count = member_count(members, sample=sample)
    if count.approximate and query:
        members = member_list_for(viewer=viewer, query=query, filters=filters, many=True)
    page = _CountedPaginator(members, per_page, count=count.value).get_page(page_number)
    return DirectoryPage(page=page, count=count)


def _about(estimate: int) -> int:
    """Rounded to two significant digits, as the practice library shows its estimates."""
    return estimate if estimate < 100 else int(round(estimate, 2 - len(str(estimate))))


def member_profiles_visible_to(*, viewer: Viewer) -> QuerySet[MemberProfile]:
    """Every profile whose page this viewer may open, ready to show."""
    return _with_cards(MemberProfile.objects.filter(viewer.visible_profiles_q()))


@dataclass(frozen=True)
class MemberCard:
    """A profile as one viewer may see it: a private field they may not see is None."""

    profile: MemberProfile
    name: str
    email: str | None
    organisation: str | None
    position: str | None
    city: str | None
    bio: str | None
    is_own: bool

    @property
    def slug(self) -> str:
        return str(self.profile.slug)


def member_card_for(*, viewer: Viewer, profile: MemberProfile) -> MemberCard:
    """Reduce `profile` to what `viewer` may see of it (no query: fields are already loaded)."""

    def visible(name: str) -> bool:
        return viewer.can_see_field(
            owner_id=profile.user_id,
            owner_region=profile.region,
            level=getattr(profile, f"{name}_visibility"),
        )

    def shown(name: str, value: str) -> str | None:
        return value if visible(name) else None

    return MemberCard(
        profile=profile,
        name=profile.user.full_name,
        email=shown("email", profile.user.email),
        organisation=shown("organisation", profile.organisation),
        position=shown("position", profile.position),
        city=shown("city", profile.city),
        bio=shown("bio", profile.bio),
        is_own=viewer.user_id is not None and viewer.user_id == profile.user_id,
    )


def own_profile(*, user_id: int) -> MemberProfile | None:
    """The member profile of this user, whatever its status (None if they have none)."""
    return MemberProfile.objects.select_related("user").filter(user_id=user_id).first()


def member_profile_by_reference(*, viewer: Viewer, reference: str) -> MemberProfile | None:
    """The profile a coordinator or requester named, by its slug or the member's email address,
    among those the viewer may already see; None for anything else.

    Answers about an address must not depend on who owns it, or a form becomes a way to learn
    who is a member and whose declaration is pending (which is promised to stay private). So an
    address resolves only to a profile the viewer may open whose email address they may see
    (`Viewer.visible_field_q`); an unknown address, a pending declaration they may not open and
    a member who keeps their address from them all get the same None.
    """
    reference = reference.strip()
    profiles = MemberProfile.objects.select_related("user").filter(viewer.visible_profiles_q())
    try:
        return profiles.filter(slug=uuid.UUID(reference)).first()
    except ValueError:
        return profiles.filter(viewer.visible_field_q("email"), user__email__iexact=reference).first()


def member_profiles_by_email(
    *, viewer: Viewer | None, emails: Iterable[str], keep: Iterable[int] = ()
) -> dict[str, MemberProfile]:
    """The profiles these email addresses name (lower-cased address -> profile), by the rule of
    `member_profile_by_reference`: only profiles the viewer may open with an address they may
    see, and the profiles in `keep` (already named on the record being edited). `viewer` None is
    a trusted import, which resolves every address. One query."""
    wanted = sorted({email.strip().lower() for email in emails if email.strip()})
    if not wanted:
        return {}
    found = MemberProfile.objects.select_related("user").filter(user__email__in=wanted)
    if viewer is not None:
        found = found.filter(
            (viewer.visible_profiles_q() & viewer.visible_field_q("email")) | Q(pk__in=sorted(set(keep)))
        )
    return {profile.user.email.lower(): profile for profile in found}
