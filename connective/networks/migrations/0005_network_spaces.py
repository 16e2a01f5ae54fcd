"""Each regional network gets its space, and each regional coordinator becomes the coordinator
role of that space: from now on the memberships say who coordinates (accounts.RegionalCoordinator
goes in the next migration of accounts). Here because it reads the networks."""

from django.db import migrations


def forward(apps, schema_editor):
    Network = apps.get_model("networks", "Network")
    Space = apps.get_model("spaces", "Space")
    Membership = apps.get_model("spaces", "Membership")
    RegionalCoordinator = apps.get_model("accounts", "RegionalCoordinator")
    spaces = {}
    for network in Network.objects.all():
        space, _created = Space.objects.update_or_create(
            kind="network",
            region=network.region,
            defaults={
                "slug": network.slug,
                "name": network.name,
                "name_translations": network.name_translations or {},
                "access": "open",
            },
        )
        spaces[network.region] = space
    for role in RegionalCoordinator.objects.all():
        space = spaces.get(role.region)
        if space is None:
            continue
        membership, _created = Membership.objects.update_or_create(
            space=space, user_id=role.user_id, defaults={"role": "coordinator", "state": "active"}
        )
        Membership.objects.filter(pk=membership.pk).update(created_at=role.since)


def backward(apps, schema_editor):
    Space = apps.get_model("spaces", "Space")
    Membership = apps.get_model("spaces", "Membership")
    RegionalCoordinator = apps.get_model("accounts", "RegionalCoordinator")
    for membership in Membership.objects.filter(space__kind="network", role="coordinator", state="active"):
        RegionalCoordinator.objects.get_or_create(
            user_id=membership.user_id, region=membership.space.region, defaults={"since": membership.created_at}
        )
    Membership.objects.filter(space__kind="network").delete()
    Space.objects.filter(kind="network", children__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0004_network_names_in_portuguese"),
        ("spaces", "0001_spaces"),
        ("accounts", "0003_erasure_pseudonym_and_protected_consents"),
    ]
    operations = [migrations.RunPython(forward, backward)]
