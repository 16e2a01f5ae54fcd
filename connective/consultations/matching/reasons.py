"""Short reasons a person can weigh, built only from the evidence that fired, in the reader's
language: the phrase of the advisor's bio that meets the request, the topic they advised on,
the practice they stand behind and where it comes from, their expertise, the languages shared.

Member-written words (a bio's phrase, a topic, a practice's title) keep their own language
inside a reason in another: each is wrapped in Unicode's first-strong isolate (FSI ... PDI),
so an Arabic phrase in a French sentence, or the reverse, is laid out on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from connective.consultations.matching.types import Evidence, Signals

LANGUAGE_NAMES: Mapping[str, object] = {
    "ar": gettext_lazy("Arabic"),
    "de": gettext_lazy("German"),
    "en": gettext_lazy("English"),
    "es": gettext_lazy("Spanish"),
    "fr": gettext_lazy("French"),
    "pt": gettext_lazy("Portuguese"),
    "sq": gettext_lazy("Albanian"),
    "sw": gettext_lazy("Swahili"),
    "bs": gettext_lazy("Bosnian"),
    "tr": gettext_lazy("Turkish"),
    "ru": gettext_lazy("Russian"),
}

# Interface languages that write language names in small letters inside a sentence.
LOWERCASE_LANGUAGE_NAMES = frozenset({"fr", "pt", "es", "it"})

# The longest quotation of a bio in a reason, in characters (cut at a word boundary).
PHRASE_CHARS = 110
# At most this many pieces of evidence in one reason, strongest first.
EVIDENCE_IN_REASON = 2
FSI, PDI = "\u2068", "\u2069"


@dataclass(frozen=True)
class Labels:
    """Display names for theme slugs and language codes (defaults: built-in names, or the code)."""

    themes: Mapping[str, str] = field(default_factory=dict)
    languages: Mapping[str, str] = field(default_factory=dict)

    def theme(self, slug: str) -> str:
        return self.themes.get(slug) or slug.replace("-", " ")

    def language(self, code: str) -> str:
        """The language's name inside a sentence of the reader's language: "speaks Arabic",
        but "parle arabe", "fala árabe" (French and Portuguese write them in small letters;
        lists and menus elsewhere start them with a capital)."""
        name = str(self.languages.get(code) or LANGUAGE_NAMES.get(code) or code)
        if (get_language() or "").split("-")[0] in LOWERCASE_LANGUAGE_NAMES:
            return name[:1].lower() + name[1:]
        return name


def isolate(text: str) -> str:
    """Member-written text laid out in its own direction inside a sentence of another."""
    return f"{FSI}{text}{PDI}" if text else ""


def excerpt(text: str, limit: int = PHRASE_CHARS) -> str:
    """`text` cut to at most `limit` characters at a word boundary, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:-\u2013")
    return f"{cut or text[:limit]}…"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _themes(slugs: tuple[str, ...], labels: Labels) -> str:
    return ", ".join(labels.theme(slug) for slug in slugs)


def practice_reason(
    signals: Signals, *, place: str, language: str, labels: Labels, own_themes: tuple[str, ...] = ()
) -> str:
    """What the practice is about (the themes it shares with the request, else its own), where it
    comes from and its language; the words it shares, when the lexical signal counts."""
    parts = []
    if signals.shared_themes:
        template = _("about %(themes)s") if signals.themes_inferred else _("shares themes: %(themes)s")
        parts.append(template % {"themes": _themes(signals.shared_themes, labels)})
    elif own_themes:
        parts.append(_("about %(themes)s") % {"themes": _themes(own_themes[:2], labels)})
    if signals.matched_terms:
        parts.append(_("mentions %(terms)s") % {"terms": ", ".join(signals.matched_terms)})
    if place:
        parts.append(
            _("practice from %(place)s in %(language)s")
            % {"place": isolate(place), "language": labels.language(language)}
        )
    else:
        parts.append(_("practice in %(language)s") % {"language": labels.language(language)})
    return "; ".join(parts)


def _evidence_text(item: Evidence, signals: Signals, labels: Labels) -> str:
    if item.kind == "bio":
        return _("profile: “%(phrase)s”") % {"phrase": isolate(excerpt(item.text))}
    if item.kind == "topic":
        return _("advised on %(topic)s") % {"topic": isolate(item.text)}
    if item.kind in ("practice", "authored"):
        values = {"title": isolate(item.text), "place": isolate(item.place)}
        if item.kind == "authored":
            if item.place:
                return _("wrote the practice “%(title)s” (%(place)s)") % values
            return _("wrote the practice “%(title)s”") % values
        if item.place:
            return _("contact for the practice “%(title)s” (%(place)s)") % values
        return _("contact for the practice “%(title)s”") % values
    if item.kind == "themes" and signals.shared_themes:
        return _("expertise: %(themes)s") % {"themes": _themes(signals.shared_themes, labels)}
    return ""


def advisor_reason(signals: Signals, *, labels: Labels) -> str:
    """The strongest evidence (at most two pieces), the expertise shared with the request, the
    languages shared with the requester, and the region when it counted."""
    parts: list[str] = []
    named = [item for item in signals.evidence if item.kind != "themes"][:EVIDENCE_IN_REASON]
    for item in named:
        text = _evidence_text(item, signals, labels)
        if text:
            parts.append(text)
    if signals.shared_themes:
        # Declared expertise in the very themes asked about is always worth saying.
        parts.append(_("expertise: %(themes)s") % {"themes": _themes(signals.shared_themes, labels)})
    if signals.inferred_shared_themes and any(item.kind == "themes" for item in signals.evidence):
        themes = _themes(signals.inferred_shared_themes, labels)
        parts.append(_("works on %(themes)s") % {"themes": themes})
    if not parts and signals.own_themes:
        # Nothing of theirs fired on its own: their declared expertise is still concrete.
        parts.append(_("expertise: %(themes)s") % {"themes": _themes(signals.own_themes[:2], labels)})
    if signals.shared_languages:
        languages = _join([labels.language(code) for code in signals.shared_languages])
        parts.append(_("speaks %(languages)s") % {"languages": languages})
    if signals.same_region:
        parts.append(_("works in your region"))
    return "; ".join(parts)
