"""Memberships get a public identifier, for the links that approve or decline a request to join
(added empty, filled row by row, then made unique, so existing rows each get their own)."""

import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    Membership = apps.get_model("spaces", "Membership")
    for membership in Membership.objects.filter(uuid__isnull=True).only("pk"):
        Membership.objects.filter(pk=membership.pk).update(uuid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("spaces", "0001_spaces")]

    operations = [
        migrations.AddField(model_name="membership", name="uuid", field=models.UUIDField(null=True, editable=False)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="membership",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
