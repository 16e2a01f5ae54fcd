"""The names of the languages members work in, in the reader's language.

`members.Language` stores each language's English name and its name in itself; the English
name is the message to translate, so the catalogues name Arabic "arabe" to a French reader
and "árabe" to a Portuguese one. A language added to the table without an entry here is
shown by its English name until one is added (and translated).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

LANGUAGE_NAMES: Mapping[str, object] = {
    "am": _("Amharic"),
    "ar": _("Arabic"),
    "az": _("Azerbaijani"),
    "bg": _("Bulgarian"),
    "bn": _("Bengali"),
    "bs": _("Bosnian"),
    "de": _("German"),
    "el": _("Greek"),
    "en": _("English"),
    "es": _("Spanish"),
    "fa": _("Persian"),
    "fr": _("French"),
    "ha": _("Hausa"),
    "he": _("Hebrew"),
    "hi": _("Hindi"),
    "hr": _("Croatian"),
    "hy": _("Armenian"),
    "id": _("Indonesian"),
    "it": _("Italian"),
    "ja": _("Japanese"),
    "ka": _("Georgian"),
    "ku": _("Kurdish"),
    "ln": _("Lingala"),
    "mg": _("Malagasy"),
    "mk": _("Macedonian"),
    "ms": _("Malay"),
    "ne": _("Nepali"),
    "nl": _("Dutch"),
    "pl": _("Polish"),
    "pt": _("Portuguese"),
    "ro": _("Romanian"),
    "ru": _("Russian"),
    "rw": _("Kinyarwanda"),
    "sl": _("Slovenian"),
    "so": _("Somali"),
    "sq": _("Albanian"),
    "sr": _("Serbian"),
    "sw": _("Swahili"),
    "th": _("Thai"),
    "tl": _("Filipino"),
    "tr": _("Turkish"),
    "uk": _("Ukrainian"),
    "ur": _("Urdu"),
    "vi": _("Vietnamese"),
    "wo": _("Wolof"),
    "yo": _("Yoruba"),
    "zh": _("Chinese"),
    "zu": _("Zulu"),
}


def language_label(code: str, english_name: str) -> str:
    """The language's name in the active language (its English name when not translated)."""
    name = LANGUAGE_NAMES.get(code)
    return str(name) if name is not None else english_name
