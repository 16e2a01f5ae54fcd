"""Reads about networks: the public figures, the members, and the coordinators' queue.

Public figures are aggregates of approved members only. Any count below `SMALL_COUNT` is
replaced by "fewer than 3", so that no one can be singled out from them; names never appear.
A network's total is then given only to within ten, or it could be subtracted from.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django_countries.fields import Country

from connective.core.models import Theme
from connective.core.regions import Region
from connective.members.choices import MembershipStatus
from connective.members.models import Language, MemberProfile
from connective.members.roles import Viewer
from connective.networks.access import can_decide_membership
from connective.networks.models import Network

# Counts below this are never shown exactly to the public.
SMALL_COUNT = 3
# The public figures read every approved member of a network; they are kept this many seconds
# (per network and language), so a membership decision shows in them at most this late.
FIGURES_CACHE_SECONDS = 300

_REGION_ORDER = {region.value: index for index, region in enumerate(Region)}


@dataclass(frozen=True)
class Figure:
    """One public count: exact (`count`), or only bounded when exactness could single someone out.

    `below` means "fewer than below"; `at_least` means "at least at_least".
    """

    label: str
    count: int | None
    below: int | None = None
    at_least: int | None = None

    @property
    def is_suppressed(self) -> bool:
        return self.count is None


def _figure(label: str, count: int) -> Figure:
    if count == 0 or count >= SMALL_COUNT:
        return Figure(label=label, count=count)
    return Figure(label=label, count=None, below=SMALL_COUNT)


def _total(label: str, count: int, *, parts_suppressed: bool) -> Figure:
    """A total whose parts (countries) are public: when a part is suppressed, an exact total
    minus the shown parts would reveal it, so the total is then only given to within ten."""
    if not parts_suppressed or count < SMALL_COUNT:
        return _figure(label, count)
    if count < 10:
        return Figure(label=label, count=None, below=10)
    return Figure(label=label, count=None, at_least=count // 10 * 10)


def _ranked(figures: list[Figure]) -> list[Figure]:
    """Largest first; suppressed ones last, alphabetically, so their order reveals nothing."""
    shown = sorted((f for f in figures if f.count is not None), key=lambda f: (-(f.count or 0), f.label))
    hidden = sorted((f for f in figures if f.count is None), key=lambda f: f.label)
    return shown + hidden


@dataclass(frozen=True)
class NetworkSummary:
    network: Network
    members: Figure


def network_list() -> list[NetworkSummary]:
    """The six networks, focus regions first (in the programme's order), with member counts.

    Two queries, whatever the number of members. Counted by country too, to know whether
    the page of a network suppresses a country (and so must blur its total).
    """
    totals: dict[str, int] = {}
    suppressed: set[str] = set()
    for region, _country, n in (
        MemberProfile.objects.filter(status=MembershipStatus.APPROVED)
        .order_by()
        .values_list("region", "country")
        .annotate(n=Count("pk"))
    ):
        totals[region] = totals.get(region, 0) + n
        if _figure("", n).is_suppressed:
            suppressed.add(region)
    networks = sorted(Network.objects.all(), key=lambda n: (not n.is_focus, _REGION_ORDER.get(n.region, 99)))
    return [
        NetworkSummary(
            network=network,
            members=_total(
                network.label, totals.get(network.region, 0), parts_suppressed=network.region in suppressed
            ),
        )
        for network in networks
    ]


@dataclass(frozen=True)
class NetworkFigures:
    members: Figure
    by_country: list[Figure]
    by_theme: list[Figure]


def network_figures(*, network: Network) -> NetworkFigures:
    """Approved members of `network` in total, by country and by expertise theme.

    Cached for `FIGURES_CACHE_SECONDS` per network and language (the labels are translated);
    otherwise three queries. A member with several themes counts once for each, so the theme
    figures do not add up to the total (and cannot be subtracted from it to reveal a small count).
    """
    key = f"networks:figures:{network.pk}:{get_language() or ''}"
    figures = cache.get(key)
    if not isinstance(figures, NetworkFigures):
        figures = _network_figures(network)
        cache.set(key, figures, FIGURES_CACHE_SECONDS)
    return figures


def _network_figures(network: Network) -> NetworkFigures:
    approved = MemberProfile.objects.filter(status=MembershipStatus.APPROVED, region=network.region)
    # COUNT(*): the (status, region, country, id) index alone answers it.
    country_counts = list(approved.order_by().values_list("country").annotate(n=Count("*")))
    total = sum(n for _code, n in country_counts)
    by_country = [_figure(str(Country(code=code).name), n) for code, n in country_counts]

    theme_counts = dict(
        MemberProfile.expertise.through.objects.filter(
            memberprofile__status=MembershipStatus.APPROVED, memberprofile__region=network.region
        )
        .order_by()
        .values_list("theme_id")
        .annotate(n=Count("pk"))  # a member names a theme at most once
    )
    themes = Theme.objects.filter(pk__in=list(theme_counts)).only("pk", "name", "translations")
    by_theme = [_figure(theme.label, theme_counts[theme.pk]) for theme in themes]
    members = _total(network.label, total, parts_suppressed=any(f.is_suppressed for f in by_country))
    return NetworkFigures(members=members, by_country=_ranked(by_country), by_theme=_ranked(by_theme))


def declaration_list_for(*, viewer: Viewer, network: Network) -> QuerySet[MemberProfile]:
    """The pending declarations of membership a coordinator of `network` decides, oldest first.

    Empty for anyone who may not decide them. Prefetched: four queries for any page.
    """
    if not can_decide_membership(viewer, network.region):
        return MemberProfile.objects.none()
    return (
        MemberProfile.objects.filter(status=MembershipStatus.PENDING, region=network.region)
        .select_related("user")
        .prefetch_related(
            Prefetch("languages", queryset=Language.objects.order_by("name")),
            Prefetch("expertise", queryset=Theme.objects.order_by("name")),
        )
        .order_by("created_at", "pk")
    )


def declaration_counts_for(*, viewer: Viewer) -> list[tuple[Network, int]]:
    """Each network whose declarations the viewer decides (every network for staff), with how
    many wait for a decision, in the programme's order: one query, none for anyone else."""
    if not (viewer.is_staff or viewer.coordinates):
        return []
    networks = Network.objects.all()
    if not viewer.is_staff:
        networks = networks.filter(region__in=sorted(viewer.coordinates))
    pending = (
        MemberProfile.objects.filter(status=MembershipStatus.PENDING, region=OuterRef("region"))
        .order_by()
        .values("region")
        .annotate(n=Count("*"))
        .values("n")
    )
    rows = networks.annotate(pending=Coalesce(Subquery(pending, output_field=IntegerField()), 0))
    ordered = sorted(rows, key=lambda n: (not n.is_focus, _REGION_ORDER.get(n.region, 99)))
    return [(network, network.pending) for network in ordered]
