"""Forms of the consultation pages: they parse input; the services decide."""

from __future__ import annotations

import datetime
import uuid
import zoneinfo
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from connective.consultations.choices import RequestVisibility, ServiceStatus, SupportKind, Urgency
from connective.consultations.services import RequestData
from connective.core.fields import ModelMultipleChoiceField
from connective.core.models import Theme
from connective.core.pickers import PickerCheckboxes, PickerSelect, PickerSelectMultiple
from connective.members.forms import use_pickers
from connective.members.models import Language, MemberProfile
from connective.members.roles import VISITOR, Viewer
from connective.members.selectors import member_profile_by_reference


class ThemeCheckboxes(PickerCheckboxes):
    """Theme checkboxes whose ids name the theme (`id_themes_water-supply`), so that a theme
    suggested from the request's text can be a label for its box: one click ticks it, no script
    (the picker script follows the box's change). `use_pickers` gives them the themes."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, search_label=_("Search themes"), summary=_("Choose themes"))


def _advises(profile: MemberProfile) -> bool:
    """Approved, willing to advise and active: a peer one may ask (the service checks again)."""
    return profile.is_approved and profile.willing_to_advise and profile.user.is_active


class RequestForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("One line: what do you need advice on?")
    )
    description = forms.CharField(
        label=_("Your challenge or project idea"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What is the situation in your city, and what would you like to achieve? Markdown works."
        ),
    )
    what_was_tried = forms.CharField(
        label=_("What you have tried so far"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    city = forms.CharField(label=_("City"), max_length=120)
    country = CountryField().formfield(
        label=_("Country"), widget=PickerSelect(search_label=_("Search countries"))
    )
    support_kind = forms.ChoiceField(
        label=_("What kind of support"),
        choices=SupportKind.choices,
        initial=SupportKind.PEER_ADVICE,
        help_text=_("Financing advice, studies and collections of good practices go to the coordinators."),
    )
    themes = ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.active(), required=False, widget=ThemeCheckboxes
    )
    languages = ModelMultipleChoiceField(
        label=_("Languages you can work in"),
        queryset=Language.objects.all(),
        widget=PickerSelectMultiple(search_label=_("Search languages")),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    visibility = forms.ChoiceField(
        label=_("Who may see this request"),
        choices=RequestVisibility.choices,
        initial=RequestVisibility.CONFIDENTIAL,
        widget=forms.RadioSelect,
        help_text=_("Messages and files of the consultation are only ever seen by its participants."),
    )
    ask_coordinators = forms.BooleanField(
        label=_("Ask the coordinators of my network to help find advisors"), required=False
    )
    # "Ask for advice" on a profile or a practice's contacts: the peer invited with the request.
    advisor = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, viewer: Viewer = VISITOR, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Who asks: the peer to ask is looked for only among the members they may see.
        self.viewer = viewer
        self.put_first(region="", accept_language="")

    def put_first(self, *, region: str, accept_language: str) -> None:
        """Put the likely choices first in the lists: the countries of the member's `region`,
        the browser's languages (`accept_language`, its header) and the region's, the most
        used themes. Lists are only built when the form is shown."""
        use_pickers(self, region=region, accept_language=accept_language)

    def clean_advisor(self) -> MemberProfile | None:
        slug = self.cleaned_data.get("advisor")
        if slug is None:
            return None
        profile = member_profile_by_reference(viewer=self.viewer, reference=str(slug))
        # One answer for an unknown address and a member who does not advise (now): the form
        # tells nothing about who exists.
        if profile is None or not _advises(profile):
            raise forms.ValidationError(_("This member does not advise peers at the moment."))
        return profile

    def asked(self) -> MemberProfile | None:
        """The peer this request will be sent to ("Ask for advice"), when they advise peers."""
        value = self.data.get("advisor") if self.is_bound else self.initial.get("advisor")
        try:
            slug = uuid.UUID(str(value))
        except ValueError:
            return None
        profile = member_profile_by_reference(viewer=self.viewer, reference=str(slug))
        return profile if profile is not None and _advises(profile) else None

    def to_data(self) -> RequestData:
        data = self.cleaned_data
        return RequestData(
            title=data["title"],
            description=data["description"],
            what_was_tried=data["what_was_tried"],
            city=data["city"],
            country=data["country"],
            support_kind=data["support_kind"],
            themes=list(data["themes"]),
            languages=list(data["languages"]),
            urgency=data["urgency"],
            visibility=data["visibility"],
            ask_coordinators=data["ask_coordinators"],
            advisor=data.get("advisor"),
        )


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Who may see this request"), choices=RequestVisibility.choices, widget=forms.RadioSelect
    )


class InviteForm(forms.Form):
    advisor = forms.CharField(
        label=_("Advisor's email address"),
        max_length=254,
        help_text=_(
            "A member willing to advise peers whose address you can see in the directory; or invite "
            "them from the suggestions."
        ),
    )


class DeclineForm(forms.Form):
    decline_reason = forms.CharField(
        label=_("Why you decline"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    hide_reason = forms.BooleanField(
        label=_("Keep the reason from the requester (the coordinators still see it)"), required=False
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the participants of this consultation read it. Markdown works."),
    )


class FileForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A PDF, an image or an office document, at most 10 MB."),
    )


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("In your time zone."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=480, initial=60
    )
    room_url = forms.URLField(
        label=_("Link to the online room"), max_length=500, required=False, assume_scheme="https"
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def clean_starts_at(self) -> datetime.datetime:
        value: datetime.datetime = self.cleaned_data["starts_at"]
        if timezone.is_naive(value):
            value = timezone.make_aware(value, zoneinfo.ZoneInfo(timezone.get_current_timezone_name()))
        return value


class CloseForm(forms.Form):
    outcome_advice = forms.CharField(
        label=_("What was advised"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    outcome_next_steps = forms.CharField(
        label=_("What your city will do"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How helpful was this consultation?"),
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("5 is the most helpful."),
    )
    comment = forms.CharField(
        label=_("Comment"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ServiceStatusForm(forms.Form):
    service_status = forms.ChoiceField(
        label=_("Status of the service request"), choices=ServiceStatus.choices
    )


def form_errors_from(form: forms.Form, error: Any) -> None:
    """Put a service's ValidationError on the form fields it names (else on the whole form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
