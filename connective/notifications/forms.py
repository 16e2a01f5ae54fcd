from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from connective.notifications.choices import DIGEST, Frequency
from connective.notifications.registry import notification_kinds


class PreferencesForm(forms.Form):
    """One choice per kind of notification (immediately, daily, weekly, off; a required kind
    without "off"), and how often the digest of what is new comes."""

    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in notification_kinds():
            choices = [(value, label) for value, label in Frequency.choices]
            if kind.required:
                choices = [c for c in choices if c[0] != Frequency.OFF]
            self.fields[kind.kind.value] = forms.ChoiceField(
                label=str(kind.label),
                choices=choices,
                widget=forms.RadioSelect,
                initial=current.get(kind.kind.value),
                help_text=_("Required: it concerns your membership, so it cannot be turned off.")
                if kind.required
                else "",
            )
        self.fields[DIGEST] = forms.ChoiceField(
            label=_("What is new in your networks (new practices on your themes)"),
            choices=[(value, name) for value, name in Frequency.choices if value != Frequency.IMMEDIATELY],
            widget=forms.RadioSelect,
            initial=current.get(DIGEST),
        )
