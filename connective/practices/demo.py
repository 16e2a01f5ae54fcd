"""Demo good practices: realistic, in the community's languages, in real cities, by the thousand.

`seed_practices` writes with bulk inserts (practices, their themes, SDGs, authors, contacts
and published revision 1), a batch at a time, so that 100,000 practices take minutes; then
it rebuilds the search index once. The texts are assembled from templates per theme and
language (what the city faced, what it did, results with figures, lessons, conditions for
transfer, costs), the places are real cities of each region, located with the gazetteer.
Demo data only: it bypasses the review workflow on purpose.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from connective.core.models import Theme
from connective.core.regions import Region, region_for_country
from connective.members.models import MemberProfile
from connective.practices.choices import PracticeStatus, RevisionState
from connective.practices.mapping import locate
from connective.practices.models import Practice, PracticeRevision, SustainableDevelopmentGoal
from connective.practices.services import PracticeData

BATCH_SIZE = 2000

# (city as written in English/French, ISO country, Arabic name or "") by region.
CITIES: dict[str, list[tuple[str, str, str]]] = {
    Region.MENA: [
        ("Amman", "JO", "عمّان"), ("Irbid", "JO", "إربد"), ("Zarqa", "JO", "الزرقاء"),
        ("Tunis", "TN", "تونس"), ("Sfax", "TN", "صفاقس"), ("Sousse", "TN", "سوسة"),
        ("Casablanca", "MA", "الدار البيضاء"), ("Rabat", "MA", "الرباط"), ("Fès", "MA", "فاس"),
        ("Marrakesh", "MA", "مراكش"), ("Algiers", "DZ", "الجزائر"), ("Oran", "DZ", "وهران"),
        ("Constantine", "DZ", "قسنطينة"), ("Cairo", "EG", "القاهرة"), ("Alexandria", "EG", "الإسكندرية"),
        ("Beirut", "LB", "بيروت"), ("Tripoli", "LB", "طرابلس"), ("Sidon", "LB", "صيدا"),
        ("Ramallah", "PS", "رام الله"), ("Nablus", "PS", "نابلس"), ("Erbil", "IQ", "أربيل"),
        ("Mosul", "IQ", "الموصل"),
    ],
    Region.SEE: [
        ("Sarajevo", "BA", ""), ("Mostar", "BA", ""), ("Tuzla", "BA", ""), ("Belgrade", "RS", ""),
        ("Novi Sad", "RS", ""), ("Niš", "RS", ""), ("Skopje", "MK", ""), ("Bitola", "MK", ""),
        ("Tirana", "AL", ""), ("Durrës", "AL", ""), ("Pristina", "XK", ""), ("Podgorica", "ME", ""),
        ("Chişinău", "MD", ""), ("Tbilisi", "GE", ""), ("Yerevan", "AM", ""), ("Odesa", "UA", ""),
        ("Izmir", "TR", ""), ("Gaziantep", "TR", ""),
    ],
    Region.SSA: [
        ("Nairobi", "KE", ""), ("Mombasa", "KE", ""), ("Kisumu", "KE", ""), ("Accra", "GH", ""),
        ("Kumasi", "GH", ""), ("Dakar", "SN", ""), ("Saint-Louis", "SN", ""), ("Abidjan", "CI", ""),
        ("Bouaké", "CI", ""), ("Lagos", "NG", ""), ("Kano", "NG", ""), ("Addis Ababa", "ET", ""),
        ("Kigali", "RW", ""), ("Kampala", "UG", ""), ("Dar es Salaam", "TZ", ""), ("Maputo", "MZ", ""),
        ("Beira", "MZ", ""), ("Luanda", "AO", ""), ("Praia", "CV", ""), ("Johannesburg", "ZA", ""),
        ("Cape Town", "ZA", ""), ("Ouagadougou", "BF", ""), ("Cotonou", "BJ", ""), ("Douala", "CM", ""),
        ("Yaoundé", "CM", ""), ("Bamako", "ML", ""), ("Lusaka", "ZM", ""), ("Harare", "ZW", ""),
    ],
    Region.LAC: [
        ("Medellín", "CO", ""), ("Bogotá", "CO", ""), ("Quito", "EC", ""), ("Lima", "PE", ""),
        ("Curitiba", "BR", ""), ("Recife", "BR", ""), ("Porto Alegre", "BR", ""), ("Montevideo", "UY", ""),
        ("Rosario", "AR", ""), ("Guadalajara", "MX", ""),
    ],
    Region.EUROPE: [
        ("Leipzig", "DE", ""), ("Freiburg", "DE", ""), ("Bonn", "DE", ""), ("Dortmund", "DE", ""),
        ("Lyon", "FR", ""), ("Lisbon", "PT", ""), ("Barcelona", "ES", ""), ("Vienna", "AT", ""),
    ],
    Region.ASIA: [("Bandung", "ID", ""), ("Da Nang", "VN", ""), ("Pune", "IN", ""), ("Cebu City", "PH", "")],
}  # fmt: skip
# Which share of practices each region gets, and the languages practices there are written in.
REGION_WEIGHTS: dict[str, int] = {
    Region.MENA: 30,
    Region.SSA: 30,
    Region.SEE: 22,
    Region.LAC: 7,
    Region.EUROPE: 7,
    Region.ASIA: 4,
}
REGION_LANGUAGES: dict[str, list[tuple[str, int]]] = {
    Region.MENA: [("ar", 50), ("fr", 25), ("en", 25)],
    Region.SSA: [("en", 45), ("fr", 35), ("pt", 20)],
    Region.SEE: [("en", 80), ("de", 20)],
    Region.LAC: [("es", 65), ("pt", 35)],
    Region.EUROPE: [("de", 45), ("en", 25), ("fr", 15), ("es", 15)],
    Region.ASIA: [("en", 100)],
}
# Portuguese-speaking countries write in Portuguese, Spanish-speaking ones in Spanish.
COUNTRY_LANGUAGE = {"MZ": "pt", "AO": "pt", "CV": "pt", "BR": "pt", "PT": "pt", "ES": "es", "CO": "es"}

# theme slug -> SDG numbers it serves.
THEME_SDGS = {
    "water-supply": [6], "solid-waste-management": [11, 12], "urban-mobility": [11],
    "climate-adaptation": [11, 13], "local-economic-development": [8], "digitalisation": [9, 16],
    "citizen-participation": [11, 16], "energy": [7, 13],
}  # fmt: skip

# theme slug -> language -> (the measure, the problem, the result with {n} and {pct}).
PHRASES: dict[str, dict[str, tuple[str, str, str]]] = {
    "water-supply": {
        "en": ("community-run water kiosks", "informal districts without piped water", "{n} residents now buy clean water at the official tariff and household water costs fell by {pct}%"),
        "fr": ("des kiosques à eau gérés par les habitants", "des quartiers informels sans réseau d'eau", "{n} habitants achètent désormais l'eau potable au tarif officiel et les dépenses des ménages ont baissé de {pct} %"),
        "ar": ("أكشاك مياه يديرها السكان", "أحياء غير رسمية بلا شبكة مياه", "يشتري {n} من السكان الآن مياهاً نظيفة بالتعرفة الرسمية وانخفضت نفقات الأسر على المياه بنسبة {pct}٪"),
        "pt": ("quiosques de água geridos pela comunidade", "bairros informais sem água canalizada", "{n} moradores compram agora água potável à tarifa oficial e os gastos das famílias caíram {pct}%"),
        "de": ("von Bewohnern betriebene Wasserkioske", "informelle Viertel ohne Wasseranschluss", "{n} Menschen kaufen nun sauberes Wasser zum offiziellen Tarif, die Ausgaben der Haushalte sanken um {pct} %"),
        "es": ("quioscos de agua gestionados por la comunidad", "barrios informales sin agua entubada", "{n} vecinos compran ahora agua potable a la tarifa oficial y el gasto de los hogares bajó un {pct} %"),
    },
    "solid-waste-management": {
        "en": ("door-to-door separate waste collection", "overflowing dumps and low recycling rates", "{n} households separate their waste and the volume sent to landfill fell by {pct}%"),
        "fr": ("la collecte sélective en porte-à-porte", "des décharges saturées et un faible taux de recyclage", "{n} ménages trient leurs déchets et le volume mis en décharge a baissé de {pct} %"),
        "ar": ("جمع النفايات المفروزة من الباب إلى الباب", "مكبات ممتلئة ونسبة تدوير منخفضة", "تفرز {n} أسرة نفاياتها وانخفضت كمية النفايات المطمورة بنسبة {pct}٪"),
        "pt": ("recolha seletiva porta a porta", "lixeiras sobrelotadas e pouca reciclagem", "{n} famílias separam os resíduos e o volume depositado em aterro caiu {pct}%"),
        "de": ("getrennte Abfallsammlung von Haus zu Haus", "überfüllte Deponien und geringe Recyclingquoten", "{n} Haushalte trennen ihren Abfall, die deponierte Menge sank um {pct} %"),
        "es": ("recogida selectiva puerta a puerta", "vertederos saturados y poco reciclaje", "{n} hogares separan sus residuos y el volumen enviado al vertedero bajó un {pct} %"),
    },
    "urban-mobility": {
        "en": ("a network of dedicated bus lanes", "congested streets and long commutes", "{n} passengers ride the new lines every day and travel times fell by {pct}%"),
        "fr": ("un réseau de couloirs de bus", "des rues congestionnées et de longs trajets", "{n} voyageurs empruntent chaque jour les nouvelles lignes et les temps de trajet ont baissé de {pct} %"),
        "ar": ("شبكة ممرات مخصصة للحافلات", "شوارع مزدحمة ورحلات طويلة إلى العمل", "يستخدم {n} راكب الخطوط الجديدة يومياً وانخفض زمن الرحلة بنسبة {pct}٪"),
        "pt": ("uma rede de faixas exclusivas para autocarros", "ruas congestionadas e deslocações longas", "{n} passageiros usam as novas linhas por dia e os tempos de viagem caíram {pct}%"),
        "de": ("ein Netz eigener Busspuren", "verstopfte Straßen und lange Pendelwege", "{n} Fahrgäste nutzen täglich die neuen Linien, die Fahrzeiten sanken um {pct} %"),
        "es": ("una red de carriles exclusivos para autobuses", "calles congestionadas y trayectos largos", "{n} pasajeros usan las nuevas líneas cada día y los tiempos de viaje bajaron un {pct} %"),
    },
    "climate-adaptation": {
        "en": ("green corridors and rainwater retention basins", "heat waves and flash floods", "{n} residents live in better protected streets and flood damage fell by {pct}%"),
        "fr": ("des corridors verts et des bassins de rétention", "les vagues de chaleur et les crues soudaines", "{n} habitants vivent dans des rues mieux protégées et les dégâts des inondations ont baissé de {pct} %"),
        "ar": ("ممرات خضراء وأحواض لتجميع مياه الأمطار", "موجات الحر والفيضانات المفاجئة", "يعيش {n} من السكان في شوارع أفضل حماية وانخفضت أضرار الفيضانات بنسبة {pct}٪"),
        "pt": ("corredores verdes e bacias de retenção de águas pluviais", "ondas de calor e cheias repentinas", "{n} moradores vivem em ruas mais protegidas e os danos das cheias caíram {pct}%"),
        "de": ("grüne Korridore und Regenrückhaltebecken", "Hitzewellen und Sturzfluten", "{n} Menschen leben in besser geschützten Straßen, die Hochwasserschäden sanken um {pct} %"),
        "es": ("corredores verdes y estanques de retención de lluvia", "olas de calor e inundaciones repentinas", "{n} vecinos viven en calles mejor protegidas y los daños por inundaciones bajaron un {pct} %"),
    },
    "local-economic-development": {
        "en": ("a municipal business incubator", "youth unemployment and a large informal economy", "{n} small firms were registered and {pct}% of them were still trading two years later"),
        "fr": ("un incubateur municipal d'entreprises", "le chômage des jeunes et l'économie informelle", "{n} petites entreprises ont été enregistrées et {pct} % d'entre elles existent encore deux ans plus tard"),
        "ar": ("حاضنة أعمال بلدية", "بطالة الشباب واتساع الاقتصاد غير الرسمي", "سُجّلت {n} شركة صغيرة وما زالت {pct}٪ منها تعمل بعد عامين"),
        "pt": ("uma incubadora municipal de empresas", "o desemprego jovem e a economia informal", "{n} pequenas empresas foram registadas e {pct}% continuavam ativas dois anos depois"),
        "de": ("ein kommunales Gründerzentrum", "Jugendarbeitslosigkeit und informelle Wirtschaft", "{n} Kleinunternehmen wurden angemeldet, {pct} % davon bestehen nach zwei Jahren noch"),
        "es": ("una incubadora municipal de empresas", "el desempleo juvenil y la economía informal", "se registraron {n} pequeñas empresas y el {pct} % seguía activo dos años después"),
    },
    "digitalisation": {
        "en": ("a one-stop online service portal", "long queues at municipal counters", "{n} requests are filed online every month and processing times fell by {pct}%"),
        "fr": ("un guichet unique en ligne", "de longues files d'attente aux guichets municipaux", "{n} demandes sont déposées en ligne chaque mois et les délais de traitement ont baissé de {pct} %"),
        "ar": ("بوابة خدمات إلكترونية موحدة", "طوابير طويلة أمام شبابيك البلدية", "يُقدَّم {n} طلب إلكترونياً كل شهر وانخفضت مدة المعالجة بنسبة {pct}٪"),
        "pt": ("um balcão único de serviços online", "longas filas nos balcões municipais", "{n} pedidos são feitos online por mês e os prazos de resposta caíram {pct}%"),
        "de": ("ein digitales Bürgerportal", "lange Warteschlangen in den Bürgerämtern", "{n} Anträge gehen monatlich online ein, die Bearbeitungszeit sank um {pct} %"),
        "es": ("una ventanilla única en línea", "largas colas en las oficinas municipales", "se presentan {n} trámites en línea al mes y los plazos bajaron un {pct} %"),
    },
    "citizen-participation": {
        "en": ("a participatory budget", "low trust between residents and the municipality", "{n} residents voted on projects and neighbourhoods allocated {pct}% of the investment budget"),
        "fr": ("un budget participatif", "une faible confiance entre habitants et commune", "{n} habitants ont voté pour des projets et les quartiers ont réparti {pct} % du budget d'investissement"),
        "ar": ("موازنة تشاركية", "ضعف الثقة بين السكان والبلدية", "صوّت {n} من السكان على المشاريع ووزّعت الأحياء {pct}٪ من موازنة الاستثمار"),
        "pt": ("um orçamento participativo", "pouca confiança entre moradores e município", "{n} moradores votaram em projetos e os bairros decidiram {pct}% do orçamento de investimento"),
        "de": ("ein Bürgerhaushalt", "geringes Vertrauen zwischen Bürgerschaft und Verwaltung", "{n} Menschen stimmten über Projekte ab, die Stadtteile verteilten {pct} % des Investitionshaushalts"),
        "es": ("un presupuesto participativo", "poca confianza entre vecinos y municipio", "{n} vecinos votaron proyectos y los barrios decidieron el {pct} % del presupuesto de inversión"),
    },
    "energy": {
        "en": ("LED street lighting and solar panels on public buildings", "a high municipal electricity bill", "{n} street lights were replaced and the municipal energy bill fell by {pct}%"),
        "fr": ("l'éclairage public LED et des panneaux solaires sur les bâtiments publics", "une facture d'électricité municipale élevée", "{n} lampadaires ont été remplacés et la facture énergétique de la commune a baissé de {pct} %"),
        "ar": ("إنارة عامة بمصابيح LED وألواح شمسية على المباني العامة", "فاتورة كهرباء بلدية مرتفعة", "استُبدل {n} عمود إنارة وانخفضت فاتورة الطاقة البلدية بنسبة {pct}٪"),
        "pt": ("iluminação pública LED e painéis solares em edifícios públicos", "uma fatura de eletricidade municipal elevada", "{n} candeeiros foram substituídos e a fatura energética do município caiu {pct}%"),
        "de": ("LED-Straßenbeleuchtung und Solaranlagen auf öffentlichen Gebäuden", "hohe Stromkosten der Stadt", "{n} Straßenlaternen wurden ersetzt, die Energiekosten der Stadt sanken um {pct} %"),
        "es": ("alumbrado público LED y paneles solares en edificios públicos", "una factura eléctrica municipal elevada", "se sustituyeron {n} farolas y la factura energética municipal bajó un {pct} %"),
    },
}  # fmt: skip

# language -> field -> template. Slots: city, measure, problem, result, y0..y2, share, rating,
# staff, cost, years, own.
TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "{Measure} in {city}",
        "summary": "{city} introduced {measure} to tackle {problem}. {Result}.",
        "challenge": "Around {y0}, {city} faced {problem}. The municipality estimated that **{share}%** of residents were affected, most of them in the poorest neighbourhoods.",
        "approach": "The municipality and its partners introduced {measure}, step by step:\n\n1. mapping the needs together with residents' committees;\n2. a pilot in two neighbourhoods in {y0};\n3. scaling up across the city from {y1}.",
        "results": "{Result}. An evaluation in {y2} found that residents rated the service {rating} out of 5.",
        "lessons_learned": "Involve residents from the first day. Start small and show results quickly. Keep the maintenance budget in the municipal plan, not in the project.",
        "transfer_conditions": "Works where the municipality can sign agreements with neighbourhood committees and keep {staff} staff on the project for at least two years.",
        "costs_and_financing": "About {cost} euros over {years} years: {own}% from the municipal budget, the rest from a development partner.",
        "partners": "Municipality of {city}, neighbourhood committees, a local university, Connective Cities",
    },
    "fr": {
        "title": "{Measure} à {city}",
        "summary": "{city} a mis en place {measure} pour répondre à {problem}. {Result}.",
        "challenge": "Vers {y0}, {city} faisait face à {problem}. La commune estimait que **{share} %** des habitants étaient touchés, surtout dans les quartiers les plus pauvres.",
        "approach": "La commune et ses partenaires ont mis en place {measure}, étape par étape :\n\n1. un diagnostic des besoins avec les comités de quartier ;\n2. un projet pilote dans deux quartiers en {y0} ;\n3. l'extension à toute la ville à partir de {y1}.",
        "results": "{Result}. Une évaluation en {y2} montre que les habitants notent le service {rating} sur 5.",
        "lessons_learned": "Associer les habitants dès le premier jour. Commencer petit et montrer vite des résultats. Inscrire l'entretien au budget communal, pas au projet.",
        "transfer_conditions": "Transférable là où la commune peut conventionner avec des comités de quartier et garder {staff} agents sur le projet pendant au moins deux ans.",
        "costs_and_financing": "Environ {cost} euros sur {years} ans : {own} % sur le budget communal, le reste par un partenaire de développement.",
        "partners": "Commune de {city}, comités de quartier, une université locale, Connective Cities",
    },
    "ar": {
        "title": "{measure} في {city}",
        "summary": "اعتمدت {city} {measure} لمواجهة {problem}. {Result}.",
        "challenge": "في عام {y0} تقريباً واجهت {city} {problem}. وقدّرت البلدية أن **{share}٪** من السكان تأثروا، معظمهم في الأحياء الأشد فقراً.",
        "approach": "اعتمدت البلدية وشركاؤها {measure} على مراحل:\n\n1. تحديد الاحتياجات مع لجان الأحياء؛\n2. مشروع تجريبي في حيّين عام {y0}؛\n3. التوسع إلى المدينة كلها ابتداءً من عام {y1}.",
        "results": "{Result}. وأظهر تقييم أُجري عام {y2} أن السكان منحوا الخدمة {rating} من 5.",
        "lessons_learned": "إشراك السكان منذ اليوم الأول. البدء على نطاق صغير وإظهار النتائج بسرعة. إدراج الصيانة في موازنة البلدية لا في موازنة المشروع.",
        "transfer_conditions": "قابلة للنقل حيث تستطيع البلدية إبرام اتفاقات مع لجان الأحياء وتخصيص {staff} موظفين للمشروع لمدة عامين على الأقل.",
        "costs_and_financing": "نحو {cost} يورو على مدى {years} سنوات: {own}٪ من موازنة البلدية والباقي من شريك تنموي.",
        "partners": "بلدية {city}، لجان الأحياء، جامعة محلية، Connective Cities",
    },
    "pt": {
        "title": "{Measure} em {city}",
        "summary": "{city} introduziu {measure} para enfrentar {problem}. {Result}.",
        "challenge": "Por volta de {y0}, {city} enfrentava {problem}. O município estimou que **{share}%** dos moradores eram afetados, sobretudo nos bairros mais pobres.",
        "approach": "O município e os seus parceiros introduziram {measure}, passo a passo:\n\n1. levantamento das necessidades com as comissões de moradores;\n2. um piloto em dois bairros em {y0};\n3. alargamento a toda a cidade a partir de {y1}.",
        "results": "{Result}. Uma avaliação em {y2} mostrou que os moradores dão ao serviço {rating} em 5.",
        "lessons_learned": "Envolver os moradores desde o primeiro dia. Começar pequeno e mostrar resultados depressa. Pôr a manutenção no orçamento municipal, não no projeto.",
        "transfer_conditions": "Funciona onde o município pode assinar acordos com comissões de moradores e manter {staff} técnicos no projeto durante pelo menos dois anos.",
        "costs_and_financing": "Cerca de {cost} euros em {years} anos: {own}% do orçamento municipal, o resto de um parceiro de desenvolvimento.",
        "partners": "Município de {city}, comissões de moradores, uma universidade local, Connective Cities",
    },
    "de": {
        "title": "{Measure} in {city}",
        "summary": "{city} führte {measure} ein, gegen {problem}. {Result}.",
        "challenge": "Um {y0} kämpfte {city} mit dem Problem: {problem}. Die Stadt schätzte, dass **{share} %** der Bevölkerung betroffen waren, vor allem in den ärmsten Vierteln.",
        "approach": "Die Stadt und ihre Partner führten {measure} Schritt für Schritt ein:\n\n1. Bedarfsanalyse mit den Stadtteilräten;\n2. ein Pilot in zwei Vierteln {y0};\n3. Ausweitung auf die ganze Stadt ab {y1}.",
        "results": "{Result}. Eine Evaluation {y2} ergab, dass die Bürgerinnen und Bürger den Dienst mit {rating} von 5 bewerten.",
        "lessons_learned": "Die Bewohner vom ersten Tag an einbeziehen. Klein anfangen und schnell Ergebnisse zeigen. Den Unterhalt im städtischen Haushalt verankern, nicht im Projekt.",
        "transfer_conditions": "Übertragbar, wo die Stadt Vereinbarungen mit Stadtteilräten schließen und mindestens zwei Jahre lang {staff} Mitarbeitende für das Projekt abstellen kann.",
        "costs_and_financing": "Rund {cost} Euro über {years} Jahre: {own} % aus dem städtischen Haushalt, der Rest von einem Entwicklungspartner.",
        "partners": "Stadt {city}, Stadtteilräte, eine örtliche Hochschule, Connective Cities",
    },
    "es": {
        "title": "{Measure} en {city}",
        "summary": "{city} introdujo {measure} para hacer frente a {problem}. {Result}.",
        "challenge": "Hacia {y0}, {city} se enfrentaba a {problem}. El municipio estimó que el **{share} %** de los vecinos estaba afectado, sobre todo en los barrios más pobres.",
        "approach": "El municipio y sus socios introdujeron {measure}, paso a paso:\n\n1. diagnóstico de necesidades con las juntas vecinales;\n2. un piloto en dos barrios en {y0};\n3. extensión a toda la ciudad desde {y1}.",
        "results": "{Result}. Una evaluación en {y2} mostró que los vecinos califican el servicio con {rating} sobre 5.",
        "lessons_learned": "Implicar a los vecinos desde el primer día. Empezar en pequeño y mostrar resultados pronto. Incluir el mantenimiento en el presupuesto municipal, no en el proyecto.",
        "transfer_conditions": "Transferible donde el municipio pueda firmar convenios con juntas vecinales y mantener {staff} técnicos en el proyecto al menos dos años.",
        "costs_and_financing": "Unos {cost} euros en {years} años: el {own} % del presupuesto municipal y el resto de un socio de desarrollo.",
        "partners": "Municipio de {city}, juntas vecinales, una universidad local, Connective Cities",
    },
}  # fmt: skip
THOUSANDS = {"en": ",", "fr": "\u202f", "ar": ",", "pt": ".", "de": ".", "es": "."}


@dataclass(frozen=True)
class _Place:
    city: str
    city_ar: str
    country: str
    region: str
    latitude: float
    longitude: float
    approximate: bool


def _places() -> dict[str, list[_Place]]:
    places: dict[str, list[_Place]] = {}
    for region, cities in CITIES.items():
        for city, country, arabic in cities:
            found = locate(city, country)
            places.setdefault(region, []).append(
                _Place(city, arabic, country, str(region), found.latitude, found.longitude, found.approximate)
            )
    return places


def _number(value: int, language: str) -> str:
    return f"{value:,}".replace(",", THOUSANDS[language])


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _weighted(rng: random.Random, choices: Sequence[tuple[str, int]]) -> str:
    return rng.choices([value for value, _weight in choices], weights=[weight for _value, weight in choices])[
        0
    ]


def practice_texts(*, theme: str, language: str, city: str, rng: random.Random) -> tuple[dict[str, str], int]:
    """The text fields of one demo practice (and the year it started)."""
    measure, problem, result = PHRASES[theme][language]
    start = rng.randint(2012, 2023)
    slots = {
        "city": city,
        "measure": measure,
        "Measure": _first_upper(measure),
        "problem": problem,
        "y0": str(start),
        "y1": str(start + 1),
        "y2": str(min(start + rng.randint(2, 4), 2026)),
        "share": str(rng.randint(15, 70)),
        "rating": f"{rng.randint(34, 48) / 10:.1f}".replace(
            ".", "," if language in ("fr", "pt", "de", "es") else "."
        ),
        "staff": str(rng.randint(2, 8)),
        "cost": _number(rng.randrange(40_000, 2_500_000, 5_000), language),
        "years": str(rng.randint(2, 5)),
        "own": str(rng.randrange(20, 80, 5)),
    }
    filled_result = result.format(
        n=_number(rng.randrange(300, 150_000, 50), language), pct=rng.randint(12, 65)
    )
    slots["Result"] = _first_upper(filled_result)
    slots["result"] = filled_result
    return {name: template.format(**slots) for name, template in TEXTS[language].items()}, start


def seed_practices(
    *,
    count: int,
    rng: random.Random,
    contacts: list[MemberProfile],
    index: bool = True,
    embeddings: bool = True,
) -> int:
    """Create `count` demo practices; return how many were made.

    About 96% are published (with their published revision 1), the rest drafts of their
    first contact. Each has one or two contacts among `contacts` (preferring members of the
    practice's region; authors are the contacts) and a main theme with its SDGs, sometimes a
    second theme. With `index`, the search index is rebuilt once at the end (`embeddings`
    passes on to it: computing embeddings for 100,000 practices takes a while).
    Precondition: the theme taxonomy and languages of the migrations exist.
    """
    if count <= 0:
        return 0
    themes = {theme.slug: theme for theme in Theme.active().filter(slug__in=PHRASES)}
    missing = sorted(set(PHRASES) - set(themes))
    if missing:
        raise ValueError(f"themes missing from the taxonomy: {', '.join(missing)}")
    all_theme_ids = list(Theme.active().values_list("pk", flat=True))
    sdgs = set(SustainableDevelopmentGoal.objects.values_list("number", flat=True))
    places = _places()
    by_region: dict[str, list[MemberProfile]] = {}
    for profile in contacts:
        by_region.setdefault(profile.region, []).append(profile)
    regions = [str(region) for region in REGION_WEIGHTS]
    weights = [REGION_WEIGHTS[region] for region in regions]
    now = timezone.now()
    made = 0
    while made < count:
        size = min(BATCH_SIZE, count - made)
        with transaction.atomic():
            made += _seed_batch(
                size=size, rng=rng, themes=themes, all_theme_ids=all_theme_ids, sdgs=sdgs, places=places,
                contacts=contacts, by_region=by_region, regions=regions, weights=weights, now=now,
            )  # fmt: skip
    if index:
        from connective.practices.search.index import rebuild

        rebuild(embeddings=embeddings)
    return made


def _seed_batch(
    *,
    size: int,
    rng: random.Random,
    themes: dict[str, Theme],
    all_theme_ids: list[int],
    sdgs: set[int],
    places: dict[str, list[_Place]],
    contacts: list[MemberProfile],
    by_region: dict[str, list[MemberProfile]],
    regions: list[str],
    weights: list[int],
    now: datetime.datetime,
) -> int:
    rows: list[tuple[Practice, list[int], list[int], list[MemberProfile], dict[str, object] | None]] = []
    for _ in range(size):
        region = rng.choices(regions, weights=weights)[0]
        place = rng.choice(places[region])
        language = COUNTRY_LANGUAGE.get(place.country) or _weighted(rng, REGION_LANGUAGES[region])
        theme_slug = rng.choice(list(PHRASES))
        city = place.city_ar if language == "ar" and place.city_ar else place.city
        texts, start = practice_texts(theme=theme_slug, language=language, city=city, rng=rng)
        theme_ids = [themes[theme_slug].pk]
        if rng.random() < 0.4:
            theme_ids.append(rng.choice(all_theme_ids))
        theme_ids = sorted(set(theme_ids))
        goal_numbers = sorted(number for number in THEME_SDGS[theme_slug] if number in sdgs)
        pool = by_region.get(place.region) or contacts
        people = rng.sample(pool, k=min(len(pool), rng.choice((1, 1, 2)))) if pool else []
        published = rng.random() < 0.96 or not people
        end = start + rng.randint(1, 4) if rng.random() < 0.7 else None
        published_at = now - datetime.timedelta(minutes=rng.randint(60, 3 * 365 * 24 * 60))
        practice = Practice(
            slug=f"{theme_slug}-{slugify(place.city)}-{rng.getrandbits(40):010x}",
            status=PracticeStatus.PUBLISHED if published else PracticeStatus.DRAFT,
            period_start=start,
            period_end=min(end, 2026) if end else None,
            city=city,
            country=place.country,
            region=region_for_country(place.country),
            latitude=place.latitude,
            longitude=place.longitude,
            location_is_approximate=place.approximate,
            language_id=language,
            links=[],
            created_by=people[0].user if people and not published else None,
            is_featured=published and rng.random() < 0.01,
            published_at=published_at if published else None,
            first_published_at=published_at if published else None,
            version=1 if published else 0,
            **texts,
        )
        snapshot = None
        if published:
            content: dict[str, Any] = dict(texts)
            snapshot = PracticeData(
                **content, city=city, country=place.country, language=language,
                period_start=practice.period_start, period_end=practice.period_end,
                themes=theme_ids, sdgs=goal_numbers,
            ).snapshot()  # fmt: skip
        rows.append((practice, theme_ids, goal_numbers, people, snapshot))
    # Slugs carry 40 random bits; a clash with an existing practice is redrawn, not guessed at.
    taken = set(
        Practice.objects.filter(slug__in=[row[0].slug for row in rows]).values_list("slug", flat=True)
    )
    for practice, *_rest in rows:
        while practice.slug in taken:
            practice.slug = f"{practice.slug.rsplit('-', 1)[0]}-{rng.getrandbits(40):010x}"
        taken.add(practice.slug)
    created = Practice.objects.bulk_create([row[0] for row in rows], batch_size=500)
    if created and created[0].pk is None:
        # Backends that do not return ids on bulk insert (none we support today): look them up.
        ids = dict(Practice.objects.filter(slug__in=[p.slug for p in created]).values_list("slug", "pk"))
        for practice in created:
            practice.pk = ids[practice.slug]
    themes_through = Practice.themes.through
    sdgs_through = Practice.sdgs.through
    contacts_through = Practice.contacts.through
    authors_through = Practice.authors.through
    themes_through.objects.bulk_create(
        [themes_through(practice_id=p.pk, theme_id=t) for p, ts, *_ in rows for t in ts], batch_size=2000
    )
    sdgs_through.objects.bulk_create(
        [
            sdgs_through(practice_id=p.pk, sustainabledevelopmentgoal_id=g)
            for p, _t, gs, *_ in rows
            for g in gs
        ],
        batch_size=2000,
    )
    contacts_through.objects.bulk_create(
        [contacts_through(practice_id=p.pk, memberprofile_id=m.pk) for p, _t, _g, ms, _s in rows for m in ms],
        batch_size=2000,
    )
    authors_through.objects.bulk_create(
        [authors_through(practice_id=p.pk, user_id=m.user_id) for p, _t, _g, ms, _s in rows for m in ms],
        batch_size=2000,
    )
    PracticeRevision.objects.bulk_create(
        [
            PracticeRevision(practice_id=p.pk, number=1, state=RevisionState.PUBLISHED, data=snapshot)
            for p, _t, _g, _m, snapshot in rows
            if snapshot is not None
        ],
        batch_size=1000,
    )
    return len(created)
