"""Forms of the shared kernel: the staff pages that keep the theme taxonomy."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from connective.core.models import Theme

# The languages a theme is named in besides English (the reference name).
THEME_LANGUAGES: list[tuple[str, Any]] = [
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("pt", _("Portuguese")),
    ("de", _("German")),
]


class ThemeCreateForm(forms.Form):
    name = forms.CharField(label=_("Name in English"), max_length=120)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, language in THEME_LANGUAGES:
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Name in %(language)s") % {"language": language}, max_length=120, required=False
            )

    def translations(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"name_{code}", "") for code, _language in THEME_LANGUAGES}


class ThemeMergeForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Merge this theme"),
        queryset=Theme.objects.none(),
        to_field_name="slug",
        help_text=_("Everything tagged with it will be tagged with the theme below."),
    )
    target = forms.ModelChoiceField(
        label=_("into this theme"), queryset=Theme.objects.none(), to_field_name="slug"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        active = Theme.active().order_by("name")
        self.fields["source"].queryset = active  # type: ignore[attr-defined]
        self.fields["target"].queryset = active  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") and data.get("source") == data.get("target"):
            raise forms.ValidationError(_("Choose two different themes."))
        return data
