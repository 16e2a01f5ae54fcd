"""Who sees a request follows the requester's network, not the project's country.

Until now a request was scoped by `region`, which follows the country of the city the request
is about: a MENA member asking about a city in Serbia had their confidential request opened to
the SEE coordinators and closed to their own. `network` stores the requester's network; existing
requests take their requester's current one (the best that can be known after the fact).
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_network(apps, schema_editor):
    ConsultationRequest = apps.get_model("consultations", "ConsultationRequest")
    MemberProfile = apps.get_model("members", "MemberProfile")
    ConsultationRequest.objects.update(
        network=Subquery(MemberProfile.objects.filter(pk=OuterRef("requester_id")).values("region")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0003_advisor_evidence_vectors"),
        ("members", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultationrequest",
            name="network",
            field=models.CharField(
                choices=[
                    ("mena", "Middle East and North Africa"),
                    ("see", "Southeast Europe"),
                    ("ssa", "Sub-Saharan Africa"),
                    ("asia", "Asia and the Pacific"),
                    ("lac", "Latin America and the Caribbean"),
                    ("europe", "Germany and Europe"),
                ],
                db_index=True,
                default="",
                editable=False,
                max_length=20,
                verbose_name="network",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_network, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="consultationrequest",
            index=models.Index(fields=["network", "status"], name="consultatio_network_3fc313_idx"),
        ),
    ]
