"""The interface languages (settings.LANGUAGES) as the language switcher names them.

Each language is named in itself, as its readers write it ("العربية", not Django's vocalised
"العربيّة"), so that a reader who cannot read the current page still finds their own.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.conf.locale import LANG_INFO

NATIVE_NAMES = {"en": "English", "fr": "Français", "ar": "العربية", "pt": "Português"}


@dataclass(frozen=True)
class InterfaceLanguage:
    code: str
    native_name: str
    bidi: bool


def interface_languages() -> list[InterfaceLanguage]:
    """Every language of settings.LANGUAGES, in that order, named in itself."""
    result = []
    for code, _name in settings.LANGUAGES:
        info = LANG_INFO.get(code, {})
        native = NATIVE_NAMES.get(code) or str(info.get("name_local", code))
        result.append(InterfaceLanguage(code=code, native_name=native, bidi=bool(info.get("bidi"))))
    return result


def collation_key(text: str) -> str:
    """Order names as readers look them up: "Árabe" with the A's, "Émirats" with the E's.

    Not a full collation (no ICU on the server): accents and case are ignored, which puts
    the names of every interface language where their readers expect them.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
