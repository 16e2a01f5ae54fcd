"""Did you mean: a corrected query built from the library's own words.

The vocabulary is the words of the published practices' titles and of the themes' names in
every language, each with its document frequency (how many titles hold it; a theme name
counts once). It is built in one pass over the published titles, once per change to the
full-text index: it is kept in the cache under the index's stamp (`DOCUMENTS_STAMP`, as the
library's facet counts are), refreshed in the background after every change to the index
(`vocabulary_refresh`, queued by `search.index`), and held by each process until the stamp
moves. A search that needs it reads the stamp the page has already read for its own cache
key and, at most once per change and process, the cache; never a pass over the practices
(unless the cache lost it: then that search builds it, two queries).

Words are compared folded: lower case, without accents, Arabic without short vowels and
with its hamza-carrying alefs, alef maqsura and ta marbuta folded, so "dechets" meets
"déchets" and "اداره" meets "إدارة". A query word unknown to the vocabulary is replaced by the
most frequent known word one edit away (a letter left out, added, changed, or two swapped),
with the letters of the word's own script; the corrected query keeps the rest as typed
(operators, quotes, the words that were right). A word whose light stem is a known word's
("kiosk", "kiosks") is found by the search already and never corrected; nor are words of
fewer than four letters. Two edits away is not looked for: the candidates would number tens
of thousands per word.

Theme names are read with the titles: a renamed theme's words join the vocabulary at the
next change to the index (keying it by the taxonomy's version too would make the first search
after a rename pay for the build).

Costs, measured on one core with 100,000 synthetic titles of eight words from 80,000
distinct ones (far more than a real library's): building 2.7 s (in the background), kept
1.7 MB, read from the cache 50 ms (once per process and change), a suggestion under 1 ms a
word. Real titles repeat their words far more, which makes all of these smaller.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection

from connective.practices.choices import PracticeStatus
from connective.practices.search.semantic import stamp_current
from connective.practices.search.text import light_stem, normalise_arabic

# Only the most frequent words are kept: suggestions come from them, and the cached
# vocabulary stays about a megabyte however large the library grows.
VOCABULARY_LIMIT = 50_000
# Shorter words are not kept; words shorter than MIN_CORRECTED are known or left alone (a
# three-letter word is one edit away from too many others to guess which was meant).
MIN_LENGTH = 3
MIN_CORRECTED = 4
# At most this many words of a query are looked at (a query has at most 32).
MAX_CHECKED_WORDS = 12
# The letters an edit may add or change, per script (the most frequent in the vocabulary).
MAX_LETTERS_PER_SCRIPT = 48
VOCABULARY_SECONDS = 24 * 3600
_BATCH = 2000
# Letters, with the combining accents and Arabic short vowels inside a word (which `\w` leaves
# out), no digits or underscore.
_LETTERS = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f\u064b-\u065f\u0670])+")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def fold(word: str) -> str:
    """The form words are compared in (see the module)."""
    word = unicodedata.normalize("NFKC", word).lower()
    if _ARABIC.search(word):
        return normalise_arabic(word)
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def _script(letter: str) -> str:
    """The first word of a letter's Unicode name: LATIN, ARABIC, CYRILLIC, GREEK..."""
    return unicodedata.name(letter, "?").split(" ", 1)[0]


@dataclass(frozen=True)
class Vocabulary:
    """Folded word -> (the form shown, document frequency); the letters of each script; the
    words' light stems (a query word with a known stem is found already: "kiosk", "kiosks")."""

    words: dict[str, tuple[str, int]]
    letters: dict[str, str]
    stems: frozenset[str]


def vocabulary_build(titles: Iterable[str], theme_names: Iterable[str]) -> Vocabulary:
    """The vocabulary of these titles and theme names (each title's words counted once)."""
    frequency: Counter[str] = Counter()
    for text in [*theme_names, *titles]:
        frequency.update({word.lower() for word in _LETTERS.findall(text) if len(word) >= MIN_LENGTH})
    # Forms folding alike ("déchets", "dechets") share one entry, shown in its commonest form.
    folded: dict[str, tuple[str, int]] = {}
    for form, count in sorted(frequency.items(), key=lambda item: (-item[1], item[0])):
        key = fold(form)
        shown, total = folded.get(key, (form, 0))
        folded[key] = (shown, total + count)
    kept = dict(sorted(folded.items(), key=lambda item: (-item[1][1], item[0]))[:VOCABULARY_LIMIT])
    letters: dict[str, Counter[str]] = {}
    for word, (_shown, count) in kept.items():
        for letter in word:
            letters.setdefault(_script(letter), Counter())[letter] += count
    return Vocabulary(
        kept,
        {
            script: "".join(sorted(letter for letter, _n in counts.most_common(MAX_LETTERS_PER_SCRIPT)))
            for script, counts in letters.items()
        },
        frozenset(light_stem(word) for word in kept),
    )


def _published_titles() -> Iterator[str]:
    from connective.practices.models import Practice

    titles = (
        Practice.objects.filter(status=PracticeStatus.PUBLISHED).order_by().values_list("title", flat=True)
    )
    yield from titles.iterator(chunk_size=_BATCH)


def _theme_names() -> Iterator[str]:
    from connective.core.models import Theme

    for name, translations in Theme.active().values_list("name", "translations"):
        yield name
        yield from (str(value) for value in (translations or {}).values() if value)


def _key(stamp: str) -> str:
    return f"practices:vocabulary:{connection.settings_dict['NAME']}:{stamp}"


# The vocabulary this process last read, under its cache key (a tuple, swapped whole).
_held: tuple[str, Vocabulary] | None = None


def _documents_stamp() -> str:
    from connective.practices.search.index import DOCUMENTS_STAMP  # which queues the refresh

    return stamp_current(DOCUMENTS_STAMP)


def vocabulary(stamp: str | None = None) -> Vocabulary:
    """The vocabulary of the library as the full-text index stands at `stamp` (the index's
    current stamp, read when not given; see the module)."""
    global _held
    stamp = _documents_stamp() if stamp is None else stamp
    key = _key(stamp)
    held = _held
    if held is not None and held[0] == key:
        return held[1]
    found = cache.get(key)
    if not isinstance(found, Vocabulary):
        found = vocabulary_build(_published_titles(), _theme_names())
        cache.set(key, found, VOCABULARY_SECONDS)
    # Before the index's first change there is no stamp to tell one library from another.
    if stamp:
        _held = (key, found)
    return found


def vocabulary_refresh() -> int:
    """Build and keep the vocabulary for the index's current stamp (after a change to the
    index, in the background); returns how many words it holds (0: it was kept already)."""
    # The stamp first: what is read after it is at least as new as what it stands for.
    key = _key(_documents_stamp())
    # Several changes committed together queue several refreshes: the first one does the work.
    if cache.has_key(key):
        return 0
    built = vocabulary_build(_published_titles(), _theme_names())
    cache.set(key, built, VOCABULARY_SECONDS)
    return len(built.words)


def _edits(word: str, letters: str) -> set[str]:
    """Every string one edit away from `word` (Norvig's: deletes, swaps, changes, inserts)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {left + right[1:] for left, right in splits if right}
    swaps = {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    changes = {left + c + right[1:] for left, right in splits if right for c in letters}
    inserts = {left + c + right for left, right in splits for c in letters}
    return deletes | swaps | changes | inserts


def correction(word: str, known: Vocabulary) -> str | None:
    """The known word to show instead of `word`, or None (known already, too short, or no
    known word one edit away)."""
    folded = fold(word)
    if len(folded) < MIN_CORRECTED or not folded.isalpha():
        return None
    if folded in known.words or light_stem(folded) in known.stems:
        return None
    letters = "".join(sorted({known.letters.get(_script(letter), "") for letter in folded}))
    candidates = [c for c in _edits(folded, letters) if c in known.words and len(c) >= MIN_LENGTH]
    if not candidates:
        return None
    best = min(candidates, key=lambda c: (-known.words[c][1], c))
    return known.words[best][0]


def suggestion(query: str, *, stamp: str | None = None, known: Vocabulary | None = None) -> str:
    """The query with its unknown words corrected, or "" when no word needs it (`known`: the
    vocabulary to use, else the library's at `stamp`)."""
    words = _LETTERS.findall(query)
    if not words:
        return ""
    known = known if known is not None else vocabulary(stamp)
    if not known.words:
        return ""
    corrections: dict[str, str] = {}
    for word in dict.fromkeys(words[:MAX_CHECKED_WORDS]):
        better = correction(word, known)
        if better is not None and fold(better) != fold(word):
            corrections[word] = better.capitalize() if word[:1].isupper() and word[1:2].islower() else better
    if not corrections:
        return ""
    return _LETTERS.sub(lambda match: corrections.get(match.group(0), match.group(0)), query)
