"""Forms of newsletters: writing an issue, confirming its sending."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from connective.members.roles import Viewer
from connective.newsletters.access import composer_networks
from connective.newsletters.services import IssueData


class IssueForm(forms.Form):
    network = forms.ModelChoiceField(
        label=_("Network"), queryset=composer_networks(Viewer()), to_field_name="slug"
    )
    language = forms.ChoiceField(label=_("Language of the issue"), choices=settings.LANGUAGES)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("The newsletter"),
        widget=forms.Textarea(attrs={"rows": 18}),
        max_length=50000,
        help_text=_(
            "Markdown. Public in the archive once sent; it starts with what happened since the last issue."
        ),
    )
    members_body = forms.CharField(
        label=_("For members only"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=50000,
        required=False,
        help_text=_("Markdown. Sent to members and shown to them in the archive, never to visitors."),
    )

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["network"]
        field.queryset = composer_networks(viewer)  # type: ignore[attr-defined]
        if viewer.is_staff:
            field.required = False
            field.empty_label = _("All networks")  # type: ignore[attr-defined]

    def data_for_service(self) -> IssueData:
        data = self.cleaned_data
        return IssueData(
            network=data.get("network"),
            subject=data["subject"],
            body=data["body"],
            language=data["language"],
            members_body=data.get("members_body", ""),
        )


class SendForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have read the preview and want to send this newsletter now."),
        error_messages={"required": _("Tick the box to confirm that the newsletter should go out now.")},
    )
