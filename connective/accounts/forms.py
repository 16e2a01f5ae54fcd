"""Forms of the accounts pages: accepting new legal documents, publishing a new version."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from connective.accounts.choices import LegalDocumentKind
from connective.accounts.models import LegalDocument


class AcceptDocumentsForm(forms.Form):
    """One required checkbox per outstanding document; remembers which versions it showed."""

    shown = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, documents: list[LegalDocument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.documents = documents
        self.fields["shown"].initial = versions_key(documents)
        for document in documents:
            self.fields[f"accept_{document.kind}"] = forms.BooleanField(
                required=True,
                label=_("I have read and accept “%(title)s” (version %(version)s).")
                % {"title": document.title, "version": document.version},
                error_messages={
                    "required": _("Please tick this box to accept “%(title)s”.") % {"title": document.title}
                },
            )

    def clean_shown(self) -> str:
        shown: str = self.cleaned_data["shown"]
        if shown != versions_key(self.documents):
            raise forms.ValidationError(
                _("A newer version was published while you were reading. Please read it and accept again.")
            )
        return shown


def versions_key(documents: list[LegalDocument]) -> str:
    return ",".join(f"{document.kind}:{document.version}" for document in documents)


class LegalDocumentPublishForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=LegalDocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_("Markdown: ## for headings, - for lists, **bold**."),
    )
    summary_of_changes = forms.CharField(
        label=_("Summary of changes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Members see this summary when they are asked to accept the new version."),
    )


class AccountDeleteForm(forms.Form):
    """Deleting an account asks for the password again (whoever left a session open cannot do
    it) and a tick that says what happens."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data are deleted for good."),
        error_messages={
            "required": _("Please tick this box to confirm that you want to delete your account.")
        },
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = str(self.cleaned_data.get("password", ""))
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password. Your account was not deleted."))
        return password
