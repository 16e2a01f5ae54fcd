"""What consultations keep about a person, declared to the registry (`core.personal_data`).

A consultation is shared work: when a person deletes their account, what they wrote in others'
consultations (messages, files, meetings, feedback, their invitations) stays readable under
their pseudonym. A request of their own stays too, pseudonymised, when someone else took part
in it (an advisor accepted, or another person wrote in its space); one no one else touched is
theirs alone and is deleted. What matching stored about them (their advisor embedding, the
stored index) goes.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from connective.core.personal_data import Erasure, Part, Rows, keep_under_pseudonym, register


def _requests(user: Any) -> Rows:
    from connective.consultations.models import ConsultationRequest

    return [
        {
            "id": str(request.public_id),
            "title": request.title,
            "description": request.description,
            "what_was_tried": request.what_was_tried,
            "city": request.city,
            "country": str(request.country.name),
            "themes": [theme.label for theme in request.themes.all()],
            "support_kind": request.get_support_kind_display(),
            "urgency": request.get_urgency_display(),
            "visibility": request.get_visibility_display(),
            "status": request.get_status_display(),
            "created_at": request.created_at,
            "closed_at": request.closed_at,
            "outcome_advice": request.outcome_advice,
            "outcome_next_steps": request.outcome_next_steps,
        }
        for request in ConsultationRequest.objects.filter(requester__user=user)
        .prefetch_related("themes")
        .order_by("created_at", "id")
    ]


def _others_took_part(user: Any) -> Q:
    from connective.consultations.choices import InvitationStatus

    return (
        Q(invitations__status=InvitationStatus.ACCEPTED)
        | (Q(messages__isnull=False) & ~Q(messages__author=user))
        | (Q(files__isnull=False) & ~Q(files__uploaded_by=user))
        | (Q(meetings__isnull=False) & ~Q(meetings__proposed_by=user))
        | (Q(feedback__isnull=False) & ~Q(feedback__author=user))
    )


def _requests_erase(user: Any) -> int:
    from connective.consultations.models import ConsultationFile, ConsultationRequest

    own = ConsultationRequest.objects.filter(requester__user=user)
    shared = set(own.filter(_others_took_part(user)).values_list("pk", flat=True))
    alone = own.exclude(pk__in=shared)
    files = [
        (item.file.storage, item.file.name)
        for item in ConsultationFile.objects.filter(request__in=alone)
        if item.file.name
    ]
    count = 0
    for request in alone:
        # Its invitations, space and feedback go with it: none of them is anyone else's work.
        request.delete()
        count += 1

    def after() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(after)
    return count + len(shared)


def _invitations(user: Any) -> Rows:
    from connective.consultations.models import Invitation

    return [
        {
            "consultation": str(invitation.request.public_id),
            "title": invitation.request.title,
            "status": invitation.get_status_display(),
            "decline_reason": invitation.decline_reason,
            "reason_hidden_from_requester": invitation.reason_hidden_from_requester,
            "sent_at": invitation.sent_at,
            "answered_at": invitation.answered_at,
        }
        for invitation in Invitation.objects.filter(advisor__user=user)
        .select_related("request")
        .order_by("sent_at", "id")
    ]


def _invitations_erase(user: Any) -> int:
    from connective.consultations.models import Invitation

    # The stored reason described the person ("works on water in Irbid"): it goes, the
    # invitation and its answer stay for the requester's record.
    return Invitation.objects.filter(advisor__user=user).update(match_reason="")


def _contributions(user: Any) -> Rows:
    from connective.consultations.models import ConsultationMessage, Feedback, MeetingProposal

    messages = [
        {
            "kind": "message",
            "consultation": str(message.request.public_id),
            "body": message.body,
            "at": message.created_at,
        }
        for message in ConsultationMessage.objects.filter(author=user)
        .select_related("request")
        .order_by("created_at", "id")
    ]
    meetings = [
        {
            "kind": "meeting",
            "consultation": str(meeting.request.public_id),
            "starts_at": meeting.starts_at,
            "duration_minutes": meeting.duration_minutes,
            "room_url": meeting.room_url,
            "note": meeting.note,
            "at": meeting.created_at,
        }
        for meeting in MeetingProposal.objects.filter(proposed_by=user).select_related("request")
    ]
    feedback = [
        {
            "kind": "feedback",
            "consultation": str(item.request.public_id),
            "role": item.get_role_display(),
            "rating": item.rating,
            "comment": item.comment,
            "at": item.created_at,
        }
        for item in Feedback.objects.filter(author=user).select_related("request")
    ]
    return messages + meetings + feedback


def _files_rows(user: Any) -> Rows:
    from connective.consultations.models import ConsultationFile

    return [
        {
            "consultation": str(item.request.public_id),
            "file_name": item.original_name,
            "content_type": item.content_type,
            "size": item.size,
            "uploaded_at": item.uploaded_at,
        }
        for item in ConsultationFile.objects.filter(uploaded_by=user).select_related("request")
    ]


def _files(user: Any) -> list[tuple[str, FieldFile]]:
    from connective.consultations.models import ConsultationFile

    return [
        (item.original_name, item.file)
        for item in ConsultationFile.objects.filter(uploaded_by=user).order_by("uploaded_at", "id")
        if item.file.name
    ]


def _embedding(user: Any) -> Rows:
    from connective.consultations.suggestions.models import AdvisorEmbedding

    return [
        {"model": item.model, "text_hash": item.text_hash, "updated_at": item.updated_at}
        for item in AdvisorEmbedding.objects.filter(profile__user=user)
    ]


def _embedding_erase(user: Any) -> int:
    from connective.consultations.suggestions.models import AdvisorEmbedding
    from connective.consultations.tasks_matching import snapshot_forget_task

    count, _rows = AdvisorEmbedding.objects.filter(profile__user=user).delete()
    transaction.on_commit(snapshot_forget_task.delay)
    return count


def register_parts() -> None:
    from connective.consultations.models import (
        ConsultationFile,
        ConsultationMessage,
        ConsultationRequest,
        Feedback,
        Invitation,
        MeetingProposal,
    )
    from connective.consultations.suggestions.models import AdvisorEmbedding

    register(
        Part(
            name="consultation_requests",
            models=(ConsultationRequest,),
            what=_(
                "Your consultation requests: the challenge you described, what was advised, what your city will do"
            ),
            why=_("To match you with peers and keep the record of the advice"),
            kept=_(
                "While you are a member. When you delete your account, a request others took part in stays under a pseudonym; the others are deleted"
            ),
            seen_by=_(
                "You, the advisors who accepted, the coordinators of your network and programme staff; more people if you open it to your network or to all members"
            ),
            erasure=Erasure.PSEUDONYMISE,
            export=_requests,
            erase=_requests_erase,
            order=30,
        )
    )
    register(
        Part(
            name="consultation_invitations",
            models=(Invitation,),
            what=_("Invitations you received to advise, and your answers"),
            why=_("To organise peer advice"),
            kept=_("As long as the consultation, under a pseudonym once you delete your account"),
            seen_by=_("You, the requester, the coordinators of the network and programme staff"),
            erasure=Erasure.PSEUDONYMISE,
            export=_invitations,
            erase=_invitations_erase,
            order=31,
        )
    )
    register(
        Part(
            name="consultation_contributions",
            models=(ConsultationMessage, MeetingProposal, Feedback),
            what=_("What you wrote in consultations: messages, meeting proposals and feedback"),
            why=_("So that everyone who took part can follow the consultation"),
            kept=_("As long as the consultation, under a pseudonym once you delete your account"),
            seen_by=_("The consultation's participants, the coordinators of the network and programme staff"),
            erasure=Erasure.PSEUDONYMISE,
            export=_contributions,
            erase=keep_under_pseudonym,
            order=32,
        )
    )
    register(
        Part(
            name="consultation_files",
            models=(ConsultationFile,),
            what=_("Files you shared in consultations"),
            why=_("So that everyone who took part can use them"),
            kept=_("As long as the consultation, under a pseudonym once you delete your account"),
            seen_by=_("The consultation's participants, the coordinators of the network and programme staff"),
            erasure=Erasure.PSEUDONYMISE,
            export=_files_rows,
            erase=keep_under_pseudonym,
            files=_files,
            order=33,
        )
    )
    register(
        Part(
            name="matching",
            models=(AdvisorEmbedding,),
            what=_(
                "What matching computed from your profile while you were willing to advise (a numeric summary of your bio and past topics)"
            ),
            why=_("To suggest you as an advisor for fitting requests, only while you consent to advise"),
            kept=_(
                "Recomputed when your profile changes; deleted, with the stored index rebuilt, when you withdraw or delete your account"
            ),
            seen_by=_("No person; the matching code"),
            erasure=Erasure.DELETE,
            export=_embedding,
            erase=_embedding_erase,
            order=34,
        )
    )
