"""No mail carries a sentinel to someone not entitled to read it.

The authorization matrix (test_matrix.py) reads every page, feed and download; its POSTs are
rolled back, so no mail ever leaves. Here the real flows that mail about the records holding
sentinels run in the security world (tests/security/world.py) -- real POSTs where a member
acts through a form, the services and the background task or command where the platform acts
-- with the on-commit callbacks executed, so each mail is really built and sent. Every message
(subject, body, alternatives) is then read, each recipient's address is mapped to its persona,
and a token must reach no persona outside its entitled set.

Entitlement can grow while the flows run: an advisor invited on the confidential consultation
reads its title on the invitation page from that moment. Such grants are written down with the
mail from which they apply, and each is checked against the page the invitee really opens, so a
grant is never wider than what the site already shows.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from connective.accounts.models import User
from tests.security.world import SENTINELS, SecurityWorld

pytestmark = pytest.mark.django_db

# Tokens planted by the flows below in records they create, beside the world's own.
QUEUED = "Zyxqueuedtitle"  # alice's confidential request about a city in Serbia, for her coordinators
SERVICE = "Zyxservicetitle"  # alice's service request (a tariff study), for her coordinators
DECLARED = "Zyxdeclaredorg"  # a newcomer's declaration to Southeast Europe, for its coordinators
LOCAL_TOKENS: dict[str, tuple[str, frozenset[str]]] = {
    QUEUED: (
        "a confidential request waiting in the coordinators' queue",
        frozenset({"alice", "dina", "sam"}),
    ),
    SERVICE: ("a confidential service request", frozenset({"alice", "dina", "sam"})),
    # The newcomer is not in the world: the flow below declares them and names their address.
    DECLARED: ("a pending declaration's organisation", frozenset({"newcomer", "emil", "sam"})),
}
TOKENS: dict[str, frozenset[str]] = {
    token: entitled for token, (_where, entitled) in {**SENTINELS, **LOCAL_TOKENS}.items()
}


@dataclass(frozen=True)
class Grant:
    """From the mail numbered `from_mail` on, `persona` may also read `tokens`."""

    from_mail: int
    persona: str
    tokens: frozenset[str]
    why: str


def texts_of(message: Any) -> str:
    parts = [str(message.subject), str(message.body)]
    parts.extend(str(content) for content, _type in getattr(message, "alternatives", []))
    return "\n".join(parts)


def recipients_of(message: Any) -> list[str]:
    return [*message.to, *message.cc, *message.bcc]


def leaks(outbox: list[Any], personas_by_address: dict[str, str], grants: list[Grant]) -> list[str]:
    """Each (mail, recipient, token) that reaches someone outside the token's entitled set, and
    each address that belongs to nobody in the world."""
    found = []
    for number, message in enumerate(outbox):
        text = texts_of(message)
        carried = [token for token in TOKENS if token in text]
        for address in recipients_of(message):
            persona = personas_by_address.get(address.lower())
            if persona is None:
                found.append(
                    f"mail {number} ({message.subject!r}) went to {address}, who is nobody in the world"
                )
                continue
            granted = {
                token
                for grant in grants
                if grant.persona == persona and grant.from_mail <= number
                for token in grant.tokens
            }
            for token in carried:
                if persona not in TOKENS[token] and token not in granted:
                    found.append(f"mail {number} ({message.subject!r}) carries {token} to {persona}")
    return found


def reached(outbox: list[Any], personas_by_address: dict[str, str]) -> set[tuple[str, str]]:
    """(token, persona) pairs a mail carried."""
    pairs: set[tuple[str, str]] = set()
    for message in outbox:
        text = texts_of(message)
        for address in recipients_of(message):
            persona = personas_by_address.get(address.lower())
            pairs.update((token, persona) for token in TOKENS if token in text and persona)
    return pairs


def test_no_mail_carries_a_sentinel_to_someone_not_entitled(
    sworld: SecurityWorld, django_capture_on_commit_callbacks: Any
) -> None:
    from connective.consultations import services as consultations
    from connective.consultations.choices import RequestVisibility, ServiceStatus, SupportKind
    from connective.consultations.models import Invitation
    from connective.consultations.tasks import invitation_reminders_task
    from connective.members.models import Language, MemberProfile
    from connective.networks.services import membership_approve
    from connective.practices import services as practices

    users = {persona: user for persona, user in sworld.users.items() if user is not None}
    personas_by_address = {user.email.lower(): persona for persona, user in users.items() if user.email}
    assert len(personas_by_address) == len(users), "every persona has an address of their own"
    world = sworld.world
    consultation = world.consultation
    alice, dina = users["alice"], users["dina"]
    advisor = users["advisor"]
    # bob and charlie advise peers too, so that they can be invited on alice's consultation.
    MemberProfile.objects.filter(user__in=[users["bob"], users["charlie"]]).update(willing_to_advise=True)
    # A co-author of the practice in review whose account was later deactivated.
    world.in_review.authors.add(users["deactivated"])
    grants: list[Grant] = []
    mail.outbox = []

    def run(flow: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return flow()

    def post(persona: str, name: str, data: dict[str, Any], *args: Any) -> None:
        client = sworld.client(persona)
        response = run(lambda: client.post(reverse(name, args=args), data))
        assert response.status_code == 302, (name, persona, response.status_code)

    def invited(persona: str, why: str) -> None:
        """`persona` was invited: from the mail now being sent, they read the request on the
        invitation page, and they must really read it there."""
        page = sworld.client(persona).get(reverse("consultations:invitation", args=[consultation.public_id]))
        assert page.status_code == 200
        shown = frozenset(t for t in ("Zyxconftitle", "Zyxconfdescription") if t in page.content.decode())
        assert "Zyxconftitle" in shown
        grants.append(Grant(from_mail=len(mail.outbox) - 1, persona=persona, tokens=shown, why=why))

    # The private space: alice writes (a real POST), the advisor answers and proposes a meeting.
    post(
        "alice",
        "consultations:message",
        {"body": "Zyxmessage: the night flows of district 9."},
        consultation.public_id,
    )
    run(
        lambda: consultations.message_post(
            actor=advisor, request=consultation, body="Zyxmessage: and district 2?"
        )
    )
    run(
        lambda: consultations.meeting_propose(
            actor=advisor, request=consultation, starts_at=timezone.now() + datetime.timedelta(days=2),
            duration_minutes=45, room_url="https://meet.example.org/qalqilya",
        )
    )  # fmt: skip
    # alice invites charlie (another network) by a real POST; he declines, and she is told.
    post(
        "alice",
        "consultations:invite",
        {"advisor": str(sworld.profiles["charlie"].slug)},
        consultation.public_id,
    )
    invited("charlie", "invited by alice: the invitation page shows him the request")
    invitation = Invitation.objects.get(request=consultation, advisor__user=users["charlie"])
    run(
        lambda: consultations.invitation_decline(
            actor=users["charlie"], invitation=invitation, reason="On leave."
        )
    )
    # The coordinator invites bob; he does not answer, and the hourly task reminds him.
    bob = MemberProfile.objects.get(user=users["bob"])
    run(lambda: consultations.invitation_create(actor=dina, request=consultation, advisor=bob))
    invited("bob", "invited by dina: the invitation page shows him the request")
    Invitation.objects.filter(request=consultation, advisor__user=users["bob"]).update(
        sent_at=timezone.now() - datetime.timedelta(days=settings.CONSULTATION_REMINDER_DAYS + 1)
    )
    assert run(invitation_reminders_task) == (1, 0)
    # alice closes the consultation (a real POST): bob's waiting invitation is withdrawn unmailed.
    post(
        "alice", "consultations:close",
        {"outcome_advice": "Meter the night flows.", "outcome_next_steps": "A pilot in district 9."},
        consultation.public_id,
    )  # fmt: skip

    # New requests that wait for alice's coordinators (MENA), whatever country they are about.
    english = list(Language.objects.filter(code="en"))
    run(
        lambda: consultations.consultation_request_create(
            actor=alice,
            data=consultations.RequestData(
                title=f"{QUEUED}: leaks in Novi Sad", description="Our partner city in Serbia loses water.",
                city="Novi Sad", country="RS", support_kind=SupportKind.PEER_ADVICE, languages=english,
                visibility=RequestVisibility.CONFIDENTIAL, ask_coordinators=True,
            ),
        )
    )  # fmt: skip
    service = run(
        lambda: consultations.consultation_request_create(
            actor=alice,
            data=consultations.RequestData(
                title=f"{SERVICE}: a study of our tariffs", description="We need a tariff study.",
                city="Amman", country="JO", support_kind=SupportKind.FINANCIAL_ADVICE, languages=english,
            ),
        )
    )  # fmt: skip
    run(
        lambda: consultations.service_status_set(
            actor=dina, request=service, service_status=ServiceStatus.IN_PROGRESS
        )
    )

    # The practice in review: sent back with a comment, submitted again, published.
    practice = world.in_review
    run(
        lambda: practices.practice_request_changes(
            actor=dina, practice=practice, comment="Zyxreviewcomment: weigh the bins."
        )
    )
    practice.refresh_from_db()
    run(lambda: practices.practice_submit(actor=alice, practice=practice))
    practice.refresh_from_db()
    run(lambda: practices.practice_publish(actor=dina, practice=practice))

    # A newcomer declares their membership of Southeast Europe: its coordinators are told.
    from connective.networks.tests.test_signup import SIGNUP, declaration

    newcomer = declaration(
        email="vesna@example.org", full_name="Vesna Petrović", city="Mostar", country="BA",
        organisation=f"{DECLARED} Mostar Water", bio="Works on water meters.",
    )  # fmt: skip
    response = run(lambda: sworld.client("visitor").post(SIGNUP, newcomer))
    assert response.status_code == 302, response.content.decode()[:2000]
    personas_by_address["vesna@example.org"] = "newcomer"

    # The pending declaration is approved; a member long away is warned by the retention command.
    run(lambda: membership_approve(actor=dina, profile=world.declaration))
    User.objects.filter(pk=users["charlie"].pk).update(
        last_login=timezone.now() - datetime.timedelta(days=settings.RETENTION_INACTIVE_DAYS + 1)
    )
    report = io.StringIO()
    run(lambda: call_command("retention", stdout=report))
    assert "inactive members warned: 1" in report.getvalue()

    outbox = list(mail.outbox)
    recipients = {address.lower() for message in outbox for address in recipients_of(message)}
    print(f"mail probe: {len(outbox)} mails, {len(recipients)} recipients")
    assert leaks(outbox, personas_by_address, grants) == []
    # The probe is worth something: many mails, to many people, carrying tokens where allowed.
    assert len(outbox) >= 14, [message.subject for message in outbox]
    assert {personas_by_address[address] for address in recipients} >= {
        "alice", "bob", "charlie", "advisor", "dina", "pending"
    }  # fmt: skip
    carried = reached(outbox, personas_by_address)
    assert {
        ("Zyxconftitle", "advisor"),
        ("Zyxconftitle", "bob"),
        ("Zyxconftitle", "charlie"),
        ("Zyxreviewcomment", "alice"),
        (QUEUED, "dina"),
        (SERVICE, "alice"),
        (DECLARED, "emil"),
    } <= carried, sorted(carried)
    # Coordinators of another network hear nothing of alice's requests, though one is about Serbia.
    assert {token for token, persona in carried if persona == "emil"} == {DECLARED}


def test_the_probe_catches_a_token_sent_to_someone_not_entitled(sworld: SecurityWorld) -> None:
    """The check itself can fail: a mail that carries bob's hidden bio to charlie is named."""
    from django.core.mail import EmailMessage

    users = {persona: user for persona, user in sworld.users.items() if user is not None}
    by_address = {user.email.lower(): persona for persona, user in users.items()}
    message = EmailMessage(subject="Zyxhiddenbio", body="", to=[users["charlie"].email, users["dina"].email])
    stranger = EmailMessage(subject="Hello", body="", to=["nobody@example.org"])
    assert leaks([message, stranger], by_address, []) == [
        "mail 0 ('Zyxhiddenbio') carries Zyxhiddenbio to charlie",
        "mail 1 ('Hello') went to nobody@example.org, who is nobody in the world",
    ]
    granted = Grant(from_mail=0, persona="charlie", tokens=frozenset({"Zyxhiddenbio"}), why="a test")
    assert leaks([message], by_address, [granted]) == []
