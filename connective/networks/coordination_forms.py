"""Forms of the coordinators' pages: deciding a declaration and steering the network.

(The declaration of membership itself lives in forms.py.)
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from connective.networks.choices import ApprovalMode
from connective.networks.models import Network


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person reads this in the mail that tells them. Be kind and specific."),
        error_messages={"required": _("Please give a reason: the person reads it in the mail.")},
    )


def _other_languages() -> list[tuple[str, Any]]:
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class NetworkEditForm(forms.Form):
    description = forms.CharField(
        label=_("Description in English"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Markdown. Shown to everyone on the network's page."),
    )
    contact_email = forms.EmailField(
        label=_("Contact address of the coordinators"),
        required=False,
        help_text=_("A role address (such as mena@…), never a personal one: it is public."),
    )
    approval_mode = forms.ChoiceField(label=_("New declarations"), choices=ApprovalMode.choices)

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        initial = {
            "description": network.description,
            "contact_email": network.contact_email,
            "approval_mode": network.approval_mode,
        }
        self.languages = _other_languages()
        for code, _name in self.languages:
            initial[f"description_{code}"] = network.description_translations.get(code, "")
        kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        for code, name in self.languages:
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description in %(language)s") % {"language": name},
                widget=forms.Textarea(attrs={"rows": 6, "lang": code, "dir": "auto"}),
                required=False,
            )

    def description_translations(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"description_{code}", "").strip() for code, _name in self.languages
        }
