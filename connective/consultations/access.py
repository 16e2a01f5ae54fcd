"""Who sees which consultation, and how much of it: the only way a view gets a request.

A confidential request is seen by its requester, the advisors invited on it, the coordinators
of the requester's network and staff. An invited advisor who has not accepted sees the request
(title, description) to decide, nothing of the private space. A request opened to the network
or to all members is seen by those members too, as a discussion, but never its private space.

Scoping follows the requester's network (`ConsultationRequest.network`), never the country of
the city the request is about (`region`): a MENA member asking about a city in Serbia is
followed by the MENA coordinators, and "open to my network" opens it to MENA members.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from connective.consultations.choices import InvitationStatus, RequestStatus, RequestVisibility
from connective.consultations.models import ConsultationFile, ConsultationRequest, Invitation
from connective.members.roles import Viewer

# The invitations that let an advisor see a request: waiting for their answer, or accepted.
SEEING_INVITATIONS = (InvitationStatus.PENDING, InvitationStatus.ACCEPTED)


def consultations_visible_q(viewer: Viewer) -> Q:
    """A filter matching the requests this viewer may see (the request, not the space)."""
    if viewer.is_staff:
        return Q()
    if viewer.user_id is None:
        return Q(pk__in=[])
    q = Q(requester__user_id=viewer.user_id) | Q(network__in=sorted(viewer.coordinates))
    q |= Q(
        pk__in=Invitation.objects.filter(
            advisor__user_id=viewer.user_id, status__in=SEEING_INVITATIONS
        ).values("request_id")
    )
    if viewer.is_member:
        q |= Q(visibility=RequestVisibility.ALL_MEMBERS)
        if viewer.region:
            q |= Q(visibility=RequestVisibility.NETWORK, network=viewer.region)
    return q


@dataclass(frozen=True)
class Participation:
    """What one viewer is to one request, and therefore what they may see and do there."""

    request: ConsultationRequest
    is_requester: bool
    invitation: Invitation | None
    coordinates: bool

    @property
    def is_advisor(self) -> bool:
        """An advisor who accepted: a full participant of the private space."""
        return self.invitation is not None and self.invitation.status == InvitationStatus.ACCEPTED

    @property
    def is_invited(self) -> bool:
        """Invited and not answered yet: sees the request to decide, not the space."""
        return self.invitation is not None and self.invitation.status == InvitationStatus.PENDING

    @property
    def can_see_space(self) -> bool:
        return self.is_requester or self.is_advisor or self.coordinates

    @property
    def can_write_in_space(self) -> bool:
        """Messages, files and meetings while the consultation runs."""
        return self.can_see_space and not self.request.is_closed

    @property
    def can_invite(self) -> bool:
        return (self.is_requester or self.coordinates) and not self.request.is_closed

    @property
    def can_close(self) -> bool:
        return self.is_requester and not self.request.is_closed

    @property
    def can_give_feedback(self) -> bool:
        return (self.is_requester or self.is_advisor) and self.request.status == RequestStatus.CLOSED


def participation(*, viewer: Viewer, request: ConsultationRequest) -> Participation | None:
    """What the viewer is to `request`; None when they may not see it at all (one query at most,
    none when `request.invitations` was prefetched with their advisors)."""
    if viewer.user_id is None:
        return None
    is_requester = request.requester.user_id == viewer.user_id
    coordinates = viewer.coordinates_region(request.network)
    invitation = None
    if not is_requester:
        prefetched = getattr(request, "_prefetched_objects_cache", {}).get("invitations")
        if prefetched is not None:
            # The notification list loads a page's requests with their invitations (and their
            # advisors): answering from them keeps the page's cost flat (one advisor, one row).
            invitation = next(
                (
                    found
                    for found in prefetched
                    if found.advisor.user_id == viewer.user_id and found.status != InvitationStatus.WITHDRAWN
                ),
                None,
            )
        else:
            invitation = (
                Invitation.objects.filter(request=request, advisor__user_id=viewer.user_id)
                .exclude(status__in=[InvitationStatus.WITHDRAWN])
                .first()
            )
    seeing = invitation is not None and invitation.status in SEEING_INVITATIONS
    opened = viewer.is_member and (
        request.visibility == RequestVisibility.ALL_MEMBERS
        or (request.visibility == RequestVisibility.NETWORK and viewer.region == request.network)
    )
    if not (is_requester or coordinates or seeing or opened):
        return None
    return Participation(
        request=request, is_requester=is_requester, invitation=invitation, coordinates=coordinates
    )


def consultation_get_for(*, viewer: Viewer, public_id: uuid.UUID | str) -> Participation:
    """The request and the viewer's part in it; 404 whatever the reason they may not see it."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        raise Http404(_("No such consultation.")) from None
    request = (
        ConsultationRequest.objects.select_related("requester__user", "resulting_practice")
        .filter(public_id=key)
        .first()
    )
    found = participation(viewer=viewer, request=request) if request is not None else None
    if found is None:
        raise Http404(_("No such consultation."))
    return found


def consultation_space_get_for(*, viewer: Viewer, public_id: uuid.UUID | str) -> Participation:
    """As `consultation_get_for`, for the private space: 404 for whoever is not a participant."""
    found = consultation_get_for(viewer=viewer, public_id=public_id)
    if not found.can_see_space:
        raise Http404(_("No such consultation."))
    return found


def invitation_in_space_get(*, found: Participation, advisor_slug: uuid.UUID | str) -> Invitation:
    """An advisor's invitation on a consultation whose space the viewer may see (`found`, from
    `consultation_space_get_for`); 404 if there is none. The services decide what they may do."""
    invitation = Invitation.objects.filter(request=found.request, advisor__slug=advisor_slug).first()
    if invitation is None:
        raise Http404(_("No such invitation."))
    return invitation


def invitation_get_for(*, viewer: Viewer, public_id: uuid.UUID | str) -> Invitation:
    """The viewer's own invitation on a request (any status but withdrawn); 404 otherwise."""
    found = consultation_get_for(viewer=viewer, public_id=public_id)
    if found.invitation is None:
        raise Http404(_("No such invitation."))
    invitation = found.invitation
    invitation.request = found.request
    return invitation


def consultation_file_get_for(
    *, viewer: Viewer, public_id: uuid.UUID | str, file_id: uuid.UUID | str
) -> tuple[Participation, ConsultationFile]:
    """A file of the private space and the viewer's part in its consultation (whose role decides
    whether the download is a look to log); 404 for whoever is not a participant."""
    found = consultation_space_get_for(viewer=viewer, public_id=public_id)
    try:
        key = uuid.UUID(str(file_id))
    except ValueError:
        raise Http404(_("No such file.")) from None
    item = ConsultationFile.objects.filter(request=found.request, public_id=key).first()
    if item is None:
        raise Http404(_("No such file."))
    return found, item


def consultations_visible_to(*, viewer: Viewer) -> QuerySet[ConsultationRequest]:
    return ConsultationRequest.objects.filter(consultations_visible_q(viewer))


# -- what a viewer may do with consultations (participation is per request, above) ----------


def can_request_consultation(viewer: Viewer) -> bool:
    """Any approved member brings a challenge to their peers."""
    return viewer.is_member


def can_coordinate_consultations_in(viewer: Viewer, region: str) -> bool:
    """See a region's requests and their spaces, invite advisors, follow service requests."""
    return viewer.coordinates_region(region)
