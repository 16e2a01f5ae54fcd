"""People who have an account, what they consented to, and who coordinates which region."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from connective.accounts.choices import ConsentAction, ConsentMethod, ConsentSubject, LegalDocumentKind


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Someone who can sign in: a member, a regional coordinator or programme staff.

    The email address is the login. `public_id` is what URLs show; the sequential id never
    leaves the database. Language and time zone are the member's own preferences, used for
    every page and every email they get.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, db_index=True)
    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    is_staff = models.BooleanField(_("programme staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Set when the person deleted their account (or retention anonymised it): the row stays as
    # their pseudonym, "Former member <pseudonym>", which their kept contributions point at.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    pseudonym = models.PositiveIntegerField(null=True, blank=True, unique=True, editable=False)
    # When retention last warned them that their inactive account will be anonymised.
    inactivity_warned_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def display_name(self) -> str:
        """The name to show beside what this person wrote: theirs, or after deleting the
        account their pseudonym, in the reader's language."""
        if self.erased_at is not None:
            return gettext("Former member %(number)s") % {"number": self.pseudonym}
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.display_name if self.erased_at is not None else self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class LegalDocument(models.Model):
    """A published version of the network guidelines or of the privacy notice.

    Staff publish a new version instead of editing an old one: what a member accepted must stay
    readable as they saw it. The newest published version of a kind is the current one.
    """

    kind = models.CharField(max_length=20, choices=LegalDocumentKind.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(help_text=_("Markdown"))
    summary_of_changes = models.TextField(blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="legal_document_kind_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class AppendOnlyError(Exception):
    """Consent records are never changed or deleted: a withdrawal is a new record."""


class ConsentRecord(models.Model):
    """One acceptance or withdrawal: what, which version, when, how.

    Append-only. A member's current state for a subject is their newest record for it.
    Records outlive the account (the privacy notice keeps them three years after membership
    ends): deleting a user row is refused while it has records (PROTECT; a cascade would not
    run `delete()` below). Deleting an account pseudonymises the user row instead, and the
    retention run purges records past their period.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="consents")
    subject = models.CharField(max_length=20, choices=ConsentSubject.choices)
    action = models.CharField(max_length=20, choices=ConsentAction.choices)
    document = models.ForeignKey(
        LegalDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="consents"
    )
    version = models.PositiveIntegerField(null=True, blank=True)
    method = models.CharField(max_length=20, choices=ConsentMethod.choices)
    at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "subject", "-at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.subject} {self.action} v{self.version} {self.at:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("consent records cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("consent records cannot be deleted")
