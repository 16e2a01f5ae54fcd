"""Compact pickers: one pattern for every long list a member chooses from.

Without JavaScript each picker is a plain form control that submits exactly what the old
checkboxes did: a `<select>` (multiple for languages and themes) whose common choices come
first in an option group, or, where a theme suggestion must be able to tick a box with a
`<label for>`, checkboxes inside a collapsed `<details>`. `static/js/picker.js` turns every
element marked `data-picker` into a searchable combobox (chips for the chosen items, a
filter box, a listbox; WAI-ARIA APG's combobox pattern). Each option may carry `data-k`,
other names it is searched by (a language's own name, a theme's name in other languages).

The options are built when the widget renders (`groups` is a callable), so a form that is
only validated runs no query for them, and a rendered form runs the one query its field ran
before.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django_countries import countries

from connective.core.i18n import collation_key
from connective.core.regions import COUNTRY_REGION, Region
from connective.core.widgets import attributes


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    keywords: str = ""  # other names the filter box matches
    key: str = ""  # what a checkbox's id ends with (`id_themes_<key>`); the value when empty


@dataclass(frozen=True)
class Group:
    label: str  # empty: options outside any group
    options: Sequence[Option]


Groups = Sequence[Group]


def common_first(
    options: Iterable[Option], common: Sequence[str], *, common_label: Any, rest_label: Any
) -> list[Group]:
    """The options whose values are in `common` first (in that order), then the others.

    No groups at all when nothing is common, so that the list reads as before.
    """
    options = list(options)
    rank = {value: index for index, value in enumerate(common)}
    first = sorted((o for o in options if o.value in rank), key=lambda o: rank[o.value])
    if not first:
        return [Group("", options)]
    return [
        Group(str(common_label), first),
        Group(str(rest_label), [o for o in options if o.value not in rank]),
    ]


def new_words(label: str, keywords: str) -> str:
    """The words of `keywords` that `label` does not already contain (the filter box searches
    both; each byte counts on a metered connection)."""
    seen = label.casefold()
    return " ".join(word for word in dict.fromkeys(keywords.split()) if word.casefold() not in seen)


def _option_html(option: Option, selected: set[str]) -> str:
    keywords = f' data-k="{conditional_escape(option.keywords)}"' if option.keywords else ""
    chosen = " selected" if option.value in selected else ""
    return (
        f'<option value="{conditional_escape(option.value)}"{keywords}{chosen}>'
        f"{conditional_escape(option.label)}</option>"
    )


class PickerSelect(forms.Select):
    """A `<select>` rendered in Python from `groups` (a callable returning `Group`s), marked
    for the picker script. `search_label` names the filter box the script adds."""

    template_name = ""  # rendered by render() below, never through a template

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        *,
        groups: Callable[[], Groups] | None = None,
        search_label: Any = "",
    ) -> None:
        super().__init__(attrs)
        self.groups = groups
        self.search_label = search_label

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["data-picker"] = str(self.search_label)
        selected = {str(v) for v in self.format_value(value) if v is not None}
        groups = (
            self.groups()
            if self.groups is not None
            else [Group("", [Option(str(v), str(lbl)) for v, lbl in self.choices])]
        )
        parts = []
        for group in groups:
            options = "".join(_option_html(option, selected) for option in group.options)
            if group.label:
                parts.append(f'<optgroup label="{conditional_escape(group.label)}">{options}</optgroup>')
            else:
                parts.append(options)
        multiple = " multiple" if self.allow_multiple_selected else ""
        return mark_safe(  # noqa: S308  # every value, label and attribute is escaped above
            f'<select name="{conditional_escape(name)}"{multiple}{attributes(final)}>{"".join(parts)}</select>'
        )


class PickerSelectMultiple(PickerSelect):
    """A `<select multiple>`, with a hint on choosing several that the script removes."""

    allow_multiple_selected = True

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        hint = _("To choose several, hold Ctrl (⌘ on a Mac) as you click; on a phone, tick each one.")
        return mark_safe(  # noqa: S308  # the select is escaped by render(), the hint here
            f'{super().render(name, value, attrs, renderer)}<span class="help picker-hint">{conditional_escape(hint)}</span>'
        )

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        try:
            getter = data.getlist
        except AttributeError:
            getter = data.get
        return getter(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # an empty multiple select sends nothing, which is a value


def _checkbox_html(name: str, base_id: str, option: Option, selected: set[str]) -> str:
    box_id = conditional_escape(f"{base_id}_{option.key or option.value}")
    keywords = f' data-k="{conditional_escape(option.keywords)}"' if option.keywords else ""
    checked = " checked" if option.value in selected else ""
    return (
        f'<label for="{box_id}"><input type="checkbox" name="{conditional_escape(name)}" '
        f'value="{conditional_escape(option.value)}" id="{box_id}"{keywords}{checked}> '
        f"{conditional_escape(option.label)}</label>"
    )


class PickerCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes (ids `id_<name>_<key>`, so a `<label for>` elsewhere on the page can tick one)
    inside a `<details>` that stays collapsed until opened; the summary names the chosen ones."""

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        *,
        groups: Callable[[], Groups] | None = None,
        search_label: Any = "",
        summary: Any = "",
    ) -> None:
        super().__init__(attrs)
        self.groups = groups
        self.search_label = search_label
        self.summary = summary

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        base_id = final.pop("id", f"id_{name}")
        final.pop("required", None)
        selected = {str(v) for v in self.format_value(value) if v is not None}
        groups = (
            self.groups()
            if self.groups is not None
            else [Group("", [Option(str(v), str(lbl)) for v, lbl in self.choices])]
        )
        chosen = [o.label for g in groups for o in g.options if o.value in selected]
        parts = []
        for group in groups:
            if group.label:
                parts.append(f'<p class="picker-group">{conditional_escape(group.label)}</p>')
            parts.extend(_checkbox_html(name, base_id, option, selected) for option in group.options)
        summary = conditional_escape(", ".join(chosen) if chosen else str(self.summary))
        return mark_safe(  # noqa: S308  # every value, label and attribute is escaped above
            f'<details class="picker-boxes" id="{base_id}" data-picker="{conditional_escape(str(self.search_label))}"'
            f"{attributes(final)}><summary>{summary}</summary>"
            f'<div class="picker-box-list">{"".join(parts)}</div></details>'
        )

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return id_


# -- languages --------------------------------------------------------------------------------

# The languages members of each region most often work in (besides the region's own, English,
# French and Arabic are the programme's working languages).
REGION_LANGUAGES: dict[str, tuple[str, ...]] = {
    Region.MENA: ("ar", "fr", "en", "fa", "he", "ku", "tr"),
    Region.SEE: ("en", "sq", "bs", "hr", "sr", "mk", "bg", "ro", "el", "tr", "uk", "sl"),
    Region.SSA: ("fr", "en", "pt", "sw", "am", "ha", "yo", "zu", "so", "wo", "rw", "mg", "ln"),
    Region.ASIA: ("en", "zh", "hi", "bn", "ur", "id", "vi", "th", "tl", "ja", "ms", "ne"),
    Region.LAC: ("es", "pt", "en", "fr"),
    Region.EUROPE: ("de", "en", "fr", "it", "nl", "pl", "es", "pt"),
}


def accepted_languages(header: str) -> list[str]:
    """The primary language codes of an Accept-Language header, most wanted first."""
    codes: list[str] = []
    for tag, _quality in parse_accept_lang_header(header or "") or ():
        code = tag.split("-")[0].lower()
        if code != "*" and code not in codes:
            codes.append(code)
    return codes


def accepted_region(header: str) -> str:
    """The region of the first country named in an Accept-Language header (`ar-JO`), or ""."""
    for tag, _quality in parse_accept_lang_header(header or "") or ():
        parts = tag.split("-")
        if len(parts) > 1 and parts[-1].upper() in COUNTRY_REGION:
            return COUNTRY_REGION[parts[-1].upper()]
    return ""


def common_languages(*, region: str = "", accept_language: str = "") -> list[str]:
    """The browser's languages first, then those of the member's region (or the working ones)."""
    codes = accepted_languages(accept_language)
    for code in REGION_LANGUAGES.get(region or accepted_region(accept_language), ("en", "fr", "ar", "pt")):
        if code not in codes:
            codes.append(code)
    return codes


def language_options(languages: Iterable[Any]) -> list[Option]:
    """Each language as `str()` names it (in the interface language, then in itself, as in
    "Árabe (العربية)"), searched by both; sorted as readers look names up."""
    options = []
    for language in languages:
        label = str(language)
        options.append(Option(language.code, label, new_words(label, language.native_name)))
    return sorted(options, key=lambda o: collation_key(o.label))


def language_groups(languages: Callable[[], Iterable[Any]], common: Sequence[str]) -> Callable[[], Groups]:
    return lambda: common_first(
        language_options(languages()),
        common,
        common_label=_("Common choices"),
        rest_label=_("All languages"),
    )


# -- themes -----------------------------------------------------------------------------------

MOST_USED_THEMES = 6


def theme_groups(themes: Callable[[], Iterable[Any]]) -> Callable[[], Groups]:
    """Themes named in the interface language, searchable by their English name too (the
    reference name), the most used first. Each theme must carry `uses` (an annotation)."""

    def build() -> Groups:
        items = list(themes())
        options = {
            theme.pk: Option(
                str(theme.pk),
                theme.label,
                new_words(theme.label, theme.name),
                theme.slug,
            )
            for theme in items
        }
        used = sorted((t for t in items if getattr(t, "uses", 0)), key=lambda t: (-t.uses, t.label))
        common = [str(t.pk) for t in used[:MOST_USED_THEMES]]
        ordered = sorted(options.values(), key=lambda o: collation_key(o.label))
        return common_first(ordered, common, common_label=_("Most used"), rest_label=_("All themes"))

    return build


# -- countries --------------------------------------------------------------------------------


def country_groups(choices: Callable[[], Sequence[tuple[str, str]]], *, region: str) -> Callable[[], Groups]:
    """The countries (value, name) with the member's region's countries first."""

    def build() -> Groups:
        pairs = [(code, name) for code, name in choices() if code]
        blank = [Option("", name) for code, name in choices() if not code]
        if not region:
            return [Group("", [*blank, *(Option(c, n) for c, n in pairs)])]
        label = _("Countries of %(region)s") % {"region": Region(region).label}
        return [
            Group("", blank),
            Group(str(label), [Option(c, n) for c, n in pairs if COUNTRY_REGION.get(c) == region]),
            Group(
                str(_("All countries")), [Option(c, n) for c, n in pairs if COUNTRY_REGION.get(c) != region]
            ),
        ]

    return build


# -- time zones -------------------------------------------------------------------------------


def _zone_table() -> list[tuple[str, str]]:
    """(country code, zone) of every canonical zone of zone.tab that this server knows.

    zone.tab places each zone a person would pick in the one country it serves; it never lists
    "Factory", "Etc/GMT+5" (whose sign reads backwards) or the old aliases.
    """
    known = zoneinfo.available_timezones()
    for base in zoneinfo.TZPATH:
        path = Path(base) / "zone.tab"
        if path.exists():
            rows = []
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith("#") or not line.strip():
                    continue
                code, _coordinates, zone, *_comment = line.split("\t")
                if zone in known:
                    rows.append((code, zone))
            return rows
    # No zone.tab (a tz database without its tables): the zones in Area/City form, unplaced.
    return sorted(
        ("", z) for z in known if "/" in z and not z.startswith(("Etc/", "SystemV/", "posix/", "right/"))
    )


_ZONES: list[tuple[str, str]] | None = None
_ZONE_OPTIONS: dict[tuple[str, int], list[tuple[str, str, str]]] = {}


def utc_offset(zone: str, at: datetime.datetime) -> str:
    """ "UTC+03:00": the zone's offset at `at` (daylight saving time included)."""
    offset = at.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset() or datetime.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def time_zone_options(at: datetime.datetime | None = None) -> list[tuple[str, str, str]]:
    """(country code, zone, "Jordan — Amman (UTC+03:00)") of every canonical zone, sorted by
    country name then city, in the active language; kept per language and hour."""
    global _ZONES
    at = at or datetime.datetime.now(datetime.UTC)
    key = (get_language() or "", int(at.timestamp()) // 3600)
    cached = _ZONE_OPTIONS.get(key)
    if cached is not None:
        return cached
    if _ZONES is None:
        _ZONES = _zone_table()
    rows = []
    for code, zone in _ZONES:
        country = str(countries.name(code)) if code else ""
        city = zone.rsplit("/", 1)[-1].replace("_", " ")
        place = f"{country} — {city}" if country else zone.replace("_", " ")
        rows.append((code, zone, f"{place} ({utc_offset(zone, at)})", country))
    rows.sort(key=lambda row: (collation_key(row[3]), collation_key(row[2])))
    result = [(code, zone, label) for code, zone, label, _country in rows]
    if len(_ZONE_OPTIONS) > 16:
        _ZONE_OPTIONS.clear()
    _ZONE_OPTIONS[key] = result
    return result


def time_zone_groups(*, country: str, blank: Any, current: Callable[[], str]) -> Callable[[], Groups]:
    """The zones, the member's country's first (an option group), the others by country name
    (each label starts with it; a group per country would add 7 kB); a stored zone that is not in
    the list (an alias, "Etc/GMT+5") still shows, first, so that it stays selected."""

    def build() -> Groups:
        groups: list[Group] = [Group("", [Option("", str(blank))])]
        options = time_zone_options()
        known = {zone for _code, zone, _label in options}
        stored = current()
        if stored and stored not in known:
            groups[0] = Group("", [Option("", str(blank)), Option(stored, stored)])
        own = [Option(zone, label) for code, zone, label in options if code and code == country]
        others = [Option(zone, label) for code, zone, label in options if not code or code != country]
        if own:
            groups.append(Group(str(countries.name(country)), own))
            groups.append(Group(str(_("Other countries")), others))
        else:
            groups.append(Group("", others))
        return groups

    return build


class TimeZoneField(forms.ChoiceField):
    """A time zone: any IANA name this server knows (the list offers the canonical ones)."""

    def __init__(self, *, zones: Callable[[], Iterable[str]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.zones = zones

    def valid_value(self, value: Any) -> bool:
        return value == "" or value in self.zones()
