"""Forms of the conversation pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from connective.conversations.choices import MessagePolicy
from connective.discussions.forms import BODY_HELP, FILES_HELP, FilesField


class MessageForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=120,
        required=False,
        help_text=_("Optional: the start of your message when left empty."),
    )
    body = forms.CharField(
        label=_("Your message"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=BODY_HELP,
    )
    attachments = FilesField(label=_("Files and images"), help_text=FILES_HELP)


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=BODY_HELP,
    )
    attachments = FilesField(label=_("Files and images"), help_text=FILES_HELP)


class PolicyForm(forms.Form):
    accepts = forms.ChoiceField(
        label=_("Accept direct messages from"), choices=MessagePolicy.choices, widget=forms.RadioSelect
    )


class QuestionForm(forms.Form):
    body = forms.CharField(
        label=_("Your question"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=BODY_HELP,
    )
