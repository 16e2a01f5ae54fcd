"""The taxonomy of sustainable urban development themes, named in the community's languages.

English is the reference name; French, Arabic, Portuguese (as written in Lusophone Africa) and
German follow. Staff add and merge themes later through the theme pages.
"""

from django.db import migrations
from django.utils.text import slugify

THEMES = [
    ("Water supply", {"fr": "Approvisionnement en eau", "ar": "الإمداد بالمياه", "pt": "Abastecimento de água", "de": "Wasserversorgung"}),
    ("Sanitation", {"fr": "Assainissement", "ar": "الصرف الصحي", "pt": "Saneamento", "de": "Sanitärversorgung"}),
    ("Solid waste management", {"fr": "Gestion des déchets solides", "ar": "إدارة النفايات الصلبة", "pt": "Gestão de resíduos sólidos", "de": "Abfallwirtschaft"}),
    ("Urban mobility", {"fr": "Mobilité urbaine", "ar": "التنقل الحضري", "pt": "Mobilidade urbana", "de": "Urbane Mobilität"}),
    ("Climate adaptation", {"fr": "Adaptation au changement climatique", "ar": "التكيف مع تغير المناخ", "pt": "Adaptação às alterações climáticas", "de": "Klimaanpassung"}),
    ("Climate mitigation", {"fr": "Atténuation du changement climatique", "ar": "التخفيف من تغير المناخ", "pt": "Mitigação das alterações climáticas", "de": "Klimaschutz"}),
    ("Local economic development", {"fr": "Développement économique local", "ar": "التنمية الاقتصادية المحلية", "pt": "Desenvolvimento económico local", "de": "Lokale Wirtschaftsentwicklung"}),
    ("Municipal finance", {"fr": "Finances municipales", "ar": "المالية البلدية", "pt": "Finanças municipais", "de": "Kommunalfinanzen"}),
    ("Digitalisation", {"fr": "Transformation numérique", "ar": "التحول الرقمي", "pt": "Digitalização", "de": "Digitalisierung"}),
    ("Migration and integration", {"fr": "Migration et intégration", "ar": "الهجرة والاندماج", "pt": "Migração e integração", "de": "Migration und Integration"}),
    ("Good governance", {"fr": "Bonne gouvernance", "ar": "الحكم الرشيد", "pt": "Boa governação", "de": "Gute Regierungsführung"}),
    ("Citizen participation", {"fr": "Participation citoyenne", "ar": "مشاركة المواطنين", "pt": "Participação cidadã", "de": "Bürgerbeteiligung"}),
    ("Informal settlements", {"fr": "Quartiers informels", "ar": "المستوطنات غير الرسمية", "pt": "Assentamentos informais", "de": "Informelle Siedlungen"}),
    ("Housing", {"fr": "Logement", "ar": "الإسكان", "pt": "Habitação", "de": "Wohnen"}),
    ("Public space", {"fr": "Espace public", "ar": "الفضاء العام", "pt": "Espaço público", "de": "Öffentlicher Raum"}),
    ("Disaster risk management", {"fr": "Gestion des risques de catastrophe", "ar": "إدارة مخاطر الكوارث", "pt": "Gestão do risco de desastres", "de": "Katastrophenrisikomanagement"}),
    ("Energy", {"fr": "Énergie", "ar": "الطاقة", "pt": "Energia", "de": "Energie"}),
    ("Urban planning", {"fr": "Urbanisme", "ar": "التخطيط العمراني", "pt": "Planeamento urbano", "de": "Stadtplanung"}),
    ("Green infrastructure", {"fr": "Infrastructure verte", "ar": "البنية التحتية الخضراء", "pt": "Infraestrutura verde", "de": "Grüne Infrastruktur"}),
    ("Health and COVID-19 response", {"fr": "Santé et riposte à la COVID-19", "ar": "الصحة والاستجابة لجائحة كوفيد-19", "pt": "Saúde e resposta à COVID-19", "de": "Gesundheit und Bewältigung von COVID-19"}),
    ("Culture and heritage", {"fr": "Culture et patrimoine", "ar": "الثقافة والتراث", "pt": "Cultura e património", "de": "Kultur und Kulturerbe"}),
    ("Youth and gender", {"fr": "Jeunesse et genre", "ar": "الشباب والنوع الاجتماعي", "pt": "Juventude e género", "de": "Jugend und Geschlechtergerechtigkeit"}),
]


def create(apps, schema_editor):
    Theme = apps.get_model("core", "Theme")
    for name, translations in THEMES:
        Theme.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "translations": translations}
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
