"""Forms of the programme pages. They parse input; the services check the rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from connective.members.models import Language
from connective.networks.choices import ProposalKind
from connective.networks.models import Proposal


def errors_from(form: forms.Form, error: Any) -> None:
    """Put a service's ValidationError on the fields it names (else on the whole form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you propose?"), choices=ProposalKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        help_text=_("What should happen, for whom, and why it matters to your city. Markdown is allowed."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    language = forms.ModelChoiceField(
        label=_("Language it is written in"), queryset=Language.objects.order_by("name"), empty_label=None
    )


class CommentForm(forms.Form):
    prefix = "comment"

    body = forms.CharField(
        label=_("Your comment"),
        help_text=_("Markdown is allowed."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AcceptForm(forms.Form):
    prefix = "accept"

    note = forms.CharField(
        label=_("A note for the author and supporters"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    became_url = forms.URLField(
        label=_("Link to what it became"),
        required=False,
        assume_scheme="https",
        help_text=_("The event, learning process or project, once it exists."),
    )
    became_title = forms.CharField(label=_("Its name"), required=False, max_length=200)


class OutcomeForm(forms.Form):
    prefix = "outcome"

    became_url = forms.URLField(
        label=_("Link to what it became"),
        required=False,
        assume_scheme="https",
        help_text=_("The event, learning process or project, once it exists."),
    )
    became_title = forms.CharField(label=_("Its name"), required=False, max_length=200)


class DeclineForm(forms.Form):
    prefix = "decline"

    reason = forms.CharField(
        label=_("Why is it declined?"),
        help_text=_("The author and the supporters read this."),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the proposal is declined: its author will read it.")},
    )


class MergeForm(forms.Form):
    prefix = "merge"

    into = forms.ChoiceField(
        label=_("Merge into"),
        choices=[],
        error_messages={"required": _("Choose the proposal to merge this one into.")},
    )

    def __init__(self, *args: Any, targets: Sequence[Proposal] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["into"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *((str(p.public_id), p.title) for p in targets)]


class HideCommentForm(forms.Form):
    prefix = "hide"

    reason = forms.CharField(
        label=_("Why is it hidden?"),
        max_length=2000,
        error_messages={"required": _("Say why the comment is hidden.")},
    )
