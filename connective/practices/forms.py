"""Forms of the practice pages. They parse input into `PracticeData`; the services check the rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from connective.core.fields import ModelMultipleChoiceField
from connective.core.models import Theme
from connective.members.models import Language
from connective.practices.models import SustainableDevelopmentGoal
from connective.practices.services import ATTACHMENT_MAX_BYTES, PracticeData


def _textarea(label: Any, help_text: Any = "", required: bool = False, rows: int = 6) -> forms.CharField:
    return forms.CharField(
        label=label, help_text=help_text, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


def _emails(value: str) -> list[str]:
    return [item.strip() for item in value.replace(",", "\n").splitlines() if item.strip()]


class PracticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = _textarea(
        _("Summary"), _("Two or three sentences a busy colleague can read on a phone."), required=True, rows=3
    )
    challenge = _textarea(_("The challenge"), _("What problem did the city face? Markdown is allowed."))
    approach = _textarea(_("The approach"), _("What did you do, with whom, in which steps?"))
    results = _textarea(_("Results and evidence of impact"))
    lessons_learned = _textarea(_("Lessons learned"))
    transfer_conditions = _textarea(
        _("Conditions for transfer"), _("What would another city need to do the same?")
    )
    costs_and_financing = _textarea(_("Costs and financing"), rows=3)
    partners = _textarea(_("Partners"), rows=3)
    period_start = forms.IntegerField(label=_("From (year)"), required=False, min_value=1950, max_value=2100)
    period_end = forms.IntegerField(label=_("Until (year)"), required=False, min_value=1950, max_value=2100)
    city = forms.CharField(label=_("City"), max_length=120)
    country = forms.ChoiceField(label=_("Country"), choices=[])
    language = forms.ModelChoiceField(
        label=_("Language it is written in"), queryset=Language.objects.order_by("name"), empty_label=None
    )
    themes = ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    sdgs = ModelMultipleChoiceField(
        label=_("Sustainable Development Goals"),
        queryset=SustainableDevelopmentGoal.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    links = _textarea(
        _("Links"),
        _("One per line: a title, a vertical bar, the address. Example: Report | https://…"),
        rows=3,
    )
    co_authors = _textarea(
        _("Co-authors"),
        _("Email addresses of other members who write this practice with you, one per line."),
        rows=2,
    )
    contacts = _textarea(
        _("Who to ask"),
        _("Email addresses of the members others may ask about this practice, one per line. "
          "Leave empty to be the contact yourself. Only members see them."),
        rows=2,
    )  # fmt: skip

    def __init__(
        self,
        *args: Any,
        unseen_co_authors: Sequence[tuple[int, str]] = (),
        unseen_contacts: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        """`unseen_co_authors` / `unseen_contacts`: the people already named on the practice whose
        address the editor may not see, as (id, name). They are kept by a tick next to their name;
        their addresses never reach the page."""
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *countries]  # type: ignore[attr-defined]
        self.fields["themes"].queryset = Theme.active().order_by("name")  # type: ignore[attr-defined]
        for name, people, label in (
            ("keep_co_authors", unseen_co_authors, _("Also co-authors")),
            ("keep_contacts", unseen_contacts, _("Also to ask")),
        ):
            if people:
                self.fields[name] = forms.TypedMultipleChoiceField(
                    label=label,
                    help_text=_("Their addresses are not shown to you. Untick a name to take them off."),
                    choices=[(str(pk), person) for pk, person in people],
                    coerce=int,
                    required=False,
                    initial=[str(pk) for pk, _person in people],
                    widget=forms.CheckboxSelectMultiple,
                )
        # Order: each tick list right after the field it completes.
        order = list(self.fields)
        for name, after in (("keep_co_authors", "co_authors"), ("keep_contacts", "contacts")):
            if name in order:
                order.remove(name)
                order.insert(order.index(after) + 1, name)
        self.order_fields(order)

    @staticmethod
    def initial_for(data: PracticeData, *, co_authors: list[str], contacts: list[str]) -> dict[str, Any]:
        """The form's initial values for an existing practice (or its open edit)."""
        initial: dict[str, Any] = {name: getattr(data, name) for name in PracticeData.__dataclass_fields__}
        initial["themes"] = data.theme_ids
        initial["sdgs"] = data.sdg_numbers
        initial["links"] = "\n".join(
            f"{link.get('title', '')} | {link.get('url', '')}" for link in data.links
        )
        initial["co_authors"] = "\n".join(co_authors)
        initial["contacts"] = "\n".join(contacts)
        return initial

    def clean_links(self) -> list[dict[str, str]]:
        links = []
        for position, line in enumerate(self.cleaned_data.get("links", "").splitlines(), start=1):
            if not line.strip():
                continue
            title, bar, url = line.rpartition("|")
            if not bar:
                title, url = "", line
            url = url.strip()
            if not url.startswith(("http://", "https://")):
                raise forms.ValidationError(
                    _("Line %(n)s does not end with a web address (http:// or https://)."),
                    params={"n": position},
                )
            links.append({"title": title.strip() or url, "url": url})
        return links

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The practice cannot end before it started."))
        return data

    def to_data(self) -> PracticeData:
        data = self.cleaned_data
        return PracticeData(
            title=data["title"],
            summary=data["summary"],
            challenge=data["challenge"],
            approach=data["approach"],
            results=data["results"],
            lessons_learned=data["lessons_learned"],
            transfer_conditions=data["transfer_conditions"],
            costs_and_financing=data["costs_and_financing"],
            partners=data["partners"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            city=data["city"],
            country=data["country"],
            language=data["language"].code,
            themes=list(data["themes"]),
            sdgs=[goal.number for goal in data["sdgs"]],
            links=data["links"],
        )

    def co_author_emails(self) -> list[str]:
        return _emails(self.cleaned_data.get("co_authors", ""))

    def contact_emails(self) -> list[str]:
        return _emails(self.cleaned_data.get("contacts", ""))

    def kept_co_authors(self) -> list[int]:
        """The ids of the unseen co-authors left ticked (users)."""
        return list(self.cleaned_data.get("keep_co_authors") or [])

    def kept_contacts(self) -> list[int]:
        """The ids of the unseen contacts left ticked (member profiles)."""
        return list(self.cleaned_data.get("keep_contacts") or [])


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the authors"),
        help_text=_("Required when asking for changes or declining: say what should change, or why."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A PDF document or an image (PNG, JPEG, GIF, WebP), at most 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/png,image/jpeg,image/gif,image/webp"}
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
