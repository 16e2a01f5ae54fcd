"""No suggestion, reason, ranking or stored invitation reason carries text a viewer could not open.

Sentinel strings are planted in a confidential consultation's title, in one opened to its
network only, and in bios kept to the network or to coordinators. charlie (SEE) and alice
(MENA) ask through the live suggestions endpoint, the `match` command and the invitation
form; none of them may see a sentinel, and typing a hidden bio's words must not bring its owner
up. The positive controls show the same evidence does count once every member may open it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from connective.accounts.models import User
from connective.consultations import services
from connective.consultations.choices import InvitationStatus, RequestStatus, RequestVisibility
from connective.consultations.models import ConsultationRequest, Invitation
from connective.consultations.suggestions.candidates import advisor_candidates
from connective.consultations.suggestions.service import RequestDraft, suggestions_for
from connective.consultations.tests.factories import ConsultationRequestFactory
from connective.members.choices import Visibility
from connective.members.models import MemberProfile
from connective.members.tests.factories import MemberProfileFactory

pytestmark = pytest.mark.django_db

CONFIDENTIAL = "SENTINEL-CONF-TITLE-7Q"
NETWORK_ONLY = "SENTINEL-NET-TITLE-3M"
SHARED = "SENTINEL-SHARED-TITLE-2P"
HIDDEN_BIO = "SENTINEL-BIO-COORD-9Z"
NETWORK_BIO = "SENTINEL-BIO-NET-5W"
HIDDEN_CITY = "Sentinelcity-8H"
SENTINELS = (CONFIDENTIAL, NETWORK_ONLY, HIDDEN_BIO, NETWORK_BIO, HIDDEN_CITY)

FLOODS = "Our old town floods every spring: storm water overflows the drains and streets fill with water."
# Words nobody else writes: typing them must not find the member whose bio alone holds them.
CEMETERY = "Relocating a historic cemetery with the families' consent and reburial ceremonies."


def _cemetery_bio(sentinel: str) -> str:
    return f"Relocating a historic cemetery {sentinel} with the families' consent and reburial ceremonies."


ClientFor = Callable[[User | MemberProfile], Client]


def _advisor(name: str, **kwargs: object) -> MemberProfile:
    kwargs.setdefault("bio", "")
    return MemberProfileFactory.create(
        user__full_name=name,
        user__email=f"{name.lower().replace(' ', '.')}@example.org",
        languages=["en", "ar", "bs"],
        willing_to_advise=True,
        **kwargs,
    )


def _closed(
    requester: MemberProfile, advisor: MemberProfile, *, title: str, visibility: str
) -> ConsultationRequest:
    request = ConsultationRequestFactory.create(
        requester=requester,
        title=title,
        description="Storm water floods the market square.",
        status=RequestStatus.CLOSED,
        visibility=visibility,
    )
    Invitation.objects.create(request=request, advisor=advisor, status=InvitationStatus.ACCEPTED)
    return request


@pytest.fixture
def planted(bob: MemberProfile) -> dict[str, MemberProfile]:
    """Advisors whose only evidence is hidden from someone: the titles of consultations they
    advised on (confidential, open to MENA only) and bios kept to coordinators or the network."""
    farah = _advisor("Farah Flood")
    _closed(bob, farah, title=f"Storm water flooding the market {CONFIDENTIAL}", visibility="confidential")
    nadia = _advisor("Nadia Network")
    _closed(bob, nadia, title=f"Storm water flooding the old town {NETWORK_ONLY}", visibility="network")
    hana = _advisor("Hana Hidden", bio=_cemetery_bio(HIDDEN_BIO), bio_visibility=Visibility.COORDINATORS)
    nour = _advisor("Nour Nearby", bio=_cemetery_bio(NETWORK_BIO), bio_visibility=Visibility.NETWORK)
    _advisor("Olga Open", bio="I coordinate the municipal youth football league and its pitches.")
    _advisor("Cyrus City", city=HIDDEN_CITY, city_visibility=Visibility.COORDINATORS)
    return {"farah": farah, "nadia": nadia, "hana": hana, "nour": nour}


def _live(client: Client, title: str, description: str) -> str:
    response = client.post(reverse("consultations:suggest"), {"title": title, "description": description})
    assert response.status_code == 200
    return response.content.decode()


def _assert_clean(text: str) -> None:
    for sentinel in SENTINELS:
        assert sentinel not in text, sentinel


def test_no_hidden_title_or_bio_reaches_live_suggestions_of_any_network(
    planted: dict[str, MemberProfile], alice: MemberProfile, charlie: MemberProfile, client_for: ClientFor
) -> None:
    for person in (alice, charlie):
        client = client_for(person)
        _assert_clean(_live(client, "Flooding in the old town", FLOODS))
        _assert_clean(_live(client, "Moving an old cemetery", CEMETERY))


def test_a_hidden_bio_has_no_influence_at_all_on_who_is_suggested_or_in_which_order(
    planted: dict[str, MemberProfile], charlie: MemberProfile
) -> None:
    """Typing the hidden bio's words ranks its owner exactly as if the bio were empty."""

    def ranking() -> list[tuple[str, float, str]]:
        found = suggestions_for(
            request=RequestDraft(title="Cemetery", description=CEMETERY, requester=charlie)
        )
        return [(a.name, a.score, a.reason) for a in found.advisors]

    with_hidden_bios = ranking()
    for name in ("hana", "nour"):
        planted[name].bio = ""
        planted[name].save()

    assert with_hidden_bios == ranking()
    assert with_hidden_bios[0][0] not in ("Hana Hidden", "Nour Nearby")


def test_a_title_and_a_bio_every_member_may_open_do_count_and_are_quoted(
    planted: dict[str, MemberProfile], bob: MemberProfile, charlie: MemberProfile, client_for: ClientFor
) -> None:
    farah, hana = planted["farah"], planted["hana"]
    _closed(bob, farah, title=f"Storm water flooding the old market {SHARED}", visibility="all_members")
    hana.bio_visibility = Visibility.MEMBERS
    hana.save()

    client = client_for(charlie)
    flood_page = _live(client, "Flooding in the old town", FLOODS)
    cemetery_page = _live(client, "Moving an old cemetery", CEMETERY)

    assert SHARED in flood_page and "Farah Flood" in flood_page
    assert HIDDEN_BIO in cemetery_page and "Hana Hidden" in cemetery_page
    assert CONFIDENTIAL not in flood_page


def test_the_match_command_carries_no_hidden_title_bio_or_city(
    planted: dict[str, MemberProfile], charlie: MemberProfile
) -> None:
    for text in (FLOODS, CEMETERY):
        out = StringIO()
        call_command("match", "--json", "--limit", "10", "--member", "charlie@example.org", text, stdout=out)
        result = json.loads(out.getvalue())
        _assert_clean(json.dumps(result, ensure_ascii=False))
        assert result["advisors"][0]["name"] not in ("Hana Hidden", "Nour Nearby")


def test_the_index_and_its_stored_texts_hold_only_what_every_member_may_see(
    planted: dict[str, MemberProfile],
) -> None:
    texts = json.dumps(
        [[c.bio, c.place, *c.past_topics, *c.practice_titles] for c in advisor_candidates()],
        ensure_ascii=False,
    )
    _assert_clean(texts)


def test_the_stored_invitation_reason_is_computed_by_the_server_not_taken_from_the_form(
    planted: dict[str, MemberProfile], alice: MemberProfile, bob: MemberProfile, client_for: ClientFor
) -> None:
    farah = planted["farah"]
    _closed(bob, farah, title=f"Storm water flooding the old market {SHARED}", visibility="all_members")
    request = ConsultationRequestFactory.create(
        requester=alice, title="Flooding in the old town", description=FLOODS, languages=["en"]
    )
    client = client_for(alice)
    client.post(
        reverse("consultations:invite", args=[request.public_id]),
        {"advisor": str(farah.slug), "match_reason": f"forged {CONFIDENTIAL}"},
    )

    invitation = Invitation.objects.get(request=request, advisor=farah)
    assert CONFIDENTIAL not in invitation.match_reason
    assert SHARED in invitation.match_reason
    # Everyone who reads the stored reason sees only what every member may open.
    farah_page = client_for(farah).get(reverse("consultations:invitation", args=[request.public_id]))
    _assert_clean(farah_page.content.decode())


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_a_stale_index_never_shows_evidence_hidden_since_it_was_built(
    planted: dict[str, MemberProfile], bob: MemberProfile, charlie: MemberProfile
) -> None:
    """With a task queue the index is rebuilt in the background, later: until then the advisors
    whose evidence was hidden meanwhile are left out rather than quoted or ranked on it."""
    farah, hana = planted["farah"], planted["hana"]
    shared = _closed(
        bob, farah, title=f"Storm water flooding the old market {SHARED}", visibility="all_members"
    )
    hana.bio_visibility = Visibility.MEMBERS
    hana.save()
    with override_settings(CELERY_TASK_ALWAYS_EAGER=True):
        flood = suggestions_for(request=RequestDraft(title="Floods", description=FLOODS, requester=charlie))
        cemetery = suggestions_for(
            request=RequestDraft(title="Cemetery", description=CEMETERY, requester=charlie)
        )
    assert "Farah Flood" in [a.name for a in flood.advisors]
    assert "Hana Hidden" in [a.name for a in cemetery.advisors]

    services.consultation_visibility_set(
        actor=bob.user, request=shared, visibility=RequestVisibility.CONFIDENTIAL
    )
    hana.bio_visibility = Visibility.COORDINATORS
    hana.save()
    flood = suggestions_for(request=RequestDraft(title="Floods", description=FLOODS, requester=charlie))
    cemetery = suggestions_for(
        request=RequestDraft(title="Cemetery", description=CEMETERY, requester=charlie)
    )

    assert SHARED not in str(flood) and "Farah Flood" not in [a.name for a in flood.advisors]
    assert HIDDEN_BIO not in str(cemetery) and "Hana Hidden" not in [a.name for a in cemetery.advisors]
