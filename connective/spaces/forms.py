"""The form of a new section."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from connective.spaces.choices import SpaceAccess
from connective.spaces.models import Space
from connective.spaces.services import DESCRIPTION_MAX, NAME_MAX

ACROSS_NETWORKS = "all"


class SectionForm(forms.Form):
    network = forms.ChoiceField(
        label=_("Network"),
        error_messages={"invalid_choice": _("Please choose one of the networks offered.")},
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX,
        error_messages={"required": _("Please give the section a name.")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown. Everyone sees it, even on a closed section's page: what the section is for."),
    )
    access = forms.ChoiceField(
        label=_("Who joins"),
        choices=SpaceAccess.choices,
        initial=SpaceAccess.OPEN,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, networks: list[Space], across: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.networks = {space.slug: space for space in networks}
        choices: list[tuple[str, Any]] = [(space.slug, space.label) for space in networks]
        if across:
            choices.append((ACROSS_NETWORKS, _("All networks (a section across networks)")))
        field = self.fields["network"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def network_space(self) -> Space | None:
        """The chosen network's space, or None for a section across networks."""
        return self.networks.get(self.cleaned_data["network"])
