"""The move of coordinators onto memberships keeps every coordinator, and a member's memberships
are in their data download and go with their account."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from connective.accounts.models import User
from connective.core.personal_data import member_erase, member_export
from connective.members.models import MemberProfile
from connective.spaces.choices import MembershipState, SpaceAccess, SpaceRole
from connective.spaces.models import Membership
from connective.spaces.tests.factories import MembershipFactory, SectionFactory


# Rolled back serialized: the live-server tests after it on the same worker expect it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_turns_each_regional_coordinator_into_the_coordinator_of_its_networks_space(
    alice: MemberProfile,
) -> None:
    before = [
        ("accounts", "0003_erasure_pseudonym_and_protected_consents"),
        ("networks", "0004_network_names_in_portuguese"),
    ]
    after = [("accounts", "0004_coordinators_are_memberships")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    old.get_model("accounts", "RegionalCoordinator").objects.create(user_id=alice.user.pk, region="see")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    stored = new.get_model("spaces", "Membership").objects.get(user_id=alice.user.pk)
    assert (stored.space.kind, stored.space.region, stored.space.slug) == ("network", "see", "see")
    assert (stored.role, stored.state) == ("coordinator", "active")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from connective.members.roles import viewer_for

    assert viewer_for(User.objects.get(pk=alice.user.pk)).coordinates == frozenset({"see"})


@pytest.mark.django_db
def test_alices_memberships_and_roles_are_in_her_download_and_go_with_her_account(
    alice: MemberProfile, bob: MemberProfile
) -> None:
    circle = SectionFactory.create(name="Water circle", access=SpaceAccess.CLOSED)
    MembershipFactory.create(space=circle, user=alice.user, role=SpaceRole.MODERATOR)
    waiting = SectionFactory.create(name="Waste", access=SpaceAccess.CLOSED)
    MembershipFactory.create(space=waiting, user=alice.user, state=MembershipState.REQUESTED)
    MembershipFactory.create(space=circle, user=bob.user, decided_by=alice.user)

    with zipfile.ZipFile(io.BytesIO(member_export(user=alice.user))) as archive:
        rows = json.loads(archive.read("spaces.json"))
    assert {(row["name"], row["role"], row["state"]) for row in rows} == {
        ("Water circle", "Moderator", "Member"),
        ("Waste", "Member", "Asked to join"),
    }
    member_erase(user=alice.user)
    assert not Membership.objects.filter(user=alice.user).exists()
    # bob's membership stays; only who let him in is forgotten with alice's account later.
    assert Membership.objects.filter(user=bob.user, space=circle).exists()
