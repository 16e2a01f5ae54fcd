"""The networks' parts of the home page (registered with `connective.core.home`).

The networks and their member figures are `selectors.network_list()`, with its suppression of
small counts; their HTML is kept per language for `FIGURES_CACHE_SECONDS`, as the network
pages keep their figures, so a warm home page costs a visitor no query for them.
"""

from __future__ import annotations

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext

from connective.core.home import Waiting
from connective.members.roles import Viewer
from connective.networks.selectors import FIGURES_CACHE_SECONDS, declaration_counts_for, network_list


def home_networks_html() -> SafeString:
    """The networks with their public figures: no query when kept, two otherwise."""
    key = f"networks:home:{get_language() or ''}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("networks/home_networks.html", {"summaries": network_list()})
        cache.set(key, html, FIGURES_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308  # rendered by the template engine above


def home_waiting_for_coordinator(viewer: Viewer) -> list[Waiting]:
    """The declarations of membership waiting in each network the viewer coordinates."""
    items = []
    for network, count in declaration_counts_for(viewer=viewer):
        label = ngettext(
            "declaration of membership to decide: %(network)s",
            "declarations of membership to decide: %(network)s",
            count,
        ) % {"network": network.label}
        items.append(
            Waiting(label=label, count=count, url=reverse("networks:declarations", args=[network.slug]))
        )
    return items
