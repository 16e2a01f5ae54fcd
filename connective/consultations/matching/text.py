# ruff: noqa: RUF001, RUF002  (Arabic letters here are meant, not look-alikes of Latin ones)
"""Tokens for lexical matching in the community's languages.

`tokenize` is the platform's analyser: Unicode word tokens, case folding, accent folding for
Latin scripts (é -> e, ß -> ss, ã -> a), Arabic normalisation (diacritics and tatweel
removed, alef forms -> ا, ى -> ي, ة -> ه, the article ال and the light prefixes و ب ل ك ف
before it stripped), a small stop-word list per language and a light suffix stripper so that
"réseaux"/"réseau", "perdas"/"perda", "Leitungen"/"Leitung" meet. It is deliberately light:
over-stemming joins words that mean different things, which is worse for us than a miss the
semantic signal recovers.

`tokenize_plain` is the baseline's analyser: lower-cased word tokens, nothing else.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"\w+", re.UNICODE)

_ARABIC_CHARS = re.compile(r"[\u0600-\u06ff]")
# Harakat, superscript alef and tatweel sit inside words; \w does not match them all.
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")
_TATWEEL = "\u0640"
_ARABIC_EXTRA = str.maketrans({"ى": "ي", "ة": "ه", "ٱ": "ا", _TATWEEL: None})
# Prefixes carrying the article, longest first: وال بال كال فال لل ال
_AR_ARTICLE_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_AR_SUFFIXES = ("ها", "ات", "ان", "ون", "ين", "يه", "ه", "ي")

_STOPWORDS_RAW = """
a an and are as at be by for from has have in into is it its of on or our that the their this to was
were will with we us not no can how what which who than then there these those they been also more
le la les un une des de du et en dans pour par sur au aux avec est sont qui que ne pas nous notre nos
ce cette ces son sa ses leur leurs plus ou mais comme d l qu s il elle ils on y a ete tres
o os as um uma uns umas de do da dos das e em no na nos nas para por com que se sao foi mais ao aos
como nao sua seu suas seus pela pelo pelas pelos ja
der die das den dem des ein eine einen einem einer und in im zu zur zum mit fur von vom auf ist sind
wird werden wurde wir unser unsere nicht auch bei aus als an am oder sich es sie er dass wie
في من على الى عن مع هذا هذه ذلك التي الذي او ان كان لا ما لم قد كما بين عند عبر خلال حتى هي هو نحن
"""


def _fold(token: str) -> str:
    """Case-fold, strip combining marks (accents, Arabic harakat, hamza/madda on alef)."""
    token = token.casefold().replace("ß", "ss")
    decomposed = unicodedata.normalize("NFD", token)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).translate(_ARABIC_EXTRA)


def _stem_arabic(token: str) -> str:
    for prefix in _AR_ARTICLE_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 2:
            token = token[len(prefix) :]
            break
    else:
        if token.startswith("و") and len(token) >= 5:
            token = token[1:]
    for suffix in _AR_SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)]
    return token


# Light, ordered suffix rules for French, Portuguese, German and English (after folding).
_LATIN_SUFFIXES = (
    "ations", "ation", "ungen", "ement", "ments", "ment", "coes", "cao", "ing", "ies", "ung",
    "aux", "eur", "es", "en", "er", "s", "e",
)  # fmt: skip


def _stem_latin(token: str) -> str:
    if len(token) <= 4 or token.isdigit():
        return token
    for suffix in _LATIN_SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 4:
            token = token[: -len(suffix)] + ("au" if suffix == "aux" else "")
            break
    return token


@lru_cache(maxsize=200_000)
def normalise_token(raw: str) -> str:
    """The index form of one word token ('' when it is a stop word)."""
    token = _fold(raw)
    if not token or token in STOPWORDS:
        return ""
    if _ARABIC_CHARS.search(token):
        return _stem_arabic(token)
    return _stem_latin(token)


STOPWORDS: frozenset[str] = frozenset(_fold(word) for word in _STOPWORDS_RAW.split())


def tokenize(text: str) -> list[str]:
    """The platform's analyser: normalised tokens, stop words and one-letter tokens dropped."""
    tokens = []
    text = _ARABIC_MARKS.sub("", unicodedata.normalize("NFC", text))
    for raw in _WORD.findall(text):
        token = normalise_token(raw)
        if len(token) > 1:
            tokens.append(token)
    return tokens


def tokenize_plain(text: str) -> list[str]:
    """The baseline analyser: lower-cased word tokens."""
    return [raw.lower() for raw in _WORD.findall(text)]
