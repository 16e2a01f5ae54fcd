"""Forms of the members pages. They parse and validate; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Count
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from connective.core.fields import ModelMultipleChoiceField
from connective.core.models import Theme
from connective.core.pickers import (
    PickerSelect,
    PickerSelectMultiple,
    TimeZoneField,
    common_languages,
    country_groups,
    language_groups,
    theme_groups,
    time_zone_groups,
)
from connective.core.regions import COUNTRY_REGION, Region
from connective.core.widgets import PlainSelect, flat_choices
from connective.members.choices import MemberType, Visibility
from connective.members.models import PRIVATE_FIELDS, Language, MemberProfile
from connective.members.selectors import DirectoryFilters, filter_choices
from connective.members.services import ProfileData, available_time_zones

VISIBILITY_LABELS = {
    "email": _("Who sees your email address"),
    "organisation": _("Who sees your organisation"),
    "position": _("Who sees your position"),
    "city": _("Who sees your city"),
    "bio": _("Who sees your bio"),
}


# Country names sorted in each language: a constant of the process (django-countries translates
# and sorts about 250 names on every iteration, a few milliseconds a form).
_COUNTRIES_BY_LANGUAGE: dict[str, list[tuple[str, str]]] = {}


def _country_choices(blank_label: str | None = None) -> list[tuple[str, str]]:
    language = get_language() or ""
    choices = _COUNTRIES_BY_LANGUAGE.get(language)
    if choices is None:
        choices = [(code, str(name)) for code, name in countries if code in COUNTRY_REGION]
        _COUNTRIES_BY_LANGUAGE[language] = choices
    return [("", blank_label), *choices] if blank_label is not None else choices


def use_pickers(form: forms.Form, *, region: str, accept_language: str) -> None:
    """Fill the pickers of the form's `country`, `languages` and `expertise` fields (those it has):
    the region's countries, the browser's and the region's languages, the most used themes first."""
    fields = form.fields
    if "country" in fields:
        country = fields["country"]
        blank = _("Choose your country") if country.required else _("All countries")
        choices = _country_choices(str(blank))
        country.choices = choices  # type: ignore[attr-defined]
        country.widget.groups = country_groups(lambda: choices, region=region)
    if "languages" in fields:
        common = common_languages(region=region, accept_language=accept_language)
        fields["languages"].widget.groups = language_groups(Language.objects.all, common)
    for name in ("expertise", "themes"):
        if name in fields:
            themes = Theme.active().annotate(uses=Count("experts"))
            fields[name].widget.groups = theme_groups(themes.all)


class LanguageChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class ThemeChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.label


class ProfileForm(forms.Form):
    """Everything a member edits on their own page, except their willingness to advise."""

    member_type = forms.ChoiceField(label=_("I am"), choices=MemberType.choices)
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    city = forms.CharField(label=_("City"), max_length=120)
    country = forms.ChoiceField(
        label=_("Country"),
        help_text=_("Your regional network follows from your country."),
        widget=PickerSelect(search_label=_("Search countries")),
    )
    languages = LanguageChoiceField(
        label=_("Languages I work in"),
        queryset=Language.objects.order_by("name"),
        widget=PickerSelectMultiple(search_label=_("Search languages")),
        error_messages={"required": _("Choose at least one language you work in.")},
    )
    expertise = ThemeChoiceField(
        label=_("My expertise"),
        queryset=Theme.active().order_by("name"),
        required=False,
        widget=PickerSelectMultiple(search_label=_("Search themes")),
    )
    bio = forms.CharField(
        label=_("Short bio"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: *italic*, **bold**, lists and links. At most 2,000 characters."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language of pages and emails"),
        required=False,
        choices=[("", _("As my browser says")), *settings.LANGUAGES],
    )
    time_zone = TimeZoneField(
        label=_("Time zone"),
        required=False,
        zones=available_time_zones,
        help_text=_("Times of events and deadlines are shown in this zone."),
        widget=PickerSelect(search_label=_("Search by country or city")),
    )
    email_visibility = forms.TypedChoiceField(coerce=int, choices=Visibility.choices)
    organisation_visibility = forms.TypedChoiceField(coerce=int, choices=Visibility.choices)
    position_visibility = forms.TypedChoiceField(coerce=int, choices=Visibility.choices)
    city_visibility = forms.TypedChoiceField(coerce=int, choices=Visibility.choices)
    bio_visibility = forms.TypedChoiceField(coerce=int, choices=Visibility.choices)

    def __init__(
        self, *args: Any, region: str = "", country: str = "", accept_language: str = "", **kwargs: Any
    ) -> None:
        """`region` and `country` (the member's) and `accept_language` (the browser's header)
        put the member's likely choices first in the lists."""
        super().__init__(*args, **kwargs)
        use_pickers(self, region=region, accept_language=accept_language)
        self.fields["time_zone"].widget.groups = time_zone_groups(
            country=country, blank=_("UTC (not chosen)"), current=lambda: str(self["time_zone"].value() or "")
        )
        self.fields["time_zone"].error_messages["invalid_choice"] = _(
            "“%(value)s” is not a time zone we know; choose one from the list, such as Africa/Tunis."
        )
        self.fields["country"].error_messages["invalid_choice"] = _(
            "“%(value)s” is not a country we know; choose one from the list."
        )
        for name in PRIVATE_FIELDS:
            self.fields[f"{name}_visibility"].label = VISIBILITY_LABELS[name]

    @classmethod
    def initial_for(cls, profile: MemberProfile) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "member_type": profile.member_type,
            "organisation": profile.organisation,
            "position": profile.position,
            "city": profile.city,
            "country": str(profile.country),
            "languages": list(profile.languages.all()),
            "expertise": [theme for theme in profile.expertise.all() if theme.is_active],
            "bio": profile.bio,
            "preferred_language": profile.user.preferred_language,
            "time_zone": profile.user.time_zone,
        }
        for name in PRIVATE_FIELDS:
            initial[f"{name}_visibility"] = getattr(profile, f"{name}_visibility")
        return initial

    def profile_data(self) -> ProfileData:
        data = self.cleaned_data
        return ProfileData(
            member_type=data["member_type"],
            organisation=data["organisation"].strip(),
            position=data["position"].strip(),
            city=data["city"].strip(),
            country=data["country"],
            bio=data["bio"],
            languages=list(data["languages"]),
            expertise=list(data["expertise"]),
        )

    def visibility(self) -> dict[str, int]:
        return {name: self.cleaned_data[f"{name}_visibility"] for name in PRIVATE_FIELDS}


class AdvisingForm(forms.Form):
    """Give or withdraw the consent to advise peers (a hidden value set by the button pressed)."""

    willing = forms.TypedChoiceField(
        coerce=lambda value: value == "yes", choices=[("yes", _("Yes")), ("no", _("No"))]
    )


class DirectoryForm(forms.Form):
    """The directory's search box and filters: a plain GET form that works without JavaScript."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    # PlainSelect: the same <select> markup, written without a template per option.
    network = forms.ChoiceField(
        label=_("Network"),
        required=False,
        choices=[("", _("All networks")), *Region.choices],
        widget=PlainSelect,
    )
    country = forms.ChoiceField(label=_("Country"), required=False, widget=PlainSelect)
    member_type = forms.ChoiceField(
        label=_("Member type"),
        required=False,
        choices=[("", _("All member types")), *MemberType.choices],
        widget=PlainSelect,
    )
    language = forms.ModelChoiceField(
        label=_("Language"),
        required=False,
        queryset=Language.objects.order_by("name"),
        to_field_name="code",
        empty_label=_("All languages"),
        widget=PlainSelect,
    )
    theme = forms.ModelChoiceField(
        label=_("Expertise"),
        required=False,
        queryset=Theme.active().order_by("name"),
        to_field_name="slug",
        empty_label=_("All themes"),
        widget=PlainSelect,
    )
    advise = forms.BooleanField(label=_("Willing to advise"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The lists come from the cache (the queries and Django's copy of 250 countries per form
        # were most of the page's cost); the fields still validate against the database.
        flat_choices(self.fields["country"], _country_choices(str(_("All countries"))))
        lists = filter_choices()
        language, theme = self.fields["language"], self.fields["theme"]
        flat_choices(language, [("", language.empty_label), *lists["language"]], validate=False)  # type: ignore[attr-defined]
        flat_choices(theme, [("", theme.empty_label), *lists["theme"]], validate=False)  # type: ignore[attr-defined]
        theme.label_from_instance = lambda theme: theme.label  # type: ignore[attr-defined]

    def query(self) -> str:
        self.is_valid()
        return str(self.cleaned_data.get("q") or "")

    def filters(self) -> DirectoryFilters:
        """The valid filters; an invalid one is reported by the form and left out."""
        self.is_valid()
        data = self.cleaned_data
        language = data.get("language")
        theme = data.get("theme")
        return DirectoryFilters(
            region=data.get("network") or "",
            country=data.get("country") or "",
            member_type=data.get("member_type") or "",
            language=language.code if language else "",
            theme=theme.slug if theme else "",
            willing_to_advise=bool(data.get("advise")),
        )
