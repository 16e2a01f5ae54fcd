"""Every network's slug is its region code, so a link to a network needs no lookup."""

from django.db import migrations


def forwards(apps, schema_editor):
    Network = apps.get_model("networks", "Network")
    for network in Network.objects.all():
        if network.slug != network.region:
            network.slug = network.region
            network.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("networks", "0002_the_six_networks")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
