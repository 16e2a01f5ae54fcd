"""The 17 Sustainable Development Goals' short names in Portuguese, as the United Nations'
Portuguese-speaking offices (UNRIC, Camões) publish them, now that Portuguese is an interface
language."""

from django.db import migrations

PORTUGUESE = {
    1: "Erradicar a pobreza",
    2: "Erradicar a fome",
    3: "Saúde de qualidade",
    4: "Educação de qualidade",
    5: "Igualdade de género",
    6: "Água potável e saneamento",
    7: "Energias renováveis e acessíveis",
    8: "Trabalho digno e crescimento económico",
    9: "Indústria, inovação e infraestruturas",
    10: "Reduzir as desigualdades",
    11: "Cidades e comunidades sustentáveis",
    12: "Produção e consumo sustentáveis",
    13: "Ação climática",
    14: "Proteger a vida marinha",
    15: "Proteger a vida terrestre",
    16: "Paz, justiça e instituições eficazes",
    17: "Parcerias para a implementação dos objetivos",
}


def add(apps, schema_editor):
    Goal = apps.get_model("practices", "SustainableDevelopmentGoal")
    for goal in Goal.objects.filter(number__in=PORTUGUESE):
        goal.translations = {**(goal.translations or {}), "pt": PORTUGUESE[goal.number]}
        goal.save(update_fields=["translations"])


def remove(apps, schema_editor):
    Goal = apps.get_model("practices", "SustainableDevelopmentGoal")
    for goal in Goal.objects.filter(number__in=PORTUGUESE):
        goal.translations = {k: v for k, v in (goal.translations or {}).items() if k != "pt"}
        goal.save(update_fields=["translations"])


class Migration(migrations.Migration):
    dependencies = [("practices", "0010_list_and_feed_order_indexes")]
    operations = [migrations.RunPython(add, remove)]
