"""The consultations' parts of the home page (registered with `connective.core.home`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import ngettext

from connective.consultations.selectors import (
    consultation_count_awaiting_answers_mine,
    invitation_count_pending_for,
    service_request_count_for,
)
from connective.core.home import Waiting
from connective.members.roles import Viewer


def home_waiting_for_member(viewer: Viewer) -> list[Waiting]:
    """Invitations to advise to answer, and the member's own requests still waiting for answers."""
    if not viewer.is_member:
        return []
    mine = reverse("consultations:mine")
    invitations = invitation_count_pending_for(viewer=viewer)
    requests = consultation_count_awaiting_answers_mine(viewer=viewer)
    return [
        Waiting(
            label=ngettext("invitation to advise to answer", "invitations to advise to answer", invitations),
            count=invitations,
            url=mine,
        ),
        Waiting(
            label=ngettext(
                "of your requests waiting for answers", "of your requests waiting for answers", requests
            ),
            count=requests,
            url=mine,
        ),
    ]


def home_waiting_for_coordinator(viewer: Viewer) -> list[Waiting]:
    """The service requests of the viewer's networks still to deliver."""
    if not (viewer.is_staff or viewer.coordinates):
        return []
    count = service_request_count_for(viewer=viewer)
    label = ngettext("service request to follow", "service requests to follow", count)
    return [Waiting(label=label, count=count, url=reverse("consultations:queue"))]
