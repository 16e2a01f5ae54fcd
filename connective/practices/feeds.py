"""Atom feeds of newly published practices: all of them, per network, per theme.

For feed readers and partner sites. Each entry is the practice's title and summary and a link
to its page; never the authors or the contacts (those are for members, on the site).
"""

from __future__ import annotations

import copy
import datetime
import hashlib
from typing import Any, cast

from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, SyndicationFeed
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from connective.core.links import absolute_path
from connective.core.models import Theme
from connective.core.text import xml_safe
from connective.networks.models import Network
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice

FEED_LENGTH = 30
# Only bounds what the cache keeps: a changed entry changes the key.
FEED_CACHE_SECONDS = 3600


def _absolute(path: str) -> str:
    # Absolute already, so Django's Feed leaves it alone instead of prefixing the sites
    # framework's domain, which this project does not keep (SITE_URL says where we live).
    return absolute_path(path)


def _newest(practices: QuerySet[Practice]) -> list[Practice]:
    """The most recently first-published practices (an update does not bring one back up)."""
    return list(
        practices.filter(status=PracticeStatus.PUBLISHED, first_published_at__isnull=False)
        .order_by("-first_published_at", "-pk")
        .only(
            "slug", "title", "summary", "city", "country", "first_published_at", "published_at", "updated_at"
        )[:FEED_LENGTH]
    )


class _PracticeItems:
    """How each practice reads in a feed (shared by the three feeds), and the feed kept.

    Writing thirty entries through Django's syndication machinery cost ten times the query
    that finds them, and a feed reader asks again and again for the same. So the feed is read
    (one query: its entries' keys and times), and its body is cached under what it is made of:
    the feed, its object's label, the language, and each entry's id and times (a saved
    practice has a new `updated_at`; a published edit a new `published_at`).
    """

    feed_type: type[SyndicationFeed] = Atom1Feed
    item_guid_is_permalink = False

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            obj = cast(Feed, self).get_object(request, *args, **kwargs)
        except ObjectDoesNotExist:
            raise Http404("Feed object does not exist.") from None
        me: Any = self
        items: list[Practice] = me.items(obj) if obj is not None else me.items()
        made_of = [
            type(self).__name__,
            get_language() or "",
            getattr(obj, "pk", ""),
            str(getattr(obj, "label", "")),
        ]
        made_of += [
            f"{item.pk}:{item.updated_at}:{item.published_at}:{item.first_published_at}" for item in items
        ]
        key = "practices:feed:" + hashlib.sha256("|".join(map(str, made_of)).encode()).hexdigest()
        cached = cache.get(key)
        if cached is None:
            # Django's Feed reads its object and items again: give a copy of this (shared)
            # feed the ones just read.
            feed: Any = copy.copy(self)
            feed.get_object = lambda *_args, **_kwargs: obj
            # Two parameters with defaults: Django's Feed calls `items(obj)` when a method
            # takes one besides `self`, and rejects a callable that takes none.
            feed.items = lambda _first=None, _second=None: items
            response = Feed.__call__(feed, request, *args, **kwargs)
            cached = (response.content, response["Content-Type"], response.headers.get("Last-Modified"))
            cache.set(key, cached, FEED_CACHE_SECONDS)
            return response
        content, content_type, last_modified = cached
        response = HttpResponse(content, content_type=content_type)
        if last_modified:
            response.headers["Last-Modified"] = last_modified
        return response

    def item_title(self, item: Practice) -> str:
        return xml_safe(f"{item.title} ({item.city}, {item.country.name})")

    def item_description(self, item: Practice) -> str:
        # Atom summary, as plain text: Markdown stays out of feed readers' HTML.
        return xml_safe(item.summary)

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
