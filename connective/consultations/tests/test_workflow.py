"""The consultation workflow through its services: ask, invite, answer, the space, close."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from connective.accounts.models import User
from connective.consultations import services
from connective.consultations.choices import (
    FeedbackRole,
    InvitationStatus,
    RequestStatus,
    RequestVisibility,
    ServiceStatus,
    SupportKind,
)
from connective.consultations.models import ConsultationRequest, Invitation
from connective.consultations.services import RequestData
from connective.consultations.tests.factories import (
    AdvisorFactory,
    ConsultationRequestFactory,
    InvitationFactory,
)
from connective.core.errors import NotAllowed
from connective.core.models import AuditEvent
from connective.members.models import Language, MemberProfile
from connective.members.tests.factories import ThemeFactory
from connective.practices.choices import PracticeStatus

pytestmark = pytest.mark.django_db(transaction=False)


def _data(**overrides: object) -> RequestData:
    values: dict[str, object] = {
        "title": "Flooding in the lower city",
        "description": "Heavy rains flood the market every winter.",
        "city": "Amman",
        "country": "JO",
        "support_kind": SupportKind.PEER_ADVICE,
        "languages": list(Language.objects.filter(code__in=["ar", "en"])),
    }
    values.update(overrides)
    return RequestData(**values)  # type: ignore[arg-type]


def _recipients() -> list[str]:
    return [address for message in mail.outbox for address in message.to]


def _accepted(consultation: ConsultationRequest, advisor: MemberProfile) -> Invitation:
    invitation = services.invitation_create(
        actor=consultation.requester.user, request=consultation, advisor=advisor
    )
    services.invitation_accept(actor=advisor.user, invitation=invitation)
    return invitation


# -- asking ------------------------------------------------------------------------------


def test_a_member_asks_for_peer_advice_confidentially_and_nobody_is_mailed(
    alice: MemberProfile, dina: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = services.consultation_request_create(actor=alice.user, data=_data())
    assert request.status == RequestStatus.OPEN
    assert request.visibility == RequestVisibility.CONFIDENTIAL
    assert request.region == "mena"
    assert request.service_status == ""
    assert set(request.languages.values_list("code", flat=True)) == {"ar", "en"}
    assert AuditEvent.objects.filter(action="consultation.requested", target_id=str(request.pk)).exists()
    assert mail.outbox == []


def test_a_service_request_goes_to_the_coordinators_of_the_requesters_region_only(
    alice: MemberProfile,
    dina: User,
    emil: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = services.consultation_request_create(
            actor=alice.user, data=_data(support_kind=SupportKind.FINANCIAL_ADVICE)
        )
    assert request.status == RequestStatus.IN_TRIAGE
    assert request.service_status == ServiceStatus.RECEIVED
    assert _recipients() == ["dina@example.org"]


def test_asking_the_coordinators_for_help_puts_a_peer_request_in_their_queue(
    alice: MemberProfile, dina: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = services.consultation_request_create(actor=alice.user, data=_data(ask_coordinators=True))
    assert request.status == RequestStatus.IN_TRIAGE
    assert request.service_status == ""
    assert _recipients() == ["dina@example.org"]


def test_a_request_without_title_or_language_is_refused_naming_both_and_nothing_is_saved(
    alice: MemberProfile,
) -> None:
    with pytest.raises(ValidationError) as error:
        services.consultation_request_create(actor=alice.user, data=_data(title=" ", languages=[]))
    assert set(error.value.message_dict) == {"title", "languages"}
    assert not ConsultationRequest.objects.exists()


def test_a_coordinator_without_a_profile_cannot_ask_for_advice(dina: User) -> None:
    with pytest.raises(NotAllowed):
        services.consultation_request_create(actor=dina, data=_data())


def test_the_coordinator_moves_a_service_request_on_and_the_requester_is_told(
    alice: MemberProfile,
    dina: User,
    emil: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    request = ConsultationRequestFactory.create(
        requester=alice,
        support_kind=SupportKind.STUDY,
        status=RequestStatus.IN_TRIAGE,
        service_status="received",
    )
    with pytest.raises(NotAllowed):
        services.service_status_set(actor=emil, request=request, service_status=ServiceStatus.DONE)
    with django_capture_on_commit_callbacks(execute=True):
        services.service_status_set(actor=dina, request=request, service_status=ServiceStatus.IN_PROGRESS)
    assert request.service_status == ServiceStatus.IN_PROGRESS
    assert request.status == RequestStatus.IN_PROGRESS
    assert _recipients() == ["alice@example.org"]
    services.service_status_set(actor=dina, request=request, service_status=ServiceStatus.DONE)
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED
    assert request.closed_at is not None


# -- inviting and answering --------------------------------------------------------------


def test_the_requester_invites_a_willing_advisor_who_alone_is_mailed(
    consultation: ConsultationRequest, farid: MemberProfile, bob: MemberProfile, dina: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=consultation.requester.user,
            request=consultation,
            advisor=farid,
            match_reason="Works on water",
        )
    assert invitation.status == InvitationStatus.PENDING
    assert invitation.invited_by == consultation.requester.user
    consultation.refresh_from_db()
    assert consultation.status == RequestStatus.MATCHING
    assert _recipients() == ["farid@example.org"]


def test_a_member_unwilling_to_advise_cannot_be_invited(
    consultation: ConsultationRequest, bob: MemberProfile
) -> None:
    with pytest.raises(ValidationError) as error:
        services.invitation_create(actor=consultation.requester.user, request=consultation, advisor=bob)
    assert "advisor" in error.value.message_dict
    assert not Invitation.objects.exists()


def test_nobody_is_invited_twice_nor_on_their_own_request(
    consultation: ConsultationRequest, farid: MemberProfile, alice: MemberProfile
) -> None:
    services.invitation_create(actor=alice.user, request=consultation, advisor=farid)
    with pytest.raises(ValidationError):
        services.invitation_create(actor=alice.user, request=consultation, advisor=farid)
    alice.willing_to_advise = True
    alice.save()
    with pytest.raises(ValidationError):
        services.invitation_create(actor=alice.user, request=consultation, advisor=alice)
    assert Invitation.objects.count() == 1


def test_the_regions_coordinator_invites_and_withdraws_but_not_another_regions_or_a_peer(
    consultation: ConsultationRequest, farid: MemberProfile, bob: MemberProfile, dina: User, emil: User
) -> None:
    with pytest.raises(NotAllowed):
        services.invitation_create(actor=emil, request=consultation, advisor=farid)
    with pytest.raises(NotAllowed):
        services.invitation_create(actor=bob.user, request=consultation, advisor=farid)
    invitation = services.invitation_create(actor=dina, request=consultation, advisor=farid)
    with pytest.raises(NotAllowed):
        services.invitation_withdraw(actor=emil, invitation=invitation)
    services.invitation_withdraw(actor=dina, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN


def test_accepting_starts_the_consultation_and_tells_the_requester(
    consultation: ConsultationRequest,
    farid: MemberProfile,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    invitation = services.invitation_create(
        actor=consultation.requester.user, request=consultation, advisor=farid
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_accept(actor=farid.user, invitation=invitation)
    invitation.refresh_from_db()
    consultation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.answered_at is not None
    assert consultation.status == RequestStatus.IN_PROGRESS
    assert _recipients() == ["alice@example.org"]


def test_only_the_invited_advisor_answers_and_only_once(
    consultation: ConsultationRequest, farid: MemberProfile, bob: MemberProfile
) -> None:
    invitation = services.invitation_create(
        actor=consultation.requester.user, request=consultation, advisor=farid
    )
    with pytest.raises(NotAllowed):
        services.invitation_accept(actor=bob.user, invitation=invitation)
    services.invitation_accept(actor=farid.user, invitation=invitation)
    with pytest.raises(ValidationError):
        services.invitation_decline(actor=farid.user, invitation=invitation, reason="Too busy")
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED


@override_settings(CONSULTATION_ADVISOR_LIMIT=1)
def test_an_advisor_at_their_limit_cannot_accept_another_consultation(
    consultation: ConsultationRequest, farid: MemberProfile, bob: MemberProfile
) -> None:
    _accepted(consultation, farid)
    other = ConsultationRequestFactory.create(requester=bob)
    invitation = services.invitation_create(actor=bob.user, request=other, advisor=farid)
    with pytest.raises(ValidationError, match="1 consultations"):
        services.invitation_accept(actor=farid.user, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    assert services.advisor_open_count(advisor=farid) == 1


def test_a_hidden_decline_reason_does_not_reach_the_requester(
    consultation: ConsultationRequest,
    farid: MemberProfile,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    invitation = services.invitation_create(
        actor=consultation.requester.user, request=consultation, advisor=farid
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_decline(
            actor=farid.user, invitation=invitation, reason="Conflict with my own mayor", hide_reason=True
        )
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert invitation.reason_hidden_from_requester
    assert _recipients() == ["alice@example.org"]
    assert "Conflict with my own mayor" not in mail.outbox[0].body


def test_a_shared_decline_reason_reaches_the_requester(
    consultation: ConsultationRequest,
    farid: MemberProfile,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    invitation = services.invitation_create(
        actor=consultation.requester.user, request=consultation, advisor=farid
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_decline(actor=farid.user, invitation=invitation, reason="Travelling until June")
    assert "Travelling until June" in mail.outbox[0].body


def test_declining_without_a_reason_is_refused_and_changes_nothing(
    consultation: ConsultationRequest, farid: MemberProfile
) -> None:
    invitation = services.invitation_create(
        actor=consultation.requester.user, request=consultation, advisor=farid
    )
    with pytest.raises(ValidationError) as error:
        services.invitation_decline(actor=farid.user, invitation=invitation, reason="  ")
    assert "decline_reason" in error.value.message_dict
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


# -- the private space -------------------------------------------------------------------


def test_a_message_tells_the_other_participants_without_its_text(
    consultation: ConsultationRequest,
    farid: MemberProfile,
    dina: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    _accepted(consultation, farid)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(actor=farid.user, request=consultation, body="Try district metering first.")
    assert _recipients() == ["alice@example.org"]
    assert "district metering" not in mail.outbox[0].body


def test_an_advisor_who_has_not_accepted_cannot_write_in_the_space(
    consultation: ConsultationRequest, farid: MemberProfile, bob: MemberProfile
) -> None:
    services.invitation_create(actor=consultation.requester.user, request=consultation, advisor=farid)
    for person in (farid, bob):
        with pytest.raises(NotAllowed):
            services.message_post(actor=person.user, request=consultation, body="Hello")
    assert not consultation.messages.exists()


def test_a_meeting_needs_a_future_time_and_a_web_link(
    consultation: ConsultationRequest, farid: MemberProfile
) -> None:
    _accepted(consultation, farid)
    soon = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        services.meeting_propose(
            actor=farid.user,
            request=consultation,
            starts_at=timezone.now() - datetime.timedelta(hours=1),
            duration_minutes=60,
            room_url="javascript:alert(1)",
        )
    assert set(error.value.message_dict) == {"starts_at", "room_url"}
    assert not consultation.meetings.exists()
    amman = datetime.timezone(datetime.timedelta(hours=3))
    meeting = services.meeting_propose(
        actor=farid.user,
        request=consultation,
        starts_at=soon.astimezone(amman),
        duration_minutes=45,
        room_url="https://meet.example.org/water",
    )
    assert meeting.starts_at.utcoffset() == datetime.timedelta(0)
    assert meeting.starts_at == soon


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", b"%PDF-1.7\n...", "application/pdf"),
        ("plan.docx", _docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "image/png"),
    ],
)
def test_documents_are_accepted_by_their_content(
    consultation: ConsultationRequest,
    farid: MemberProfile,
    settings: Settings,
    tmp_path: Path,
    name: str,
    content: bytes,
    content_type: str,
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    _accepted(consultation, farid)
    item = services.file_add(
        actor=farid.user, request=consultation, uploaded_file=SimpleUploadedFile(name, content)
    )
    assert item.content_type == content_type
    assert item.size == len(content)


def test_a_program_named_like_a_pdf_is_refused(
    consultation: ConsultationRequest, alice: MemberProfile, settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    with pytest.raises(ValidationError) as error:
        services.file_add(
            actor=alice.user,
            request=consultation,
            uploaded_file=SimpleUploadedFile("report.pdf", b"MZ\x90\x00"),
        )
    assert "file" in error.value.message_dict
    assert not consultation.files.exists()


def test_a_file_over_10_mb_is_refused(
    consultation: ConsultationRequest, alice: MemberProfile, settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError, match="10 MB"):
        services.file_add(actor=alice.user, request=consultation, uploaded_file=big)


# -- closing -----------------------------------------------------------------------------


def test_closing_records_the_outcome_withdraws_waiting_invitations_and_asks_advisors_for_feedback(
    consultation: ConsultationRequest,
    farid: MemberProfile,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    _accepted(consultation, farid)
    waiting = services.invitation_create(
        actor=consultation.requester.user, request=consultation, advisor=AdvisorFactory.create()
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_close(
            actor=consultation.requester.user,
            request=consultation,
            advice="Meter each district.",
            next_steps="Pilot in two districts.",
        )
    consultation.refresh_from_db()
    waiting.refresh_from_db()
    assert consultation.status == RequestStatus.CLOSED
    assert consultation.outcome_advice == "Meter each district."
    assert waiting.status == InvitationStatus.WITHDRAWN
    assert _recipients() == ["farid@example.org"]


def test_only_the_requester_closes_and_an_empty_outcome_is_refused(
    consultation: ConsultationRequest, farid: MemberProfile
) -> None:
    _accepted(consultation, farid)
    with pytest.raises(NotAllowed):
        services.consultation_close(actor=farid.user, request=consultation, advice="x", next_steps="y")
    with pytest.raises(ValidationError) as error:
        services.consultation_close(
            actor=consultation.requester.user, request=consultation, advice="", next_steps=""
        )
    assert set(error.value.message_dict) == {"outcome_advice", "outcome_next_steps"}
    consultation.refresh_from_db()
    assert consultation.status == RequestStatus.IN_PROGRESS


def test_both_sides_give_feedback_once_after_closing(
    consultation: ConsultationRequest, farid: MemberProfile, bob: MemberProfile
) -> None:
    _accepted(consultation, farid)
    with pytest.raises(ValidationError):
        services.feedback_give(actor=farid.user, request=consultation, rating=5)
    services.consultation_close(
        actor=consultation.requester.user, request=consultation, advice="a", next_steps="b"
    )
    mine = services.feedback_give(
        actor=consultation.requester.user, request=consultation, rating=5, comment="Great"
    )
    theirs = services.feedback_give(actor=farid.user, request=consultation, rating=4)
    assert (mine.role, theirs.role) == (FeedbackRole.REQUESTER, FeedbackRole.ADVISOR)
    with pytest.raises(ValidationError):
        services.feedback_give(actor=farid.user, request=consultation, rating=3)
    with pytest.raises(NotAllowed):
        services.feedback_give(actor=bob.user, request=consultation, rating=1)
    assert consultation.feedback.count() == 2


def test_a_rating_outside_1_to_5_is_refused(consultation: ConsultationRequest, farid: MemberProfile) -> None:
    _accepted(consultation, farid)
    services.consultation_close(
        actor=consultation.requester.user, request=consultation, advice="a", next_steps="b"
    )
    with pytest.raises(ValidationError):
        services.feedback_give(actor=farid.user, request=consultation, rating=6)
    assert not consultation.feedback.exists()


def test_the_outcome_becomes_a_draft_practice_by_the_requester_linked_back(
    consultation: ConsultationRequest, farid: MemberProfile
) -> None:
    alice = consultation.requester
    _accepted(consultation, farid)
    with pytest.raises(ValidationError):
        services.consultation_practice_draft(actor=alice.user, request=consultation)
    services.consultation_close(
        actor=alice.user,
        request=consultation,
        advice="Meter each district.",
        next_steps="Pilot in two districts.",
    )
    with pytest.raises(NotAllowed):
        services.consultation_practice_draft(actor=farid.user, request=consultation)
    with pytest.raises(ValidationError, match="theme"):
        services.consultation_practice_draft(actor=alice.user, request=consultation)
    water = ThemeFactory.create(name="Water")
    consultation.themes.set([water])
    practice = services.consultation_practice_draft(actor=alice.user, request=consultation)
    consultation.refresh_from_db()
    assert consultation.resulting_practice == practice
    assert practice.status == PracticeStatus.DRAFT
    assert list(practice.authors.all()) == [alice.user]
    assert practice.title == consultation.title
    assert "Meter each district." in practice.approach
    # What the city will do is a plan: named as one in the approach, never shown as a result.
    assert "**Planned next steps**\n\nPilot in two districts." in practice.approach
    assert practice.results == ""
    assert list(practice.themes.all()) == [water]
    with pytest.raises(ValidationError):
        services.consultation_practice_draft(actor=alice.user, request=consultation)


def test_withdrawing_a_request_withdraws_its_waiting_invitations(
    consultation: ConsultationRequest, farid: MemberProfile, bob: MemberProfile
) -> None:
    invitation = services.invitation_create(
        actor=consultation.requester.user, request=consultation, advisor=farid
    )
    with pytest.raises(NotAllowed):
        services.consultation_withdraw(actor=farid.user, request=consultation)
    services.consultation_withdraw(actor=consultation.requester.user, request=consultation)
    invitation.refresh_from_db()
    assert consultation.status == RequestStatus.WITHDRAWN
    assert invitation.status == InvitationStatus.WITHDRAWN


# -- reminders ---------------------------------------------------------------------------


def _sent_days_ago(invitation: Invitation, days: int) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now() - datetime.timedelta(days=days))


def test_an_advisor_is_reminded_once_after_the_reminder_delay(
    consultation: ConsultationRequest,
    farid: MemberProfile,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    from connective.consultations.tasks import invitation_reminders_task

    fresh = InvitationFactory.create(request=consultation)
    waiting = InvitationFactory.create(request=consultation, advisor=farid)
    _sent_days_ago(waiting, 4)
    with django_capture_on_commit_callbacks(execute=True):
        assert invitation_reminders_task() == (1, 0)
    assert _recipients() == ["farid@example.org"]
    waiting.refresh_from_db()
    fresh.refresh_from_db()
    assert waiting.reminded_at is not None
    assert fresh.reminded_at is None
    with django_capture_on_commit_callbacks(execute=True):
        assert invitation_reminders_task() == (0, 0)
    assert len(mail.outbox) == 1


@override_settings(CONSULTATION_REMINDER_DAYS=7)
def test_the_reminder_delay_comes_from_the_settings(
    consultation: ConsultationRequest, farid: MemberProfile
) -> None:
    waiting = InvitationFactory.create(request=consultation, advisor=farid)
    _sent_days_ago(waiting, 4)
    assert services.invitation_reminders_send() == (0, 0)


def test_an_invitation_unanswered_for_14_days_expires(
    consultation: ConsultationRequest, farid: MemberProfile
) -> None:
    old = InvitationFactory.create(request=consultation, advisor=farid)
    _sent_days_ago(old, 15)
    assert services.invitation_reminders_send() == (0, 1)
    old.refresh_from_db()
    assert old.status == InvitationStatus.EXPIRED
    with pytest.raises(ValidationError):
        services.invitation_accept(actor=farid.user, invitation=old)


def test_the_reminders_run_hourly_from_the_beat_schedule(settings: Settings) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["consultation-invitation-reminders"]
    assert entry["task"] == "connective.consultations.tasks.invitation_reminders_task"
    assert entry["schedule"] == 3600.0


def test_a_draft_from_an_english_request_is_written_in_english_though_arabic_sorts_first(
    alice: MemberProfile, farid: MemberProfile
) -> None:
    from connective.consultations.tests.factories import ConsultationRequestFactory

    alice.user.preferred_language = "fr"
    alice.user.save()
    consultation = ConsultationRequestFactory.create(
        requester=alice,
        title="Water losses in the old network",
        description="Our city loses a third of its drinking water to leaks in the old pipes.",
        languages=["ar", "en", "fr"],
    )
    consultation.themes.set([ThemeFactory.create(name="Water")])
    _accepted(consultation, farid)
    services.consultation_close(
        actor=alice.user,
        request=consultation,
        advice="Find the leaks with the night flow.",
        next_steps="Pilot.",
    )
    practice = services.consultation_practice_draft(actor=alice.user, request=consultation)
    assert practice.language_id == "en"
    # Its headings are in the practice's language, not in alice's French interface.
    assert "**Planned next steps**" in practice.approach
