from django.db import models
from django.utils.translation import gettext_lazy as _

from connective.core.events import EventKind


class LegalDocumentKind(models.TextChoices):
    GUIDELINES = "guidelines", _("Network guidelines")
    PRIVACY = "privacy", _("Privacy notice")


class ConsentSubject(models.TextChoices):
    """What a member agreed to, or withdrew from."""

    GUIDELINES = "guidelines", _("Network guidelines")
    PRIVACY = "privacy", _("Privacy notice (EU GDPR)")
    ADVISE = "advise", _("Willing to advise peers")


class ConsentAction(models.TextChoices):
    GIVEN = "given", _("given")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ConsentMethod(models.TextChoices):
    """How the consent was expressed."""

    SIGNUP = "signup", _("declaration of membership")
    LOGIN = "login", _("accepted a new version at login")
    PROFILE = "profile", _("changed in the profile")
    IMPORT = "import", _("carried over from an imported member list")
    ADMIN = "admin", _("recorded by staff")
    ACCOUNT_DELETED = "account_deleted", _("ended with the account")


class Role(models.TextChoices):
    VISITOR = "visitor", _("Visitor")
    MEMBER = "member", _("Member")
    COORDINATOR = "coordinator", _("Regional coordinator")
    STAFF = "staff", _("Programme staff")


class AccountEvent(EventKind):
    """What happens to an account and the legal documents members accept."""

    USER_PREFERENCES_UPDATED = "user.preferences_updated"
    LEGAL_DOCUMENT_PUBLISHED = "legal_document.published"
    EMAIL_VERIFIED_BY_PASSWORD_RESET = "email.verified_by_password_reset"  # noqa: S105  # an event, not a secret
    ACCOUNT_DELETED = "account.deleted"
    INACTIVITY_WARNED = "account.inactivity_warned"
