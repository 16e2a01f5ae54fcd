"""Importing the member list of the earlier platform (CSV or JSON).

Every row is checked before anything is written: if a single row is wrong, nothing is
imported and every wrong row is reported with its line (CSV) or item number (JSON) and the
reason. The email address is the key: a member already here is left exactly as they are,
so importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify
from django_countries import countries

from connective.accounts.choices import ConsentMethod
from connective.accounts.models import User
from connective.core import importing
from connective.core.events import record_event
from connective.core.importing import ROW_ERROR, ImportFileError, RowError, decode, list_value
from connective.core.importing import text_value as _text
from connective.core.models import Theme
from connective.core.regions import COUNTRY_REGION
from connective.members.choices import MemberEvent, MembershipStatus, MemberType
from connective.members.models import Language
from connective.members.services import ProfileData, profile_create

FIELDS = (
    "email",
    "full_name",
    "member_type",
    "organisation",
    "city",
    "country",
    "languages",
    "expertise",
    "bio",
    "willing_to_advise",
)
REQUIRED = ("email", "full_name", "member_type", "organisation", "city", "country", "languages")
TRUE = {"true", "yes", "1", "y"}
FALSE = {"false", "no", "0", "n", ""}


@dataclass
class MemberRow:
    """One checked row, ready to create."""

    where: str
    email: str
    full_name: str
    data: ProfileData
    theme_names: list[str]
    willing_to_advise: bool


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    themes_added: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False


# -- reading ---------------------------------------------------------------------------------


def read_rows(*, text: str, file_format: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (where, raw row) pairs; `where` is "line N" (CSV) or "item N" (JSON)."""
    return importing.read_rows(
        text=text, file_format=file_format, fields=FIELDS, required=REQUIRED, noun="member"
    )


# -- checking --------------------------------------------------------------------------------


class _Lookups:
    """The reference tables, loaded once, to check every row without a query per value."""

    def __init__(self) -> None:
        self.languages: dict[str, Language] = {}
        for language in Language.objects.all():
            for key in (language.code, language.name, language.native_name):
                self.languages.setdefault(key.casefold(), language)
        self.member_types = {value.casefold(): value for value in MemberType.values}
        self.member_types.update({str(label).casefold(): value for value, label in MemberType.choices})

    def country(self, value: str) -> str | None:
        """An ISO code, or a country name in any interface language, as practices' imports take."""
        code = countries.alpha2(value) if len(value) in (2, 3) else ""
        for language, _name in settings.LANGUAGES:
            code = code or countries.by_name(value, language=language) or ""
        return code if code in COUNTRY_REGION else None


def _list(value: Any) -> list[str]:
    """A list of texts (languages, themes): each item as text, the empty ones left out."""
    return [text for text in map(_text, list_value(value)) if text]


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).casefold()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError(f"willing_to_advise must be true/false/yes/no/1/0, not {value!r}")


def check_row(*, where: str, raw: dict[str, Any], lookups: _Lookups) -> tuple[MemberRow | None, list[str]]:
    """Turn one raw row into a `MemberRow`, or list every reason it is wrong."""
    if ROW_ERROR in raw:
        return None, [raw[ROW_ERROR]]
    reasons: list[str] = []
    try:
        values = {name: _text(raw.get(name)) for name in FIELDS if name not in ("languages", "expertise")}
        languages_raw = _list(raw.get("languages"))
        themes_raw = _list(raw.get("expertise"))
    except ValueError:
        return None, ["a field holds a list or object where text is expected"]
    for name in REQUIRED:
        if name != "languages" and not values[name]:
            reasons.append(f"{name} is empty")
    email = values["email"].lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            reasons.append(f"email {values['email']!r} is not a valid address")
    member_type = lookups.member_types.get(values["member_type"].casefold())
    if values["member_type"] and member_type is None:
        reasons.append(f"member_type {values['member_type']!r} is not one of {', '.join(MemberType.values)}")
    country = lookups.country(values["country"]) if values["country"] else None
    if values["country"] and country is None:
        reasons.append(f"country {values['country']!r} is not an ISO code or English country name we know")
    languages = []
    for name in languages_raw:
        language = lookups.languages.get(name.casefold())
        if language is None:
            reasons.append(f"language {name!r} is not an ISO 639-1 code or language name we know")
        else:
            languages.append(language)
    if not languages_raw:
        reasons.append("languages is empty: name at least one")
    try:
        willing = _boolean(raw.get("willing_to_advise"))
    except ValueError as error:
        reasons.append(str(error))
        willing = False
    limits = {"full_name": 150, "organisation": 200, "city": 120, "bio": 2000}
    for name, limit in limits.items():
        if len(values[name]) > limit:
            reasons.append(f"{name} is longer than {limit} characters")
    if any(len(name) > 120 for name in themes_raw):
        reasons.append("a theme name is longer than 120 characters")
    if reasons:
        return None, reasons
    assert member_type is not None and country is not None
    return MemberRow(
        where=where,
        email=email,
        full_name=values["full_name"],
        data=ProfileData(
            member_type=member_type,
            organisation=values["organisation"],
            city=values["city"],
            country=country,
            bio=values["bio"],
            languages=list(dict.fromkeys(languages)),
        ),
        theme_names=list(dict.fromkeys(themes_raw)),
        willing_to_advise=willing,
    ), []


def check_rows(rows: Iterator[tuple[str, dict[str, Any]]]) -> tuple[list[MemberRow], list[RowError]]:
    """Check every row; also that no email appears twice in the file."""
    lookups = _Lookups()
    return importing.check_all(
        rows,
        check=lambda where, raw: check_row(where=where, raw=raw, lookups=lookups),
        key=lambda row: row.email,
        duplicate=lambda email, first: f"email {email} is already on {first}",
    )


# -- writing ---------------------------------------------------------------------------------


def _theme_slug(name: str) -> str:
    """An ASCII slug for URLs; names in other scripts get a stable one derived from the name."""
    return slugify(name)[:80] or f"theme-{hashlib.sha1(name.encode()).hexdigest()[:10]}"  # noqa: S324 - not security


def _themes_for(names: list[str], *, known: dict[str, Theme], report: ImportReport) -> list[Theme]:
    """The themes named, adding the unknown ones to the taxonomy (and to the report)."""
    themes: list[Theme] = []
    for name in names:
        slug = _theme_slug(name)
        theme = known.get(name.casefold()) or known.get(slug)
        if theme is None:
            theme = Theme.objects.create(slug=slug, name=name)
            report.themes_added.append(name)
            known[name.casefold()] = known[slug] = theme
        themes.append(theme)
    return list(dict.fromkeys(themes))


class _DryRunRollback(Exception):
    pass


def members_import(*, path: Path, file_format: str | None = None, dry_run: bool = False) -> ImportReport:
    """Import the members in the file at `path`; see the module docstring for the rules.

    Returns the report. Rows with errors come back in `report.errors` and then nothing at all
    has been written. With `dry_run`, everything is checked and counted, then rolled back.
    """
    file_format = (file_format or path.suffix.lstrip(".")).lower()
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportFileError(f"cannot read {path}: {error.strerror}") from None
    rows, errors = check_rows(read_rows(text=decode(raw), file_format=file_format))
    report = ImportReport(errors=errors, dry_run=dry_run)
    if errors:
        return report
    try:
        with transaction.atomic():
            _write(rows=rows, source=path.name, report=report)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return report


def _write(*, rows: list[MemberRow], source: str, report: ImportReport) -> None:
    existing = set(User.objects.filter(email__in=[row.email for row in rows]).values_list("email", flat=True))
    known: dict[str, Theme] = {}
    for theme in Theme.objects.select_related("merged_into"):
        current = theme.merged_into or theme
        for key in (theme.name, *map(str, (theme.translations or {}).values())):
            known.setdefault(key.casefold(), current)
        known.setdefault(theme.slug, current)
    for row in rows:
        if row.email in existing:
            report.unchanged.append(row.email)
            continue
        row.data.expertise = _themes_for(row.theme_names, known=known, report=report)
        user = User.objects.create_user(row.email, password=None, full_name=row.full_name)
        EmailAddress.objects.create(user=user, email=row.email, verified=False, primary=True)
        profile = profile_create(
            user=user,
            data=row.data,
            willing_to_advise=row.willing_to_advise,
            method=ConsentMethod.IMPORT,
            status=MembershipStatus.APPROVED,
            imported_from=source,
        )
        record_event(actor=None, kind=MemberEvent.IMPORTED, target=profile, source=source)
        report.created.append(row.email)
