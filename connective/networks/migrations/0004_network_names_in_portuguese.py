"""The six networks' names in Portuguese, now that Portuguese is an interface language: without
them a Portuguese page said "Sub-Saharan Africa network". A name a coordinator already gave in
Portuguese is kept."""

from django.db import migrations

PORTUGUESE = {
    "mena": "Rede MENA",
    "see": "Rede do Sudeste da Europa",
    "ssa": "Rede da África Subsariana",
    "asia": "Ásia e Pacífico",
    "lac": "América Latina e Caraíbas",
    "europe": "Alemanha e Europa",
}


def add(apps, schema_editor):
    Network = apps.get_model("networks", "Network")
    for network in Network.objects.filter(region__in=PORTUGUESE):
        names = dict(network.name_translations or {})
        names.setdefault("pt", PORTUGUESE[network.region])
        network.name_translations = names
        network.save(update_fields=["name_translations"])


class Migration(migrations.Migration):
    dependencies = [("networks", "0003_slug_is_the_region_code")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
