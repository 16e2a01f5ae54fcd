"""Retention: personal data is kept only as long as the privacy notice says.

One run (`manage.py retention`, daily in Celery beat) does four things, each through the same
erasure as a member's own deletion (`services.account_delete`), so nothing is forgotten:

1. accounts whose address was never verified, older than `RETENTION_UNVERIFIED_DAYS`, go, and
   so do declined declarations of membership `RETENTION_DECLINED_DAYS` after the decision (the
   privacy notice promises 90 days);
2. members who have not signed in for `RETENTION_INACTIVE_DAYS` are warned by mail, once;
3. warned members who still have not signed in `RETENTION_GRACE_DAYS` later are anonymised
   (signing in after the warning clears it);
4. consent records of accounts deleted longer ago than `CONSENT_RETENTION_DAYS` are purged.

Staff and coordinators are never removed by inactivity: their roles are ended by staff.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from connective.accounts.choices import AccountEvent
from connective.accounts.models import User
from connective.accounts.services import account_delete, consent_records_purge
from connective.core.events import record_event
from connective.spaces.selectors import coordinator_memberships


@dataclass(frozen=True)
class RetentionResult:
    unverified_removed: int
    declined_removed: int
    warned: int
    anonymised: int
    consent_records_purged: int


def _candidates() -> QuerySet[User]:
    return User.objects.filter(erased_at__isnull=True, is_staff=False, is_superuser=False).exclude(
        Exists(coordinator_memberships().filter(user=OuterRef("pk")))
    )


def retention_run(*, now: datetime.datetime | None = None) -> RetentionResult:
    """Apply the retention rules once (see the module docstring). Safe to run again."""
    from allauth.account.models import EmailAddress

    now = now or timezone.now()
    users = _candidates()

    unverified = users.filter(
        date_joined__lt=now - datetime.timedelta(days=settings.RETENTION_UNVERIFIED_DAYS),
        last_login__isnull=True,
    ).exclude(Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)))
    removed = 0
    for user in unverified:
        account_delete(actor=None, user=user)
        removed += 1

    declined_removed = 0
    for user in users.filter(
        # accounts sits below members and cannot import MembershipStatus: its DECLINED value.
        profile__status="declined",
        profile__decided_at__lt=now - datetime.timedelta(days=settings.RETENTION_DECLINED_DAYS),
    ):
        account_delete(actor=None, user=user)
        declined_removed += 1

    inactive_since = now - datetime.timedelta(days=settings.RETENTION_INACTIVE_DAYS)
    idle = Q(last_login__lt=inactive_since) | Q(last_login__isnull=True, date_joined__lt=inactive_since)

    # Signed in since the warning: the warning no longer stands.
    users.filter(inactivity_warned_at__isnull=False, last_login__gt=F("inactivity_warned_at")).update(
        inactivity_warned_at=None
    )

    anonymised = 0
    due = users.filter(idle).filter(
        inactivity_warned_at__lt=now - datetime.timedelta(days=settings.RETENTION_GRACE_DAYS)
    )
    for user in due:
        account_delete(actor=None, user=user)
        anonymised += 1

    warned = 0
    for user in users.filter(idle, inactivity_warned_at__isnull=True, is_active=True):
        User.objects.filter(pk=user.pk).update(inactivity_warned_at=now)
        # The member is told by the notification pipeline (accounts/notifications.py: required).
        record_event(kind=AccountEvent.INACTIVITY_WARNED, actor=None, target=user)
        warned += 1

    purged = consent_records_purge(now=now)
    return RetentionResult(
        unverified_removed=removed,
        declined_removed=declined_removed,
        warned=warned,
        anonymised=anonymised,
        consent_records_purged=purged,
    )
