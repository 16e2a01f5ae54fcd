"""What the matcher reads and returns: plain values, no database rows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

CandidateId = int | str


@dataclass(frozen=True)
class Request:
    """A city's challenge or project idea as its author wrote it, in their own language.

    `themes` are the ones the requester ticked; when there are none, the matcher infers them
    from the text (`Matcher.infer_themes`)."""

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
    """A member who may be asked for advice, with the evidence of what they know.

    Each piece of evidence is matched to a request on its own: the `bio` (embedded as
    `embedding`), each past consultation topic (`past_topics`, embedded as the rows of
    `topic_embeddings`), the expertise `themes`, and the practices they are contact for
    (`practice_ids`) or wrote (`authored_ids`), which count by how well *that practice*
    answers the request. `practice_titles` / `practice_texts` are the contact practices'
    texts, for the lexical baseline only."""

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
    authored_ids: tuple[CandidateId, ...] = ()
    past_topics: tuple[str, ...] = ()
    open_consultations: int = 0
    limit: int = 3
    willing: bool = True
    active: bool = True
    place: str = ""
    embedding: np.ndarray | None = field(default=None, compare=False, repr=False)
    topic_embeddings: np.ndarray | None = field(default=None, compare=False, repr=False)

    @property
    def document(self) -> str:
        """Everything known of the advisor as one text (the BM25 baseline indexes it)."""
        parts = [self.bio, *self.practice_titles, *self.practice_texts, *self.past_topics]
        return "\n".join(part for part in parts if part)


@dataclass(frozen=True)
class Evidence:
    """One reason an advisor fits a request, with how much it counted (`score`, already
    weighted). `kind` is "bio", "topic", "practice" (contact for it), "authored" or "themes";
    `text` is the bio's closest sentence, the topic, the practice's title or the theme slugs
    (comma-separated); `place` the practice's "City, Country"."""

    kind: str
    score: float
    text: str = ""
    place: str = ""


@dataclass(frozen=True)
class Signals:
    """Which signals fired for one match, with their values: what reasons are built from."""

    semantic: float
    lexical: float = 0.0
    shared_themes: tuple[str, ...] = ()
    # Request themes the candidate's text is about without being tagged with them (advisors).
    inferred_shared_themes: tuple[str, ...] = ()
    own_themes: tuple[str, ...] = ()
    themes_inferred: bool = False
    same_region: bool = False
    shared_languages: tuple[str, ...] = ()
    matched_terms: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    open_consultations: int = 0

    @property
    def topic(self) -> str:
        """The strongest piece of evidence naming a topic (a past consultation or a practice)."""
        for item in self.evidence:
            if item.kind in ("topic", "practice", "authored"):
                return item.text
        return ""


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
class InferredTheme:
    slug: str
    confidence: float


ThemeTexts = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Weights:
    """How much each signal counts. Chosen by coordinate descent on the dev split of both
    evaluation sets (v1, v2), alone and hidden among 10,000 demo and 10,000 synthetic practices,
    each with and without the requesters' themes (`evaluate_matching --mix 10000 --tune`); the
    test split was neither read nor shown, and no weight stopped at the top of its grid.

    Practices: `semantic` similarity with hub reduction (`centring` measures it from the
    collection's mean; `local_scaling` subtracts each practice's mean similarity to its nearest
    neighbours, CSLS; tuning took a little of the first and more of the second), plus the share
    of the request's themes they are tagged with (`theme`) and the language. Advisors: each
    piece of evidence by how well it fits (`bio`, locally scaled over the advisor population;
    `topic`; `practice`: a practice they are contact for or wrote, credited by how close its
    score comes to the best practice's, within `practice_window`), expertise themes, languages,
    and load spreading. Themes inferred from a request's text when none were ticked
    (`inferred_theme`, `advisor_inferred_theme`) did not help on dev: they are 0, and offered to
    the requester as suggestions instead; ticked, they count as `theme`."""

    semantic: float = 1.0
    centring: float = 0.25
    local_scaling: float = 0.5
    lexical: float = 0.0
    theme: float = 0.2
    inferred_theme: float = 0.0
    region: float = 0.0
    language: float = 0.0
    load: float = 0.06
    advisor_centring: float = 0.0
    advisor_local_scaling: float = 0.5
    bio: float = 1.0
    topic: float = 3.0
    practice: float = 0.5
    practice_window: float = 0.15
    advisor_theme: float = 1.2
    advisor_inferred_theme: float = 0.0
    advisor_region: float = 0.0
    advisor_language: float = 0.0
    advisor_lexical: float = 0.0
