"""Atom feeds of newly published practices: all of them, per network, per theme.

For feed readers and partner sites. Each entry is the practice's title and summary and a link
to its page; never the authors or the contacts (those are for members, on the site).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, SyndicationFeed
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from connective.core.models import Theme
from connective.networks.models import Network
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice

FEED_LENGTH = 30


def _absolute(path: str) -> str:
    # Absolute already, so Django's Feed leaves it alone instead of prefixing the sites
    # framework's domain, which this project does not keep (SITE_URL says where we live).
    return settings.SITE_URL + path


def _newest(practices: QuerySet[Practice]) -> list[Practice]:
    """The most recently first-published practices (an update does not bring one back up)."""
    return list(
        practices.filter(status=PracticeStatus.PUBLISHED, first_published_at__isnull=False)
        .order_by("-first_published_at", "-pk")
        .only("slug", "title", "summary", "city", "country", "first_published_at", "published_at")[
            :FEED_LENGTH
        ]
    )


class _PracticeItems:
    """How each practice reads in a feed (shared by the three feeds)."""

    feed_type: type[SyndicationFeed] = Atom1Feed
    item_guid_is_permalink = False

    def item_title(self, item: Practice) -> str:
        return f"{item.title} ({item.city}, {item.country.name})"

    def item_description(self, item: Practice) -> str:
        # Atom summary, as plain text: Markdown stays out of feed readers' HTML.
        return item.summary

    def item_link(self, item: Practice) -> str:
        return _absolute(reverse("practices:detail", kwargs={"slug": item.slug}))

    def item_guid(self, item: Practice) -> str:
        return f"urn:connective:practice:{item.slug}"

    def item_pubdate(self, item: Practice) -> datetime.datetime | None:
        return item.first_published_at

    def item_updateddate(self, item: Practice) -> datetime.datetime | None:
        return item.published_at


class PracticesFeed(_PracticeItems, Feed):
    def title(self) -> str:
        return _("New good practices · Connective Cities")

    def subtitle(self) -> str:
        return _("Good practices of urban development newly published by the Connective Cities community.")

    def link(self) -> str:
        return _absolute(reverse("practices:map"))

    def feed_url(self) -> str:
        return _absolute(reverse("practices:feed"))

    def items(self) -> list[Practice]:
        return _newest(Practice.objects.all())


class NetworkPracticesFeed(_PracticeItems, Feed):
    def get_object(self, request: HttpRequest, slug: str) -> Network:
        return get_object_or_404(Network, slug=slug)

    def title(self, obj: Network) -> str:
        return _("New good practices · %(network)s") % {"network": obj.label}

    def subtitle(self, obj: Network) -> str:
        return _("Good practices newly published in the %(network)s network.") % {"network": obj.label}

    def link(self, obj: Network) -> str:
        return _absolute(reverse("networks:detail", kwargs={"slug": obj.slug}))

    def feed_url(self, obj: Network) -> str:
        return _absolute(reverse("practices:feed_network", kwargs={"slug": obj.slug}))

    def items(self, obj: Network) -> list[Practice]:
        return _newest(Practice.objects.filter(region=obj.region))


class ThemePracticesFeed(_PracticeItems, Feed):
    def get_object(self, request: HttpRequest, slug: str) -> Theme:
        theme = Theme.objects.filter(slug=slug).select_related("merged_into").first()
        if theme is None:
            raise Http404(_("No such theme."))
        # A merged theme's feed carries on as the feed of the theme it went into.
        while theme.merged_into is not None:
            theme = theme.merged_into
        return theme

    def title(self, obj: Theme) -> str:
        return _("New good practices · %(theme)s") % {"theme": obj.label}

    def subtitle(self, obj: Theme) -> str:
        return _("Good practices newly published on %(theme)s.") % {"theme": obj.label}

    def link(self, obj: Theme) -> str:
        return _absolute(reverse("practices:map") + "?" + urlencode({"theme": obj.slug}))

    def feed_url(self, obj: Theme) -> str:
        return _absolute(reverse("practices:feed_theme", kwargs={"slug": obj.slug}))

    def items(self, obj: Theme) -> list[Practice]:
        return _newest(Practice.objects.filter(themes=obj))
