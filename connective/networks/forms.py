"""The declaration of membership (django-allauth's sign-up form is built on it).

allauth adds the email and password fields to this form and calls `signup()` once the account
exists. The form remembers which versions of the guidelines and privacy notice it showed (hidden
fields), so that an acceptance is never recorded for a version the person did not see.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from connective.accounts.models import LegalDocument, User
from connective.accounts.selectors import legal_documents_current
from connective.core.fields import ModelMultipleChoiceField
from connective.core.models import Theme
from connective.core.pickers import PickerSelect, PickerSelectMultiple, accepted_region
from connective.members.choices import MemberType
from connective.members.forms import use_pickers
from connective.members.models import Language
from connective.members.services import ProfileData
from connective.networks.services import membership_declare


class DeclarationForm(forms.Form):
    field_order = [
        "email",
        "password1",
        "password2",
        "full_name",
        "preferred_language",
        "member_type",
        "organisation",
        "position",
        "city",
        "country",
        "languages",
        "expertise",
        "bio",
        "willing_to_advise",
        "accept_guidelines",
        "accept_privacy",
    ]

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("As you would like other members to see it."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for pages and emails"), choices=settings.LANGUAGES
    )
    member_type = forms.ChoiceField(
        label=_("I work for"),
        choices=MemberType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please say what kind of organisation you work for.")},
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_("For example: Greater Amman Municipality."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    position = forms.CharField(
        label=_("Position"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    city = forms.CharField(label=_("City"), max_length=120)
    country = forms.ChoiceField(
        label=_("Country"),
        help_text=_("Your country decides which regional network you join."),
        error_messages={"required": _("Please choose the country of your city.")},
        widget=PickerSelect(search_label=_("Search countries")),
    )
    languages = ModelMultipleChoiceField(
        label=_("Languages you can work in"),
        queryset=Language.objects.all(),
        widget=PickerSelectMultiple(search_label=_("Search languages")),
        error_messages={"required": _("Please tick at least one language you can work in.")},
    )
    expertise = ModelMultipleChoiceField(
        label=_("Your expertise"),
        queryset=Theme.active(),
        required=False,
        widget=PickerSelectMultiple(search_label=_("Search themes")),
        help_text=_("The themes you have experience in and could share with peers."),
    )
    bio = forms.CharField(
        label=_("Short bio"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences on your work. You choose later who may read it."),
    )
    willing_to_advise = forms.BooleanField(
        label=_("I am willing to advise peers, free of charge"),
        required=False,
        help_text=_(
            "Members looking for advice on a theme of your expertise may then be matched with you. "
            "This is optional and you can withdraw it at any time in your profile."
        ),
    )
    accept_guidelines = forms.BooleanField(
        label=_("I have read and accept the network guidelines"),
        error_messages={"required": _("To become a member, please accept the network guidelines.")},
    )
    accept_privacy = forms.BooleanField(
        label=_("I have read the privacy notice and agree to my data being processed as it describes"),
        error_messages={"required": _("To become a member, please accept the privacy notice.")},
    )
    guidelines_version = forms.IntegerField(widget=forms.HiddenInput)
    privacy_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, accept_language: str = "", **kwargs: Any) -> None:
        """`accept_language`, the browser's header, puts its languages first (and, when it names
        a country, as in `ar-JO`, that country's region's countries and languages)."""
        super().__init__(*args, **kwargs)
        use_pickers(self, region=accepted_region(accept_language), accept_language=accept_language)
        self.fields["preferred_language"].initial = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        self.current_documents = {doc.kind: doc for doc in legal_documents_current()}
        for kind in ("guidelines", "privacy"):
            document = self.current_documents.get(kind)
            if document is None:
                continue
            self.fields[f"{kind}_version"].initial = document.version
            self.fields[f"accept_{kind}"].help_text = format_html(
                '<a href="{}" target="_blank" rel="noopener">{}</a>',
                reverse("accounts:legal_document", args=[kind]) + f"?version={document.version}",
                _("Read “%(title)s”, version %(version)s (opens in a new tab)")
                % {"title": document.title, "version": document.version},
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for kind, label in (("guidelines", _("network guidelines")), ("privacy", _("privacy notice"))):
            shown = cleaned.get(f"{kind}_version")
            current = self.current_documents.get(kind)
            if current is not None and shown is not None and shown != current.version:
                self.add_error(
                    f"accept_{kind}",
                    _(
                        "A new version of the %(document)s was published while you were filling in the "
                        "form. Please read version %(version)s and tick the box again."
                    )
                    % {"document": label, "version": current.version},
                )
                # The box must be ticked again, for the version now shown.
                data = QueryDict(mutable=True)
                data.update(self.data)
                data[f"{kind}_version"] = str(current.version)
                data.pop(f"accept_{kind}", None)
                self.data = data
        return cleaned

    @property
    def accepted_documents(self) -> list[LegalDocument]:
        return list(self.current_documents.values())

    def signup(self, request: HttpRequest, user: User) -> None:
        """Called by allauth once the account is saved: record the declaration of membership."""
        data = self.cleaned_data
        user.full_name = data["full_name"].strip()
        user.preferred_language = data["preferred_language"]
        user.save(update_fields=["full_name", "preferred_language"])
        membership_declare(
            user=user,
            data=ProfileData(
                member_type=data["member_type"],
                organisation=data["organisation"].strip(),
                position=data["position"].strip(),
                city=data["city"].strip(),
                country=data["country"],
                bio=data["bio"].strip(),
                languages=data["languages"],
                expertise=data["expertise"],
            ),
            willing_to_advise=data["willing_to_advise"],
            documents=self.accepted_documents,
        )
