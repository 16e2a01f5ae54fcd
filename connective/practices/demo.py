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

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from connective.core.models import Theme
from connective.core.regions import Region, region_for_country
from connective.members.models import MemberProfile
from connective.networks.demo import REGION_THEMES, BioMeasure, Person, analyse, contract, demo_people
from connective.practices.choices import PracticeStatus, RevisionState
from connective.practices.demo_catalogue import BIO_NAMES, MEASURES, STORIES, Measure
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
    "water-supply": [6], "sanitation": [6, 3], "solid-waste-management": [11, 12], "urban-mobility": [11],
    "climate-adaptation": [11, 13], "climate-mitigation": [13, 7], "local-economic-development": [8],
    "municipal-finance": [16, 17], "digitalisation": [9, 16], "migration-and-integration": [10, 11],
    "good-governance": [16], "citizen-participation": [11, 16], "informal-settlements": [11, 1],
    "housing": [11, 1], "public-space": [11], "disaster-risk-management": [11, 13], "energy": [7, 13],
    "urban-planning": [11], "green-infrastructure": [11, 15], "health-and-covid-19-response": [3],
    "culture-and-heritage": [11], "youth-and-gender": [5, 8],
}  # fmt: skip


# The plainest title shape per language, for a story whose drawn title is too long.
PLAIN_TITLES: dict[str, str] = {
    "en": "{Measure} in {city}",
    "fr": "{Measure} à {city}",
    "ar": "{measure} في {city}",
    "pt": "{Measure} em {city}",
    "de": "{Measure} in {city}",
    "es": "{Measure} en {city}",
}
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


@dataclass(frozen=True)
class PracticeSpec:
    """One demo practice as `generate_community` decides it, before it is written.

    `contacts` are indexes into the list of people the practices were generated for
    (`DemoCommunity.people`); `texts` holds every text field of the practice.
    """

    measure: str  # key in demo_catalogue.MEASURES
    themes: tuple[str, ...]  # theme slugs, main first
    language: str
    city: str
    country: str
    region: str
    latitude: float
    longitude: float
    approximate: bool
    texts: dict[
        str, str
    ]  # title, summary, challenge, approach, results, lessons_learned, transfer_conditions, costs_and_financing, partners
    contacts: tuple[int, ...]
    published: bool
    period_start: int
    period_end: int | None


@dataclass(frozen=True)
class DemoCommunity:
    """The fictional members and practices `seed_demo --members M --practices P --seed S` writes.

    `people` are in the order seed_demo writes them (the demo member first); the staff and
    coordinators seed_demo also writes are not among them.
    """

    people: list[Person]
    practices: list[PracticeSpec]


@dataclass(frozen=True)
class _Candidate:
    """Someone who may be a practice's contact: an approved member, by position in the people."""

    index: int
    region: str
    measures: frozenset[str]
    themes: frozenset[str]


def bio_measures() -> list[BioMeasure]:
    """The catalogue as members' profiles need it: themes and names in every bio language."""
    return [
        BioMeasure(
            key=measure.key,
            theme=measure.theme,
            also=measure.also,
            names={
                **{language: phrases[0] for language, phrases in measure.phrases.items()},
                **{
                    language: names[measure.key]
                    for language, names in BIO_NAMES.items()
                    if measure.key in names
                },
            },
        )
        for measure in MEASURES.values()
    ]


def generate_community(*, members: int, practices: int, seed: int, themes: Sequence[Theme]) -> DemoCommunity:
    """The demo community `seed_demo --members M --practices P --seed S` writes, in memory.

    This is the contract between the seed command and whoever needs its data without a
    database (the matching evaluation hides its set among these practices and members):
    same arguments, same community, and seed_demo writes exactly these people (plus staff and
    coordinators) and these practices, contacts included. `themes` are the active themes of
    the taxonomy ordered by slug, as seed_demo reads them (`Theme.active().order_by("slug")`);
    only their slugs and names are read. Nothing is written to the database.

    Each member works on 1-3 catalogue measures (`Person.measures`), has the expertise of
    their themes and a bio about that work. Each practice describes one measure in one real
    city; no two practices share a title; its contacts are approved members of its region who
    worked on its measure, else on its theme, else anyone approved there.
    """
    from connective.members.choices import MembershipStatus

    people = demo_people(members=members, seed=seed, themes=themes, measures=bio_measures())
    candidates = [
        _Candidate(
            index=index,
            region=str(region_for_country(person.country.code)),
            measures=frozenset(person.measures),
            themes=frozenset(theme.slug for theme in person.themes),
        )
        for index, person in enumerate(people)
        if person.status == MembershipStatus.APPROVED
    ]
    specs = generate_practices(
        count=practices,
        rng=random.Random(f"demo-practices:{seed}"),  # noqa: S311 - demo data, reproducible on purpose
        candidates=candidates,
        theme_slugs={theme.slug for theme in themes},
    )
    return DemoCommunity(people=people, practices=specs)


def generate_practices(
    *, count: int, rng: random.Random, candidates: Sequence[_Candidate], theme_slugs: set[str]
) -> list[PracticeSpec]:
    """`count` practices with unique titles, their contacts drawn from `candidates` (see above)."""
    places = _places()
    measures = [measure for measure in MEASURES.values() if measure.theme in theme_slugs]
    if count and not measures:
        raise ValueError("No catalogue measure has its theme in the taxonomy: run the migrations first.")
    favoured = {
        str(region): [m for m in measures if m.theme in slugs] for region, slugs in REGION_THEMES.items()
    }
    by_measure: dict[tuple[str, str], list[int]] = {}
    by_theme: dict[tuple[str, str], list[int]] = {}
    by_region: dict[str, list[int]] = {}
    for candidate in candidates:
        by_region.setdefault(candidate.region, []).append(candidate.index)
        for key in candidate.measures:
            by_measure.setdefault((candidate.region, key), []).append(candidate.index)
        for slug in candidate.themes:
            by_theme.setdefault((candidate.region, slug), []).append(candidate.index)
    everyone = [candidate.index for candidate in candidates]
    regions = [str(region) for region in REGION_WEIGHTS]
    weights = [REGION_WEIGHTS[region] for region in regions]
    titles: set[str] = set()
    specs: list[PracticeSpec] = []
    for _ in range(count):
        region_key = rng.choices(regions, weights=weights)[0]
        place = rng.choice(places[region_key])
        language = COUNTRY_LANGUAGE.get(place.country) or _weighted(rng, REGION_LANGUAGES[region_key])
        local = favoured.get(region_key)
        measure = rng.choice(local if local and rng.random() < 0.5 else measures)
        city = place.city_ar if language == "ar" and place.city_ar else place.city
        texts, start = story_texts(measure=measure, language=language, city=city, rng=rng)
        for _attempt in range(12):  # another telling of the same story, until the title is new
            if texts["title"] not in titles:
                break
            texts, start = story_texts(measure=measure, language=language, city=city, rng=rng)
        if len(texts["title"]) > TITLE_ROOM:
            # A long problem in a long title shape: the plain shape, drawn from nothing, so that
            # the rest of the community stays as it was.
            texts["title"] = _plain_title(measure, language=language, city=city)
        texts["title"] = _unique_title(texts["title"], start=start, taken=titles)
        titles.add(texts["title"])
        themes = [measure.theme]
        related = [slug for slug in measure.also if slug in theme_slugs]
        if related and rng.random() < 0.4:
            themes.append(rng.choice(related))
        region = str(region_for_country(place.country))
        pool = (
            by_measure.get((region, measure.key))
            or by_theme.get((region, measure.theme))
            or by_region.get(region)
            or everyone
        )
        contacts = tuple(rng.sample(pool, k=min(len(pool), rng.choice((1, 1, 2))))) if pool else ()
        published = rng.random() < 0.96 or not contacts
        end = start + rng.randint(1, 4) if rng.random() < 0.7 else None
        specs.append(
            PracticeSpec(
                measure=measure.key, themes=tuple(themes), language=language, city=city, country=place.country,
                region=region, latitude=place.latitude, longitude=place.longitude, approximate=place.approximate,
                texts=texts, contacts=contacts, published=published, period_start=start,
                period_end=min(end, 2026) if end else None,
            )
        )  # fmt: skip
    return specs


# A practice's title has 200 characters; the period and a phase number may still be added.
TITLE_ROOM = 200 - len(" (2026) [999]")


def _plain_title(measure: Measure, *, language: str, city: str) -> str:
    name = (measure.phrases.get(language) or measure.phrases["en"])[0]
    title = contract(
        PLAIN_TITLES[language].format(Measure=_first_upper(name), measure=name, city=city), language
    )
    return title[:TITLE_ROOM].rsplit(" ", 1)[0] if len(title) > TITLE_ROOM else title


def _unique_title(title: str, *, start: int, taken: set[str]) -> str:
    """`title`, or with its period and then a phase number added, so no two demo practices share one."""
    if title not in taken:
        return title
    dated = f"{title} ({start})"
    if dated not in taken:
        return dated
    number = 2
    while f"{dated} [{number}]" in taken:
        number += 1
    return f"{dated} [{number}]"


def story_texts(
    *, measure: Measure, language: str, city: str, rng: random.Random
) -> tuple[dict[str, str], int]:
    """The text fields of one demo practice of `measure` (and the year it started).

    Context, figures, steps, lessons, conditions, financing and partners are drawn from the
    language's pools (`demo_catalogue.STORIES`), so two practices of one measure read as two stories.
    """
    pools = STORIES[language]
    name, problem, result = measure.phrases.get(language) or measure.phrases["en"]
    start = rng.randint(2012, 2023)
    end = start + 1
    group = rng.choice(pools["groups"])
    slots = {
        "city": city,
        "district": rng.choice(pools["districts"]),
        "group": group,
        "group_cap": _first_upper(group),
        "measure": name,
        "Measure": _first_upper(name),
        "problem": problem,
        "y0": str(start),
        "y1": str(end),
        "y2": str(min(start + rng.randint(2, 4), 2026)),
        "period": f"{start}\u2013{end + rng.randint(0, 3)}",
        "share": str(rng.randint(15, 70)),
        "rating": f"{rng.randint(34, 48) / 10:.1f}".replace(
            ".", "," if language in ("fr", "pt", "de", "es") else "."
        ),
        "staff": str(rng.randint(2, 8)),
        "cost": _number(rng.randrange(40_000, 2_500_000, 5_000), language),
        "years": str(rng.randint(2, 5)),
        "own": str(rng.randrange(20, 80, 5)),
        "donor": rng.choice(pools["donors"]),
        "households": _number(rng.randrange(150, 5_000, 50), language),
        "towns": str(rng.randint(2, 6)),
    }
    filled = result.format(n=_number(rng.randrange(300, 150_000, 50), language), pct=rng.randint(12, 65))
    slots["result"], slots["Result"] = filled, _first_upper(filled)
    steps = [rng.choice(pools["diagnose"]), rng.choice(pools["pilot"]), rng.choice(pools["scale"])]
    if rng.random() < 0.6:
        steps.append(rng.choice(pools["sustain"]))
    separator = "؛" if language == "ar" else ";"
    numbered = "\n".join(
        f"{n}. {step}{separator if n < len(steps) else '.'}" for n, step in enumerate(steps, 1)
    )
    summary = rng.choice(pools["summary"])
    if language == "en" and rng.random() < 0.5:
        summary = f"{summary} {measure.summary_en}"
    partners = [rng.choice(pools["partner_lead"]), *rng.sample(pools["partners"], k=rng.randint(1, 3))]
    if rng.random() < 0.6:
        partners.append("Connective Cities")
    templates = {
        "title": rng.choice(pools["title"]),
        "summary": summary,
        "challenge": rng.choice(pools["challenge"]),
        "approach": f"{rng.choice(pools['intro'])}\n\n{numbered}",
        "results": rng.choice(pools["results"]),
        "lessons_learned": " ".join(rng.sample(pools["lessons"], k=rng.choice((2, 3, 3)))),
        "transfer_conditions": rng.choice(pools["transfer"]),
        "costs_and_financing": rng.choice(pools["costs"]),
        "partners": ("، " if language == "ar" else ", ").join(partners),
    }
    texts = {field: contract(template.format(**slots), language) for field, template in templates.items()}
    texts["title"] = _first_upper(texts["title"])
    return texts, start


def write_practices(
    *,
    specs: Sequence[PracticeSpec],
    profiles: Sequence[MemberProfile],
    rng: random.Random,
    index: bool = True,
    embeddings: bool = True,
) -> int:
    """Write `specs` in batches of bulk inserts; return how many were made.

    `profiles` are the written people in the order the specs' contacts index (the profiles
    `networks.demo.demo_write` returns). Published practices get their published revision 1,
    drafts are created by their first contact; contacts are the authors. With `index`, the
    search index is rebuilt once at the end (`embeddings` passes on to it). `rng` only draws
    the slugs' random part. Precondition: the taxonomy, SDGs and languages of the migrations.
    """
    if not specs:
        return 0
    slugs_needed = {slug for spec in specs for slug in spec.themes}
    themes = {theme.slug: theme for theme in Theme.active().filter(slug__in=slugs_needed)}
    missing = sorted(slugs_needed - set(themes))
    if missing:
        raise ValueError(f"themes missing from the taxonomy: {', '.join(missing)}")
    sdgs = set(SustainableDevelopmentGoal.objects.values_list("number", flat=True))
    now = timezone.now()
    made = 0
    for start in range(0, len(specs), BATCH_SIZE):
        with transaction.atomic():
            made += _write_batch(
                specs=specs[start : start + BATCH_SIZE],
                profiles=profiles,
                rng=rng,
                themes=themes,
                sdgs=sdgs,
                now=now,
            )
    if index:
        from connective.practices.search.index import rebuild

        rebuild(embeddings=embeddings)
    analyse()
    return made


def seed_practices(
    *,
    count: int,
    rng: random.Random,
    contacts: list[MemberProfile],
    index: bool = True,
    embeddings: bool = True,
) -> int:
    """Create `count` demo practices with contacts among `contacts`; return how many were made.

    For callers that already have members (benchmarks, tests); `seed_demo` uses
    `generate_community` and `write_practices`. Contacts are chosen among `contacts` of the
    practice's region whose expertise includes the practice's theme, else any of the region,
    else any. About 96% are published. Precondition: the migrations' taxonomy and languages.
    """
    if count <= 0:
        return 0
    expertise: dict[int, set[str]] = {}
    wanted = {profile.pk for profile in contacts}
    if wanted:
        rows = MemberProfile.expertise.through.objects.values_list("memberprofile_id", "theme__slug")
        for profile_id, slug in rows.iterator(chunk_size=5000):
            if profile_id in wanted:
                expertise.setdefault(profile_id, set()).add(slug)
    candidates = [
        _Candidate(
            index=i, region=str(p.region), measures=frozenset(), themes=frozenset(expertise.get(p.pk, ()))
        )
        for i, p in enumerate(contacts)
    ]
    theme_slugs = set(Theme.active().values_list("slug", flat=True))
    specs = generate_practices(count=count, rng=rng, candidates=candidates, theme_slugs=theme_slugs)
    return write_practices(specs=specs, profiles=contacts, rng=rng, index=index, embeddings=embeddings)


def _write_batch(
    *,
    specs: Sequence[PracticeSpec],
    profiles: Sequence[MemberProfile],
    rng: random.Random,
    themes: dict[str, Theme],
    sdgs: set[int],
    now: datetime.datetime,
) -> int:
    rows: list[tuple[Practice, list[int], list[int], list[MemberProfile], dict[str, object] | None]] = []
    for spec in specs:
        people = [profiles[i] for i in spec.contacts]
        theme_ids = [themes[slug].pk for slug in spec.themes]
        goal_numbers = sorted({n for slug in spec.themes for n in THEME_SDGS.get(slug, ()) if n in sdgs})
        published_at = now - datetime.timedelta(minutes=rng.randint(60, 3 * 365 * 24 * 60))
        published = spec.published
        practice = Practice(
            slug=f"{spec.measure.split('/', 1)[1]}-{slugify(spec.city) or 'city'}-{rng.getrandbits(40):010x}",
            status=PracticeStatus.PUBLISHED if published else PracticeStatus.DRAFT,
            period_start=spec.period_start,
            period_end=spec.period_end,
            city=spec.city,
            country=spec.country,
            region=spec.region,
            latitude=spec.latitude,
            longitude=spec.longitude,
            location_is_approximate=spec.approximate,
            language_id=spec.language,
            links=[],
            created_by_id=people[0].user_id if people and not published else None,
            is_featured=published and rng.random() < 0.01,
            published_at=published_at if published else None,
            first_published_at=published_at if published else None,
            version=1 if published else 0,
            **spec.texts,
        )
        snapshot = None
        if published:
            content: dict[str, Any] = dict(spec.texts)
            snapshot = PracticeData(
                **content, city=spec.city, country=spec.country, language=spec.language,
                period_start=spec.period_start, period_end=spec.period_end,
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


# Above this many practices, `seed_demo` embeds only a few practices of each measure and
# language for real (`embeddings_sampled`): 100,000 distinct texts took about 30 minutes to
# encode on one core, while the practices of one measure in one language, which differ in their
# city, figures and story, lie close together anyway.
SAMPLED_EMBEDDINGS_ABOVE = 20_000
REAL_PER_GROUP = 8
# How far a copied vector is moved (per dimension, before normalising): its own place near the
# measure's real ones, so that stored neighbours and search ranks still tell practices apart.
COPY_NOISE = 0.015


def embeddings_sampled(*, rng: random.Random, real_per_group: int = REAL_PER_GROUP) -> tuple[int, int]:
    """Store an embedding for every published demo practice without one: `real_per_group` of
    each (measure, language) encoded for real, the others a slightly moved copy of one of
    those, each with the hash of its own text (so no refresh recomputes it); then the stored
    neighbours. Demo data only. Returns (encoded for real, stored)."""
    from connective.core.embeddings import embed, embedder, to_bytes
    from connective.practices.models import PracticeEmbedding
    from connective.practices.search.neighbours import neighbours_refresh
    from connective.practices.search.semantic import embedding_text, stamp_renew, text_hash

    by_short = {key.split("/", 1)[1]: key for key in MEASURES}
    shorts = sorted(by_short, key=len, reverse=True)
    have = set(PracticeEmbedding.objects.values_list("practice_id", flat=True))
    groups: dict[tuple[str, str], list[tuple[int, str]]] = {}
    rows = (
        Practice.objects.filter(status=PracticeStatus.PUBLISHED)
        .order_by("id")
        .values_list("id", "slug", "language_id", "title", "summary", "challenge")
    )
    for pk, slug, language, title, summary, challenge in rows.iterator(chunk_size=5000):
        if pk in have:
            continue
        # Demo slugs start with the measure's short name (`_write_batch`).
        short = next((name for name in shorts if slug.startswith(f"{name}-")), "")
        groups.setdefault((short, language), []).append((pk, embedding_text(title, summary, challenge)))
    chosen = {
        key: rng.sample(members, k=min(real_per_group, len(members))) for key, members in groups.items()
    }
    texts = [text for members in chosen.values() for _pk, text in members]
    vectors = iter(embed(texts)) if texts else iter(())
    real = {key: [(pk, next(vectors)) for pk, _text in members] for key, members in chosen.items()}
    noise = np.random.default_rng(rng.getrandbits(32))
    model = embedder().name
    objects = []
    for key, members in groups.items():
        encoded = dict(real[key])
        pool = list(encoded.values())
        for pk, text in members:
            vector = encoded.get(pk)
            if vector is None:
                moved = pool[int(noise.integers(0, len(pool)))] + noise.normal(0, COPY_NOISE, 512)
                vector = (moved / np.linalg.norm(moved)).astype(np.float32)
            objects.append(
                PracticeEmbedding(
                    practice_id=pk, vector=to_bytes(vector), text_hash=text_hash(text), model=model
                )
            )
    PracticeEmbedding.objects.bulk_create(objects, batch_size=2000)
    stamp_renew()
    neighbours_refresh()
    return len(texts), len(objects)
