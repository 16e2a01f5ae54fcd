"""Members: the profile behind a declaration of membership, and the languages they speak."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from connective.core.models import Theme, TimeStampedModel
from connective.core.regions import Region
from connective.members.choices import MembershipStatus, MemberType, Visibility
from connective.members.language_names import language_label


class Language(models.Model):
    """A language members can work in (ISO 639-1 code), named in itself and in English."""

    code = models.CharField(max_length=8, primary_key=True)
    name = models.CharField(max_length=60)
    native_name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        """The name in the reader's language, then in itself: "Árabe (العربية)", "Português"."""
        label = self.label
        return label if label.casefold() == self.native_name.casefold() else f"{label} ({self.native_name})"

    @property
    def label(self) -> str:
        """The language's name in the active language (`name` is the English one)."""
        return language_label(self.code, self.name)


# The profile fields whose visibility a member chooses; name, member type, country, languages,
# expertise and willingness to advise are what membership means and are seen by all members.
PRIVATE_FIELDS = ("email", "organisation", "position", "city", "bio")


class MemberProfile(TimeStampedModel):
    """What a member declared about themselves when joining, and keeps up to date.

    The profile exists from the declaration of membership on; `status` says whether a
    coordinator has approved it. `region` is derived from `country` by the region table and
    stored so that the directory can filter on it with an index. `willing_to_advise` mirrors
    the member's newest consent record for advising; only the services change it.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    slug = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    member_type = models.CharField(_("member type"), max_length=20, choices=MemberType.choices)
    organisation = models.CharField(_("organisation"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=120)
    country = CountryField(_("country"))
    region = models.CharField(max_length=20, choices=Region.choices, db_index=True, editable=False)
    languages = models.ManyToManyField(Language, related_name="speakers", verbose_name=_("languages spoken"))
    expertise = models.ManyToManyField(Theme, blank=True, related_name="experts", verbose_name=_("expertise"))
    bio = models.TextField(_("short bio"), max_length=2000, blank=True)
    willing_to_advise = models.BooleanField(_("willing to advise peers"), default=False)

    status = models.CharField(
        max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.TextField(blank=True)
    imported_from = models.CharField(max_length=200, blank=True)

    email_visibility = models.PositiveSmallIntegerField(
        choices=Visibility.choices, default=Visibility.NETWORK
    )
    organisation_visibility = models.PositiveSmallIntegerField(
        choices=Visibility.choices, default=Visibility.MEMBERS
    )
    position_visibility = models.PositiveSmallIntegerField(
        choices=Visibility.choices, default=Visibility.MEMBERS
    )
    city_visibility = models.PositiveSmallIntegerField(choices=Visibility.choices, default=Visibility.MEMBERS)
    bio_visibility = models.PositiveSmallIntegerField(choices=Visibility.choices, default=Visibility.MEMBERS)

    class Meta:
        indexes = [
            # Covers the networks' public figures (counts by country, expertise joined by id).
            models.Index(fields=["status", "region", "country", "id"], name="members_status_region_country"),
            models.Index(fields=["status", "country"]),
            models.Index(fields=["status", "member_type"]),
            models.Index(fields=["status", "willing_to_advise"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.city}, {self.country.code})"

    @property
    def is_approved(self) -> bool:
        return self.status == MembershipStatus.APPROVED
