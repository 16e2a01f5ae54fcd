"""The 17 UN Sustainable Development Goals, with their official short names."""

from django.db import migrations

SDGS = [
    (1, "No poverty", "Pas de pauvreté", "القضاء على الفقر"),
    (2, "Zero hunger", "Faim « zéro »", "القضاء التام على الجوع"),
    (3, "Good health and well-being", "Bonne santé et bien-être", "الصحة الجيدة والرفاه"),
    (4, "Quality education", "Éducation de qualité", "التعليم الجيد"),
    (5, "Gender equality", "Égalité entre les sexes", "المساواة بين الجنسين"),
    (6, "Clean water and sanitation", "Eau propre et assainissement", "المياه النظيفة والنظافة الصحية"),
    (7, "Affordable and clean energy", "Énergie propre et d'un coût abordable", "طاقة نظيفة وبأسعار معقولة"),
    (8, "Decent work and economic growth", "Travail décent et croissance économique", "العمل اللائق ونمو الاقتصاد"),
    (9, "Industry, innovation and infrastructure", "Industrie, innovation et infrastructure", "الصناعة والابتكار والهياكل الأساسية"),
    (10, "Reduced inequalities", "Inégalités réduites", "الحد من أوجه عدم المساواة"),
    (11, "Sustainable cities and communities", "Villes et communautés durables", "مدن ومجتمعات محلية مستدامة"),
    (12, "Responsible consumption and production", "Consommation et production responsables", "الاستهلاك والإنتاج المسؤولان"),
    (13, "Climate action", "Mesures relatives à la lutte contre les changements climatiques", "العمل المناخي"),
    (14, "Life below water", "Vie aquatique", "الحياة تحت الماء"),
    (15, "Life on land", "Vie terrestre", "الحياة في البر"),
    (16, "Peace, justice and strong institutions", "Paix, justice et institutions efficaces", "السلام والعدل والمؤسسات القوية"),
    (17, "Partnerships for the goals", "Partenariats pour la réalisation des objectifs", "عقد الشراكات لتحقيق الأهداف"),
]


def create(apps, schema_editor):
    Goal = apps.get_model("practices", "SustainableDevelopmentGoal")
    for number, en, fr, ar in SDGS:
        Goal.objects.update_or_create(number=number, defaults={"name": en, "translations": {"fr": fr, "ar": ar}})


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
