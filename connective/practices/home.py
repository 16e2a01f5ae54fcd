"""The library's parts of the home page (registered with `connective.core.home`).

The featured and newest practices are the same for every visitor of a language, so their HTML
is kept in the cache under the practices' rows version and the taxonomy's (both cache
counters, read without a query): publishing, featuring or editing a practice, or renaming a
theme or a language, shows at once; `HOME_CACHE_SECONDS` only bounds changes made around the
ORM.
"""

from __future__ import annotations

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext

from connective.core.home import Waiting
from connective.members.roles import Viewer
from connective.members.selectors import taxonomy_version
from connective.practices.access import can_write_practices
from connective.practices.mapping import practice_rows_version
from connective.practices.selectors import (
    practice_count_in_review_mine,
    practice_list_for_home,
    practice_review_queue_count_for,
)

HOME_CACHE_SECONDS = 300


def home_practices_html() -> SafeString:
    """The featured and newest practices as library cards: no query when kept, four otherwise."""
    key = f"practices:home:{practice_rows_version()}:{taxonomy_version()}:{get_language() or ''}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("practices/home_practices.html", {"practices": practice_list_for_home()})
        cache.set(key, html, HOME_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308  # rendered by the template engine above


def home_waiting_for_author(viewer: Viewer) -> list[Waiting]:
    """A member's practices waiting for a reviewer."""
    if not can_write_practices(viewer):
        return []
    count = practice_count_in_review_mine(viewer=viewer)
    label = ngettext("of your practices in review", "of your practices in review", count)
    return [Waiting(label=label, count=count, url=reverse("practices:mine"))]


def home_waiting_for_reviewer(viewer: Viewer) -> list[Waiting]:
    """The practices and edits a coordinator (or staff) reviews."""
    if not (viewer.is_staff or viewer.coordinates):
        return []
    count = practice_review_queue_count_for(viewer=viewer)
    label = ngettext("practice to review", "practices to review", count)
    return [Waiting(label=label, count=count, url=reverse("practices:review_queue"))]
