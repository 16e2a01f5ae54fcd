"""Writes of the consultation workflow: asking, inviting, answering, the space, closing.

Every service checks who acts through `access.participation` (or the viewer's role), changes
the records in one transaction and records what happened as a `ConsultationEvent`. Nothing here
sends mail: the notification pipeline hears of the events after commit and tells whom each one
concerns (`notifications.py`), rendered at delivery in each recipient's language, naming a
request by its title only to people who may still see it; message bodies and files never travel
by mail. What a mail needs that is not on the request (which advisor, which invitation, message
or meeting) goes into the event's data, by identifier, never as member-written text.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from connective.accounts.models import User
from connective.consultations.access import (
    Participation,
    can_coordinate_consultations_in,
    can_request_consultation,
    participation,
)
from connective.consultations.choices import (
    ACTIVE_STATUSES,
    SERVICE_KINDS,
    ConsultationEvent,
    FeedbackRole,
    InvitationStatus,
    RequestStatus,
    RequestVisibility,
    ServiceStatus,
)
from connective.consultations.models import (
    ConsultationFile,
    ConsultationMessage,
    ConsultationRequest,
    Feedback,
    Invitation,
    MeetingProposal,
)
from connective.core.errors import NotAllowed
from connective.core.events import record_event
from connective.core.models import Theme
from connective.core.regions import region_for_country
from connective.core.text import excerpt, guess_language
from connective.members.models import Language, MemberProfile
from connective.members.roles import viewer_for

FILE_MAX_BYTES = 10 * 1024 * 1024
INVITATION_EXPIRY_DAYS = 14


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def _participation(actor: User, request: ConsultationRequest) -> Participation:
    found = participation(viewer=viewer_for(actor), request=request)
    if found is None:
        raise NotAllowed(_("You do not take part in this consultation."))
    return found


def advisor_open_count(*, advisor: MemberProfile) -> int:
    """An advisor's open consultations: accepted invitations on requests still in progress."""
    return Invitation.objects.filter(
        advisor=advisor, status=InvitationStatus.ACCEPTED, request__status=RequestStatus.IN_PROGRESS
    ).count()


# -- asking ------------------------------------------------------------------------------


@dataclass
class RequestData:
    """What a member writes when they ask for advice (the form fills it)."""

    title: str
    description: str
    city: str
    country: str
    support_kind: str
    languages: Iterable[Language] = field(default_factory=list)
    themes: Iterable[Theme | int] = field(default_factory=list)
    what_was_tried: str = ""
    urgency: str = "normal"
    visibility: str = RequestVisibility.CONFIDENTIAL
    ask_coordinators: bool = False
    # The peer the member chose to ask ("Ask for advice" on a profile): invited with the request.
    advisor: MemberProfile | None = None


@transaction.atomic
def consultation_request_create(*, actor: User, data: RequestData) -> ConsultationRequest:
    """A member asks for advice on a challenge or project idea.

    Peer advice and exchange visits open for invitations at once, unless the member asks the
    coordinators to help find advisors (then the request waits in their queue, `in_triage`).
    Financial advice, studies and collections of good practices are service requests: they
    go to the coordinators of the member's network, who are told by mail.

    The request belongs to the requester's network (`network`, from their profile), which
    decides who coordinates and who sees it; `region` is only where the city it is about lies.
    """
    viewer = viewer_for(actor)
    _require(can_request_consultation(viewer), _("Only approved members ask for consultations."))
    profile = MemberProfile.objects.get(user=actor)
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = _("Give your request a title.")
    if not data.description.strip():
        errors["description"] = _("Describe your challenge or project idea.")
    if not data.city.strip():
        errors["city"] = _("Name your city.")
    languages = list(data.languages)
    if not languages:
        errors["languages"] = _("Choose at least one language you can work in.")
    is_service = data.support_kind in SERVICE_KINDS
    if data.advisor is not None and is_service:
        errors["support_kind"] = _(
            "A peer you ask yourself gives peer advice or hosts an exchange visit: financing advice, "
            "studies and collections of good practices go to the coordinators."
        )
    if errors:
        raise ValidationError(errors)
    request = ConsultationRequest.objects.create(
        requester=profile,
        title=data.title.strip()[:200],
        description=data.description.strip(),
        what_was_tried=data.what_was_tried.strip(),
        city=data.city.strip()[:120],
        country=data.country,
        region=region_for_country(str(data.country)),
        network=profile.region,
        support_kind=data.support_kind,
        urgency=data.urgency,
        visibility=data.visibility,
        status=RequestStatus.IN_TRIAGE if (is_service or data.ask_coordinators) else RequestStatus.OPEN,
        service_status=ServiceStatus.RECEIVED if is_service else "",
    )
    request.languages.set(languages)
    request.themes.set(list(data.themes))
    record_event(
        actor=actor, kind=ConsultationEvent.REQUESTED, target=request, support_kind=data.support_kind
    )
    if data.advisor is not None:
        # The same rules as any invitation (willing, approved, not the requester); a refusal
        # undoes the whole request, and the form keeps what the member wrote.
        invitation_create(actor=actor, request=request, advisor=data.advisor)
    if request.status == RequestStatus.IN_TRIAGE:
        record_event(actor=actor, kind=ConsultationEvent.QUEUED, target=request)
    return request


@transaction.atomic
def consultation_visibility_set(*, actor: User, request: ConsultationRequest, visibility: str) -> None:
    """The requester opens the request to their network or all members, or makes it confidential
    again. The private space stays with its participants whatever the visibility."""
    found = _participation(actor, request)
    _require(found.is_requester, _("Only the requester decides who sees the request."))
    if visibility not in RequestVisibility.values:
        raise ValidationError({"visibility": _("Choose who may see the request.")})
    request.visibility = visibility
    request.save(update_fields=["visibility", "updated_at"])
    record_event(actor=actor, kind=ConsultationEvent.VISIBILITY_SET, target=request, visibility=visibility)


@transaction.atomic
def consultation_withdraw(*, actor: User, request: ConsultationRequest) -> None:
    """The requester no longer needs advice: waiting invitations are withdrawn with it."""
    found = _participation(actor, request)
    _require(found.is_requester, _("Only the requester withdraws a request."))
    if request.is_closed:
        raise ValidationError(_("This consultation has already ended."))
    request.status = RequestStatus.WITHDRAWN
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "closed_at", "updated_at"])
    request.invitations.filter(status=InvitationStatus.PENDING).update(
        status=InvitationStatus.WITHDRAWN, answered_at=timezone.now()
    )
    record_event(actor=actor, kind=ConsultationEvent.WITHDRAWN, target=request)


@transaction.atomic
def service_status_set(*, actor: User, request: ConsultationRequest, service_status: str) -> None:
    """A coordinator of the requester's network moves a service request on (received -> done)."""
    _require(
        can_coordinate_consultations_in(viewer_for(actor), request.network),
        _("Only the coordinators of the requester's network follow this service request."),
    )
    if not request.is_service_request:
        raise ValidationError(_("This request asks peers for advice, not for a service."))
    if service_status not in ServiceStatus.values:
        raise ValidationError({"service_status": _("Choose a status.")})
    request.service_status = service_status
    fields = ["service_status", "updated_at"]
    if service_status in (ServiceStatus.DONE, ServiceStatus.DECLINED) and not request.is_closed:
        request.status = RequestStatus.CLOSED
        request.closed_at = timezone.now()
        fields += ["status", "closed_at"]
    elif service_status == ServiceStatus.IN_PROGRESS and request.status in ACTIVE_STATUSES:
        request.status = RequestStatus.IN_PROGRESS
        fields.append("status")
    request.save(update_fields=fields)
    record_event(
        actor=actor, kind=ConsultationEvent.SERVICE_STATUS_SET, target=request, service_status=service_status
    )


# -- inviting and answering --------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *, actor: User, request: ConsultationRequest, advisor: MemberProfile, match_reason: str = ""
) -> Invitation:
    """The requester (from the suggestions) or a coordinator invites a peer to advise.

    The advisor must be an approved member willing to advise, not the requester, and not
    invited on this request before. They are told by mail with the title only.
    `match_reason` is stored and shown to everyone who sees the invitation: it comes from
    `suggestions.service.invitation_reason`, never from what a browser sent.
    """
    found = _participation(actor, request)
    _require(found.can_invite, _("Only the requester and the coordinators invite advisors."))
    if request.is_service_request:
        raise ValidationError(_("Service requests are handled by the coordinators, not by invited peers."))
    if not advisor.is_approved or not advisor.willing_to_advise or not advisor.user.is_active:
        raise ValidationError({"advisor": _("This member does not advise peers at the moment.")})
    if advisor.pk == request.requester_id:
        raise ValidationError({"advisor": _("The requester cannot advise on their own request.")})
    if Invitation.objects.filter(request=request, advisor=advisor).exists():
        raise ValidationError({"advisor": _("This member has already been invited on this request.")})
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                request=request, advisor=advisor, invited_by=actor, match_reason=match_reason.strip()[:1000]
            )
    except IntegrityError:
        raise ValidationError(
            {"advisor": _("This member has already been invited on this request.")}
        ) from None
    if request.status in (RequestStatus.OPEN, RequestStatus.IN_TRIAGE):
        request.status = RequestStatus.MATCHING
        request.save(update_fields=["status", "updated_at"])
    record_event(
        actor=actor,
        kind=ConsultationEvent.INVITED,
        target=request,
        advisor=str(advisor.slug),
        invitation=invitation.pk,
    )
    return invitation


@transaction.atomic
def invitation_withdraw(*, actor: User, invitation: Invitation) -> None:
    """The requester or a coordinator takes back an invitation not answered yet."""
    found = _participation(actor, invitation.request)
    _require(found.can_invite, _("Only the requester and the coordinators withdraw invitations."))
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("Only an invitation waiting for an answer can be withdrawn."))
    invitation.status = InvitationStatus.WITHDRAWN
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    record_event(actor=actor, kind=ConsultationEvent.INVITATION_WITHDRAWN, target=invitation.request)


def _own_pending(actor: User, invitation: Invitation) -> None:
    _require(invitation.advisor.user_id == actor.pk, _("Only the invited advisor answers an invitation."))
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("This invitation has already been answered or has ended."))
    if invitation.request.is_closed:
        raise ValidationError(_("This consultation has already ended."))


@transaction.atomic
def invitation_accept(*, actor: User, invitation: Invitation) -> None:
    """The advisor accepts: they join the private space, and the consultation is in progress.

    An advisor takes at most `CONSULTATION_ADVISOR_LIMIT` consultations at once.
    """
    _own_pending(actor, invitation)
    limit = settings.CONSULTATION_ADVISOR_LIMIT
    if advisor_open_count(advisor=invitation.advisor) >= limit:
        raise ValidationError(
            _("You already advise on %(limit)s consultations; close one before taking another.")
            % {"limit": limit}
        )
    invitation.status = InvitationStatus.ACCEPTED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    request = invitation.request
    if request.status != RequestStatus.IN_PROGRESS:
        request.status = RequestStatus.IN_PROGRESS
        request.save(update_fields=["status", "updated_at"])
    record_event(
        actor=actor,
        kind=ConsultationEvent.INVITATION_ACCEPTED,
        target=request,
        advisor=str(invitation.advisor.slug),
        invitation=invitation.pk,
    )


@transaction.atomic
def invitation_decline(
    *, actor: User, invitation: Invitation, reason: str, hide_reason: bool = False
) -> None:
    """The advisor declines, saying why; they may keep the reason from the requester
    (the coordinators still read it)."""
    _own_pending(actor, invitation)
    if not reason.strip():
        raise ValidationError({"decline_reason": _("Say in a few words why you decline.")})
    invitation.status = InvitationStatus.DECLINED
    invitation.decline_reason = reason.strip()[:2000]
    invitation.reason_hidden_from_requester = hide_reason
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "decline_reason", "reason_hidden_from_requester", "answered_at"])
    request = invitation.request
    # The reason is read from the invitation when the mail is rendered (by its id here): the
    # audit log keeps no member-written text, and a reason kept from the requester stays so.
    record_event(
        actor=actor,
        kind=ConsultationEvent.INVITATION_DECLINED,
        target=request,
        advisor=str(invitation.advisor.slug),
        invitation=invitation.pk,
    )


# -- the private space -------------------------------------------------------------------


def _writer(actor: User, request: ConsultationRequest) -> None:
    found = _participation(actor, request)
    _require(found.can_see_space, _("Only the participants write in the consultation's space."))
    if request.is_closed:
        raise ValidationError(_("This consultation has ended."))


@transaction.atomic
def message_post(*, actor: User, request: ConsultationRequest, body: str) -> ConsultationMessage:
    """A participant writes in the private space; the others are told (without the text)."""
    _writer(actor, request)
    if not body.strip():
        raise ValidationError({"body": _("Write a message.")})
    message = ConsultationMessage.objects.create(request=request, author=actor, body=body.strip()[:10000])
    record_event(actor=actor, kind=ConsultationEvent.MESSAGE_POSTED, target=request, message=message.pk)
    return message


# What a file starts with, per type we accept; the name and the browser's type are not trusted.
_SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"GIF87a", "image/gif", ".gif"),
    (b"GIF89a", "image/gif", ".gif"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/vnd.ms-office", ".doc"),
]
# Office Open XML and OpenDocument files are zip archives; the part inside says which.
_OOXML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}
_ODF = {
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}


def sniff_document(uploaded_file: UploadedFile) -> tuple[str, str] | None:
    """The content type and extension of an accepted file, from its content; None otherwise."""
    uploaded_file.seek(0)
    head = uploaded_file.read(16)
    uploaded_file.seek(0)
    for signature, content_type, extension in _SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", ".webp"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded_file) as archive:
                names = archive.namelist()
                if "mimetype" in names:
                    mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                    if mimetype in _ODF:
                        return mimetype, _ODF[mimetype]
                if "[Content_Types].xml" in names:
                    for prefix, (content_type, extension) in _OOXML.items():
                        if any(name.startswith(prefix) for name in names):
                            return content_type, extension
        except zipfile.BadZipFile:
            return None
        finally:
            uploaded_file.seek(0)
    return None


@transaction.atomic
def file_add(*, actor: User, request: ConsultationRequest, uploaded_file: UploadedFile) -> ConsultationFile:
    """Share a document in the private space: PDF, image or office document, 10 MB at most,
    checked by its content. The stored name is made here (random folder, true extension)."""
    _writer(actor, request)
    size = uploaded_file.size or 0
    if size > FILE_MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    sniffed = sniff_document(uploaded_file)
    if sniffed is None:
        raise ValidationError(
            {
                "file": _(
                    "Only PDF documents, images (PNG, JPEG, GIF, WebP) and office documents can be shared."
                )
            }
        )
    content_type, extension = sniffed
    original = (uploaded_file.name or "file").replace("\\", "/").rsplit("/", 1)[-1][:200]
    stem = slugify(original.rsplit(".", 1)[0])[:60] or "file"
    item = ConsultationFile(
        request=request, uploaded_by=actor, original_name=original, content_type=content_type, size=size
    )
    item.file.save(f"{stem}{extension}", uploaded_file, save=False)
    item.save()
    record_event(actor=actor, kind=ConsultationEvent.FILE_ADDED, target=request, file=str(item.public_id))
    return item


@transaction.atomic
def meeting_propose(
    *,
    actor: User,
    request: ConsultationRequest,
    starts_at: datetime.datetime,
    duration_minutes: int,
    room_url: str = "",
    note: str = "",
) -> MeetingProposal:
    """Propose a time for an online meeting (stored in UTC) with the link to the room."""
    _writer(actor, request)
    errors: dict[str, str] = {}
    if timezone.is_naive(starts_at):
        errors["starts_at"] = _("Give the time with its time zone.")
    elif starts_at < timezone.now():
        errors["starts_at"] = _("The meeting must be in the future.")
    if not 5 <= duration_minutes <= 480:
        errors["duration_minutes"] = _("A meeting lasts between 5 and 480 minutes.")
    room_url = room_url.strip()
    if room_url:
        parts = urlsplit(room_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            errors["room_url"] = _("The link to the room must start with https:// or http://.")
    if errors:
        raise ValidationError(errors)
    meeting = MeetingProposal.objects.create(
        request=request,
        proposed_by=actor,
        starts_at=starts_at.astimezone(datetime.UTC),
        duration_minutes=duration_minutes,
        room_url=room_url,
        note=note.strip()[:500],
    )
    record_event(actor=actor, kind=ConsultationEvent.MEETING_PROPOSED, target=request, meeting=meeting.pk)
    return meeting


# -- closing -----------------------------------------------------------------------------


@transaction.atomic
def consultation_close(*, actor: User, request: ConsultationRequest, advice: str, next_steps: str) -> None:
    """The requester closes the consultation with its outcome: what was advised, what the city
    will do. Waiting invitations are withdrawn; the advisors are asked for their feedback."""
    found = _participation(actor, request)
    _require(found.is_requester, _("Only the requester closes a consultation."))
    if request.is_closed:
        raise ValidationError(_("This consultation has already ended."))
    errors: dict[str, str] = {}
    if not advice.strip():
        errors["outcome_advice"] = _("Say what the peers advised.")
    if not next_steps.strip():
        errors["outcome_next_steps"] = _("Say what your city will do next.")
    if errors:
        raise ValidationError(errors)
    request.status = RequestStatus.CLOSED
    request.closed_at = timezone.now()
    request.outcome_advice = advice.strip()
    request.outcome_next_steps = next_steps.strip()
    request.save(update_fields=["status", "closed_at", "outcome_advice", "outcome_next_steps", "updated_at"])
    request.invitations.filter(status=InvitationStatus.PENDING).update(
        status=InvitationStatus.WITHDRAWN, answered_at=timezone.now()
    )
    record_event(actor=actor, kind=ConsultationEvent.CLOSED, target=request)


@transaction.atomic
def feedback_give(*, actor: User, request: ConsultationRequest, rating: int, comment: str = "") -> Feedback:
    """The requester and each advisor who took part say, once, how the consultation went."""
    found = _participation(actor, request)
    _require(found.is_requester or found.is_advisor, _("Only the participants give feedback."))
    if request.status != RequestStatus.CLOSED:
        raise ValidationError(_("Feedback is given once the consultation is closed."))
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Rate from 1 to 5.")})
    if Feedback.objects.filter(request=request, author=actor).exists():
        raise ValidationError(_("You have already given your feedback."))
    feedback = Feedback.objects.create(
        request=request,
        author=actor,
        role=FeedbackRole.REQUESTER if found.is_requester else FeedbackRole.ADVISOR,
        rating=rating,
        comment=comment.strip()[:5000],
    )
    record_event(actor=actor, kind=ConsultationEvent.FEEDBACK_GIVEN, target=request, rating=rating)
    return feedback


@transaction.atomic
def consultation_practice_draft(*, actor: User, request: ConsultationRequest) -> Any:
    """Turn a closed consultation's outcome into a draft good practice, authored by the requester.

    The draft is prefilled from the request and its outcome and linked back; the requester
    edits it and submits it for review as any other draft (nothing is published from here).
    """
    from connective.practices.services import PracticeData, practice_create

    found = _participation(actor, request)
    _require(found.is_requester, _("Only the requester turns the outcome into a practice."))
    if request.status != RequestStatus.CLOSED:
        raise ValidationError(_("Close the consultation with its outcome first."))
    if request.resulting_practice_id is not None:
        raise ValidationError(_("A practice has already been drafted from this consultation."))
    themes = list(request.themes.all())
    if not themes:
        raise ValidationError(_("A good practice needs a theme: tag the request with one first."))
    language = _written_in(request, actor)
    with translation.override(language):
        planned = _("Planned next steps")
        tried = _("What was tried before")
    # What happened is the challenge, what was tried and what peers advised; what the city will
    # do is a plan, not a result: "results" stays empty until the author can report some.
    data = PracticeData(
        title=request.title,
        summary=excerpt(request.description, 1000),
        city=request.city,
        country=str(request.country),
        language=language,
        challenge="\n\n".join(
            part
            for part in (
                request.description,
                request.what_was_tried and f"**{tried}**\n\n{request.what_was_tried}",
            )
            if part
        ),
        approach="\n\n".join(
            part
            for part in (
                request.outcome_advice,
                request.outcome_next_steps and f"**{planned}**\n\n{request.outcome_next_steps}",
            )
            if part
        ),
        results="",
        themes=themes,
    )
    practice = practice_create(actor=actor, data=data)
    request.resulting_practice = practice
    request.save(update_fields=["resulting_practice", "updated_at"])
    record_event(actor=actor, kind=ConsultationEvent.PRACTICE_DRAFTED, target=request, practice=practice.slug)
    return practice


def _written_in(request: ConsultationRequest, author: User) -> str:
    """The language the request is written in: guessed from its text among the languages it
    may be worked in (the author's own first), else the author's, else the first of them."""
    codes = sorted(request.languages.values_list("code", flat=True))
    own = author.preferred_language
    if own in codes:
        codes.remove(own)
        codes.insert(0, own)
    text = "\n".join((request.title, request.description, request.outcome_advice))
    return guess_language(text, codes) or (codes[0] if codes else own or settings.LANGUAGE_CODE)


# -- reminders ---------------------------------------------------------------------------


def invitation_reminders_send(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Remind, once, advisors whose invitation has waited `CONSULTATION_REMINDER_DAYS`; expire
    invitations unanswered after 14 days. Returns (reminded, expired)."""
    now = now or timezone.now()
    expired = 0
    for invitation in Invitation.objects.filter(
        status=InvitationStatus.PENDING, sent_at__lte=now - datetime.timedelta(days=INVITATION_EXPIRY_DAYS)
    ).select_related("request"):
        with transaction.atomic():
            invitation.status = InvitationStatus.EXPIRED
            invitation.answered_at = now
            invitation.save(update_fields=["status", "answered_at"])
            record_event(actor=None, kind=ConsultationEvent.INVITATION_EXPIRED, target=invitation.request)
        expired += 1
    reminded = 0
    due = Invitation.objects.filter(
        status=InvitationStatus.PENDING,
        reminded_at__isnull=True,
        sent_at__lte=now - datetime.timedelta(days=settings.CONSULTATION_REMINDER_DAYS),
        request__status__in=list(ACTIVE_STATUSES),
    ).select_related("request", "advisor__user")
    for invitation in due:
        with transaction.atomic():
            updated = Invitation.objects.filter(pk=invitation.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not updated:
                continue
            record_event(
                actor=None,
                kind=ConsultationEvent.INVITATION_REMINDED,
                target=invitation.request,
                advisor=str(invitation.advisor.slug),
                invitation=invitation.pk,
            )
        reminded += 1
    return reminded, expired


# -- looks at confidential records ----------------------------------------------------------


def consultation_look_record(*, actor: User, found: Participation, file: str = "") -> bool:
    """Log that `actor` opened a confidential consultation, or downloaded one of its files
    (`file`: its public id), by their role (a coordinator or staff who neither asked nor
    advises): the requester finds the look in their data download. Participants' own visits are
    not looks. Returns whether it was logged."""
    from connective.core.audit import audit_look
    from connective.core.choices import LookEvent

    request = found.request
    if not found.coordinates or found.is_requester or found.is_advisor:
        return False
    if request.visibility != RequestVisibility.CONFIDENTIAL:
        return False
    audit_look(
        viewer=actor,
        what=LookEvent.CONSULTATION_FILE if file else LookEvent.CONSULTATION,
        target=request,
        owner_id=request.requester.user_id,
        role=str(viewer_for(actor).role.value),
        **({"file": file} if file else {}),
    )
    return True
