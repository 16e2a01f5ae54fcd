"""Short, human-readable reasons for a match, built only from the signals that fired."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from connective.consultations.matching.types import Signals

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

# A semantic similarity above this is "close in meaning" worth saying (cosine of USE vectors).
SEMANTIC_MENTION = 0.35


@dataclass(frozen=True)
class Labels:
    """Display names for theme slugs and language codes (defaults: built-in names, or the code)."""

    themes: Mapping[str, str] = field(default_factory=dict)
    languages: Mapping[str, str] = field(default_factory=dict)

    def theme(self, slug: str) -> str:
        return self.themes.get(slug) or slug.replace("-", " ")

    def language(self, code: str) -> str:
        return str(self.languages.get(code) or LANGUAGE_NAMES.get(code) or code)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def practice_reason(signals: Signals, *, place: str, language: str, labels: Labels) -> str:
    parts = []
    if signals.shared_themes:
        themes = ", ".join(labels.theme(theme) for theme in signals.shared_themes)
        parts.append(_("shares themes: %(themes)s") % {"themes": themes})
    if signals.matched_terms:
        parts.append(_("mentions %(terms)s") % {"terms": ", ".join(signals.matched_terms)})
    elif signals.semantic >= SEMANTIC_MENTION:
        parts.append(_("close in meaning to your challenge"))
    if place:
        parts.append(
            _("practice from %(place)s in %(language)s")
            % {"place": place, "language": labels.language(language)}
        )
    else:
        parts.append(_("practice in %(language)s") % {"language": labels.language(language)})
    return "; ".join(parts)


def advisor_reason(signals: Signals, *, topic_is_past: bool, labels: Labels) -> str:
    parts = []
    if signals.topic:
        if topic_is_past:
            parts.append(_("advised on %(topic)s") % {"topic": signals.topic})
        else:
            parts.append(_("contact for the practice “%(title)s”") % {"title": signals.topic})
    if signals.shared_themes:
        themes = ", ".join(labels.theme(theme) for theme in signals.shared_themes)
        parts.append(_("expertise: %(themes)s") % {"themes": themes})
    if signals.shared_languages:
        languages = _join([labels.language(code) for code in signals.shared_languages])
        parts.append(_("speaks %(languages)s") % {"languages": languages})
    if signals.same_region:
        parts.append(_("works in your region"))
    return "; ".join(parts)
