"""What the accounts app keeps about a person, declared to the registry (`core.personal_data`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from connective.core.personal_data import (
    Erasure,
    Part,
    Rows,
    keep_under_pseudonym,
    register,
    register_covered,
)


def _account(user: Any) -> Rows:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    return [
        {
            "email": user.email,
            "full_name": user.full_name,
            "preferred_language": user.preferred_language,
            "time_zone": user.time_zone,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "programme_staff": user.is_staff,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("email")
            ],
            # Which second factors are set up, never their secrets.
            "second_factors": [
                {"type": authenticator.type, "created_at": authenticator.created_at}
                for authenticator in Authenticator.objects.filter(user=user).order_by("created_at")
            ],
        }
    ]


def _account_erase(user: Any) -> int:
    from connective.accounts.services import account_pseudonymise

    account_pseudonymise(user=user)
    return 1


def _consents(user: Any) -> Rows:
    from connective.accounts.models import ConsentRecord

    return [
        {
            "subject": record.get_subject_display(),
            "action": record.get_action_display(),
            "version": record.version,
            "method": record.get_method_display(),
            "at": record.at,
        }
        for record in ConsentRecord.objects.filter(user=user).order_by("at", "id")
    ]


def register_parts() -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib.admin.models import LogEntry
    from django.contrib.sessions.models import Session

    from connective.accounts.models import ConsentRecord, LegalDocument, User

    def consents_kept() -> str:
        years = settings.CONSENT_RETENTION_DAYS // 365
        return ngettext(
            "%(years)s year after your membership ends, under a pseudonym, then deleted",
            "%(years)s years after your membership ends, under a pseudonym, then deleted",
            years,
        ) % {"years": years}

    register(
        Part(
            name="account",
            models=(User, EmailAddress, Authenticator, Session),
            what=_(
                "Your account: name, email addresses, language, time zone, when you joined and last signed in"
            ),
            why=_("To let you sign in and to write to you in your language"),
            kept=_("While you are a member; erased when you delete your account"),
            seen_by=_("You; programme staff"),
            erasure=Erasure.DELETE,
            export=_account,
            erase=_account_erase,
            order=100,
        )
    )
    register(
        Part(
            name="consents",
            models=(ConsentRecord,),
            what=_(
                "Your consent records: which version of the guidelines and privacy notice you accepted, and when you gave or withdrew your willingness to advise"
            ),
            why=_("To be able to show what was agreed (legitimate interest)"),
            kept=lazy(consents_kept, str)(),
            seen_by=_("You; programme staff"),
            erasure=Erasure.RETAIN,
            export=_consents,
            erase=keep_under_pseudonym,
            order=10,
        )
    )
    register_covered(
        LegalDocument, reason="the staff member who published a version: kept under the pseudonym"
    )
    register_covered(
        LogEntry, reason="the admin's history: the account part renames entries about the person"
    )
