"""The search form: what a visitor may ask of the library, read from the query string."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from connective.core.regions import Region
from connective.core.text import query_text
from connective.practices.search.selectors import SORTS, SearchParams
from connective.practices.search.text import (
    MAX_QUERY_LENGTH,
    MAX_QUERY_WORDS,
    CleanQuery,
    clean_query_parts,
    query_words,
)

YEAR_MIN, YEAR_MAX = 1950, 2100


class QueryField(forms.CharField):
    """The words: never rejected (an overlong query is shortened, with a notice; a NUL or any
    other control character is read as a space), so a search is never silently dropped."""

    def to_python(self, value: Any) -> str:
        return query_text(super().to_python(value))


class SearchForm(forms.Form):
    """Every field is optional; a value that is not understood is reported and left out."""

    q = QueryField(
        label=_("Search"), required=False, strip=True,
        widget=forms.TextInput(attrs={"type": "search", "aria-describedby": "search-help"}),
    )  # fmt: skip
    region = forms.ChoiceField(label=_("Network"), required=False, choices=[("", ""), *Region.choices])
    country = forms.CharField(label=_("Country"), required=False, max_length=2)
    theme = forms.SlugField(label=_("Theme"), required=False, max_length=80)
    sdg = forms.TypedChoiceField(
        label=_("SDG"), required=False, coerce=int, empty_value=None,
        choices=[("", "")] + [(str(n), str(n)) for n in range(1, 18)],
    )  # fmt: skip
    language = forms.RegexField(label=_("Language"), required=False, regex=r"^[a-z]{2,3}(-[a-z]{2,4})?$")
    year = forms.IntegerField(label=_("Started in"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def clean_country(self) -> str:
        code = str(self.cleaned_data.get("country") or "").upper()
        if code and code not in countries:
            raise forms.ValidationError(_("“%(code)s” is not a country code."), params={"code": code})
        return code

    def params(self) -> SearchParams:
        """The understood part of the request (invalid fields are simply left out)."""
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        for name in ("region", "country", "theme", "language"):
            data[name] = cleaned.get(name) or ""
        data["sdg"] = cleaned.get("sdg")
        data["year"] = cleaned.get("year")
        data["query"] = self.query().text
        data["page"] = cleaned.get("page") or 1
        data["sort"] = cleaned.get("sort") or ""
        return SearchParams(**data)

    def query(self) -> CleanQuery:
        """The words as they are searched, and whether they had to be shortened."""
        if self.is_bound:
            self.is_valid()
        return clean_query_parts(getattr(self, "cleaned_data", {}).get("q"))

    def notices(self) -> list[str]:
        """What the reader should know about how their words were read."""
        query = self.query()
        notices = []
        if query.shortened == "length":
            notices.append(
                _("A search may be up to %(limit)s characters long; only “%(query)s” was searched.")
                % {"limit": MAX_QUERY_LENGTH, "query": query.text}
            )
        elif query.shortened == "words":
            notices.append(
                _("A search may have up to %(limit)s words; only “%(query)s” was searched.")
                % {"limit": MAX_QUERY_WORDS, "query": query.text}
            )
        if query.text and not query_words(query.text):
            notices.append(
                _("“%(query)s” has no letters or digits to search for: type a word.") % {"query": query.text}
            )
        return notices
