"""Member-written text, shown the one way every page, mail and PDF shows it.

Members write in Arabic, French, English, Portuguese and more, and read each other's texts in
an interface of yet another language. A text keeps its own language and direction wherever it
is shown: a block carries `lang` and `dir` (`dir="auto"` when its language is not known, so
the browser takes the direction from its first strong letter), a name or a place inside a
sentence is isolated with `<bdi>` (in plain text, Unicode's first-strong isolate), and an
excerpt is cut at a word boundary, its ellipsis at the text's own end.

    from connective.core.text import excerpt, text_attrs, bdi
    f"<p{text_attrs(practice.language_id)}>{esc(excerpt(practice.summary, 280))}</p>"

Templates use the same through `{% load connective %}`: `<p{% text_attrs code %}>`,
`{{ text|excerpt:280 }}`, `{{ name|bdi }}`, `{% member_text body code %}` (Markdown, sanitised).
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from connective.core.markdown import render_markdown

# Languages written right to left (ISO 639-1 or -3 codes, the part before any region).
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"})
ELLIPSIS = "…"
# A word boundary further back than this share of the limit is not worth keeping the cut for
# (one very long word, a URL): the text is then cut at the limit itself.
_WORD_CUT_SHARE = 0.6
_TRAILING = " \t\n\r,;:-–—([{«“‘/،؛"  # noqa: RUF001  # punctuation an excerpt must not end on
_FIRST_STRONG_ISOLATE = "\u2068"
_POP_DIRECTIONAL_ISOLATE = "\u2069"
_SPACES = re.compile(r"\s+")


def direction(language: str | None) -> str:
    """ "rtl" or "ltr" for a known language code, "auto" when the language is not known."""
    if not language:
        return "auto"
    code = language.strip().lower().replace("_", "-")
    if code in RTL_LANGUAGES or code.split("-")[0] in RTL_LANGUAGES:
        return "rtl"
    return "ltr"


def text_attrs(language: str | None) -> SafeString:
    """` lang="ar" dir="rtl"` for an element holding text in `language`; ` dir="auto"` alone
    when the language is not known (a message, a bio: the browser reads the direction)."""
    if not language:
        return mark_safe(' dir="auto"')
    return format_html(' lang="{}" dir="{}"', language, direction(language))


def excerpt(text: str, limit: int) -> str:
    """`text` on one line, at most `limit` characters, cut at a word boundary with an ellipsis.

    Whitespace runs become single spaces; a text that fits is returned whole (normalised to
    NFC); the ellipsis is part of the limit. In a right-to-left text the ellipsis is still the
    logical end, so it shows at the left once the element carries `dir="rtl"`.
    """
    flat = _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()
    if len(flat) <= limit:
        return flat
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    room = limit - len(ELLIPSIS)
    cut_at = room
    if not flat[room].isspace():  # the limit falls inside a word
        space = flat.rfind(" ", 0, room)
        if space >= room * _WORD_CUT_SHARE:
            cut_at = space
        else:
            # One long word: cut it, but never between a letter and its marks (harakat, accents).
            while cut_at > 0 and unicodedata.combining(flat[cut_at]):
                cut_at -= 1
    cut = flat[:cut_at]
    return cut.rstrip(_TRAILING) + ELLIPSIS


def bdi(value: object) -> SafeString:
    """A name, a place or any member-typed value inside a sentence, isolated from its
    neighbours' direction: an Arabic organisation in an English line keeps its order."""
    return format_html("<bdi>{}</bdi>", value)


def isolate(value: object) -> str:
    """`bdi` for plain text (a mail's text part, a PDF's metadata): Unicode's first-strong
    isolate around the value."""
    return f"{_FIRST_STRONG_ISOLATE}{value}{_POP_DIRECTIONAL_ISOLATE}"


def member_text(text: str, language: str | None, *, css_class: str = "member-text") -> SafeString:
    """A member's Markdown as sanitised HTML in a block that carries its language and direction."""
    return format_html(
        '<div class="{}"{}>{}</div>', css_class, text_attrs(language), render_markdown(text or "")
    )


# Short, frequent function words that tell the community's Latin-script languages apart.
_FUNCTION_WORDS_RAW = {
    "en": "the and of to in is are was were for with that this our we have has from on by",
    "fr": "le la les des du et est sont une dans pour avec que qui nous notre sur par au aux",
    "pt": "o os as da do das dos e em um uma para com que não são nossa nosso pela pelo ao",
    "es": "el los las del y en es son una para con que nuestra nuestro por al se lo",
    "de": "der die das und ist sind ein eine mit für von zu im den dem wir unsere nicht",
    "bs": "i u je su na za od se da sa koji koja kako ali ili smo nije",
    "sr": "i u je su na za od se da sa koji koja kako ali ili smo nije",
}
_FUNCTION_WORDS = {code: frozenset(words.split(" ")) for code, words in _FUNCTION_WORDS_RAW.items()}
_LETTERS = re.compile(r"\w+", re.UNICODE)


def guess_language(text: str, candidates: list[str]) -> str | None:
    """The language of `candidates` that `text` is most likely written in, or None when the
    text gives no sign (too short, or in a script none of them uses).

    Arabic script decides for Arabic; among Latin-script languages the one whose common
    function words the text uses most wins, ties going to the earlier candidate (put the
    writer's own language first)."""
    words = [word.casefold() for word in _LETTERS.findall(text or "")]
    if not words or not candidates:
        return None
    arabic = sum(1 for word in words if any("\u0600" <= ch <= "\u06ff" for ch in word))
    if arabic * 2 > len(words):
        return next((code for code in candidates if direction(code) == "rtl"), None)
    best, best_hits = None, 0
    for code in candidates:
        vocabulary = _FUNCTION_WORDS.get(code.split("-")[0].lower())
        if vocabulary is None:
            continue
        hits = sum(1 for word in words if word in vocabulary)
        if hits > best_hits:
            best, best_hits = code, hits
    return best


# What XML 1.0 cannot carry (feeds, sitemaps): C0 controls other than tab, line feed and
# carriage return, C1 controls, lone surrogates, U+FFFE and U+FFFF. (A mail header cannot
# carry line breaks either: mail subjects are flattened where they are rendered, core.mail.)
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def query_text(value: object) -> str:
    """Words typed into a search box, as a database can take them: a NUL becomes a space
    (PostgreSQL refuses it in text, and a search must never fail on it)."""
    return str(value or "").replace("\x00", " ")


def header_safe(value: object) -> str:
    """`value` as one line a mail header can carry: control characters (carriage returns, tabs,
    NUL...) and Unicode line and paragraph separators become spaces, runs of spaces one. A title
    with a stray carriage return used to make the mail's Subject refuse to be built, and the mail
    was lost."""
    return " ".join(
        "".join(" " if unicodedata.category(c) in {"Cc", "Zl", "Zp"} else c for c in str(value)).split()
    )


def xml_safe(value: object) -> str:
    """`value` as text an XML document can hold: the characters XML 1.0 forbids are left out
    (one control character in a title used to take down every feed)."""
    return _NOT_IN_XML.sub("", str(value))
