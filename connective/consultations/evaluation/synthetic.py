"""Generated, demo-like practices and advisors to hide the evaluation set among (`--mix N`) and
to load the benchmark with.

Texts are built from templates in the five languages around the community's real themes (the
names come from the theme taxonomy), so they compete with the real practices on the same
vocabulary ("eau", "waste", "Verkehr") without answering any challenge in particular. Item i
depends only on (seed, i), so a larger mix extends a smaller one and the embedding cache is
reused.
"""

from __future__ import annotations

import hashlib
import importlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from connective.consultations.matching import AdvisorCandidate, PracticeCandidate
from connective.consultations.matching.embedding import DIMENSIONS, Embedder

LANGUAGES = ("en", "fr", "ar", "pt", "de")


def theme_names() -> dict[str, dict[str, str]]:
    """slug -> {language: name} from the taxonomy's data migration (English included)."""
    from django.utils.text import slugify

    module = importlib.import_module("connective.core.migrations.0002_themes")
    return {slugify(name): {"en": name.lower(), **translations} for name, translations in module.THEMES}


CITIES = {
    "en": [("Lusaka", "ZM", "ssa"), ("Gaborone", "BW", "ssa"), ("Sarajevo", "BA", "see"), ("Dhaka", "BD", "asia"), ("Tbilisi", "GE", "see"), ("Kisumu", "KE", "ssa")],
    "fr": [("Bouaké", "CI", "ssa"), ("Kairouan", "TN", "mena"), ("Lomé", "TG", "ssa"), ("Tétouan", "MA", "mena"), ("Douala", "CM", "ssa"), ("Lyon", "FR", "europe")],
    "ar": [("الخليل", "PS", "mena"), ("طرابلس", "LB", "mena"), ("أسيوط", "EG", "mena"), ("نابل", "TN", "mena"), ("البصرة", "IQ", "mena"), ("إربد", "JO", "mena")],
    "pt": [("Beira", "MZ", "ssa"), ("Huambo", "AO", "ssa"), ("Bissau", "GW", "ssa"), ("Fortaleza", "BR", "lac"), ("Mindelo", "CV", "ssa"), ("Porto", "PT", "europe")],
    "de": [("Kassel", "DE", "europe"), ("Graz", "AT", "europe"), ("Chemnitz", "DE", "europe"), ("Bielefeld", "DE", "europe"), ("Erfurt", "DE", "europe"), ("Linz", "AT", "europe")],
}  # fmt: skip

TITLES = {
    "en": ["A new municipal strategy for {theme} in {city}", "Improving {theme} with neighbourhood committees in {city}", "{city} modernises its {theme} services", "Lessons from a pilot on {theme} in {city}"],
    "fr": ["Une stratégie municipale pour {theme} à {city}", "Améliorer {theme} avec les comités de quartier à {city}", "{city} modernise ses services : {theme}", "Leçons d'un projet pilote : {theme} à {city}"],
    "ar": ["استراتيجية بلدية جديدة في مجال {theme} في {city}", "تحسين {theme} بمشاركة لجان الأحياء في {city}", "{city} تحدّث خدماتها في {theme}", "دروس من مشروع تجريبي حول {theme} في {city}"],
    "pt": ["Uma nova estratégia municipal de {theme} em {city}", "Melhorar {theme} com comités de bairro em {city}", "{city} moderniza os serviços de {theme}", "Lições de um projeto-piloto de {theme} em {city}"],
    "de": ["Eine neue kommunale Strategie für {theme} in {city}", "{theme}: Verbesserungen mit Quartiersbeiräten in {city}", "{city} modernisiert {theme}", "Erfahrungen aus einem Pilotprojekt {theme} in {city}"],
}  # fmt: skip

CHALLENGES = {
    "en": ["The services for {theme} had not kept pace with the growth of the city.", "Responsibilities for {theme} were split between several departments and nobody coordinated them.", "Residents complained about the quality of {theme} and trust in the municipality was low.", "The budget for {theme} was small and donors funded scattered projects."],
    "fr": ["Les services liés à {theme} n'avaient pas suivi la croissance de la ville.", "Les responsabilités en matière de {theme} étaient dispersées entre plusieurs services sans coordination.", "Les habitants se plaignaient de la qualité de {theme} et faisaient peu confiance à la commune.", "Le budget consacré à {theme} était faible et les bailleurs finançaient des projets dispersés."],
    "ar": ["لم تواكب الخدمات في مجال {theme} نمو المدينة.", "كانت المسؤوليات عن {theme} موزعة بين عدة مصالح دون تنسيق.", "اشتكى السكان من جودة {theme} وكانت ثقتهم في البلدية ضعيفة.", "كانت ميزانية {theme} صغيرة والمانحون يموّلون مشاريع متفرقة."],
    "pt": ["Os serviços de {theme} não acompanharam o crescimento da cidade.", "As responsabilidades em {theme} estavam divididas entre vários departamentos sem coordenação.", "Os moradores queixavam-se da qualidade de {theme} e confiavam pouco no município.", "O orçamento para {theme} era pequeno e os doadores financiavam projetos dispersos."],
    "de": ["Die Angebote im Bereich {theme} hielten mit dem Wachstum der Stadt nicht Schritt.", "Die Zuständigkeiten für {theme} waren auf mehrere Ämter verteilt, niemand koordinierte.", "Die Bevölkerung beklagte die Qualität im Bereich {theme}, das Vertrauen in die Verwaltung war gering.", "Das Budget für {theme} war klein, Geber finanzierten verstreute Einzelprojekte."],
}  # fmt: skip

ACTIONS = {
    "en": ["The city set up a coordination unit, trained its staff and published a yearly report.", "A steering committee with civil society drew up an action plan and a monitoring system.", "The municipality signed a partnership with a university and ran a two-year pilot in three districts.", "New procedures, a complaints desk and a small investment fund were introduced."],
    "fr": ["La ville a créé une cellule de coordination, formé ses agents et publié un rapport annuel.", "Un comité de pilotage avec la société civile a élaboré un plan d'action et un dispositif de suivi.", "La commune a signé un partenariat avec une université et mené un projet pilote de deux ans dans trois quartiers.", "De nouvelles procédures, un bureau des réclamations et un petit fonds d'investissement ont été mis en place."],
    "ar": ["أنشأت المدينة وحدة تنسيق ودربت موظفيها ونشرت تقريراً سنوياً.", "وضعت لجنة توجيهية مع المجتمع المدني خطة عمل ونظاماً للمتابعة.", "وقعت البلدية شراكة مع جامعة ونفذت مشروعاً تجريبياً لمدة سنتين في ثلاثة أحياء.", "تم اعتماد إجراءات جديدة ومكتب للشكاوى وصندوق استثمار صغير."],
    "pt": ["A cidade criou uma unidade de coordenação, formou os funcionários e publicou um relatório anual.", "Um comité de pilotagem com a sociedade civil elaborou um plano de ação e um sistema de monitoria.", "O município assinou uma parceria com uma universidade e fez um projeto-piloto de dois anos em três bairros.", "Foram criados novos procedimentos, um balcão de reclamações e um pequeno fundo de investimento."],
    "de": ["Die Stadt richtete eine Koordinierungsstelle ein, schulte ihr Personal und veröffentlicht einen Jahresbericht.", "Ein Lenkungskreis mit der Zivilgesellschaft erarbeitete einen Aktionsplan und ein Monitoring.", "Die Kommune schloss eine Partnerschaft mit einer Hochschule und erprobte zwei Jahre lang in drei Stadtteilen.", "Neue Verfahren, eine Beschwerdestelle und ein kleiner Investitionsfonds wurden eingeführt."],
}  # fmt: skip

ROLES = {
    "en": "Municipal officer working on {a} and {b}.",
    "fr": "Cadre municipal, travaille sur {a} et {b}.",
    "ar": "موظف بلدي يعمل في مجال {a} و{b}.",
    "pt": "Técnico municipal que trabalha em {a} e {b}.",
    "de": "Mitarbeiterin der Stadtverwaltung für {a} und {b}.",
}
FIRST = [
    "Amina",
    "Samir",
    "Lea",
    "Tiago",
    "Nadia",
    "Kofi",
    "Mira",
    "Jonas",
    "Aylin",
    "Idris",
    "Sofia",
    "Yannick",
]
LAST = ["Haddad", "Mensah", "Keller", "Silva", "Benali", "Ndlovu", "Popescu", "Okafor", "Meyer", "Ferreira"]
EXTRA_LANGUAGES = {"en": ("fr",), "fr": ("en", "ar"), "ar": ("en", "fr"), "pt": ("en",), "de": ("en",)}


def _rng(seed: int, kind: str, index: int) -> random.Random:
    return random.Random(f"{seed}:{kind}:{index}")  # noqa: S311  (demo text, not secrets)


def practice(index: int, *, seed: int = 7, themes: dict[str, dict[str, str]]) -> PracticeCandidate:
    rng = _rng(seed, "practice", index)
    language = rng.choice(LANGUAGES)
    chosen = rng.sample(sorted(themes), k=rng.choice((1, 2)))
    name = themes[chosen[0]][language]
    city, country, region = rng.choice(CITIES[language])
    title = rng.choice(TITLES[language]).format(theme=name, city=city)
    challenge = rng.choice(CHALLENGES[language]).format(theme=name)
    text = f"{challenge} {rng.choice(ACTIONS[language])}"
    return PracticeCandidate(
        id=f"g{index}",
        slug=f"generated-{index}",
        title=title,
        language=language,
        text=text,
        themes=frozenset(chosen),
        region=region,
        place=f"{city}, {country}",
    )


def advisor(index: int, *, seed: int = 7, themes: dict[str, dict[str, str]]) -> AdvisorCandidate:
    """Generated advisor `index`; half of them are contact for one of generated practices 0..index
    (so that every advisor's practice is in a library of at least as many practices)."""
    rng = _rng(seed, "advisor", index)
    language = rng.choice(LANGUAGES)
    languages = {language, *rng.sample(EXTRA_LANGUAGES[language], k=rng.choice((0, 1)))}
    chosen = rng.sample(sorted(themes), k=2)
    names = [themes[slug][language] for slug in chosen]
    _city, country, region = rng.choice(CITIES[language])
    contact = practice(rng.randrange(index + 1), seed=seed, themes=themes) if rng.random() < 0.5 else None
    limit = rng.choice((2, 3, 4))
    return AdvisorCandidate(
        id=f"ga{index}",
        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        email=f"generated-{index}@example.org",
        languages=frozenset(languages),
        themes=frozenset(chosen),
        region=region,
        bio=ROLES[language].format(a=names[0], b=names[1]),
        practice_ids=(contact.id,) if contact else (),
        practice_titles=(contact.title,) if contact else (),
        past_topics=(rng.choice(CHALLENGES[language]).format(theme=names[1]),) if rng.random() < 0.5 else (),
        open_consultations=rng.randrange(0, limit + 1),
        limit=limit,
        willing=rng.random() < 0.85,
        active=rng.random() < 0.95,
        place=country,
    )


def practices(count: int, *, seed: int = 7) -> list[PracticeCandidate]:
    names = theme_names()
    return [practice(index, seed=seed, themes=names) for index in range(count)]


def advisors(count: int, *, seed: int = 7) -> list[AdvisorCandidate]:
    names = theme_names()
    return [advisor(index, seed=seed, themes=names) for index in range(count)]


class EmbeddingCache:
    """Embeddings of texts kept on disk (one .npz per model), so generated sets are embedded once."""

    def __init__(self, path: Path, embedder: Embedder):
        self.path = path
        self.embedder = embedder
        self.vectors: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path) as stored:
                self.vectors = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        keys = [self.key(text) for text in texts]
        missing = list(
            dict.fromkeys(
                key_text for key_text in zip(keys, texts, strict=True) if key_text[0] not in self.vectors
            )
        )
        if missing:
            vectors = self.embedder([text for _key, text in missing])
            self.vectors.update({key: vector for (key, _text), vector in zip(missing, vectors, strict=True)})
            self.save()
        if not keys:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([self.vectors[key] for key in keys]).astype(np.float32)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.asarray(list(self.vectors), dtype="U32")
        vectors = np.stack(list(self.vectors.values())).astype(np.float32)
        temporary = self.path.with_suffix(".tmp.npz")
        np.savez(temporary, keys=keys, vectors=vectors)
        temporary.replace(self.path)


@dataclass(frozen=True)
class DemoMix:
    """The demo community as candidates: practices, the willing approved members as advisors,
    and for each catalogue measure the ids of its practices and of the members who worked on it."""

    practices: list[PracticeCandidate]
    advisors: list[AdvisorCandidate]
    practice_measures: dict[str, set[str]]
    advisor_measures: dict[str, set[str]]


def _themes_unsaved() -> list[Any]:
    """The taxonomy's themes as unsaved rows (no database needed), as the migration names them."""
    from django.utils.text import slugify

    from connective.core.models import Theme

    module = importlib.import_module("connective.core.migrations.0002_themes")
    themes = [
        Theme(pk=number, slug=slugify(name), name=name, translations=translations)
        for number, (name, translations) in enumerate(module.THEMES, start=1)
    ]
    # In slug order, as seed_demo reads them (`Theme.active().order_by("slug")`): the same
    # random draws then pick the same themes, so the community is the one seed_demo writes.
    return sorted(themes, key=lambda theme: theme.slug)


def demo_community(count: int, *, seed: int = 7) -> DemoMix:
    """The practices and members `seed_demo --practices count --members count --seed seed`
    writes (`practices.demo.generate_community`), as the matcher sees them: published
    practices, and approved members willing to advise, each with their bio, expertise,
    languages and the practices they are contact for."""
    from connective.core.regions import region_for_country
    from connective.practices import demo

    community = demo.generate_community(members=count, practices=count, seed=seed, themes=_themes_unsaved())
    contact_of: dict[int, list[int]] = {}
    practices: list[PracticeCandidate] = []
    practice_measures: dict[str, set[str]] = {}
    for number, spec in enumerate(community.practices):
        if not spec.published:
            continue
        candidate_id = f"d{number}"
        texts = spec.texts
        practices.append(
            PracticeCandidate(
                id=candidate_id,
                slug=f"demo-{number}",
                title=texts["title"],
                language=spec.language,
                text="\n".join(texts[field] for field in ("summary", "challenge", "approach")),
                themes=frozenset(spec.themes),
                region=spec.region,
                place=f"{spec.city}, {spec.country}",
            )
        )
        practice_measures.setdefault(spec.measure, set()).add(candidate_id)
        for contact in spec.contacts:
            contact_of.setdefault(contact, []).append(len(practices) - 1)
    advisors: list[AdvisorCandidate] = []
    advisor_measures: dict[str, set[str]] = {}
    for number, person in enumerate(community.people):
        if not person.willing_to_advise or str(person.status) != "approved":
            continue
        candidate_id = f"m{number}"
        linked = [practices[row] for row in contact_of.get(number, [])]
        country = person.country.code
        advisors.append(
            AdvisorCandidate(
                id=candidate_id,
                name=person.full_name,
                email=person.email,
                languages=frozenset(person.languages),
                themes=frozenset(theme.slug for theme in person.themes),
                region=str(region_for_country(country)),
                bio=person.bio,
                practice_ids=tuple(p.id for p in linked),
                practice_titles=tuple(p.title for p in linked),
                practice_texts=tuple(p.text.split("\n", 1)[0] for p in linked),
                place=f"{person.city}, {country}",
            )
        )
        for measure in person.measures:
            advisor_measures.setdefault(measure, set()).add(candidate_id)
    return DemoMix(practices, advisors, practice_measures, advisor_measures)
