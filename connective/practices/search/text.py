"""Text helpers for search: language configurations, query clean-up, a light stemmer.

PostgreSQL stems with its own snowball dictionaries (`PG_CONFIGS`); SQLite's FTS5 has no
stemmer, so the SQLite backend indexes and queries through `light_stem`, a small suffix
stripper that is enough to make plurals, articles and common endings meet.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# PostgreSQL text-search configurations by ISO 639-1 code (all present since PostgreSQL 13).
# Bosnian and Croatian share Serbian's snowball stemmer, which reads Latin script.
PG_CONFIGS: dict[str, str] = {
    "ar": "arabic", "fr": "french", "en": "english", "pt": "portuguese", "de": "german",
    "es": "spanish", "it": "italian", "nl": "dutch", "ru": "russian", "tr": "turkish",
    "el": "greek", "sr": "serbian", "bs": "serbian", "hr": "serbian", "ro": "romanian",
    "hu": "hungarian", "sv": "swedish", "da": "danish", "nb": "norwegian", "no": "norwegian",
    "fi": "finnish", "id": "indonesian", "ca": "catalan", "hy": "armenian", "eu": "basque",
    "ga": "irish", "lt": "lithuanian", "ne": "nepali", "hi": "hindi", "ta": "tamil", "yi": "yiddish",
}  # fmt: skip
FALLBACK_CONFIG = "simple"

MAX_QUERY_LENGTH = 200
# More words than this add nothing to a search (every word must match) but cost per word.
MAX_QUERY_WORDS = 32

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")  # harakat, dagger alef, tatweel
_WORD = re.compile(r"\w+", re.UNICODE)
_STOPWORD_TEXT = {
    "en": "the and of in for to with a an on by from how what city cities",
    "fr": "le la les des du de et en pour dans une un au aux avec sur par est ville villes",
    "es": "el los las del y en para con una un por ciudad ciudades",
    "pt": "o os as do da dos das e em para com uma um por cidade cidades",
    "de": "der die das und in für mit ein eine von zu stadt städte",
}
_STOPWORDS = {code: frozenset(words.split()) for code, words in _STOPWORD_TEXT.items()}


def pg_config_for(language: str | None) -> str:
    """The PostgreSQL configuration for a language code ('simple' when there is none)."""
    return PG_CONFIGS.get((language or "").split("-")[0].lower(), FALLBACK_CONFIG)


@dataclass(frozen=True)
class CleanQuery:
    """A query as it will be searched, and whether it was shortened ("" / "length" / "words")."""

    text: str
    shortened: str = ""


_LOOKED_AT = MAX_QUERY_LENGTH * 10
# Not spaces, yet they separate words: a tab or line break pasted in, a zero-width space.
_SEPARATORS = {"Cc", "Zs", "Zl", "Zp"}


def _searchable(ch: str) -> str:
    category = unicodedata.category(ch)
    if category in _SEPARATORS or ch == "\u200b":
        return " "
    return "" if category[0] == "C" else ch


def clean_query_parts(raw: str | None) -> CleanQuery:
    """The query as typed, made searchable: controls and line breaks read as spaces, other
    invisible characters (direction marks, zero-width joiners, soft hyphens) left out, spaces
    squeezed; then at most `MAX_QUERY_WORDS` words and `MAX_QUERY_LENGTH` characters, cut at
    a word boundary (a single word longer than the limit is cut at the limit)."""
    raw = raw or ""
    # Whatever the address holds, no more than this is looked at (the rest is cut anyway).
    shortened = "length" if len(raw) > _LOOKED_AT else ""
    text = "".join(_searchable(ch) for ch in raw[:_LOOKED_AT])
    words = text.split()
    if len(words) > MAX_QUERY_WORDS:
        words, shortened = words[:MAX_QUERY_WORDS], "words"
    text = " ".join(words)
    if len(text) > MAX_QUERY_LENGTH:
        head = text[: MAX_QUERY_LENGTH + 1]
        text = head.rsplit(" ", 1)[0] if " " in head else head[:MAX_QUERY_LENGTH]
        shortened = "length"
    return CleanQuery(text, shortened)


def clean_query(raw: str | None) -> str:
    """`clean_query_parts`' text: the query as it will be searched."""
    return clean_query_parts(raw).text


def query_words(query: str) -> list[str]:
    """The words of a query: letters and digits only, so no FTS operator ever reaches the engine."""
    return [w for w in _WORD.findall(query.replace("_", " ")) if w.strip()]


def guess_language(query: str, fallback: str) -> str:
    """The likely language of a short query: Arabic script, else common words, else `fallback`
    (but never Arabic for words in Latin script: a reader of the Arabic pages who types
    "service" gets English stemming, not none)."""
    if _ARABIC.search(query):
        return "ar"
    words = {w.lower() for w in query_words(query)}
    best, hits = ("en" if fallback == "ar" else fallback), 0
    for code, stopwords in _STOPWORDS.items():
        found = len(words & stopwords)
        if found > hits:
            best, hits = code, found
    if hits == 0 and re.search(r"[éèêàçùœ]", query.lower()):
        return "fr"
    return best


# Arabic letters are what these tables are about (RUF001 warns they look like Latin ones).
_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})  # noqa: RUF001


def normalise_arabic(word: str) -> str:
    """Without short vowels and tatweel; hamza-carrying alefs, alef maqsura and ta marbuta folded."""
    return _ARABIC_MARKS.sub("", word).translate(_AR_FOLD)


_AR_PREFIXES = ("وبال", "وال", "بال", "كال", "فال", "لل", "ال", "و", "ب", "ل", "ف")
_AR_SUFFIXES = ("ات", "ون", "ين", "ان", "ها", "هم", "ية", "يه", "ه", "ي")  # noqa: RUF001
_LATIN_SUFFIXES = ("ations", "ation", "ements", "ement", "ments", "ment", "ing", "ies", "ed", "es", "s", "x")


def light_stem(word: str) -> str:
    """A language-neutral light stem: Arabic prefixes and suffixes, Latin plurals and endings.

    Deliberately conservative: a stem never gets shorter than three letters, so distinct
    short words stay distinct.
    """
    word = unicodedata.normalize("NFKC", word).lower()
    if _ARABIC.search(word):
        word = normalise_arabic(word)
        for prefix in _AR_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                word = word[len(prefix) :]
                break
        for suffix in _AR_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        return word
    word = "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")
    for suffix in _LATIN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            stem = word[: -len(suffix)]
            return stem + "y" if suffix == "ies" else stem
    return word


def stemmed_text(text: str) -> str:
    """Text as the SQLite index stores it: every word replaced by its light stem."""
    return " ".join(light_stem(w) for w in query_words(text))
