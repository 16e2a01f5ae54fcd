"""One network per region, so that every member belongs somewhere from the first day."""

from django.db import migrations

NETWORKS = [
    ("mena", "mena", "MENA network", {"fr": "Réseau MENA", "ar": "شبكة الشرق الأوسط وشمال أفريقيا"},
     "Practitioners of cities in the Middle East and North Africa exchange good practices and advise each"
     " other on water scarcity, solid waste, local economic development, migration and more.",
     "coordinator", "mena@connective.localhost"),
    ("see", "see", "Southeast Europe network", {"fr": "Réseau Europe du Sud-Est", "ar": "شبكة جنوب شرق أوروبا"},
     "Practitioners of municipalities in Southeast Europe, the Western Balkans, Moldova, Ukraine, Turkey"
     " and the South Caucasus work together on municipal services, energy and good governance.",
     "coordinator", "see@connective.localhost"),
    ("ssa", "ssa", "Sub-Saharan Africa network", {"fr": "Réseau Afrique subsaharienne", "ar": "شبكة أفريقيا جنوب الصحراء"},
     "Practitioners of cities in Sub-Saharan Africa share what works on informal settlements, sanitation,"
     " municipal finance and climate adaptation.",
     "coordinator", "ssa@connective.localhost"),
    ("asia", "asia", "Asia and the Pacific", {"fr": "Asie et Pacifique", "ar": "آسيا والمحيط الهادئ"},
     "Practitioners of cities in Asia and the Pacific bring their experience to the community.",
     "automatic", ""),
    ("lac", "latin-america", "Latin America and the Caribbean", {"fr": "Amérique latine et Caraïbes", "ar": "أمريكا اللاتينية والكاريبي"},
     "Practitioners of cities in Latin America and the Caribbean bring their experience to the community.",
     "automatic", ""),
    ("europe", "europe", "Germany and Europe", {"fr": "Allemagne et Europe", "ar": "ألمانيا وأوروبا"},
     "German and European municipal practitioners who share their experience with partner cities.",
     "automatic", ""),
]


def create(apps, schema_editor):
    Network = apps.get_model("networks", "Network")
    for region, slug, name, names, description, mode, contact in NETWORKS:
        Network.objects.update_or_create(
            region=region,
            defaults={
                "slug": slug,
                "name": name,
                "name_translations": names,
                "description": description,
                "approval_mode": mode,
                "contact_email": contact,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("networks", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
