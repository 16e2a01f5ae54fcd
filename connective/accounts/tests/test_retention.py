"""Retention: unverified accounts and declined declarations go, inactive members are warned and
then anonymised, consent records of deleted accounts are purged after their period."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from connective.accounts.models import ConsentRecord, User
from connective.accounts.retention import retention_run
from connective.accounts.services import account_delete
from connective.accounts.tests.factories import UserFactory
from connective.members.choices import MembershipStatus
from connective.members.tests.factories import MemberProfileFactory

NOW = timezone.now()


def _days_ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def _erased(user: User) -> bool:
    return User.objects.get(pk=user.pk).erased_at is not None


@pytest.fixture
def run(db: None, django_capture_on_commit_callbacks: Any) -> Any:
    def go(now: datetime.datetime = NOW) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return retention_run(now=now)

    return go


def test_accounts_never_verified_go_after_the_period_and_keep_their_consents(run: Any, settings: Any) -> None:
    settings.RETENTION_UNVERIFIED_DAYS = 30
    old = UserFactory.create(verified=False, date_joined=_days_ago(31))
    recent = UserFactory.create(verified=False, date_joined=_days_ago(5))
    verified = UserFactory.create(date_joined=_days_ago(100))
    consents = ConsentRecord.objects.filter(user=old).count()
    result = run()
    assert result.unverified_removed == 1
    assert _erased(old) and not _erased(recent) and not _erased(verified)
    assert ConsentRecord.objects.filter(user=old).count() > consents  # withdrawals appended, none lost


def test_a_declined_declaration_is_erased_after_ninety_days(run: Any) -> None:
    old = MemberProfileFactory.create(status=MembershipStatus.DECLINED, decided_at=_days_ago(91))
    fresh = MemberProfileFactory.create(status=MembershipStatus.DECLINED, decided_at=_days_ago(10))
    assert run().declined_removed == 1
    assert _erased(old.user) and not _erased(fresh.user)


def test_an_inactive_member_is_warned_once_then_anonymised_after_the_grace(run: Any, settings: Any) -> None:
    settings.RETENTION_INACTIVE_DAYS = 365
    settings.RETENTION_GRACE_DAYS = 30
    idle = MemberProfileFactory.create(user__last_login=_days_ago(400), user__preferred_language="fr").user
    active = MemberProfileFactory.create(user__last_login=_days_ago(3)).user
    staff = UserFactory.create(is_staff=True, last_login=_days_ago(900))

    assert run().warned == 1
    assert [message.to for message in mail.outbox] == [[idle.email]]
    assert "anonymisé" in mail.outbox[0].subject  # in the member's language
    assert not _erased(idle)

    assert run(NOW + datetime.timedelta(days=1)).warned == 0  # once
    assert len(mail.outbox) == 1
    result = run(NOW + datetime.timedelta(days=31))
    assert result.anonymised == 1
    assert _erased(idle) and not _erased(active) and not _erased(staff)


def test_signing_in_after_the_warning_keeps_the_account(run: Any, settings: Any) -> None:
    settings.RETENTION_INACTIVE_DAYS = 365
    idle = MemberProfileFactory.create(user__last_login=_days_ago(400)).user
    run()
    User.objects.filter(pk=idle.pk).update(last_login=NOW + datetime.timedelta(days=2))
    result = run(NOW + datetime.timedelta(days=40))
    assert result.anonymised == 0 and not _erased(idle)
    assert User.objects.get(pk=idle.pk).inactivity_warned_at is None


def test_consent_records_of_deleted_accounts_are_purged_after_three_years(run: Any, settings: Any) -> None:
    assert settings.CONSENT_RETENTION_DAYS == 3 * 365
    long_ago = MemberProfileFactory.create().user
    lately = MemberProfileFactory.create().user
    account_delete(actor=long_ago, user=long_ago)
    account_delete(actor=lately, user=lately)
    User.objects.filter(pk=long_ago.pk).update(erased_at=_days_ago(3 * 365 + 1))
    User.objects.filter(pk=lately.pk).update(erased_at=_days_ago(300))
    kept = ConsentRecord.objects.filter(user=lately).count()
    result = run()
    assert result.consent_records_purged > 0
    assert not ConsentRecord.objects.filter(user=long_ago).exists()
    assert ConsentRecord.objects.filter(user=lately).count() == kept


def test_the_command_reports_what_it_did(capsys: Any, db: None) -> None:
    UserFactory.create(verified=False, date_joined=_days_ago(400))
    call_command("retention")
    out = capsys.readouterr().out
    assert "unverified accounts removed: 1" in out
    assert "consent records purged: 0" in out
