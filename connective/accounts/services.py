"""Writes about accounts: consent records and the versioned legal documents."""

from __future__ import annotations

import datetime
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from connective.accounts.choices import (
    AccountEvent,
    ConsentAction,
    ConsentMethod,
    ConsentSubject,
    LegalDocumentKind,
)
from connective.accounts.models import ConsentRecord, LegalDocument, User
from connective.core.errors import NotAllowed
from connective.core.events import record_event


def consent_record(
    *,
    user: User,
    subject: ConsentSubject,
    action: ConsentAction,
    method: ConsentMethod,
    document: LegalDocument | None = None,
    recorded_by: User | None = None,
) -> ConsentRecord:
    """Append one consent record. Guidelines and privacy consents name the document version."""
    if subject in (ConsentSubject.GUIDELINES, ConsentSubject.PRIVACY) and document is None:
        raise ValueError(f"a {subject} consent must name the document version")
    return ConsentRecord.objects.create(
        user=user,
        subject=subject,
        action=action,
        method=method,
        document=document,
        version=document.version if document else None,
        recorded_by=recorded_by,
        at=timezone.now(),
    )


def legal_documents_accept(*, user: User, documents: list[LegalDocument], method: ConsentMethod) -> None:
    """Record that `user` accepted each of `documents` (the current versions shown to them)."""
    with transaction.atomic():
        for document in documents:
            consent_record(
                user=user,
                subject=ConsentSubject(document.kind),
                action=ConsentAction.GIVEN,
                method=method,
                document=document,
            )


@transaction.atomic
def legal_document_publish(
    *, actor: User, kind: LegalDocumentKind, title: str, body: str, summary_of_changes: str = ""
) -> LegalDocument:
    """Publish the next version of the guidelines or privacy notice.

    From this moment every member must accept it at their next request before going on.
    """
    latest = LegalDocument.objects.select_for_update().filter(kind=kind).order_by("-version").first()
    document = LegalDocument.objects.create(
        kind=kind,
        version=(latest.version + 1) if latest else 1,
        title=title,
        body=body,
        summary_of_changes=summary_of_changes,
        published_by=actor,
    )
    record_event(
        actor=actor,
        kind=AccountEvent.LEGAL_DOCUMENT_PUBLISHED,
        target=document,
        document_kind=kind,
        version=document.version,
    )
    return document


@transaction.atomic
def email_verified_by_password_reset(*, user: User) -> int:
    """Mark `user`'s login address verified: following a reset link sent to it proves it is theirs.

    Members imported from an earlier list start with an unverified address and no usable
    password; setting their password through the reset mail is how they confirm both.
    Returns the number of addresses newly marked verified.
    """
    from allauth.account.models import EmailAddress

    addresses = EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=False)
    count = 0
    for address in addresses:
        address.verified = True
        address.save(update_fields=["verified"])
        record_event(actor=user, kind=AccountEvent.EMAIL_VERIFIED_BY_PASSWORD_RESET, target=user)
        count += 1
    return count


# -- sessions and deletion -----------------------------------------------------------------


def sessions_end(*, user: User, keep_session_key: str | None = None) -> int:
    """End every stored session of `user` except `keep_session_key`; returns how many.

    Sessions are stored by key, not by user, so each live one is read (this runs on a password
    change and on deletion, rarely). Deleting through the session store forgets the cached copy
    too (cached_db), so no worker still finds it.
    """
    from importlib import import_module

    from django.conf import settings
    from django.contrib.sessions.models import Session

    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep_session_key:
            continue
        data = session.get_decoded()
        if str(data.get("_auth_user_id")) == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


def _pseudonym_free() -> int:
    """A number no other former member has: four digits while they last, then more."""
    import secrets

    taken = set(User.objects.filter(pseudonym__isnull=False).values_list("pseudonym", flat=True))
    for digits in range(4, 10):
        low, high = 10 ** (digits - 1), 10**digits
        if len([n for n in taken if low <= n < high]) < (high - low) // 2:
            while True:
                number = low + secrets.randbelow(high - low)
                if number not in taken:
                    return number
    raise RuntimeError("no pseudonym left")  # pragma: no cover - a billion former members


def account_pseudonymise(*, user: User) -> User:
    """Turn the user row into the person's pseudonym: nothing of them stays on it.

    The row is kept because what others still read points at it (messages, feedback,
    co-authored practices, the consent log); it shows as "Former member 4821", the number
    chosen once, so the same person stays one pseudonym everywhere. Run last in the erasure
    (the accounts part), after the other apps have read what they needed of the person.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    if user.erased_at is not None:
        return user
    number = _pseudonym_free()
    user.pseudonym = number
    user.erased_at = timezone.now()
    user.email = f"former-member-{number}@erased.invalid"
    user.full_name = ""
    user.preferred_language = ""
    user.time_zone = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.inactivity_warned_at = None
    user.public_id = uuid.uuid4()
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    # The admin's history names the object it changed: the user row's entries named the person.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(object_repr=f"former member {number}", change_message="")
    return user


@transaction.atomic
def account_delete(*, actor: User | None, user: User) -> User:
    """Delete `user`'s account: every app's personal data erased or pseudonymised through the
    registry (`core.personal_data`), consents still given recorded as withdrawn, the row turned
    into the person's pseudonym, and every session of theirs ended.

    Only the person themself (`actor` is `user`), after confirming with their password in the
    view, or the retention run (`actor` None). Consent records stay, pseudonymised, for the
    period the privacy notice states; the retention run purges them after it.
    """
    from connective.core.personal_data import member_erase

    if actor is not None and actor.pk != user.pk:
        raise NotAllowed(_("Only the member themself can delete their account."))
    if user.erased_at is not None:
        return user
    for subject, action in consent_state(user=user).items():
        if action == ConsentAction.GIVEN:
            consent_record(
                user=user,
                subject=ConsentSubject(subject),
                action=ConsentAction.WITHDRAWN,
                method=ConsentMethod.ACCOUNT_DELETED,
                document=LegalDocument.objects.filter(kind=subject).order_by("-version").first()
                if subject in LegalDocumentKind.values
                else None,
            )
    counts = member_erase(user=user)
    user.refresh_from_db()
    sessions_end(user=user)
    record_event(
        actor=None, kind=AccountEvent.ACCOUNT_DELETED, target=user, by_retention=actor is None, rows=counts
    )
    return user


def consent_state(*, user: User) -> dict[str, str]:
    """Each subject's newest action for `user` ("given" or "withdrawn")."""
    state: dict[str, str] = {}
    for subject, action in (
        ConsentRecord.objects.filter(user=user).order_by("-at", "-id").values_list("subject", "action")
    ):
        state.setdefault(subject, action)
    return state


@transaction.atomic
def consent_records_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the consent records of accounts deleted longer ago than the period the privacy
    notice states (`CONSENT_RETENTION_DAYS`, three years). Returns how many went.

    The records' own `delete()` refuses (append-only); this is the one place their period
    ends, so it deletes them as a set.
    """
    from django.conf import settings

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.CONSENT_RETENTION_DAYS)
    expired = ConsentRecord.objects.filter(user__erased_at__isnull=False, user__erased_at__lt=cutoff)
    count, _by_model = expired.delete()
    return count
