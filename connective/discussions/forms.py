"""Forms of the discussion pages: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from connective.discussions.choices import ReportOutcome, SubscriptionState

BODY_HELP = _(
    "Markdown works: **bold**, lists, links. Mention a member with @ and the handle from the "
    "address of their profile."
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files in one field (the services check each by its content)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf,image/*"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


FILES_HELP = _("PDF documents and images (PNG, JPEG, GIF, WebP), at most 10 MB each, five at most.")


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Your message"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
    )
    attachments = FilesField(label=_("Files and images"), help_text=FILES_HELP)


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6}), help_text=BODY_HELP
    )
    attachments = FilesField(label=_("Files and images"), help_text=FILES_HELP)


class EditForm(forms.Form):
    body = forms.CharField(
        label=_("Your post"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}), help_text=BODY_HELP
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The author is told this reason."),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this post?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the moderators of this space read your report."),
    )


class FollowForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Notifications"),
        choices=[("", _("Default")), *SubscriptionState.choices],
        required=False,
    )


MODERATION_ACTIONS = ("pin", "unpin", "lock", "unlock", "hide", "unhide", "move")


class ModerateForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in MODERATION_ACTIONS])
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False)
    space = forms.SlugField(label=_("Move to"), required=False)


class PostModerateForm(forms.Form):
    action = forms.ChoiceField(choices=[("hide", "hide"), ("unhide", "unhide")])
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False)


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=ReportOutcome.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason (told to the author if the post is hidden)"), max_length=2000, required=False
    )


def form_errors_from(form: forms.Form, error: Any) -> None:
    """Put a service's ValidationError on the form fields it names (else on the whole form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
