"""What the matcher reads and returns: plain values, no database rows."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

CandidateId = int | str


@dataclass(frozen=True)
class Request:
    """A city's challenge or project idea as its author wrote it, in their own language."""

    title: str
    description: str
    tried: str = ""
    themes: frozenset[str] = frozenset()
    region: str = ""
    languages: tuple[str, ...] = ()
    requester_id: CandidateId | None = None
    support_kind: str = ""

    @property
    def text(self) -> str:
        return "\n".join(part for part in (self.title, self.description, self.tried) if part)


@dataclass(frozen=True)
class PracticeCandidate:
    """A published good practice as the matcher sees it. `place` is "City, Country" for reasons."""

    id: CandidateId
    slug: str
    title: str
    language: str
    text: str
    themes: frozenset[str] = frozenset()
    region: str = ""
    place: str = ""
    embedding: np.ndarray | None = field(default=None, compare=False, repr=False)

    @property
    def document(self) -> str:
        """The text that is embedded and indexed."""
        return f"{self.title}\n{self.text}"


@dataclass(frozen=True)
class AdvisorCandidate:
    """A member who may be asked for advice, with what they know and how busy they are.

    `practice_ids` are the practices they are contact for (their titles and texts in
    `practice_titles` / `practice_texts`): an advisor behind a practice that answers the
    request is a natural peer to ask."""

    id: CandidateId
    name: str
    email: str
    languages: frozenset[str]
    themes: frozenset[str] = frozenset()
    region: str = ""
    bio: str = ""
    practice_ids: tuple[CandidateId, ...] = ()
    practice_titles: tuple[str, ...] = ()
    practice_texts: tuple[str, ...] = ()
    past_topics: tuple[str, ...] = ()
    open_consultations: int = 0
    limit: int = 3
    willing: bool = True
    active: bool = True
    place: str = ""
    embedding: np.ndarray | None = field(default=None, compare=False, repr=False)

    @property
    def document(self) -> str:
        """The profile text that is embedded and indexed: bio, practices, past consultations."""
        parts = [self.bio, *self.practice_titles, *self.practice_texts, *self.past_topics]
        return "\n".join(part for part in parts if part)


@dataclass(frozen=True)
class Signals:
    """Which signals fired for one match, with their values: what reasons are built from."""

    semantic: float
    lexical: float
    shared_themes: tuple[str, ...] = ()
    same_region: bool = False
    shared_languages: tuple[str, ...] = ()
    matched_terms: tuple[str, ...] = ()
    topic: str = ""
    open_consultations: int = 0


@dataclass(frozen=True)
class PracticeMatch:
    practice: PracticeCandidate
    score: float
    signals: Signals
    reason: str


@dataclass(frozen=True)
class AdvisorMatch:
    advisor: AdvisorCandidate
    score: float
    signals: Signals
    reason: str


@dataclass(frozen=True)
class Weights:
    """How much each signal counts. The defaults were chosen by grid search on the evaluation
    set's dev split hidden among 10,000 demo practices and, separately, among 10,000 synthetic
    ones (with 10,000 generated advisors), with and without the requesters' themes
    (`python manage.py evaluate_matching --mix 10000 --tune`); the test split never took part.
    Centring the embeddings (measuring from the collection's mean) is what let the specific
    answers pass the long, generic demo texts; BM25 (lexical) added nothing over the
    multilingual embeddings and the themes, so its tuned weight is 0; region and languages in
    common barely count."""

    semantic: float = 1.0
    # How far the semantic similarity is measured from the candidates' mean (0: cosine as it
    # is; 1: fully centred; see `_CandidateIndex.similarity`). Reasons use the plain cosine.
    centring: float = 1.0
    advisor_centring: float = 1.0
    lexical: float = 0.0
    theme: float = 0.3
    region: float = 0.0
    language: float = 0.03
    load: float = 0.06
    contact: float = 1.5
    advisor_semantic: float = 1.0
    advisor_lexical: float = 0.0
    advisor_theme: float = 0.1
    advisor_region: float = 0.0
    advisor_language: float = 0.0
