"""The catalogues of every interface language but English are complete, compiled, and used by
the pages.

Practitioners read Connective in their second or third language: an untranslated or fuzzy entry
shows them English in the middle of a French or Arabic page. These tests read the ``.po`` files
themselves (a small parser below, no extra dependency) and fail on any such entry, on a
placeholder a translation lost or invented, and on a ``.mo`` that was not compiled again after
the ``.po`` changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from connective.accounts.models import User
from connective.members.models import MemberProfile

# Every interface language but the source language, as settings name them: a language added
# there is checked here without anyone remembering to add it.
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
ARABIC_PLURAL_FORMS = (
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
    "n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5;"
)
# One number for each Arabic plural form, in form order (0, 1, 2, 3 to 10, 11 to 99, the rest).
ARABIC_SAMPLES = (0, 1, 2, 3, 11, 100)
FRENCH_SAMPLES = (1, 2)
PORTUGUESE_SAMPLES = (1, 2)
SAMPLES = {"ar": ARABIC_SAMPLES, "fr": FRENCH_SAMPLES, "pt": PORTUGUESE_SAMPLES}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def label(self) -> str:
        return repr(self.msgid[:80])


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    return re.sub(r"\\(.)", lambda match: escapes[match.group(1)], text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """Every entry of a ``.po`` file, the header (empty msgid) included."""
    entries = []
    for block in re.split(r"\n[ \t]*\n", path.read_text(encoding="utf-8").strip()):
        entry = Entry()
        target: tuple[str, int | None] = ("msgid", None)
        for line in block.splitlines():
            if line.startswith("#~"):
                entry.obsolete = True
            elif line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := re.match(r"msgstr\[(\d+)\] (.*)", line):
                target = ("msgstr_plural", int(match.group(1)))
                entry.msgstr_plural[target[1]] = _unquote(match.group(2))
            elif match := re.match(r"(msgctxt|msgid_plural|msgid|msgstr) (.*)", line):
                target = (match.group(1), None)
                setattr(entry, match.group(1), _unquote(match.group(2)))
            elif line.startswith('"'):
                name, index = target
                if index is None:
                    setattr(entry, name, (getattr(entry, name) or "") + _unquote(line))
                else:
                    entry.msgstr_plural[index] += _unquote(line)
        entries.append(entry)
    return entries


def catalogue(language: str) -> list[Entry]:
    path = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"
    return [entry for entry in parse_po(path) if not entry.obsolete]


def messages(language: str) -> list[Entry]:
    return [entry for entry in catalogue(language) if entry.msgid]


def header(language: str) -> str:
    [entry] = [entry for entry in catalogue(language) if not entry.msgid]
    return entry.msgstr


def translations_of(entry: Entry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural is not None else [entry.msgstr]


# -- the parser itself ------------------------------------------------------------------------


def test_the_parser_reads_flags_context_plurals_and_continued_lines(tmp_path: Path) -> None:
    path = tmp_path / "django.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgctxt "menu"\nmsgid "Open %(name)s"\n'
        'msgstr ""\n"Ouvrir "\n"%(name)s"\n\n'
        'msgid "One"\nmsgid_plural "Many"\nmsgstr[0] "Un"\nmsgstr[1] ""\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Parti"\n',
        encoding="utf-8",
    )

    head, fuzzy, plural, obsolete = parse_po(path)

    assert head.msgstr == "Language: fr\n"
    assert (fuzzy.msgctxt, fuzzy.msgid, fuzzy.msgstr) == ("menu", "Open %(name)s", "Ouvrir %(name)s")
    assert fuzzy.flags == {"fuzzy", "python-format"}
    assert (plural.msgid_plural, plural.msgstr_plural) == ("Many", {0: "Un", 1: ""})
    assert obsolete.obsolete


# -- the catalogues are complete ---------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_checked_languages_are_the_interface_languages_but_english(language: str) -> None:
    assert language in SAMPLES, "say which numbers pick each plural form of the new language"


def test_portuguese_is_checked_like_french_and_arabic() -> None:
    assert {"fr", "ar", "pt"} <= set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_has_messages_to_translate(language: str) -> None:
    assert len(messages(language)) > 500


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_entry_is_untranslated(language: str) -> None:
    untranslated = [
        entry.label
        for entry in messages(language)
        if not all(text.strip() for text in translations_of(entry))
    ]

    assert untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_entry_is_fuzzy(language: str) -> None:
    fuzzy = [entry.label for entry in catalogue(language) if "fuzzy" in entry.flags]

    assert fuzzy == []


def test_the_arabic_catalogue_uses_six_plural_forms_and_fills_each() -> None:
    assert ARABIC_PLURAL_FORMS in header("ar").replace("\n", "")
    plurals = [entry for entry in messages("ar") if entry.msgid_plural is not None]

    assert plurals
    assert [entry.label for entry in plurals if sorted(entry.msgstr_plural) != [0, 1, 2, 3, 4, 5]] == []


def test_the_french_catalogue_uses_two_plural_forms() -> None:
    assert "nplurals=2; plural=(n > 1);" in header("fr")
    plurals = [entry for entry in messages("fr") if entry.msgid_plural is not None]

    assert [entry.label for entry in plurals if sorted(entry.msgstr_plural) != [0, 1]] == []


def test_the_portuguese_catalogue_uses_two_plural_forms_with_zero_plural() -> None:
    assert "nplurals=2; plural=(n != 1);" in header("pt")
    plurals = [entry for entry in messages("pt") if entry.msgid_plural is not None]

    assert plurals
    assert [entry.label for entry in plurals if sorted(entry.msgstr_plural) != [0, 1]] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_of_the_french_catalogue_is_in_this_one(language: str) -> None:
    """The catalogues are made from the same sources: one lagging behind shows English."""
    keys = {(entry.msgctxt, entry.msgid) for entry in messages(language)}
    missing = [entry.label for entry in messages("fr") if (entry.msgctxt, entry.msgid) not in keys]

    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_and_invent_none(language: str) -> None:
    wrong = []
    for entry in messages(language):
        source = set(PLACEHOLDER.findall(entry.msgid + " " + (entry.msgid_plural or "")))
        for text in translations_of(entry):
            found = set(PLACEHOLDER.findall(text))
            # A plural form for exactly one number ("عضو واحد") may leave the count out.
            if not found <= source or (entry.msgid_plural is None and found != source):
                wrong.append((entry.label, text))

    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_html_tags(language: str) -> None:
    tag = re.compile(r"</?[a-z][^>]*>")
    wrong = [
        entry.label
        for entry in messages(language)
        for text in translations_of(entry)
        if sorted(tag.findall(text)) != sorted(tag.findall(entry.msgid))
    ]

    assert wrong == []


# -- the compiled catalogues match the .po files ------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_gives_every_translation_of_the_po_file(language: str) -> None:
    """Fails when a .po file was changed and ``compilemessages`` was not run again."""
    samples = SAMPLES[language]
    stale = []
    with translation.override(language):
        for entry in messages(language):
            if entry.msgid_plural is None:
                got = (
                    translation.pgettext(entry.msgctxt, entry.msgid)
                    if entry.msgctxt is not None
                    else translation.gettext(entry.msgid)
                )
                if got != entry.msgstr:
                    stale.append(entry.label)
                continue
            for form, number in enumerate(samples):
                if entry.msgctxt is not None:
                    got = translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, number)
                else:
                    got = translation.ngettext(entry.msgid, entry.msgid_plural, number)
                if got != entry.msgstr_plural[form]:
                    stale.append(f"{entry.label}[{form}]")

    assert stale == []


# -- pages are served in French, Arabic and Portuguese ------------------------------------------------------


def test_a_visitor_whose_browser_asks_for_arabic_gets_the_home_page_in_arabic_right_to_left(
    visitor: Client,
) -> None:
    html = visitor.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert '<html lang="ar" dir="rtl">' in html
    for text in ("كيف يعمل", "مجتمع ممارسة يتعلّم فيه الممارسون الحضريون", "الانتقال إلى المحتوى"):
        assert text in html
    assert "How it works" not in html


def test_a_visitor_whose_browser_asks_for_french_gets_the_home_page_in_french(visitor: Client) -> None:
    html = visitor.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert '<html lang="fr" dir="ltr">' in html
    for text in ("Comment ça marche", "Une communauté de pratique", "Aller au contenu"):
        assert text in html
    assert "How it works" not in html


def test_a_visitor_whose_browser_asks_for_portuguese_gets_the_home_page_in_portuguese(
    visitor: Client,
) -> None:
    html = visitor.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="pt-MZ,pt;q=0.9").content.decode()

    assert '<html lang="pt" dir="ltr">' in html
    for text in ("Como funciona", "Ir para o conteúdo"):
        assert text in html
    assert "How it works" not in html


def test_the_language_switcher_offers_every_interface_language_named_in_itself(visitor: Client) -> None:
    html = visitor.get(reverse("core:home")).content.decode()

    for code, name in (("en", "English"), ("fr", "Français"), ("ar", "العربية"), ("pt", "Português")):
        assert f'name="language" value="{code}" lang="{code}"' in html
        assert f">{name}</button>" in html


def test_a_visitor_who_chose_french_keeps_it_over_the_browser_language(visitor: Client) -> None:
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    html = visitor.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert '<html lang="fr" dir="ltr">' in html
    assert "Comment ça marche" in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", ("إلى أين تتجه", "ابحث عن نظير", "دليل الأعضاء")),
        ("fr", ("Par où commencer", "Trouver un pair", "Annuaire")),
        ("pt", ("Por onde começar", "Encontrar um par", "Diretório")),
    ],
)
def test_a_member_gets_the_home_page_in_their_preferred_language(
    client_for: Callable[[MemberProfile], Client],
    alice: MemberProfile,
    language: str,
    expected: tuple[str, ...],
) -> None:
    user: User = alice.user
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])

    html = client_for(alice).get(reverse("core:home")).content.decode()

    assert f'<html lang="{language}"' in html
    for text in expected:
        assert text in html
    assert "Where to go" not in html


def test_a_visitor_without_a_language_preference_gets_english(visitor: Client) -> None:
    html = visitor.get(reverse("core:home")).content.decode()

    assert '<html lang="en" dir="ltr">' in html
    assert "How it works" in html
