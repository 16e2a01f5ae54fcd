"""Regional coordinators are the coordinator role of their network's space now (networks 0005
copied every row into spaces.Membership), so their own table goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_erasure_pseudonym_and_protected_consents"),
        ("networks", "0005_network_spaces"),
    ]
    operations = [migrations.DeleteModel(name="RegionalCoordinator")]
