"""The draft a requester is typing, as the live suggestions read it (the request form's fields)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from connective.core.fields import ModelMultipleChoiceField
from connective.core.models import Theme
from connective.members.models import Language


class DraftForm(forms.Form):
    """Everything optional: suggestions follow whatever has been typed so far. Field names are
    the request form's, so its own fields can be posted here as they are."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    description = forms.CharField(label=_("Your challenge or project idea"), max_length=10000, required=False)
    what_was_tried = forms.CharField(label=_("What you have tried so far"), max_length=5000, required=False)
    themes = ModelMultipleChoiceField(label=_("Themes"), queryset=Theme.active(), required=False)
    languages = ModelMultipleChoiceField(
        label=_("Languages you can work in"), queryset=Language.objects.all(), required=False
    )
