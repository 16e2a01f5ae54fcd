"""Atom feeds of new practices and the sitemap: published practices only, never people."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.contrib.sites.models import Site
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from connective.core.models import Theme
from connective.members.models import MemberProfile
from connective.networks.models import Network
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice
from connective.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _entries(response: object) -> list[str]:
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert response["Content-Type"].startswith("application/atom+xml")  # type: ignore[index]
    root = ET.fromstring(response.content)  # type: ignore[attr-defined]  # noqa: S314 - our own feed
    return [entry.findtext(f"{ATOM}title") or "" for entry in root.findall(f"{ATOM}entry")]


def test_the_feed_lists_published_practices_newest_first_with_their_summary(visitor: Client) -> None:
    now = timezone.now()
    older = PracticeFactory.create(title="Older", first_published_at=now - datetime.timedelta(days=3))
    newer = PracticeFactory.create(title="Newer", first_published_at=now - datetime.timedelta(days=1))
    PracticeFactory.create(title="Secret draft", status=PracticeStatus.DRAFT)
    PracticeFactory.create(title="Under review", status=PracticeStatus.IN_REVIEW)
    response = visitor.get(reverse("practices:feed"))
    titles = _entries(response)
    assert titles == ["Newer (Amman, Jordan)", "Older (Amman, Jordan)"]
    body = response.content.decode()
    assert newer.summary in body and older.slug in body
    assert "Secret draft" not in body


def test_feed_links_use_the_sites_address(visitor: Client, settings: object) -> None:
    settings.SITE_URL = "https://connective.example.org"  # type: ignore[attr-defined]
    practice = PracticeFactory.create()
    body = visitor.get(reverse("practices:feed")).content.decode()
    assert f'href="https://connective.example.org/practices/{practice.slug}/"' in body
    assert "example.com" not in body


def test_the_feed_never_names_authors_or_contacts(visitor: Client, alice: MemberProfile) -> None:
    PracticeFactory.create(authors=[alice], contacts=[alice])
    body = visitor.get(reverse("practices:feed")).content.decode()
    assert "alice@example.org" not in body and "Haddad" not in body and "Alice" not in body


def test_the_network_feed_holds_that_regions_practices_only(visitor: Client) -> None:
    PracticeFactory.create(title="In Amman")
    PracticeFactory.create(title="In Sarajevo", city="Sarajevo", country="BA")
    mena = Network.objects.get(region="mena")
    see = Network.objects.get(region="see")
    assert _entries(visitor.get(reverse("practices:feed_network", kwargs={"slug": mena.slug}))) == [
        "In Amman (Amman, Jordan)"
    ]
    assert _entries(visitor.get(reverse("practices:feed_network", kwargs={"slug": see.slug}))) == [
        "In Sarajevo (Sarajevo, Bosnia and Herzegovina)"
    ]
    assert visitor.get(reverse("practices:feed_network", kwargs={"slug": "atlantis"})).status_code == 404


def test_the_theme_feed_holds_that_themes_practices_and_follows_merges(visitor: Client) -> None:
    PracticeFactory.create(title="Kiosks", themes=["water-supply"])
    PracticeFactory.create(title="Buses", themes=["urban-mobility"])
    assert _entries(visitor.get(reverse("practices:feed_theme", kwargs={"slug": "urban-mobility"}))) == [
        "Buses (Amman, Jordan)"
    ]
    old = Theme.objects.create(
        name="Old water", slug="old-water", merged_into=Theme.objects.get(slug="water-supply")
    )
    assert _entries(visitor.get(reverse("practices:feed_theme", kwargs={"slug": old.slug}))) == [
        "Kiosks (Amman, Jordan)"
    ]
    assert visitor.get(reverse("practices:feed_theme", kwargs={"slug": "no-such-theme"})).status_code == 404


@pytest.mark.parametrize("count", [10, 1000])
def test_the_feed_costs_the_same_queries_for_10_or_1000_practices(
    visitor: Client, count: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    now = timezone.now()
    Practice.objects.bulk_create(
        Practice(
            slug=f"p-{n}", title=f"P {n}", summary="s", city="Amman", country="JO", region="mena",
            language_id="en", status=PracticeStatus.PUBLISHED, published_at=now, first_published_at=now,
        )
        for n in range(count)
    )  # fmt: skip
    Site.objects.clear_cache()
    # Django's Feed asks the sites framework for the current site (unused: links use SITE_URL),
    # then the newest 30 practices.
    with django_assert_num_queries(2):
        assert len(_entries(visitor.get(reverse("practices:feed")))) == min(count, 30)


# -- sitemap -------------------------------------------------------------------------------


def _locations(response: object, tag: str) -> list[str]:
    assert response.status_code == 200  # type: ignore[attr-defined]
    root = ET.fromstring(response.content)  # type: ignore[attr-defined]  # noqa: S314 - our own sitemap
    return [node.findtext(f"{SITEMAP}loc") or "" for node in root.findall(f"{SITEMAP}{tag}")]


def test_the_sitemap_index_points_at_each_section_on_the_sites_address(
    visitor: Client, settings: object
) -> None:
    settings.SITE_URL = "https://connective.example.org"  # type: ignore[attr-defined]
    sections = _locations(visitor.get("/sitemap.xml"), "sitemap")
    assert sections == [
        "https://connective.example.org/sitemap-home.xml",
        "https://connective.example.org/sitemap-networks.xml",
        "https://connective.example.org/sitemap-practices.xml",
    ]


def test_the_sitemap_lists_published_practices_networks_and_home_only(
    visitor: Client, settings: object
) -> None:
    settings.SITE_URL = "https://connective.example.org"  # type: ignore[attr-defined]
    published = PracticeFactory.create()
    draft = PracticeFactory.create(status=PracticeStatus.DRAFT)
    practices = _locations(visitor.get("/sitemap-practices.xml"), "url")
    assert practices == [
        f"https://connective.example.org{reverse('practices:detail', kwargs={'slug': published.slug})}"
    ]
    assert draft.slug not in "".join(practices)
    networks = _locations(visitor.get("/sitemap-networks.xml"), "url")
    assert len(networks) == Network.objects.count() == 6
    assert _locations(visitor.get("/sitemap-home.xml"), "url") == ["https://connective.example.org/"]


def test_the_feed_is_kept_but_an_edited_entry_shows_at_once(
    visitor: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    practice = PracticeFactory.create(title="Water kiosks")
    url = reverse("practices:feed")
    assert "Water kiosks" in visitor.get(url).content.decode()
    with django_assert_num_queries(1):  # the entries' keys and times; the body is cached
        assert "Water kiosks" in visitor.get(url).content.decode()
    practice.title = "Water kiosks run by residents"
    practice.save()

    assert "Water kiosks run by residents" in visitor.get(url).content.decode()
