"""The sitemap: the public pages search engines may list (home, networks, published practices).

Served as a sitemap index at /sitemap.xml (`sitemap_index`) with one file per section, so
that the practices section pages itself at 50,000 addresses as the protocol requires. Addresses use SITE_URL
rather than the sites framework's domain, like the rest of the site.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.sites.models import Site
from django.contrib.sites.requests import RequestSite
from django.db.models import Max, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse

from connective.core.links import absolute_url, site_host, site_scheme
from connective.networks.models import Network
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice


@dataclass(frozen=True)
class SitemapIndexItem:
    """One line of the index (what Django's sitemap_index.xml template reads)."""

    location: str
    last_mod: datetime.datetime | None


class _SiteUrlSitemap(Sitemap):
    def get_protocol(self, protocol: str | None = None) -> str:
        return site_scheme()

    def get_domain(self, site: Site | RequestSite | None = None) -> str:
        return site_host()


class HomeSitemap(_SiteUrlSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["core:home"]

    def location(self, item: str) -> str:
        return reverse(item)


class NetworkSitemap(_SiteUrlSitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self) -> QuerySet[Network]:
        return Network.objects.order_by("slug").only("slug", "updated_at")

    def location(self, item: Network) -> str:
        return reverse("networks:detail", kwargs={"slug": item.slug})

    def lastmod(self, item: Network) -> datetime.datetime:
        return item.updated_at

    def get_latest_lastmod(self) -> datetime.datetime | None:
        latest: datetime.datetime | None = Network.objects.aggregate(latest=Max("updated_at"))["latest"]
        return latest


class PracticeSitemap(_SiteUrlSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self) -> QuerySet[Practice]:
        return (
            Practice.objects.filter(status=PracticeStatus.PUBLISHED)
            .order_by("pk")
            .only("slug", "published_at")
        )

    def location(self, item: Practice) -> str:
        return reverse("practices:detail", kwargs={"slug": item.slug})

    def lastmod(self, item: Practice) -> datetime.datetime | None:
        return item.published_at

    def get_latest_lastmod(self) -> datetime.datetime | None:
        # Django's default walks every item; one aggregate is enough.
        latest: datetime.datetime | None = self.items().aggregate(latest=Max("published_at"))["latest"]
        return latest


SITEMAPS: dict[str, type[Sitemap[Any]]] = {
    "home": HomeSitemap,
    "networks": NetworkSitemap,
    "practices": PracticeSitemap,
}


def sitemap_index(request: HttpRequest) -> TemplateResponse:
    """/sitemap.xml: the sections (and their pages), addressed from SITE_URL.

    Django's own index takes the domain from the sites framework's row, which this project
    does not keep up to date; SITE_URL is the one setting that says where the site lives.
    """
    items = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        url = absolute_url("django.contrib.sitemaps.views.sitemap", section=section)
        latest = sitemap.get_latest_lastmod()
        items.append(SitemapIndexItem(url, latest))
        items.extend(SitemapIndexItem(f"{url}?p={page}", latest) for page in sitemap.paginator.page_range[1:])
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml")
