"""Sections: created by a network's coordinators (and staff), joined by members, closed ones
asked to join and decided by their moderators; a closed section shows outsiders its name and
description only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connective.accounts.models import User
from connective.accounts.tests.factories import UserFactory
from connective.core.errors import NotAllowed, ValidationError
from connective.core.models import AuditEvent
from connective.members.models import MemberProfile
from connective.members.roles import viewer_for
from connective.spaces.choices import MembershipState, SpaceAccess, SpaceEvent, SpaceKind, SpaceRole
from connective.spaces.models import Membership, Space
from connective.spaces.selectors import network_space, section_list_for
from connective.spaces.services import join_request_decide, section_create, space_join, space_leave
from connective.spaces.tests.factories import MembershipFactory, SectionFactory

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User | MemberProfile], Client]


def create(actor: User, network: Space | None, **kwargs: str) -> Space:
    values = {"name": "Water loss reduction", "description": "Leaks.", "access_mode": SpaceAccess.OPEN}
    values.update(kwargs)
    return section_create(actor=actor, viewer=viewer_for(actor), network=network, **values)


# -- services ---------------------------------------------------------------------------------


def test_dina_creates_a_section_of_mena_and_moderates_it(dina: User) -> None:
    space = create(dina, network_space(region="mena"))
    assert (space.kind, space.region, space.parent.region) == (SpaceKind.SECTION, "mena", "mena")  # type: ignore[union-attr]
    assert Membership.objects.get(space=space, user=dina).role == SpaceRole.MODERATOR
    assert AuditEvent.objects.filter(action=SpaceEvent.CREATED.value, target_id=str(space.pk)).exists()


def test_a_coordinator_creates_no_section_in_another_network_nor_across_networks(dina: User) -> None:
    with pytest.raises(NotAllowed):
        create(dina, network_space(region="see"))
    with pytest.raises(NotAllowed):
        create(dina, None)
    assert not Space.objects.filter(kind__in=[SpaceKind.SECTION, SpaceKind.GLOBAL_SECTION]).exists()


def test_staff_create_a_section_across_networks(sam: User) -> None:
    space = create(sam, None, name="Climate adaptation")
    assert (space.kind, space.region, space.parent) == (SpaceKind.GLOBAL_SECTION, "", None)


def test_a_member_creates_no_section(alice: MemberProfile) -> None:
    with pytest.raises(NotAllowed):
        create(alice.user, network_space(region="mena"))


def test_a_section_without_a_name_or_with_an_unknown_access_is_refused_clearly(dina: User) -> None:
    with pytest.raises(ValidationError, match="name"):
        create(dina, network_space(region="mena"), name="  ")
    with pytest.raises(ValidationError, match="open or closed"):
        create(dina, network_space(region="mena"), access_mode="secret")
    assert not Space.objects.filter(kind=SpaceKind.SECTION).exists()


def test_two_sections_of_the_same_name_get_their_own_slugs(dina: User) -> None:
    first = create(dina, network_space(region="mena"))
    second = create(dina, network_space(region="mena"))
    assert first.slug == "water-loss-reduction" and second.slug == "water-loss-reduction-2"


def test_alice_joins_an_open_section_and_leaves_it(alice: MemberProfile) -> None:
    section = SectionFactory.create()
    space_join(actor=alice.user, viewer=viewer_for(alice.user), space=section)
    assert viewer_for(alice.user).memberships == {section.pk: "member"}
    with pytest.raises(ValidationError, match="already a member"):
        space_join(actor=alice.user, viewer=viewer_for(alice.user), space=section)
    space_leave(actor=alice.user, viewer=viewer_for(alice.user), space=section)
    assert viewer_for(alice.user).memberships == {}
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == [SpaceEvent.JOINED.value, SpaceEvent.LEFT.value]


def test_alice_asks_to_join_a_closed_section_and_reads_it_once_approved(
    alice: MemberProfile, dina: User
) -> None:
    from connective.spaces.access import can_read

    section = SectionFactory.create(access=SpaceAccess.CLOSED)
    membership = space_join(actor=alice.user, viewer=viewer_for(alice.user), space=section)
    assert membership.state == MembershipState.REQUESTED
    assert not can_read(viewer_for(alice.user), section)
    join_request_decide(
        actor=dina, viewer=viewer_for(dina), space=section, user_id=alice.user.pk, approve=True
    )
    assert can_read(viewer_for(alice.user), section)
    event = AuditEvent.objects.get(action=SpaceEvent.JOIN_APPROVED.value)
    assert event.data["user"] == alice.user.pk and event.actor == dina


def test_a_declined_request_goes_and_the_decision_is_recorded(alice: MemberProfile, dina: User) -> None:
    section = SectionFactory.create(access=SpaceAccess.CLOSED)
    space_join(actor=alice.user, viewer=viewer_for(alice.user), space=section)
    join_request_decide(
        actor=dina, viewer=viewer_for(dina), space=section, user_id=alice.user.pk, approve=False
    )
    assert not Membership.objects.filter(space=section).exists()
    assert AuditEvent.objects.filter(action=SpaceEvent.JOIN_DECLINED.value).count() == 1
    with pytest.raises(ValidationError, match="already decided"):
        join_request_decide(
            actor=dina, viewer=viewer_for(dina), space=section, user_id=alice.user.pk, approve=True
        )


def test_only_moderators_coordinators_of_the_region_and_staff_decide(
    alice: MemberProfile, bob: MemberProfile, emil: User, sam: User
) -> None:
    section = SectionFactory.create(access=SpaceAccess.CLOSED)
    space_join(actor=alice.user, viewer=viewer_for(alice.user), space=section)
    for outsider in (bob.user, emil):
        with pytest.raises(NotAllowed):
            join_request_decide(
                actor=outsider,
                viewer=viewer_for(outsider),
                space=section,
                user_id=alice.user.pk,
                approve=True,
            )
    MembershipFactory.create(space=section, user=bob.user, role=SpaceRole.MODERATOR)
    join_request_decide(
        actor=bob.user, viewer=viewer_for(bob.user), space=section, user_id=alice.user.pk, approve=True
    )
    assert Membership.objects.get(space=section, user=alice.user).state == MembershipState.ACTIVE


def test_only_members_join_and_not_a_networks_own_space(dina: User, alice: MemberProfile) -> None:
    with pytest.raises(NotAllowed):
        space_join(actor=dina, viewer=viewer_for(dina), space=SectionFactory.create())
    with pytest.raises(ValidationError):
        space_join(actor=alice.user, viewer=viewer_for(alice.user), space=network_space(region="mena"))


def test_the_viewer_must_be_the_actor(alice: MemberProfile, bob: MemberProfile) -> None:
    with pytest.raises(NotAllowed):
        space_join(actor=alice.user, viewer=viewer_for(bob.user), space=SectionFactory.create())


# -- notifications ------------------------------------------------------------------------------


def test_the_member_is_told_the_decision_and_the_moderators_the_request(
    alice: MemberProfile, dina: User, emil: User
) -> None:
    from connective.networks import space_notifications as notes
    from connective.notifications.registry import notification_kind

    assert notification_kind(SpaceEvent.JOIN_APPROVED.value) is not None
    section = SectionFactory.create(access=SpaceAccess.CLOSED, name="Qalqilya water circle")
    moderator = MembershipFactory.create(space=section, role=SpaceRole.MODERATOR).user
    space_join(actor=alice.user, viewer=viewer_for(alice.user), space=section)
    asked = AuditEvent.objects.get(action=SpaceEvent.JOIN_REQUESTED.value)
    assert list(notes.requested_recipients(asked)) == sorted([moderator.pk, dina.pk])
    rendered = notes.requested_render(asked, dina)
    assert rendered is not None and "Qalqilya water circle" in rendered.line
    assert rendered.link.endswith(reverse("spaces:detail", args=[section.slug]))
    assert notes.requested_render(asked, emil) is None  # another network's coordinator

    join_request_decide(
        actor=dina, viewer=viewer_for(dina), space=section, user_id=alice.user.pk, approve=True
    )
    approved = AuditEvent.objects.get(action=SpaceEvent.JOIN_APPROVED.value)
    assert list(notes.decided_recipients(approved)) == [alice.user.pk]
    line = notes.approved_render(approved, alice.user)
    assert line is not None and "now a member" in line.line
    assert notes.requested_render(asked, dina) is None  # decided since
    space_leave(actor=alice.user, viewer=viewer_for(alice.user), space=section)
    assert notes.approved_render(approved, alice.user) is None  # no longer true


def test_the_notification_mails_render_in_arabic(alice: MemberProfile, dina: User) -> None:
    from django.template.loader import render_to_string
    from django.utils import translation

    from connective.networks import space_notifications as notes

    section = SectionFactory.create(access=SpaceAccess.CLOSED, name="دائرة المياه")
    space_join(actor=alice.user, viewer=viewer_for(alice.user), space=section)
    join_request_decide(
        actor=dina, viewer=viewer_for(dina), space=section, user_id=alice.user.pk, approve=False
    )
    event = AuditEvent.objects.get(action=SpaceEvent.JOIN_DECLINED.value)
    with translation.override("ar"):
        rendered = notes.declined_render(event, alice.user)
        assert rendered is not None
        context = {**rendered.context, "recipient": alice.user, "link": rendered.link}
        for part in ("subject.txt", "body.txt", "body.html"):
            text = render_to_string(f"spaces/notifications/join_decided_{part}", context)
            assert "دائرة المياه" in text


# -- pages ----------------------------------------------------------------------------------------


def test_a_closed_sections_page_shows_an_outsider_its_name_and_description_only(
    client_for: ClientFor, client: Client, charlie: MemberProfile, alice: MemberProfile
) -> None:
    section = SectionFactory.create(access=SpaceAccess.CLOSED, description="Night flows, compared.")
    MembershipFactory.create(
        space=section, user=UserFactory.create(full_name="Mona Moderator"), role=SpaceRole.MODERATOR
    )
    MembershipFactory.create(space=section, user=alice.user)
    url = reverse("spaces:detail", args=[section.slug])
    for reader in (client, client_for(charlie)):
        html = reader.get(url).content.decode()
        assert section.name in html and "Night flows, compared." in html
        assert "Mona Moderator" not in html and "2 members" not in html
    html = client_for(alice).get(url).content.decode()
    assert "Mona Moderator" in html and "2 members" in html


def test_charlie_asks_to_join_through_the_page_and_dina_approves_it_there(
    client_for: ClientFor, charlie: MemberProfile, dina: User
) -> None:
    section = SectionFactory.create(access=SpaceAccess.CLOSED)
    url = reverse("spaces:detail", args=[section.slug])
    charlie_client = client_for(charlie)
    assert "Ask to join" in charlie_client.get(url).content.decode()
    response = charlie_client.post(reverse("spaces:join", args=[section.slug]), follow=True)
    assert "You asked to join" in response.content.decode()
    request = Membership.objects.get(space=section, user=charlie.user)
    dina_client = client_for(dina)
    assert charlie.user.full_name in dina_client.get(url).content.decode()
    dina_client.post(reverse("spaces:request_approve", args=[section.slug, request.uuid]))
    request.refresh_from_db()
    assert request.state == MembershipState.ACTIVE and request.decided_by == dina


def test_dina_creates_a_section_through_the_form_and_a_bad_choice_is_named(
    client_for: ClientFor, dina: User
) -> None:
    client = client_for(dina)
    response = client.post(
        reverse("spaces:create"), {"network": "see", "name": "Leaks", "description": "", "access": "open"}
    )
    assert response.status_code == 400 and "choose one of the networks" in response.content.decode()
    response = client.post(
        reverse("spaces:create"), {"network": "mena", "name": "Leaks", "description": "", "access": "closed"}
    )
    space = Space.objects.get(kind=SpaceKind.SECTION)
    assert response.headers["Location"] == reverse("spaces:detail", args=[space.slug]) and space.is_closed


def test_the_list_groups_sections_by_network_with_counts_and_marks(
    client_for: ClientFor, alice: MemberProfile, charlie: MemberProfile
) -> None:
    mena = SectionFactory.create(name="Leak detection")
    SectionFactory.create(name="Solid waste", network_region="see")
    hidden = SectionFactory.create(name="Closed circle", access=SpaceAccess.CLOSED)
    MembershipFactory.create(space=hidden, user=UserFactory.create(full_name="Someone Hidden"))
    MembershipFactory.create(space=mena, user=alice.user)
    groups = section_list_for(viewer=viewer_for(alice.user))
    rows = {row.space.name: row for group in groups for row in group.sections}
    assert rows["Leak detection"].joined and rows["Leak detection"].member_count == 1
    assert not rows["Closed circle"].readable and rows["Closed circle"].member_count == 0
    html = client_for(alice).get(reverse("spaces:list")).content.decode()
    assert "Leak detection" in html and "Solid waste" in html and "Joined" in html


def _list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("spaces:list")).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_at_10_and_at_1000_sections(
    client_for: ClientFor, alice: MemberProfile
) -> None:
    client = client_for(alice)
    mena, see = network_space(region="mena"), network_space(region="see")

    def add(count: int, start: int) -> None:
        spaces = Space.objects.bulk_create(
            Space(
                slug=f"s-{n}", kind=SpaceKind.SECTION, name=f"Section {n}", parent=(mena, see)[n % 2],
                region=("mena", "see")[n % 2], access=(SpaceAccess.OPEN, SpaceAccess.CLOSED)[n % 3 == 0],
            )
            for n in range(start, start + count)
        )  # fmt: skip
        Membership.objects.bulk_create(Membership(space=space, user=alice.user) for space in spaces[::5])

    add(10, 0)
    _list_queries(client)  # the first request fills the session's and the cache's share
    at_10 = _list_queries(client)
    add(990, 10)
    at_1000 = _list_queries(client)
    assert at_10 == at_1000


def test_the_section_page_costs_the_same_queries_at_10_and_at_1000_members(
    client_for: ClientFor, dina: User
) -> None:
    section = SectionFactory.create(access=SpaceAccess.CLOSED)
    client = client_for(dina)
    url = reverse("spaces:detail", args=[section.slug])

    def add(count: int, start: int) -> None:
        users = User.objects.bulk_create(
            User(email=f"m{n}@example.org", full_name=f"Member {n}") for n in range(start, start + count)
        )
        Membership.objects.bulk_create(
            Membership(space=section, user=user, role=SpaceRole.MODERATOR if n % 100 == 0 else SpaceRole.MEMBER,
                       state=MembershipState.REQUESTED if n % 3 == 0 else MembershipState.ACTIVE)
            for n, user in enumerate(users, start)
        )  # fmt: skip

    counts = []
    client.get(url)  # the first request fills the session's and the cache's share
    for count, start in ((10, 0), (990, 10)):
        add(count, start)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# -- roles --------------------------------------------------------------------------------------


def test_staff_appoint_a_coordinator_by_address_and_remove_them(
    client_for: ClientFor, sam: User, alice: MemberProfile
) -> None:
    client = client_for(sam)
    url = reverse("spaces:roles", args=["mena"])
    response = client.post(url, {"email": "nobody@example.org"})
    assert response.status_code == 400 and "No active account has the address" in response.content.decode()
    client.post(url, {"email": alice.user.email.upper()})
    membership = Membership.objects.get(space__slug="mena", user=alice.user)
    assert membership.role == SpaceRole.COORDINATOR and viewer_for(alice.user).coordinates == {"mena"}
    client.post(url, {"remove": str(membership.uuid)})
    assert viewer_for(alice.user).coordinates == frozenset()


def test_a_coordinator_appoints_a_sections_moderator_among_its_members_only(
    client_for: ClientFor, dina: User, emil: User, alice: MemberProfile, bob: MemberProfile
) -> None:
    section = SectionFactory.create()
    alices = MembershipFactory.create(space=section, user=alice.user)
    url = reverse("spaces:roles", args=[section.slug])
    assert client_for(emil).get(url).status_code == 404
    assert client_for(alice).get(url).status_code == 404
    assert client_for(dina).get(reverse("spaces:roles", args=["mena"])).status_code == 404  # staff only
    client = client_for(dina)
    response = client.post(url, {"member": "not-a-uuid"})
    assert response.status_code == 400 and "choose one of the section" in response.content.decode()
    client.post(url, {"member": str(alices.uuid)})
    alices.refresh_from_db()
    assert alices.role == SpaceRole.MODERATOR


def test_the_roles_page_costs_the_same_queries_at_10_and_at_1000_members(
    client_for: ClientFor, dina: User
) -> None:
    section = SectionFactory.create()
    client = client_for(dina)
    url = reverse("spaces:roles", args=[section.slug])

    def add(count: int, start: int) -> None:
        users = User.objects.bulk_create(
            User(email=f"r{n}@example.org", full_name=f"Member {n}") for n in range(start, start + count)
        )
        Membership.objects.bulk_create(
            Membership(
                space=section, user=user, role=SpaceRole.MODERATOR if n % 50 == 0 else SpaceRole.MEMBER
            )
            for n, user in enumerate(users, start)
        )

    client.get(url)
    counts = []
    for count, start in ((10, 0), (990, 10)):
        add(count, start)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_requests_to_join_wait_on_the_home_page_of_those_who_decide_them(
    alice: MemberProfile, bob: MemberProfile, dina: User, emil: User
) -> None:
    from connective.spaces.home import home_waiting_for_moderator

    section = SectionFactory.create(access=SpaceAccess.CLOSED, name="Water circle")
    for person in (alice, bob):
        space_join(actor=person.user, viewer=viewer_for(person.user), space=section)
    (waiting,) = home_waiting_for_moderator(viewer_for(dina))
    assert waiting.count == 2 and "Water circle" in waiting.label
    assert waiting.url == reverse("spaces:detail", args=[section.slug])
    assert home_waiting_for_moderator(viewer_for(emil)) == []
    assert home_waiting_for_moderator(viewer_for(alice.user)) == []
