"""One index for the networks' public figures: approved members of a region by country, and
their ids to join the expertise with, read from the index alone. It replaces (status, region),
of which it is an extension. Measured with 100,000 members on PostgreSQL."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_themes"),
        ("members", "0003_search_trigram_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="memberprofile",
            name="members_mem_status_69ed6e_idx",
        ),
        migrations.AddIndex(
            model_name="memberprofile",
            index=models.Index(
                fields=["status", "region", "country", "id"], name="members_status_region_country"
            ),
        ),
    ]
