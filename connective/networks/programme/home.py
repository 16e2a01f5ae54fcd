"""The programme's part of the home page's "waiting for you": the open proposals each network's
coordinators have to decide on (one query, none for a viewer who decides nowhere)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import ngettext

from connective.core.home import Waiting
from connective.members.roles import Viewer
from connective.networks.programme.selectors import open_counts_for


def home_waiting_proposals(viewer: Viewer) -> list[Waiting]:
    items = []
    for network, count in open_counts_for(viewer=viewer):
        label = ngettext(
            "open proposal for the programme to decide: %(network)s",
            "open proposals for the programme to decide: %(network)s",
            count,
        ) % {"network": network.label}
        items.append(
            Waiting(label=label, count=count, url=reverse("networks:programme", args=[network.slug]))
        )
    return items
