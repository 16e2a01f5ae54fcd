"""Importing good practices from another collection (CSV or JSON), through the practice services.

The rules:

- `external_id` is the key. A practice already imported with that key is updated in place
  (a published one becomes a new published version); a row whose content is what the
  practice already says is reported "unchanged" and not touched. Importing the same file
  twice therefore changes nothing the second time.
- Every row is checked before anything is written. A row that is wrong is reported with its
  line (CSV: the file line where the row starts) or item number (JSON) and every reason; if
  any row is wrong nothing is imported, unless `skip_invalid` is given, in which case the
  good rows are imported and the wrong ones reported.
- `description` fills `approach` when the file has no `approach` for the row.
- Themes are named in English or any of their translations (separated by ";" in CSV);
  unknown names are added to the taxonomy and reported. Cities the gazetteer does not know
  are placed at the centre of their country and reported.
- Practices are created published (drafts with `draft`), by the system (actor None).
- Contacts are approved members' email addresses (";" in CSV).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django_countries import countries

from connective.core import importing
from connective.core.choices import CoreEvent
from connective.core.events import record_event
from connective.core.importing import ROW_ERROR, ImportFileError, RowError, decode
from connective.core.importing import list_value as _list
from connective.core.importing import text_value as _text
from connective.core.models import Theme
from connective.core.regions import COUNTRY_REGION
from connective.members.choices import MembershipStatus
from connective.members.models import Language, MemberProfile
from connective.practices.choices import PracticeStatus
from connective.practices.mapping import find_city
from connective.practices.models import Practice
from connective.practices.services import (
    PracticeData,
    practice_create,
    practice_data_validate,
    practice_update,
)

REQUIRED = ("external_id", "title", "summary", "city", "country", "themes", "language")
TEXT_FIELDS = (
    "title", "summary", "description", "challenge", "approach", "results", "lessons_learned",
    "transfer_conditions", "costs_and_financing", "partners", "city", "country", "language", "external_id",
)  # fmt: skip
LIST_FIELDS = ("themes", "sdgs", "links", "contacts")
FIELDS = (*TEXT_FIELDS, "period_start", "period_end", *LIST_FIELDS)
TEXT_LIMITS = {"external_id": 120, "title": 200, "summary": 1000, "city": 120}


@dataclass
class PracticeRow:
    """One checked row, ready to write."""

    where: str
    external_id: str
    data: PracticeData
    theme_names: list[str]
    contacts: list[str] | None  # None: the file says nothing about contacts


@dataclass
class RowResult:
    where: str
    external_id: str
    outcome: str  # created / updated / unchanged
    slug: str


@dataclass
class ImportReport:
    results: list[RowResult] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    themes_added: list[str] = field(default_factory=list)
    approximate: list[str] = field(default_factory=list)  # "line 4: Qaryat (JO)"
    imported: bool = False

    def count(self, outcome: str) -> int:
        return sum(1 for result in self.results if result.outcome == outcome)


# -- reading ---------------------------------------------------------------------------------


def read_rows(*, text: str, file_format: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (where, raw row) pairs; `where` is "line N" (CSV) or "item N" (JSON)."""
    return importing.read_rows(
        text=text, file_format=file_format, fields=FIELDS, required=REQUIRED, noun="practice"
    )


# -- checking --------------------------------------------------------------------------------


def _theme_slug(name: str) -> str:
    """An ASCII slug for URLs; names in other scripts get a stable one derived from the name."""
    return slugify(name)[:80] or f"theme-{hashlib.sha1(name.encode()).hexdigest()[:10]}"  # noqa: S324 - not security


class _Lookups:
    """The reference tables, loaded once, so that checking a row costs no query."""

    def __init__(self) -> None:
        self.languages: dict[str, str] = {}
        for language in Language.objects.all():
            for key in (language.code, language.name, language.native_name):
                self.languages.setdefault(key.casefold(), language.code)
        # Theme names, slugs and translations -> the active theme they lead to.
        self.themes: dict[str, Theme] = {}
        themes = {theme.pk: theme for theme in Theme.objects.all()}
        for theme in themes.values():
            current = theme
            while current.merged_into_id is not None and current.merged_into_id in themes:
                current = themes[current.merged_into_id]
            for key in (theme.name, theme.slug, *map(str, (theme.translations or {}).values())):
                self.themes.setdefault(key.casefold(), current)
        self.approved_emails = {
            email.lower()
            for email in MemberProfile.objects.filter(status=MembershipStatus.APPROVED).values_list(
                "user__email", flat=True
            )
        }

    def country(self, value: str) -> str | None:
        """An ISO code, or a country name in any interface language ("Mozambique", "موزمبيق",
        "Moçambique")."""
        code = countries.alpha2(value) if len(value) in (2, 3) else ""
        for language, _name in settings.LANGUAGES:
            code = code or countries.by_name(value, language=language) or ""
        return code if code in COUNTRY_REGION else None

    def theme(self, name: str) -> Theme | None:
        return self.themes.get(name.casefold()) or self.themes.get(_theme_slug(name))


def _year(value: Any, name: str, reasons: list[str]) -> int | None:
    text = _text(value)
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        reasons.append(f"{name} {text!r} is not a year")
        return None


def _links(value: Any, reasons: list[str]) -> list[dict[str, str]]:
    """JSON: [{"title", "url"}] or ["url"]; CSV: "title|url; title|url" or "url; url"."""
    links: list[dict[str, str]] = []
    for item in _list(value):
        if isinstance(item, dict):
            links.append({"title": _text(item.get("title")), "url": _text(item.get("url"))})
        elif isinstance(item, str):
            title, _sep, url = item.rpartition("|")
            links.append({"title": title.strip(), "url": url.strip()})
        else:
            reasons.append(f"link {item!r} is neither a web address nor {{title, url}}")
    return links


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{name}: {message}" for name, errors in error.message_dict.items() for message in errors]
    return list(error.messages)


def check_row(*, where: str, raw: dict[str, Any], lookups: _Lookups) -> tuple[PracticeRow | None, list[str]]:
    """Turn one raw row into a `PracticeRow`, or list every reason it is wrong."""
    if ROW_ERROR in raw:
        return None, [raw[ROW_ERROR]]
    reasons: list[str] = []
    try:
        values = {name: _text(raw.get(name)) for name in TEXT_FIELDS}
    except ValueError:
        return None, ["a text field holds a list or object"]
    for name in REQUIRED:
        if name != "themes" and not values[name]:
            reasons.append(f"{name} is empty")
    for name, limit in TEXT_LIMITS.items():
        if len(values[name]) > limit:
            reasons.append(f"{name} is longer than {limit} characters")
    country = lookups.country(values["country"]) if values["country"] else None
    if values["country"] and country is None:
        reasons.append(f"country {values['country']!r} is not an ISO code or country name we know")
    language = lookups.languages.get(values["language"].casefold()) if values["language"] else None
    if values["language"] and language is None:
        reasons.append(f"language {values['language']!r} is not an ISO 639-1 code or language name we know")
    theme_names = [_text(name) for name in _list(raw.get("themes")) if isinstance(name, str)]
    if not theme_names:
        reasons.append("themes is empty: name at least one")
    if any(len(name) > 120 for name in theme_names):
        reasons.append("a theme name is longer than 120 characters")
    sdgs: list[int] = []
    for item in _list(raw.get("sdgs")):
        number = str(item).upper().removeprefix("SDG").strip()
        if number.isdigit() and 1 <= int(number) <= 17:
            sdgs.append(int(number))
        else:
            reasons.append(f"SDG {item!r} is not a number from 1 to 17")
    contacts: list[str] | None = None
    if raw.get("contacts") not in (None, ""):
        contacts = [str(email).strip().lower() for email in _list(raw.get("contacts"))]
        strangers = [email for email in contacts if email not in lookups.approved_emails]
        if strangers:
            reasons.append(f"contacts {', '.join(strangers)} are not approved members")
    data = PracticeData(
        title=values["title"],
        summary=values["summary"],
        city=values["city"],
        country=country or values["country"],
        language=language or values["language"],
        challenge=values["challenge"],
        approach=values["approach"] or values["description"],
        results=values["results"],
        lessons_learned=values["lessons_learned"],
        transfer_conditions=values["transfer_conditions"],
        costs_and_financing=values["costs_and_financing"],
        partners=values["partners"],
        period_start=_year(raw.get("period_start"), "period_start", reasons),
        period_end=_year(raw.get("period_end"), "period_end", reasons),
        themes=[theme.pk for name in theme_names if (theme := lookups.theme(name)) is not None],
        sdgs=sorted(set(sdgs)),
        links=_links(raw.get("links"), reasons),
    )
    if not reasons:
        try:
            practice_data_validate(data)
        except ValidationError as error:
            messages = _messages(error)
            if not data.theme_ids:
                # Every theme is new: they are added when writing, so "choose a theme" is moot.
                messages = [message for message in messages if not message.startswith("themes:")]
            reasons.extend(messages)
    if reasons:
        return None, reasons
    return PracticeRow(
        where=where,
        external_id=values["external_id"],
        data=data,
        theme_names=list(dict.fromkeys(theme_names)),
        contacts=contacts,
    ), []


def check_rows(rows: Iterator[tuple[str, dict[str, Any]]]) -> tuple[list[PracticeRow], list[RowError]]:
    """Check every row; also that no external_id appears twice in the file."""
    lookups = _Lookups()
    return importing.check_all(
        rows,
        check=lambda where, raw: check_row(where=where, raw=raw, lookups=lookups),
        key=lambda row: row.external_id,
        duplicate=lambda external_id, first: f"external_id {external_id!r} is already on {first}",
    )


# -- writing ---------------------------------------------------------------------------------


def _themes_for(row: PracticeRow, *, lookups: _Lookups, report: ImportReport) -> list[int]:
    """The theme ids of the row, adding unknown names to the taxonomy (and to the report).

    Added by the system (core's `theme_create` is for staff at the keyboard); audited as such.
    """
    ids: list[int] = []
    for name in row.theme_names:
        theme = lookups.theme(name)
        if theme is None:
            theme, _created = Theme.objects.get_or_create(slug=_theme_slug(name), defaults={"name": name})
            record_event(
                actor=None, kind=CoreEvent.THEME_CREATED, target=theme, name=name, via="import_practices"
            )
            report.themes_added.append(name)
            lookups.themes[name.casefold()] = lookups.themes[theme.slug] = theme
        ids.append(theme.pk)
    return list(dict.fromkeys(ids))


def _unchanged(practice: Practice, row: PracticeRow) -> bool:
    current = PracticeData.from_practice(practice).snapshot()
    if current != row.data.snapshot():
        return False
    if row.contacts is None:
        return True
    return sorted(profile.user.email.lower() for profile in practice.contacts.all()) == sorted(row.contacts)


def _write_row(row: PracticeRow, *, existing: Practice | None, draft: bool) -> RowResult:
    if existing is None:
        practice = practice_create(
            actor=None,
            data=row.data,
            contacts=row.contacts or (),
            status=PracticeStatus.DRAFT if draft else PracticeStatus.PUBLISHED,
            external_id=row.external_id,
        )
        return RowResult(row.where, row.external_id, "created", practice.slug)
    if _unchanged(existing, row):
        return RowResult(row.where, row.external_id, "unchanged", existing.slug)
    practice = practice_update(actor=None, practice=existing, data=row.data, contacts=row.contacts)
    return RowResult(row.where, row.external_id, "updated", practice.slug)


def practices_import(
    *, path: Path, file_format: str | None = None, draft: bool = False, skip_invalid: bool = False
) -> ImportReport:
    """Import the practices in the file at `path`; see the module docstring for the rules.

    Returns the report; `report.imported` says whether anything was written. Raises
    ImportFileError when the file itself cannot be read (then nothing was written either).
    """
    file_format = (file_format or path.suffix.lstrip(".")).lower()
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportFileError(f"cannot read {path}: {error.strerror}") from None
    rows, errors = check_rows(read_rows(text=decode(raw), file_format=file_format))
    report = ImportReport(errors=errors)
    if errors and not skip_invalid:
        return report
    lookups = _Lookups()
    existing = {
        practice.external_id: practice
        for practice in Practice.objects.filter(external_id__in=[row.external_id for row in rows])
        .select_related("language")
        .prefetch_related("themes", "sdgs", "contacts__user")
    }
    with transaction.atomic():
        for row in rows:
            row.data.themes = _themes_for(row, lookups=lookups, report=report)
            try:
                with transaction.atomic():
                    result = _write_row(row, existing=existing.get(row.external_id), draft=draft)
            except ValidationError as error:
                # Checked above, so only a race (a contact declined meanwhile) lands here.
                if not skip_invalid:
                    raise
                report.errors.extend(RowError(row.where, reason) for reason in _messages(error))
                continue
            report.results.append(result)
            if result.outcome != "unchanged" and find_city(row.data.city, str(row.data.country)) is None:
                report.approximate.append(f"{row.where}: {row.data.city} ({row.data.country})")
    report.imported = True
    return report
