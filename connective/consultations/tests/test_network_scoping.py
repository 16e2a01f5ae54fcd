"""Who sees a consultation follows the requester's network, not the country the request is about.

alice (Amman, MENA) asks about a city in Serbia (SEE). Her request belongs to MENA: dina (MENA
coordinator) sees it with its space, queues it and follows its service; emil (SEE coordinator)
and charlie (SEE member) never see it, even opened "to my network"; bob (MENA) does then.
The title is a sentinel, so that any page leaking it is caught whatever its wording.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from connective.accounts.models import User
from connective.consultations import services
from connective.consultations.access import consultation_get_for, consultation_space_get_for
from connective.consultations.choices import RequestVisibility, ServiceStatus, SupportKind
from connective.consultations.models import ConsultationRequest
from connective.consultations.selectors import (
    consultation_list_opened_for,
    consultation_queue_for,
    consultations_visible_count,
    service_request_count_for,
)
from connective.consultations.services import RequestData
from connective.core.errors import NotAllowed
from connective.members.models import Language, MemberProfile
from connective.members.roles import viewer_for

pytestmark = pytest.mark.django_db

SENTINEL = "SENTINEL-CONF-NETWORK-4KX"
ClientFor = Callable[[User | MemberProfile], Client]


def _ask_about_novi_sad(alice: MemberProfile, **overrides: object) -> ConsultationRequest:
    values: dict[str, object] = {
        "title": f"Tram depot in Novi Sad {SENTINEL}",
        "description": f"Our twin city asks us to help plan a tram depot. {SENTINEL}",
        "city": "Novi Sad",
        "country": "RS",
        "support_kind": SupportKind.PEER_ADVICE,
        "languages": list(Language.objects.filter(code__in=["ar", "en"])),
    }
    values.update(overrides)
    return services.consultation_request_create(actor=alice.user, data=RequestData(**values))  # type: ignore[arg-type]


def _sees(person: User | MemberProfile, request: ConsultationRequest) -> tuple[bool, bool]:
    user = person.user if isinstance(person, MemberProfile) else person
    viewer = viewer_for(user)
    seen = space = True
    try:
        consultation_get_for(viewer=viewer, public_id=request.public_id)
    except Http404:
        seen = False
    try:
        consultation_space_get_for(viewer=viewer, public_id=request.public_id)
    except Http404:
        space = False
    return seen, space


def test_a_request_about_a_city_in_another_region_belongs_to_the_requesters_network(
    alice: MemberProfile, charlie: MemberProfile, dina: User, emil: User
) -> None:
    request = _ask_about_novi_sad(alice)

    assert (request.region, request.network) == ("see", "mena")
    assert _sees(dina, request) == (True, True)
    assert _sees(emil, request) == (False, False)
    assert _sees(charlie, request) == (False, False)
    assert [r.pk for r in consultation_queue_for(viewer=viewer_for(dina))] == [request.pk]
    assert list(consultation_queue_for(viewer=viewer_for(emil))) == []
    assert consultations_visible_count(viewer=viewer_for(dina)) == 1
    assert consultations_visible_count(viewer=viewer_for(emil)) == 0


def test_opening_it_to_my_network_opens_it_to_the_requesters_network_only(
    alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile
) -> None:
    request = _ask_about_novi_sad(alice)
    services.consultation_visibility_set(
        actor=alice.user, request=request, visibility=RequestVisibility.NETWORK
    )

    assert _sees(bob, request) == (True, False)
    assert _sees(charlie, request) == (False, False)
    assert [r.pk for r in consultation_list_opened_for(viewer=viewer_for(bob.user))] == [request.pk]
    assert list(consultation_list_opened_for(viewer=viewer_for(charlie.user))) == []


def test_a_service_request_goes_to_and_is_followed_by_the_requesters_coordinators(
    alice: MemberProfile,
    dina: User,
    emil: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = _ask_about_novi_sad(alice, support_kind=SupportKind.STUDY)

    assert [address for message in mail.outbox for address in message.to] == ["dina@example.org"]
    assert service_request_count_for(viewer=viewer_for(dina)) == 1
    assert service_request_count_for(viewer=viewer_for(emil)) == 0
    with pytest.raises(NotAllowed):
        services.service_status_set(actor=emil, request=request, service_status=ServiceStatus.IN_PROGRESS)
    request.refresh_from_db()
    assert request.service_status == ServiceStatus.RECEIVED
    services.service_status_set(actor=dina, request=request, service_status=ServiceStatus.IN_PROGRESS)
    request.refresh_from_db()
    assert request.service_status == ServiceStatus.IN_PROGRESS


def test_the_pages_of_the_other_regions_coordinator_never_carry_the_title(
    alice: MemberProfile, charlie: MemberProfile, dina: User, emil: User, client_for: ClientFor
) -> None:
    request = _ask_about_novi_sad(alice)
    detail = reverse("consultations:detail", args=[request.public_id])
    for person in (emil, charlie):
        client = client_for(person)
        assert client.get(detail).status_code == 404
        for name in ("consultations:queue", "consultations:mine", "core:home"):
            assert SENTINEL not in client.get(reverse(name)).content.decode()
    dina_client = client_for(dina)
    assert SENTINEL in dina_client.get(detail).content.decode()
    assert SENTINEL in dina_client.get(reverse("consultations:queue")).content.decode()


# Rolled back serialized: the live-server tests after it on the same worker expect it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_gives_existing_requests_their_requesters_network(alice: MemberProfile) -> None:
    executor = MigrationExecutor(connection)
    before = [("consultations", "0003_advisor_evidence_vectors")]
    after = [("consultations", "0004_request_network")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Request = old.get_model("consultations", "ConsultationRequest")
    Request.objects.create(
        requester_id=alice.pk,
        title="Tram depot",
        description="A tram depot.",
        city="Novi Sad",
        country="RS",
        region="see",
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    stored = new.get_model("consultations", "ConsultationRequest").objects.get()
    assert (stored.region, stored.network) == ("see", "mena")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
