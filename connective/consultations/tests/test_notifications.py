"""Consultation mails through the notification pipeline: who each step concerns, what someone
who lost access gets (nothing), which kinds a member cannot turn off, one mail end to end over a
real SMTP server, and the notification list's cost."""

from __future__ import annotations

import datetime
from email.message import Message
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from connective.accounts.models import User
from connective.consultations import notifications as kinds
from connective.consultations import services
from connective.consultations.choices import ConsultationEvent, InvitationStatus, ServiceStatus, SupportKind
from connective.consultations.models import ConsultationRequest, Invitation
from connective.consultations.tests.factories import AdvisorFactory, ConsultationRequestFactory
from connective.core.models import AuditEvent
from connective.core.tests.test_mail import Inbox, smtp  # noqa: F401  # the SMTP server fixture
from connective.members.models import Language, MemberProfile
from connective.notifications.choices import Delivery
from connective.notifications.models import Notification
from connective.notifications.registry import notification_kind
from connective.spaces.models import Membership

pytestmark = pytest.mark.django_db


def event_of(kind: ConsultationEvent, request: ConsultationRequest) -> AuditEvent:
    return AuditEvent.objects.filter(action=kind.value, target_id=str(request.pk)).latest("pk")


def recipients(kind: ConsultationEvent, request: ConsultationRequest) -> set[int]:
    registered = notification_kind(kind.value)
    assert registered is not None, f"{kind} is registered"
    return set(registered.recipients(event_of(kind, request)))


def render(kind: ConsultationEvent, request: ConsultationRequest, user: User) -> Any:
    registered = notification_kind(kind.value)
    assert registered is not None
    fresh = User.objects.get(pk=user.pk)  # a new viewer, as at delivery
    with translation.override("en"):
        return registered.render(event_of(kind, request), fresh)


def accepted_by(request: ConsultationRequest, advisor: MemberProfile) -> Invitation:
    invitation = services.invitation_create(actor=request.requester.user, request=request, advisor=advisor)
    services.invitation_accept(actor=advisor.user, invitation=invitation)
    return invitation


def test_every_consultation_mail_is_a_registered_kind_with_its_three_templates() -> None:
    from django.template.loader import get_template

    registered = {kind.kind for kind in kinds.consultation_kinds()}
    assert registered == {
        ConsultationEvent.QUEUED,
        ConsultationEvent.SERVICE_STATUS_SET,
        ConsultationEvent.INVITED,
        ConsultationEvent.INVITATION_REMINDED,
        ConsultationEvent.INVITATION_ACCEPTED,
        ConsultationEvent.INVITATION_DECLINED,
        ConsultationEvent.MESSAGE_POSTED,
        ConsultationEvent.MEETING_PROPOSED,
        ConsultationEvent.CLOSED,
    }
    for kind in kinds.consultation_kinds():
        for part in ("_subject.txt", "_body.txt", "_body.html"):
            get_template(f"{kind.template}{part}")


def test_only_the_invitation_and_the_coordinators_queue_cannot_be_turned_off() -> None:
    required = {kind.kind for kind in kinds.consultation_kinds() if kind.required}
    assert required == {ConsultationEvent.INVITED, ConsultationEvent.QUEUED}


# -- who hears of what -------------------------------------------------------------------------


def test_a_queued_request_concerns_the_coordinators_of_the_requesters_network_only(
    alice: MemberProfile, dina: User, emil: User
) -> None:
    request = services.consultation_request_create(
        actor=alice.user,
        data=services.RequestData(
            title="A tariff study",
            description="We need one.",
            city="Novi Sad",
            country="RS",
            support_kind=SupportKind.STUDY,
            languages=list(Language.objects.filter(code="en")),
        ),
    )
    assert request.region == "see" and request.network == "mena"
    assert recipients(ConsultationEvent.QUEUED, request) == {dina.pk}
    assert (
        render(ConsultationEvent.QUEUED, request, dina).line
        == "A consultation request waits for you: “A tariff study”"
    )
    assert render(ConsultationEvent.QUEUED, request, emil) is None


def test_a_coordinator_who_stepped_down_no_longer_reads_the_queued_requests_title(
    alice: MemberProfile, dina: User
) -> None:
    from connective.core.events import record_event

    request = ConsultationRequestFactory.create(requester=alice)
    record_event(actor=alice.user, kind=ConsultationEvent.QUEUED, target=request)
    assert render(ConsultationEvent.QUEUED, request, dina) is not None
    Membership.objects.filter(user=dina).delete()
    assert render(ConsultationEvent.QUEUED, request, dina) is None


def test_the_service_status_concerns_the_requester_with_the_status_that_event_set(
    alice: MemberProfile, dina: User
) -> None:
    request = ConsultationRequestFactory.create(
        requester=alice, support_kind=SupportKind.STUDY, service_status=ServiceStatus.RECEIVED
    )
    services.service_status_set(actor=dina, request=request, service_status=ServiceStatus.IN_PROGRESS)
    services.service_status_set(actor=dina, request=request, service_status=ServiceStatus.DONE)
    first = AuditEvent.objects.filter(action=ConsultationEvent.SERVICE_STATUS_SET.value).earliest("pk")
    registered = notification_kind(ConsultationEvent.SERVICE_STATUS_SET.value)
    assert registered is not None
    assert set(registered.recipients(first)) == {alice.user_id}
    with translation.override("en"):
        rendered = registered.render(first, User.objects.get(pk=alice.user_id))
    assert rendered is not None and rendered.context["status"] == "In progress"


def test_an_invitation_concerns_its_advisor_until_it_is_withdrawn(
    consultation: ConsultationRequest, farid: MemberProfile, alice: MemberProfile
) -> None:
    invitation = services.invitation_create(actor=alice.user, request=consultation, advisor=farid)
    assert recipients(ConsultationEvent.INVITED, consultation) == {farid.user_id}
    rendered = render(ConsultationEvent.INVITED, consultation, farid.user)
    assert rendered is not None and rendered.link.endswith(
        f"/consultations/{consultation.public_id}/invitation/"
    )
    services.invitation_withdraw(actor=alice.user, invitation=invitation)
    # Withdrawn before the mail left: the confidential title does not reach them.
    assert render(ConsultationEvent.INVITED, consultation, farid.user) is None
    assert recipients(ConsultationEvent.INVITED, consultation) == set()


def test_a_reminder_is_recorded_once_and_concerns_the_advisor_while_the_invitation_waits(
    consultation: ConsultationRequest, farid: MemberProfile, alice: MemberProfile
) -> None:
    invitation = services.invitation_create(actor=alice.user, request=consultation, advisor=farid)
    Invitation.objects.filter(pk=invitation.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=settings.CONSULTATION_REMINDER_DAYS + 1)
    )
    assert services.invitation_reminders_send() == (1, 0)
    assert services.invitation_reminders_send() == (0, 0)
    reminded = AuditEvent.objects.filter(action=ConsultationEvent.INVITATION_REMINDED.value)
    assert reminded.count() == 1 and reminded.get().actor is None
    assert recipients(ConsultationEvent.INVITATION_REMINDED, consultation) == {farid.user_id}
    assert render(ConsultationEvent.INVITATION_REMINDED, consultation, farid.user) is not None
    services.invitation_accept(actor=farid.user, invitation=invitation)
    # Answered meanwhile: the reminder is moot.
    assert render(ConsultationEvent.INVITATION_REMINDED, consultation, farid.user) is None


def test_an_answer_concerns_the_requester_and_a_hidden_reason_stays_hidden(
    consultation: ConsultationRequest, farid: MemberProfile, alice: MemberProfile, bob: MemberProfile
) -> None:
    wafa = AdvisorFactory.create(user__full_name="Wafa Haddad")
    accepted_by(consultation, farid)
    invitation = services.invitation_create(actor=alice.user, request=consultation, advisor=wafa)
    services.invitation_decline(
        actor=wafa.user, invitation=invitation, reason="Conflict with my mayor.", hide_reason=True
    )
    for kind in (ConsultationEvent.INVITATION_ACCEPTED, ConsultationEvent.INVITATION_DECLINED):
        assert recipients(kind, consultation) == {alice.user_id}
        assert render(kind, consultation, bob.user) is None
    declined = render(ConsultationEvent.INVITATION_DECLINED, consultation, alice.user)
    assert declined.context["advisor"] == wafa.user and declined.context["reason"] == ""
    assert declined.line == f"Wafa Haddad cannot advise you on “{consultation.title}”"
    # The audit log keeps no member-written text.
    assert "Conflict" not in str(event_of(ConsultationEvent.INVITATION_DECLINED, consultation).data)


def test_the_space_concerns_its_participants_and_nobody_outside_it(
    consultation: ConsultationRequest,
    farid: MemberProfile,
    alice: MemberProfile,
    bob: MemberProfile,
    dina: User,
) -> None:
    accepted_by(consultation, farid)
    services.message_post(actor=farid.user, request=consultation, body="Start with the night flows.")
    services.meeting_propose(
        actor=farid.user, request=consultation, starts_at=timezone.now() + datetime.timedelta(days=2),
        duration_minutes=60,
    )  # fmt: skip
    services.consultation_close(actor=alice.user, request=consultation, advice="Meter.", next_steps="Pilot.")
    for kind in (
        ConsultationEvent.MESSAGE_POSTED,
        ConsultationEvent.MEETING_PROPOSED,
        ConsultationEvent.CLOSED,
    ):
        # The pipeline leaves the actor out; coordinators follow the space without mails.
        assert recipients(kind, consultation) == {alice.user_id, farid.user_id}
        assert render(kind, consultation, bob.user) is None
        assert render(kind, consultation, dina) is None
    message = render(ConsultationEvent.MESSAGE_POSTED, consultation, alice.user)
    assert message.line == f"Farid Mansour wrote in the consultation “{consultation.title}”"
    assert "night flows" not in str(message.context)
    closed = render(ConsultationEvent.CLOSED, consultation, farid.user)
    assert closed.link.endswith(f"/consultations/{consultation.public_id}/feedback/")


# -- mail, end to end ------------------------------------------------------------------------------


def parts(message: Message) -> dict[str, str]:
    found = {}
    for part in message.walk():
        if part.get_content_maintype() == "text":
            found[part.get_content_type()] = part.get_payload(decode=True).decode("utf-8")  # type: ignore[union-attr]
    return found


def test_a_message_mail_leaves_over_smtp_in_the_recipients_language_with_one_click_unsubscribe(
    smtp: Inbox,  # noqa: F811
    consultation: ConsultationRequest,
    farid: MemberProfile,
    alice: MemberProfile,
    django_capture_on_commit_callbacks: Any,
) -> None:
    User.objects.filter(pk=alice.user_id).update(preferred_language="ar")
    accepted_by(consultation, farid)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(actor=farid.user, request=consultation, body="Secret body of the message.")
    [message] = smtp.messages
    assert message["To"] == "alice@example.org"
    assert message.get_content_type() == "multipart/alternative"
    text = parts(message)
    assert "Secret body" not in text["text/plain"] + text["text/html"]
    link = f"{settings.SITE_URL}/consultations/{consultation.public_id}/"
    assert link in text["text/plain"] and f'href="{link}"' in text["text/html"]
    assert 'lang="ar" dir="rtl"' in text["text/html"]
    unsubscribe = " ".join(message["List-Unsubscribe"].split())
    assert unsubscribe.startswith(f"<{settings.SITE_URL}/notifications/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.get(recipient=alice.user).delivery == Delivery.SENT


def test_an_invitation_mail_cannot_be_unsubscribed_from(
    smtp: Inbox,  # noqa: F811
    consultation: ConsultationRequest,
    farid: MemberProfile,
    alice: MemberProfile,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(actor=alice.user, request=consultation, advisor=farid)
    [message] = smtp.messages
    assert message["To"] == "farid@example.org"
    assert message["List-Unsubscribe"] is None
    assert consultation.title in parts(message)["text/html"]


def test_an_invitation_withdrawn_before_delivery_sends_nothing(
    consultation: ConsultationRequest, farid: MemberProfile, alice: MemberProfile
) -> None:
    from connective.notifications.pipeline import deliver, fan_out

    invitation = services.invitation_create(actor=alice.user, request=consultation, advisor=farid)
    fan_out(event_of(ConsultationEvent.INVITED, consultation))
    services.invitation_withdraw(actor=alice.user, invitation=invitation)
    notification = Notification.objects.get(recipient=farid.user)
    mail.outbox.clear()
    assert deliver(notification_id=notification.pk) is False
    assert mail.outbox == []
    assert Notification.objects.get(pk=notification.pk).delivery == Delivery.SKIPPED


# -- the notification list -------------------------------------------------------------------------


def notify_invitations(advisor: MemberProfile, count: int) -> None:
    """`count` invitation notifications for `advisor`, over one request in ten."""
    requests = [ConsultationRequestFactory.create() for _ in range(max(1, count // 10))]
    invitations = {
        request.pk: Invitation.objects.create(
            request=request, advisor=advisor, status=InvitationStatus.PENDING
        )
        for request in requests
    }
    events = AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                action=ConsultationEvent.INVITED.value,
                target_type="consultations.consultationrequest",
                target_id=str(requests[number % len(requests)].pk),
                data={
                    "advisor": str(advisor.slug),
                    "invitation": invitations[requests[number % len(requests)].pk].pk,
                },
            )
            for number in range(count)
        ]
    )
    Notification.objects.bulk_create(
        [
            Notification(recipient=advisor.user, event=event, kind=event.action, delivery=Delivery.SENT)
            for event in events
        ]
    )


def test_the_notification_list_of_consultation_steps_costs_the_same_at_10_and_at_1000(
    client_for: Any, farid: MemberProfile, bob: MemberProfile
) -> None:
    counts = []
    for advisor, count in ((farid, 10), (bob, 1000)):
        notify_invitations(advisor, count)
        client = client_for(advisor)
        client.get("/notifications/")
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/notifications/")
        assert page.status_code == 200
        assert "Could you advise a peer?" in page.content.decode()
        counts.append(len(queries))
    # The user, the viewer (with the bell's count), the list's count, the page of notifications
    # with their events, its requests with their requesters, their invitations, the invitations'
    # advisors, their users, and the recipient's viewer once more for the renders (the list hands
    # `render` the user object, not the request's viewer).
    assert counts[0] == counts[1] == 9
