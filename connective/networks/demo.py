"""A realistic, multilingual, entirely fictional community for demonstrations and load tests.

Every person is made up: given and family names are drawn independently from lists of
common names of each culture, so no combination is meant to be anyone. Cities are real, with
their real countries, so that regions follow from countries as in production. Bios are written
in the member's own working language.

`seed_demo` (the management command) calls `demo_seed`; everything is written with
`bulk_create` in batches and one precomputed password hash, so that 100,000 members take
minutes, not hours.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVar

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from connective.accounts.choices import ConsentAction, ConsentMethod, ConsentSubject
from connective.accounts.models import ConsentRecord, LegalDocument, User
from connective.accounts.selectors import legal_documents_current
from connective.core.models import Theme
from connective.core.regions import Region, region_for_country
from connective.members.choices import MembershipStatus, MemberType, Visibility
from connective.members.models import MemberProfile
from connective.spaces.choices import MembershipState, SpaceAccess, SpaceKind, SpaceRole
from connective.spaces.models import Membership, Space
from connective.spaces.selectors import coordinator_memberships, network_space

DEMO_DOMAIN = "demo.connective.example"
DEMO_PASSWORD = "connective-demo-2024"  # noqa: S105 - printed for demonstrations on purpose
BATCH = 2000

# -- names, by culture -------------------------------------------------------------------
# (male given names, female given names, family names)

# fmt: off
NAMES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "arab": (
        ["Omar", "Karim", "Youssef", "Hassan", "Tarek", "Nabil", "Sami", "Walid", "Ziad", "Fadi", "Rami",
         "Khaled", "Mahmoud", "Bassel", "Anas", "Hicham", "Mehdi", "Amine", "Reda", "Sofiane"],
        ["Rania", "Lina", "Nour", "Salma", "Hiba", "Maha", "Dalia", "Yasmine", "Farah", "Mariam", "Samira",
         "Asma", "Khadija", "Imane", "Sara", "Leila", "Amal", "Ghada", "Rim", "Nadia"],
        ["Khoury", "Saleh", "Mansour", "Darwish", "Nassar", "Qasem", "Barakat", "Jaber", "Halabi", "Tamimi",
         "Bitar", "Azzam", "Bennani", "Tazi", "Chraibi", "Trabelsi", "Gharbi", "Jebali", "Mejri", "Boukhari",
         "Belkacem", "Saidi", "Hamdi", "Farouk", "Soliman", "Fawzi", "Zaki", "El-Amrani", "Abu-Zaid"],
    ),
    "francophone_africa": (
        ["Moussa", "Ousmane", "Abdoulaye", "Mamadou", "Ibrahima", "Serge", "Koffi", "Jean-Baptiste",
         "Arsène", "Didier", "Hervé", "Boris", "Landry", "Cheikh"],
        ["Aïssatou", "Fatou", "Mariama", "Awa", "Adjoa", "Aminata", "Rokia", "Clarisse", "Estelle",
         "Mireille", "Nadège", "Rosine", "Bintou", "Ndeye", "Aurore"],
        ["Diop", "Ndiaye", "Sow", "Fall", "Ba", "Traoré", "Ouédraogo", "Kaboré", "Coulibaly", "Kouassi",
         "Konan", "Mbarga", "Nkoulou", "Fotso", "Tchoumi", "Houngbédji", "Agbo", "Zinsou", "Sanogo"],
    ),
    "anglophone_africa": (
        ["Kwame", "Kofi", "Emeka", "Chinedu", "Tunde", "David", "Peter", "Samuel", "Brian", "Kevin",
         "Joseph", "Thabo", "Sipho", "Tesfaye", "Dawit"],
        ["Ama", "Abena", "Ngozi", "Chiamaka", "Funmilayo", "Grace", "Esther", "Faith", "Mercy", "Wanjiru",
         "Achieng", "Nomvula", "Thandiwe", "Hirut", "Meron"],
        ["Mensah", "Owusu", "Boateng", "Asante", "Okonkwo", "Adeyemi", "Balogun", "Eze", "Nwosu", "Otieno",
         "Mwangi", "Wanjala", "Kiprop", "Okello", "Mugisha", "Nkosi", "Dlamini", "Mokoena", "Bekele",
         "Tadesse", "Uwimana", "Habimana"],
    ),
    "swahili": (
        ["Baraka", "Juma", "Hamisi", "Rashidi", "Amani", "Salim", "Abdallah", "Emmanuel", "Godfrey"],
        ["Neema", "Rehema", "Zawadi", "Imani", "Mwanaisha", "Upendo", "Halima", "Subira"],
        ["Mushi", "Mollel", "Massawe", "Kimaro", "Mrema", "Swai", "Lyimo", "Mbwambo", "Mwakalinga", "Komba",
         "Shirima"],
    ),
    "lusophone": (
        ["João", "Carlos", "António", "Manuel", "Pedro", "Nelson", "Edson", "Hélder", "Rui", "Paulo"],
        ["Ana", "Maria", "Joana", "Celeste", "Luísa", "Graça", "Rosa", "Isabel", "Teresa", "Filomena"],
        ["Machava", "Cossa", "Sitoe", "Nhantumbo", "Macuácua", "Tembe", "Fernandes", "Silva", "Pereira",
         "Costa", "Neto", "Lopes", "Cardoso", "Mendes", "Sousa"],
    ),
    "south_slavic": (
        ["Amir", "Emir", "Haris", "Adnan", "Nikola", "Marko", "Stefan", "Milan", "Dragan", "Goran", "Ivan",
         "Luka", "Petar", "Aleksandar", "Dejan"],
        ["Amra", "Lejla", "Selma", "Ajla", "Jelena", "Milica", "Ivana", "Ana", "Marija", "Tijana", "Sanja",
         "Maja", "Dragana", "Vesna", "Biljana"],
        ["Hodžić", "Begović", "Mehmedović", "Kovačević", "Petrović", "Jovanović", "Nikolić", "Marković",
         "Popović", "Stojanović", "Ilić", "Horvat", "Babić", "Trajkovski", "Stojanovski", "Dimitrovski",
         "Vuković", "Radović"],
    ),
    "albanian": (
        ["Arben", "Besnik", "Dritan", "Ermal", "Fatmir", "Gentian", "Ilir", "Luan"],
        ["Albana", "Besa", "Drita", "Elira", "Flutura", "Jonida", "Mimoza", "Teuta"],
        ["Hoxha", "Krasniqi", "Berisha", "Gashi", "Shala", "Morina", "Kelmendi", "Dervishi", "Leka", "Muça"],
    ),
    "romanian": (
        ["Andrei", "Ion", "Mihai", "Vasile", "Sergiu"],
        ["Elena", "Ana", "Natalia", "Cristina", "Doina"],
        ["Rusu", "Ciobanu", "Munteanu", "Lungu", "Cebotari", "Popa"],
    ),
    "ukrainian": (
        ["Oleksandr", "Andrii", "Taras", "Dmytro", "Yurii"],
        ["Olena", "Oksana", "Iryna", "Nataliia", "Kateryna"],
        ["Kovalenko", "Shevchuk", "Bondarenko", "Tkachenko", "Melnyk", "Kravchenko"],
    ),
    "german": (
        ["Jonas", "Lukas", "Felix", "Tobias", "Matthias", "Stefan", "Thomas", "Jan"],
        ["Anna", "Julia", "Katharina", "Sabine", "Lena", "Miriam", "Claudia", "Henrike"],
        ["Müller", "Schmidt", "Becker", "Wagner", "Hoffmann", "Schulz", "Keller", "Richter", "Wolf",
         "Neumann", "Brandt", "Vogel"],
    ),
    "asian": (
        ["Rahul", "Arjun", "Budi", "Agus", "Jose", "Vikram"],
        ["Priya", "Ananya", "Siti", "Dewi", "Maria", "Kavita"],
        ["Sharma", "Patel", "Deshpande", "Santoso", "Wijaya", "Reyes", "Santos", "Kulkarni"],
    ),
}
# fmt: on

# -- places ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryProfile:
    """How members from one country are made: culture of names, bio language, languages."""

    code: str
    cities: list[str]
    culture: str
    bio_language: str
    languages: list[str]
    preferred_language: str  # one the site is served in (en, fr, ar)
    weight: int


COUNTRIES: list[CountryProfile] = [
    # Middle East and North Africa
    CountryProfile("JO", ["Amman", "Irbid", "Zarqa", "Aqaba", "Madaba"], "arab", "ar", ["ar", "en"], "ar", 8),
    CountryProfile("LB", ["Beirut", "Tripoli", "Saida", "Tyre", "Zahlé"], "arab", "ar", ["ar", "fr", "en"], "ar", 6),
    CountryProfile("PS", ["Ramallah", "Nablus", "Hebron", "Bethlehem", "Jenin"], "arab", "ar", ["ar", "en"], "ar", 5),
    CountryProfile("EG", ["Cairo", "Alexandria", "Giza", "Aswan", "Luxor"], "arab", "ar", ["ar", "en"], "ar", 5),
    CountryProfile("IQ", ["Erbil", "Baghdad", "Mosul", "Basra"], "arab", "ar", ["ar", "ku", "en"], "ar", 3),
    CountryProfile("TN", ["Tunis", "Sfax", "Sousse", "Kairouan", "Bizerte"], "arab", "fr", ["ar", "fr"], "fr", 6),
    CountryProfile("MA", ["Casablanca", "Rabat", "Marrakech", "Fès", "Tanger", "Agadir", "Chefchaouen"], "arab", "fr", ["ar", "fr"], "fr", 7),
    CountryProfile("DZ", ["Alger", "Oran", "Constantine", "Annaba"], "arab", "fr", ["ar", "fr"], "fr", 3),
    # Southeast Europe
    CountryProfile("BA", ["Sarajevo", "Mostar", "Tuzla", "Banja Luka", "Zenica"], "south_slavic", "bs", ["bs", "en", "de"], "en", 6),
    CountryProfile("RS", ["Belgrade", "Novi Sad", "Niš", "Kragujevac"], "south_slavic", "bs", ["sr", "en"], "en", 4),
    CountryProfile("MK", ["Skopje", "Bitola", "Ohrid", "Tetovo"], "south_slavic", "en", ["mk", "en"], "en", 3),
    CountryProfile("ME", ["Podgorica", "Nikšić", "Kotor"], "south_slavic", "bs", ["sr", "en"], "en", 2),
    CountryProfile("HR", ["Split", "Rijeka", "Osijek"], "south_slavic", "bs", ["hr", "en", "de"], "en", 2),
    CountryProfile("AL", ["Tirana", "Durrës", "Shkodër", "Korçë"], "albanian", "en", ["sq", "en", "it"], "en", 4),
    CountryProfile("XK", ["Pristina", "Prizren", "Peja"], "albanian", "en", ["sq", "en", "de"], "en", 3),
    CountryProfile("MD", ["Chișinău", "Bălți", "Cahul"], "romanian", "en", ["ro", "ru", "en"], "en", 2),
    CountryProfile("UA", ["Lviv", "Kharkiv", "Odesa", "Vinnytsia"], "ukrainian", "en", ["uk", "en"], "en", 3),
    # Sub-Saharan Africa
    CountryProfile("SN", ["Dakar", "Saint-Louis", "Thiès", "Ziguinchor"], "francophone_africa", "fr", ["fr", "wo"], "fr", 4),
    CountryProfile("CI", ["Abidjan", "Bouaké", "Yamoussoukro"], "francophone_africa", "fr", ["fr"], "fr", 3),
    CountryProfile("CM", ["Douala", "Yaoundé", "Bafoussam"], "francophone_africa", "fr", ["fr", "en"], "fr", 3),
    CountryProfile("BJ", ["Cotonou", "Porto-Novo", "Parakou"], "francophone_africa", "fr", ["fr"], "fr", 2),
    CountryProfile("BF", ["Ouagadougou", "Bobo-Dioulasso"], "francophone_africa", "fr", ["fr"], "fr", 2),
    CountryProfile("KE", ["Nairobi", "Mombasa", "Kisumu", "Nakuru"], "anglophone_africa", "en", ["en", "sw"], "en", 4),
    CountryProfile("TZ", ["Dar es Salaam", "Arusha", "Mwanza", "Dodoma"], "swahili", "sw", ["sw", "en"], "en", 3),
    CountryProfile("UG", ["Kampala", "Jinja", "Gulu"], "anglophone_africa", "en", ["en", "sw"], "en", 2),
    CountryProfile("GH", ["Accra", "Kumasi", "Tamale"], "anglophone_africa", "en", ["en"], "en", 3),
    CountryProfile("NG", ["Lagos", "Ibadan", "Kano"], "anglophone_africa", "en", ["en", "yo", "ha"], "en", 2),
    CountryProfile("ZA", ["Cape Town", "Durban", "Johannesburg"], "anglophone_africa", "en", ["en", "zu"], "en", 3),
    CountryProfile("RW", ["Kigali", "Huye"], "anglophone_africa", "en", ["rw", "en", "fr"], "en", 1),
    CountryProfile("ET", ["Addis Ababa", "Bahir Dar", "Hawassa"], "anglophone_africa", "en", ["am", "en"], "en", 2),
    CountryProfile("MZ", ["Maputo", "Beira", "Nampula", "Quelimane"], "lusophone", "pt", ["pt", "en"], "en", 3),
    CountryProfile("AO", ["Luanda", "Huambo", "Lobito"], "lusophone", "pt", ["pt"], "en", 2),
    # Germany and Europe, Latin America, Asia
    CountryProfile("DE", ["Bonn", "Leipzig", "Dortmund", "Freiburg im Breisgau", "Stuttgart", "Hamburg"], "german", "de", ["de", "en"], "en", 6),
    CountryProfile("AT", ["Graz", "Linz"], "german", "de", ["de", "en"], "en", 1),
    CountryProfile("BR", ["Curitiba", "Recife", "Porto Alegre"], "lusophone", "pt", ["pt", "es"], "en", 2),
    CountryProfile("IN", ["Pune", "Ahmedabad"], "asian", "en", ["en", "hi"], "en", 1),
    CountryProfile("ID", ["Surabaya", "Semarang"], "asian", "en", ["id", "en"], "en", 1),
]  # fmt: skip

# Arabic names of the MENA cities, for organisations written in Arabic.
CITY_AR = {
    "Amman": "عمّان", "Irbid": "إربد", "Zarqa": "الزرقاء", "Aqaba": "العقبة", "Madaba": "مادبا",
    "Beirut": "بيروت", "Tripoli": "طرابلس", "Saida": "صيدا", "Tyre": "صور", "Zahlé": "زحلة",
    "Ramallah": "رام الله", "Nablus": "نابلس", "Hebron": "الخليل", "Bethlehem": "بيت لحم", "Jenin": "جنين",
    "Cairo": "القاهرة", "Alexandria": "الإسكندرية", "Giza": "الجيزة", "Aswan": "أسوان", "Luxor": "الأقصر",
    "Erbil": "أربيل", "Baghdad": "بغداد", "Mosul": "الموصل", "Basra": "البصرة",
}  # fmt: skip

# -- what members write, in their own language -------------------------------------------

# Organisation patterns per member type and language; {city} and {country} are filled in.
ORGANISATIONS: dict[str, dict[str, list[str]]] = {
    MemberType.PRACTITIONER: {
        "en": ["City of {city}", "{city} City Council", "{city} Municipal Council"],
        "fr": ["Commune de {city}", "Ville de {city}", "Mairie de {city}"],
        "ar": ["بلدية {city}", "المجلس البلدي في {city}"],
        "pt": ["Município de {city}", "Conselho Municipal de {city}"],
        "de": ["Stadt {city}", "Stadtverwaltung {city}"],
        "bs": ["Grad {city}", "Gradska uprava {city}"],
        "sw": ["Halmashauri ya Jiji la {city}", "Manispaa ya {city}"],
    },
    MemberType.ASSOCIATION: {
        "en": ["Association of Local Governments of {country}", "Union of Municipalities of {country}"],
        "fr": ["Association des communes de {country}", "Union des villes de {country}"],
        "ar": ["اتحاد بلديات {country}", "جمعية البلديات في {country}"],
        "pt": ["Associação Nacional dos Municípios de {country}"],
        "de": ["Städtetag {country}", "Kommunalverband {country}"],
        "bs": ["Savez općina i gradova - {country}"],
        "sw": ["Jumuiya ya Serikali za Mitaa - {country}"],
    },
    MemberType.CIVIL_SOCIETY: {
        "en": ["{city} Urban Lab", "Friends of {city} Neighbourhoods", "{city} Youth for Cities"],
        "fr": ["Association {city} Durable", "Collectif des quartiers de {city}"],
        "ar": ["جمعية {city} للتنمية", "مبادرة أحياء {city}"],
        "pt": ["Associação Cidade Viva {city}", "Fórum Comunitário de {city}"],
        "de": ["Quartiersverein {city}", "Bürgerstiftung {city}"],
        "bs": ["Udruženje Zeleni {city}", "Centar za građanske inicijative {city}"],
        "sw": ["Jukwaa la Wananchi {city}", "Shirika la Maendeleo {city}"],
    },
    MemberType.RESEARCH: {
        "en": ["University of {city}", "{city} Institute of Urban Studies"],
        "fr": ["Université de {city}", "Institut d'urbanisme de {city}"],
        "ar": ["جامعة {city}", "معهد الدراسات الحضرية في {city}"],
        "pt": ["Universidade de {city}", "Instituto de Estudos Urbanos de {city}"],
        "de": ["Hochschule {city}", "Institut für Stadtforschung {city}"],
        "bs": ["Univerzitet u {city}", "Institut za urbanizam {city}"],
        "sw": ["Chuo Kikuu cha {city}", "Taasisi ya Mipango Miji {city}"],
    },
}

# Positions as (masculine, feminine) pairs; the same word twice where the language has one form.
POSITIONS: dict[str, list[tuple[str, str]]] = {
    "en": [("Head of urban planning", "Head of urban planning"), ("Water engineer", "Water engineer"),
           ("Environment officer", "Environment officer"), ("Project manager", "Project manager"),
           ("Deputy mayor", "Deputy mayor"), ("Researcher", "Researcher")],
    "fr": [("Responsable de l'urbanisme", "Responsable de l'urbanisme"), ("Ingénieur eau et assainissement", "Ingénieure eau et assainissement"),
           ("Chef de projet", "Cheffe de projet"), ("Adjoint au maire", "Adjointe au maire"), ("Chargé de mission environnement", "Chargée de mission environnement")],
    "ar": [("مهندس تخطيط عمراني", "مهندسة تخطيط عمراني"), ("مدير قسم البيئة", "مديرة قسم البيئة"),
           ("منسق مشاريع", "منسقة مشاريع"), ("نائب رئيس البلدية", "نائبة رئيس البلدية"), ("باحث في التنمية الحضرية", "باحثة في التنمية الحضرية")],
    "pt": [("Técnico de planeamento urbano", "Técnica de planeamento urbano"), ("Diretor municipal de ambiente", "Diretora municipal de ambiente"),
           ("Vereador para o saneamento", "Vereadora para o saneamento"), ("Investigador", "Investigadora")],
    "de": [("Referent für Stadtentwicklung", "Referentin für Stadtentwicklung"), ("Leiter des Umweltamts", "Leiterin des Umweltamts"),
           ("Projektleiter", "Projektleiterin"), ("Klimaschutzmanager", "Klimaschutzmanagerin")],
    "bs": [("Savjetnik za urbanizam", "Savjetnica za urbanizam"), ("Šef odsjeka za komunalne djelatnosti", "Šefica odsjeka za komunalne djelatnosti"),
           ("Koordinator projekata", "Koordinatorica projekata")],
    "sw": [("Afisa Mipango Miji", "Afisa Mipango Miji"), ("Mhandisi wa Maji", "Mhandisi wa Maji"),
           ("Afisa Mazingira", "Afisa Mazingira"), ("Mratibu wa Miradi", "Mratibu wa Miradi")],
}  # fmt: skip

# Bios: {position}, {org}, {city}, {themes} (named in the bio's language), {years}.
BIOS: dict[str, list[str]] = {
    "en": [
        "{position}, {org}. I work on {themes} and am glad to share what worked in {city}.",
        "{position} with {years} years in local government. My focus: {themes}. Happy to advise peers facing similar challenges.",
        "{position}, {org}. In {city} we tried new approaches to {themes}; ask me about what we learned, including the mistakes.",
    ],
    "fr": [
        "{position}, {org}. Je travaille sur {themes} et partage volontiers l'expérience de {city}.",
        "{position}, {years} ans d'expérience dans les collectivités locales. Mes sujets : {themes}.",
        "{position}, {org}. À {city}, nous avons expérimenté de nouvelles approches en matière de {themes}.",
    ],
    "ar": [
        "{position}، {org}. أعمل في مجال {themes}، ويسعدني تبادل تجربة مدينة {city} مع الزملاء.",
        "{position}، خبرة {years} سنة في العمل البلدي. اهتماماتي: {themes}.",
        "{position}، {org}. جرّبنا في {city} أساليب جديدة في {themes}، وأرحب بالأسئلة حول ما تعلمناه.",
    ],
    "pt": [
        "{position}, {org}. Trabalho em {themes} e partilho com gosto a experiência de {city}.",
        "{position}, com {years} anos de experiência na administração local. Os meus temas: {themes}.",
    ],
    "de": [
        "{position}, {org}. Ich arbeite zu {themes} und teile gern die Erfahrungen aus {city}.",
        "{position} mit {years} Jahren Erfahrung in der Kommunalverwaltung. Meine Themen: {themes}.",
    ],
    # No theme names in Bosnian and Swahili yet: these bios speak of the work in general.
    "bs": [
        "{position}, {org}. Radim na projektima komunalnih usluga i rado dijelim iskustva s kolegama iz regije.",
        "{position} s {years} godina iskustva u lokalnoj samoupravi. Zanimaju me energetska efikasnost i učešće građana.",
    ],
    "sw": [
        "{position}, {org}. Ninafanya kazi ya kuboresha huduma za maji na usafi wa mazingira katika {city}.",
        "{position} mwenye uzoefu wa miaka {years} katika serikali za mitaa. Ninafurahi kushirikiana na wenzangu.",
    ],
}

# Bios written from a member's measures. {m1} is the first measure's name, {rest} the others
# joined; {y0}-{y1} a period. Each bio is a lead sentence, then (with more measures) one naming
# the others, or (sometimes) a closing one. German and Bosnian put the measure after a colon,
# so that its article never has to change case.
MEASURE_BIOS: dict[str, dict[str, list[str]]] = {
    "en": {
        "lead": ["Coordinated {m1} in {city} ({period}).", "{position}, {org}. Ran {m1} in {city} from {y0}.",
                 "{position}, {org}; in charge of {m1} since {y0}.", "Set up {m1} in {city} with a small team in {y0}.",
                 "{position}. Worked on {m1} in {city} between {y0} and {y1}."],
        "more": ["Now also working on {rest}.", "Also worked on {rest}.", "Happy to talk about {rest} too."],
        "close": ["Now advises neighbouring municipalities.", "Ask me about what went wrong, too.",
                  "Happy to host peer visits.", "Now advises the council on follow-up investments."],
    },
    "fr": {
        "lead": ["J'ai coordonné {m1} à {city} ({period}).", "{position}, {org}. Responsable de {m1} depuis {y0}.",
                 "Depuis {y0}, je m'occupe de {m1} à {city}.", "{position}, {org}. J'ai lancé {m1} à {city} en {y0}."],
        "more": ["Je travaille aussi sur {rest}.", "Autres dossiers : {rest}."],
        "close": ["Je conseille aujourd'hui des communes voisines.", "Disponible pour des visites d'échange.",
                  "Je partage aussi ce qui n'a pas marché."],
    },
    "ar": {
        "lead": ["نسّقتُ {m1} في {city} ({period}).", "{position}، {org}. أعمل على {m1} منذ عام {y0}.",
                 "أطلقتُ مع فريق صغير {m1} في {city} عام {y0}.", "{position}، {org}. أشرفتُ على {m1} في {city} بين {y0} و{y1}."],
        "more": ["وأعمل أيضاً على {rest}.", "ومن اهتماماتي كذلك: {rest}."],
        "close": ["أقدّم اليوم المشورة لبلديات مجاورة.", "يسعدني استقبال الزملاء في زيارات تبادل.",
                  "أشارك أيضاً ما لم ينجح وأسبابه."],
    },
    "pt": {
        "lead": ["Coordenei {m1} em {city} ({period}).", "{position}, {org}. Responsável por {m1} desde {y0}.",
                 "{position}, {org}. Lancei {m1} em {city} em {y0}."],
        "more": ["Também: {rest}.", "Outros temas: {rest}."],
        "close": ["Hoje aconselho municípios vizinhos.", "Disponível para visitas de intercâmbio."],
    },
    "de": {
        "lead": ["{position}, {org}. Schwerpunkt seit {y0}: {m1}.", "Projekt in {city} ({period}): {m1}.",
                 "{position}, {org}. Mein Thema in {city}: {m1}."],
        "more": ["Außerdem: {rest}.", "Weitere Erfahrung: {rest}."],
        "close": ["Berate heute Nachbarkommunen.", "Gern auch zu dem, was nicht geklappt hat.", "Offen für Austauschbesuche."],
    },
    "bs": {
        "lead": ["{position}, {org}. Projekat ({city}, {period}): {m1}.", "{position}, {org}. Od {y0}. radim na temi: {m1}."],
        "more": ["Također: {rest}."],
        "close": ["Rado dijelim iskustva s kolegama iz regije.", "Rado primamo studijske posjete."],
    },
    "sw": {
        "lead": ["{position}, {org}. Nimesimamia {m1} katika {city} ({period}).", "Tangu {y0} ninafanya kazi ya {m1} katika {city}."],
        "more": ["Pia: {rest}."],
        "close": ["Ninafurahi kushirikiana na wenzangu.", "Ninashauri halmashauri jirani."],
    },
}  # fmt: skip
_AND = {"en": " and ", "fr": " et ", "ar": " و", "pt": " e ", "de": " und ", "bs": " i ", "sw": " na "}
_FRENCH_CONTRACTIONS = ((" de les ", " des "), (" de des ", " des "), (" de le ", " du "), (" à les ", " aux "),
                        (" à le ", " au "), (" à des ", " à des "))  # fmt: skip
_PORTUGUESE_CONTRACTIONS = ((" por o ", " pelo "), (" por a ", " pela "), (" por os ", " pelos "), (" por as ", " pelas "),
                            (" em o ", " no "), (" em a ", " na "), (" em os ", " nos "), (" em as ", " nas "),
                            (" em um ", " num "), (" em uma ", " numa "),
                            (" de o ", " do "), (" de a ", " da "), (" de os ", " dos "), (" de as ", " das "))  # fmt: skip


_SPANISH_CONTRACTIONS = ((" de el ", " del "), (" a el ", " al "))
_CONTRACTIONS = {"fr": _FRENCH_CONTRACTIONS, "pt": _PORTUGUESE_CONTRACTIONS, "es": _SPANISH_CONTRACTIONS}


def contract(text: str, language: str) -> str:
    """Article contractions ("de les" -> "des", "em a" -> "na", "de el" -> "del"), then French elision.

    Demo texts put a noun phrase with its article after a preposition; the languages that
    contract them need this, at the start of a sentence too ("Em a cidade" -> "Na cidade").
    """
    pairs = _CONTRACTIONS.get(language, ())
    if pairs:
        text = f" {text}"
        for long, short in pairs:
            text = text.replace(long, short)
            capital = f" {long[1:2].upper()}{long[2:]}"
            text = text.replace(f"\n{capital[1:]}", f"\n{short[1:2].upper()}{short[2:]}")
            text = text.replace(f". {capital[1:]}", f". {short[1:2].upper()}{short[2:]}")
            if text.startswith(capital):
                text = f" {short[1:2].upper()}{short[2:]}{text[len(capital) :]}"
        text = text[1:]
    return elide(text, language)


def measure_bio(
    names: Sequence[str], *, language: str, position: str, organisation: str, city: str, rng: random.Random
) -> str:
    """A short bio about the work on `names` (the member's measures, in `language`), in varied shapes."""
    shapes = MEASURE_BIOS.get(language) or MEASURE_BIOS["en"]
    start = rng.randint(2008, 2021)
    slots = {
        "position": position,
        "org": organisation,
        "city": city,
        "m1": names[0],
        "rest": _AND.get(language, " and ").join(names[1:]) if language != "ar" else " و".join(names[1:]),
        "y0": str(start),
        "y1": str(min(start + rng.randint(2, 5), 2025)),
    }
    slots["period"] = f"{slots['y0']}\u2013{slots['y1']}"
    sentences = [rng.choice(shapes["lead"])]
    if len(names) > 1:
        sentences.append(rng.choice(shapes["more"]))
    elif rng.random() < 0.5:
        sentences.append(rng.choice(shapes["close"]))
    text = " ".join(sentence.format(**slots) for sentence in sentences)
    return contract(text, language)


MEMBER_TYPES = [
    (MemberType.PRACTITIONER, 70),
    (MemberType.CIVIL_SOCIETY, 12),
    (MemberType.ASSOCIATION, 10),
    (MemberType.RESEARCH, 8),
]

# Themes each region's members name more often (slugs from the taxonomy migration).
REGION_THEMES: dict[str, list[str]] = {
    Region.MENA: ["water-supply", "solid-waste-management", "local-economic-development", "migration-and-integration",
                  "climate-adaptation", "public-space", "culture-and-heritage"],
    Region.SEE: ["energy", "good-governance", "digitalisation", "citizen-participation", "urban-mobility",
                 "municipal-finance", "disaster-risk-management"],
    Region.SSA: ["informal-settlements", "sanitation", "municipal-finance", "climate-adaptation", "housing",
                 "solid-waste-management", "health-and-covid-19-response"],
}  # fmt: skip

T = TypeVar("T")


def ascii_slug(text: str) -> str:
    """Latin letters only, for email addresses (Hodžić -> hodzic)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum() or c == "-").strip("-") or "member"


def _join(items: Sequence[str], language: str) -> str:
    # Theme names often hold a conjunction themselves ("culture and heritage"), so the list
    # is joined with commas only: "culture and heritage, housing".
    return ("، " if language == "ar" else ", ").join(items)


_FRENCH_ELISION = re.compile(r"\b([Dd])e (?!Ou)([AEIOUYÀÂÉÈÊÎÏÔÛaeiouyàâéèêîïôûh])")


def elide(text: str, language: str) -> str:
    """French elision: "de Annaba" -> "d'Annaba", "de adaptation" -> "d'adaptation"."""
    return _FRENCH_ELISION.sub(r"\1'\2", text) if language == "fr" else text


def theme_phrase(themes: Sequence[Theme], language: str) -> str:
    """The themes as one phrase in `language`, lower-cased mid-sentence where that is the rule."""
    labels = []
    for theme in themes:
        label = str((theme.translations or {}).get(language) or theme.name)
        if language in ("en", "fr", "pt") and label[:1].isupper() and not label[1:2].isupper():
            label = label[0].lower() + label[1:]
        labels.append(label)
    return _join(labels, language)


@dataclass
class Person:
    """One fictional member, before it is written to the database."""

    full_name: str
    email: str
    country: CountryProfile
    city: str
    member_type: str
    organisation: str
    position: str
    bio: str
    languages: list[str]
    themes: list[Theme]
    willing_to_advise: bool
    status: str
    joined_days_ago: int
    email_visibility: Visibility = Visibility.NETWORK
    # Keys of the measures this member worked on (practices.demo_catalogue); empty when the
    # maker was given no measures.
    measures: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BioMeasure:
    """A measure as a member's profile needs it: its themes and its name in each bio language.

    The catalogue lives in `practices.demo_catalogue`, above this layer, so the caller hands
    the measures in (`practices.demo.generate_community` does).
    """

    key: str
    theme: str  # main theme slug
    also: tuple[str, ...]  # other theme slugs it concerns
    names: dict[str, str]  # bio language -> noun phrase ("community-run water kiosks")


@dataclass
class PersonMaker:
    """Makes fictional members from a seeded random generator (same seed, same community).

    With `measures`, each member gets 1-3 of them (favouring the region's themes), expertise
    in their themes (sometimes one related theme more) and a short bio about that work;
    without, the member gets themes and a bio naming them, as the first demo did.
    """

    rng: random.Random
    themes: list[Theme]
    measures: Sequence[BioMeasure] = ()
    themes_by_slug: dict[str, Theme] = field(init=False)

    def __post_init__(self) -> None:
        self.themes_by_slug = {theme.slug: theme for theme in self.themes}
        self._country_weights = [c.weight for c in COUNTRIES]
        self._type_weights = [w for _t, w in MEMBER_TYPES]
        self._measures = [m for m in self.measures if m.theme in self.themes_by_slug]
        self._measures_by_key = {m.key: m for m in self._measures}
        self._favoured_measures = {
            region: [m for m in self._measures if m.theme in slugs] for region, slugs in REGION_THEMES.items()
        }

    def _pick_measures(self, region: str) -> list[BioMeasure]:
        favoured = self._favoured_measures.get(region, [])
        count = self.rng.choice([1, 1, 2, 2, 2, 3])
        chosen: list[BioMeasure] = []
        while len(chosen) < count:
            pool = favoured if favoured and self.rng.random() < 0.6 else self._measures
            measure = self.rng.choice(pool)
            if measure not in chosen:
                chosen.append(measure)
        return chosen

    def _measure_themes(self, chosen: Sequence[BioMeasure]) -> list[Theme]:
        slugs = list(dict.fromkeys(m.theme for m in chosen))
        related = [
            slug for m in chosen for slug in m.also if slug not in slugs and slug in self.themes_by_slug
        ]
        if related and self.rng.random() < 0.3:
            slugs.append(self.rng.choice(related))
        return [self.themes_by_slug[slug] for slug in slugs]

    def _pick_themes(self, region: str) -> list[Theme]:
        favoured = [self.themes_by_slug[s] for s in REGION_THEMES.get(region, []) if s in self.themes_by_slug]
        count = self.rng.choice([1, 2, 2, 3, 3, 4])
        chosen: list[Theme] = []
        while len(chosen) < count:
            pool = favoured if favoured and self.rng.random() < 0.6 else self.themes
            theme = self.rng.choice(pool)
            if theme not in chosen:
                chosen.append(theme)
        return chosen

    def make(self, index: int, *, status: str) -> Person:
        rng = self.rng
        country = rng.choices(COUNTRIES, weights=self._country_weights)[0]
        region = region_for_country(country.code)
        male, female, families = NAMES[country.culture]
        is_female = rng.random() < 0.5
        given = rng.choice(female if is_female else male)
        family = rng.choice(families)
        city = rng.choice(country.cities)
        member_type = rng.choices([t for t, _w in MEMBER_TYPES], weights=self._type_weights)[0]
        language = country.bio_language
        country_name = str(_country_name(country.code, language))
        place = CITY_AR.get(city, city) if language == "ar" else city
        organisation = elide(
            rng.choice(ORGANISATIONS[member_type][language]).format(city=place, country=country_name),
            language,
        )
        position = rng.choice(POSITIONS[language])[1 if is_female else 0]
        measures: list[BioMeasure] = []
        if self._measures:
            measures = self._pick_measures(region)
            themes = self._measure_themes(measures)
            bio = measure_bio(
                [m.names.get(language) or m.names["en"] for m in measures],
                language=language,
                position=position,
                organisation=organisation,
                city=place,
                rng=rng,
            )
        else:
            themes = self._pick_themes(region)
            bio = elide(
                rng.choice(BIOS[language]).format(
                    position=position,
                    org=organisation,
                    city=place,
                    themes=theme_phrase(themes, language),
                    years=rng.randint(3, 25),
                ),
                language,
            )
        languages = list(country.languages)
        if "en" not in languages and rng.random() < 0.5:
            languages.append("en")
        return Person(
            full_name=f"{given} {family}",
            email=f"{ascii_slug(given)}.{ascii_slug(family)}.{index}@{DEMO_DOMAIN}",
            country=country,
            city=city,
            member_type=member_type,
            organisation=organisation,
            position=position,
            bio=bio,
            languages=languages,
            themes=themes,
            willing_to_advise=rng.random() < 0.4,
            status=status,
            joined_days_ago=rng.randint(1, 3 * 365),
            email_visibility=rng.choice([Visibility.NETWORK, Visibility.NETWORK, Visibility.MEMBERS]),
            measures=[m.key for m in measures],
        )


def _country_name(code: str, language: str) -> str:
    from django.utils import translation
    from django_countries.fields import Country

    with translation.override(language if language in ("en", "fr", "ar", "pt", "de") else "en"):
        return str(Country(code=code).name)


def batched(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# -- writing it all ----------------------------------------------------------------------


@dataclass
class DemoLogin:
    role: str
    email: str
    totp_secret: str = ""
    recovery_codes: list[str] = field(default_factory=list)


@dataclass
class DemoResult:
    members: int
    pending: int
    by_region: Counter[str]
    logins: list[DemoLogin]
    password: str = DEMO_PASSWORD


def _consents(user_ids: Sequence[int], documents: list[LegalDocument], at: datetime) -> list[ConsentRecord]:
    return [
        ConsentRecord(
            user_id=user_id,
            subject=ConsentSubject(document.kind),
            action=ConsentAction.GIVEN,
            method=ConsentMethod.SIGNUP,
            document=document,
            version=document.version,
            at=at,
        )
        for user_id in user_ids
        for document in documents
    ]


def _with_second_factor(user: User) -> tuple[str, list[str]]:
    """Set up TOTP with a fresh secret (printed for an authenticator app) and recovery codes."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return secret, list(codes)


def _staff_and_coordinators(*, password_hash: str, documents: list[LegalDocument]) -> list[DemoLogin]:
    from allauth.account.models import EmailAddress

    now = timezone.now()
    people = [
        ("staff", f"staff@{DEMO_DOMAIN}", "Programme Staff (demo)", None),
        ("coordinator MENA", f"coordinator.mena@{DEMO_DOMAIN}", "Coordinator MENA (demo)", Region.MENA),
        (
            "coordinator Southeast Europe",
            f"coordinator.see@{DEMO_DOMAIN}",
            "Coordinator SEE (demo)",
            Region.SEE,
        ),
        (
            "coordinator Sub-Saharan Africa",
            f"coordinator.ssa@{DEMO_DOMAIN}",
            "Coordinator SSA (demo)",
            Region.SSA,
        ),
    ]
    logins = []
    for role, email, name, region in people:
        user = User.objects.create(
            email=email,
            full_name=name,
            password=password_hash,
            is_staff=region is None,
            preferred_language="en",
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        ConsentRecord.objects.bulk_create(_consents([user.pk], documents, now))
        if region is not None:
            Membership.objects.create(
                space=network_space(region=region), user=user, role=SpaceRole.COORDINATOR
            )
        secret, codes = _with_second_factor(user)
        logins.append(DemoLogin(role=role, email=email, totp_secret=secret, recovery_codes=codes))
    return logins


# Thematic sections of each focus network: (slug, name by language, description, closed).
DEMO_SECTIONS: dict[str, list[tuple[str, dict[str, str], str, bool]]] = {
    "mena": [
        ("mena-water-loss", {"en": "Water loss reduction", "fr": "Réduction des pertes d'eau",
         "ar": "الحد من فقدان المياه", "pt": "Redução de perdas de água"},
         "Utilities of the region compare how they find and fix leaks: night flows, district metering, "
         "pressure management.", False),
        ("mena-waste-collection", {"en": "Waste collection and recycling", "fr": "Collecte et recyclage des déchets",
         "ar": "جمع النفايات وإعادة تدويرها", "pt": "Recolha e reciclagem de resíduos"},
         "Door-to-door collection, sorting at source and informal collectors' cooperatives.", False),
        ("mena-mayors-circle", {"en": "Mayors' advisers circle", "fr": "Cercle des conseillers des maires",
         "ar": "حلقة مستشاري رؤساء البلديات", "pt": "Círculo dos assessores dos presidentes de câmara"},
         "A closed circle where advisers to mayors discuss reforms before they are public.", True),
    ],
    "see": [
        ("see-energy-efficiency", {"en": "Energy-efficient public buildings", "fr": "Bâtiments publics économes en énergie",
         "pt": "Edifícios públicos energeticamente eficientes"},
         "Retrofitting schools and town halls: financing, tendering, monitoring.", False),
        ("see-public-transport", {"en": "Public transport", "fr": "Transports publics", "pt": "Transportes públicos"},
         "Bus networks, ticketing and cycling links in mid-sized cities.", False),
        ("see-eu-funding", {"en": "EU funding applications", "fr": "Candidatures aux fonds européens",
         "pt": "Candidaturas a fundos europeus"},
         "A closed group of municipal staff preparing applications together.", True),
    ],
    "ssa": [
        ("ssa-informal-settlements", {"en": "Upgrading informal settlements", "fr": "Amélioration des quartiers informels",
         "pt": "Requalificação de bairros informais"},
         "Community mapping, land tenure and basic services in informal settlements.", False),
        ("ssa-local-revenue", {"en": "Local revenue", "fr": "Recettes locales", "pt": "Receitas locais"},
         "Property registers, market fees and digital payments for municipal revenue.", False),
        ("ssa-climate-resilience", {"en": "Climate resilience working group",
         "fr": "Groupe de travail sur la résilience climatique", "pt": "Grupo de trabalho sobre resiliência climática"},
         "A closed working group drafting flood and heat action plans.", True),
    ],
}  # fmt: skip


def demo_sections(*, profiles: Sequence[MemberProfile], coordinators: dict[str, int]) -> int:
    """Two open sections and a closed one in each focus network, moderated by its coordinator,
    with some of its approved (fictional) members joined and, in the closed one, a request
    waiting for the coordinator. Returns how many sections it wrote."""
    approved: dict[str, list[int]] = {}
    for profile in profiles:
        if profile.status == MembershipStatus.APPROVED:
            approved.setdefault(profile.region, []).append(profile.user_id)
    made = 0
    for region, sections in DEMO_SECTIONS.items():
        network = network_space(region=region)
        people = approved.get(region, [])
        for index, (slug, names, description, closed) in enumerate(sections):
            space = Space.objects.create(
                slug=slug, kind=SpaceKind.SECTION, name=names["en"],
                name_translations={code: name for code, name in names.items() if code != "en"},
                description=description, parent=network, region=region,
                access=SpaceAccess.CLOSED if closed else SpaceAccess.OPEN,
            )  # fmt: skip
            made += 1
            rows = []
            if region in coordinators:
                rows.append(Membership(space=space, user_id=coordinators[region], role=SpaceRole.MODERATOR))
            # Every third member (a different third in each section) joins; a closed one fewer.
            joined = people[index::3][: 4 if closed else 40]
            rows += [Membership(space=space, user_id=user_id) for user_id in joined]
            if joined and not closed:
                rows[-1].role = SpaceRole.MODERATOR  # a member moderates beside the coordinator
            if closed and len(people) > len(joined) + 1:
                waiting = next(u for u in people if u not in joined)
                rows.append(Membership(space=space, user_id=waiting, state=MembershipState.REQUESTED))
            Membership.objects.bulk_create(rows)
    return made


def demo_people(
    *,
    members: int,
    seed: int,
    themes: Sequence[Theme],
    measures: Sequence[BioMeasure] = (),
    pending_share: float = 0.03,
) -> list[Person]:
    """The fictional members `demo_seed` writes, in its order, without touching the database.

    The first is the demo member (an approved, advising member in Jordan); about
    `pending_share` of the others, and at least two per focus network, await approval.
    Same arguments, same people: `practices.demo.generate_community` relies on it.
    """
    rng = random.Random(seed)  # noqa: S311 - demo data, reproducible on purpose
    maker = PersonMaker(rng=rng, themes=list(themes), measures=measures)
    people: list[Person] = []
    demo = maker.make(0, status=MembershipStatus.APPROVED)
    while demo.country.code != "JO":
        demo = maker.make(0, status=MembershipStatus.APPROVED)
    demo.full_name, demo.email, demo.willing_to_advise = "Rana Demo-Member", f"member@{DEMO_DOMAIN}", True
    people.append(demo)
    pending_every = max(2, round(1 / pending_share)) if pending_share > 0 else 0
    for index in range(1, members):
        status = (
            MembershipStatus.PENDING
            if pending_every and index % pending_every == 0
            else MembershipStatus.APPROVED
        )
        people.append(maker.make(index, status=status))
    # A few pending declarations in every focus network, whatever the size.
    for region in (Region.MENA, Region.SEE, Region.SSA):
        in_region = [p for p in people[1:] if region_for_country(p.country.code) == region]
        for person in in_region[:2]:
            person.status = MembershipStatus.PENDING
    return people


def demo_seed(
    *,
    members: int,
    seed: int = 2024,
    pending_share: float = 0.03,
    progress: Callable[[str], None] | None = None,
    measures: Sequence[BioMeasure] = (),
) -> DemoResult:
    """Write a demo community of `members` fictional members, plus staff, coordinators and a demo member.

    The members are `demo_people(...)` with the same arguments (see there). Preconditions:
    the theme taxonomy, networks and current legal documents exist (their migrations), and no
    demo user exists yet. Everything is one transaction.
    """
    themes = list(Theme.active().order_by("slug"))
    if not themes:
        raise ValueError("No themes: run the migrations first.")
    people = demo_people(
        members=members, seed=seed, themes=themes, measures=measures, pending_share=pending_share
    )
    return demo_write(people=people, progress=progress).result


@dataclass
class DemoWritten:
    """What `demo_write` wrote: the summary, and each person's profile in the people's order."""

    result: DemoResult
    profiles: list[MemberProfile]


def demo_write(*, people: Sequence[Person], progress: Callable[[str], None] | None = None) -> DemoWritten:
    """Write `people` (from `demo_people`, the demo member first) and the staff and coordinators.

    Preconditions as for `demo_seed`. Everything is one transaction; the tables are analysed
    after it so the query planner knows they are no longer empty.
    """
    say = progress or (lambda _message: None)
    from allauth.account.models import EmailAddress

    documents = legal_documents_current()
    password_hash = make_password(DEMO_PASSWORD)  # once: hashing is deliberately slow
    now = timezone.now()
    demo = people[0]

    with transaction.atomic():
        logins = _staff_and_coordinators(password_hash=password_hash, documents=documents)
        coordinators = dict(coordinator_memberships().values_list("space__region", "user_id"))
        staff_id = User.objects.get(email=f"staff@{DEMO_DOMAIN}").pk
        say(f"Made {len(people)} people; writing users…")

        users = []
        for person in people:
            users.append(
                User(
                    email=person.email,
                    full_name=person.full_name,
                    password=password_hash,
                    preferred_language=person.country.preferred_language,
                    date_joined=now - timedelta(days=person.joined_days_ago),
                )
            )
        for chunk in batched(users):
            User.objects.bulk_create(chunk)
        if users and users[0].pk is None:  # a database without RETURNING: read the ids back
            ids = dict(User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").values_list("email", "pk"))
            for user in users:
                user.pk = ids[user.email]
        say("Writing email addresses…")
        for chunk in batched(users):
            EmailAddress.objects.bulk_create(
                [EmailAddress(user_id=u.pk, email=u.email, verified=True, primary=True) for u in chunk]
            )

        say("Writing profiles…")
        profiles = []
        for person, user in zip(people, users, strict=True):
            region = region_for_country(person.country.code)
            approved = person.status == MembershipStatus.APPROVED
            profiles.append(
                MemberProfile(
                    user_id=user.pk,
                    member_type=person.member_type,
                    organisation=person.organisation,
                    position=person.position,
                    city=person.city,
                    country=person.country.code,
                    region=region,
                    bio=person.bio,
                    willing_to_advise=person.willing_to_advise,
                    status=person.status,
                    decided_at=now if approved else None,
                    decided_by_id=coordinators.get(region, staff_id) if approved else None,
                    email_visibility=person.email_visibility,
                )
            )
        for profile_chunk in batched(profiles):
            MemberProfile.objects.bulk_create(profile_chunk)
        if profiles and profiles[0].pk is None:
            ids = dict(
                MemberProfile.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}").values_list(
                    "user_id", "pk"
                )
            )
            for profile in profiles:
                profile.pk = ids[profile.user_id]

        say("Writing languages and expertise…")
        speaks = MemberProfile.languages.through
        knows = MemberProfile.expertise.through
        speak_rows = [
            speaks(memberprofile_id=profile.pk, language_id=code)
            for person, profile in zip(people, profiles, strict=True)
            for code in person.languages
        ]
        for speak_chunk in batched(speak_rows):
            speaks.objects.bulk_create(speak_chunk)
        know_rows = [
            knows(memberprofile_id=profile.pk, theme_id=theme.pk)
            for person, profile in zip(people, profiles, strict=True)
            for theme in person.themes
        ]
        for know_chunk in batched(know_rows):
            knows.objects.bulk_create(know_chunk)

        say("Writing consent records…")
        consent_rows = _consents([u.pk for u in users], documents, now)
        consent_rows += [
            ConsentRecord(
                user_id=user.pk,
                subject=ConsentSubject.ADVISE,
                action=ConsentAction.GIVEN,
                method=ConsentMethod.SIGNUP,
                at=now,
            )
            for person, user in zip(people, users, strict=True)
            if person.willing_to_advise
        ]
        for consent_chunk in batched(consent_rows):
            ConsentRecord.objects.bulk_create(consent_chunk)

        say("Writing sections…")
        demo_sections(profiles=profiles, coordinators=coordinators)

    analyse()
    logins.insert(0, DemoLogin(role=f"member (MENA, {demo.city})", email=demo.email))
    by_region = Counter(
        region_for_country(p.country.code).value for p in people if p.status == MembershipStatus.APPROVED
    )
    result = DemoResult(
        members=len(people),
        pending=sum(1 for p in people if p.status == MembershipStatus.PENDING),
        by_region=by_region,
        logins=logins,
    )
    return DemoWritten(result=result, profiles=profiles)


def analyse() -> None:
    """Fresh planner statistics (`ANALYZE` on PostgreSQL and SQLite), as a live database has them."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
