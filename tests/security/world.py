"""The world the security proofs run in: `build_world` (tests/routes.py), the nine personas and
the visitor, and sentinel tokens planted in every confidential record and hidden field.

Each sentinel is a word nobody would type, written into exactly one record or field that only
some personas may read; `SENTINELS` says which. The proofs assert that a token never reaches a
persona outside its set (pages, feeds, sitemaps, exports, PDFs, mails, suggestions) and that it
does reach each persona inside it, so that a check that could never fail is caught too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.test import Client

from connective.accounts.models import User
from connective.members.models import MemberProfile
from tests.routes import World, build_world

# Who is who, in the order of every table of expectations (tests/security/test_matrix.py).
PERSONAS = ("visitor", "alice", "bob", "charlie", "advisor", "dina", "emil", "sam", "pending", "deactivated")
PERSONA_ROLES = {
    "visitor": "not signed in",
    "alice": "member of MENA, requester of the consultation, author of the practice in review",
    "bob": "alice's peer in MENA",
    "charlie": "member of Southeast Europe",
    "advisor": "the advisor who accepted alice's consultation (MENA)",
    "dina": "coordinator of MENA",
    "emil": "coordinator of Southeast Europe",
    "sam": "staff",
    "pending": "a declaration not yet approved (MENA)",
    "deactivated": "a member whose account was deactivated",
}

# Token -> (where it is planted, the personas who may read it).
SENTINELS: dict[str, tuple[str, frozenset[str]]] = {
    "Zyxconftitle": ("a confidential consultation's title", frozenset({"alice", "advisor", "dina", "sam"})),
    "Zyxconfdescription": (
        "a confidential consultation's description",
        frozenset({"alice", "advisor", "dina", "sam"}),
    ),
    "Zyxmessage": ("a message in the private space", frozenset({"alice", "advisor", "dina", "sam"})),
    "Zyxfilename": ("a file's name in the private space", frozenset({"alice", "advisor", "dina", "sam"})),
    # Feedback is shown on no page; alice, who wrote it, finds it in her data download only.
    "Zyxfeedback": ("alice's feedback on the consultation", frozenset({"alice"})),
    "Zyxhiddenbio": ("bob's bio, shown to coordinators only", frozenset({"bob", "dina", "sam"})),
    "Zyxnetworkorg": (
        "charlie's organisation, shown to his network only",
        frozenset({"charlie", "emil", "sam"}),
    ),
    "Zyxpending": ("a pending declaration's bio", frozenset({"pending", "dina", "sam"})),
    "Zyxdraft": ("a practice in review (its summary)", frozenset({"alice", "dina", "sam"})),
    # The title of the practice in review, which alice's notification (the list, the bell's
    # page) names: nobody else's list may show it.
    "Zyxnotified": ("a practice in review (its title)", frozenset({"alice", "dina", "sam"})),
    "Zyxreviewcomment": (
        "a reviewer's comment on the practice in review",
        frozenset({"alice", "dina", "sam"}),
    ),
    "Zyxprivatepack": ("bob's own pack, never shared", frozenset({"bob"})),
    "Zyxnewsmembers": (
        "the members-only part of a sent MENA newsletter",
        frozenset({"alice", "bob", "advisor", "dina", "sam"}),
    ),
    "Zyxnewsdraft": ("a MENA newsletter still a draft (its subject)", frozenset({"dina", "sam"})),
    # The programme's open proposals and their comments are for members, coordinators and staff.
    "Zyxprogrammeidea": (
        "an open proposal for the MENA programme (its description)",
        frozenset({"alice", "bob", "charlie", "advisor", "dina", "emil", "sam"}),
    ),
    "Zyxprogrammecomment": (
        "a comment on the open proposal",
        frozenset({"alice", "bob", "charlie", "advisor", "dina", "emil", "sam"}),
    ),
    "Zyxthreadtitle": (
        "a closed section's discussion title",
        frozenset({"alice", "dina", "sam"}),
    ),
    "Zyxpostbody": ("a post in a closed section's discussion", frozenset({"alice", "dina", "sam"})),
    # A direct message: its participants only, not coordinators, not staff.
    "Zyxdirectmessage": ("alice's direct message to the advisor", frozenset({"alice", "advisor"})),
    # A closed section's name and description are public; who moderates it is for its readers.
    "Zyxsectionmoderator": (
        "the name of a closed section's moderator",
        frozenset({"alice", "dina", "sam"}),
    ),
}


@dataclass
class SecurityWorld:
    world: World
    users: dict[str, User | None]
    profiles: dict[str, MemberProfile] = field(default_factory=dict)

    def client(self, persona: str, **kwargs: Any) -> Client:
        """A client signed in as `persona` (none for the visitor); a server error is an answer."""
        client = Client(raise_request_exception=False, **kwargs)
        self.login(client, persona)
        return client

    def login(self, client: Client, persona: str) -> None:
        """Sign `client` in as `persona` again, if a request signed it out."""
        user = self.users[persona]
        if user is not None and client.session.get("_auth_user_id") != str(user.pk):
            client.force_login(user)


def build_security_world(
    *, alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile, dina: User, emil: User, sam: User
) -> SecurityWorld:
    """`build_world`, a file in the private space and one on the practice in review, and every
    sentinel planted."""
    from connective.consultations.choices import FeedbackRole
    from connective.consultations.models import ConsultationFile, ConsultationMessage, Feedback
    from connective.members.choices import Visibility
    from connective.members.tests.factories import MemberProfileFactory
    from connective.practices.choices import AttachmentKind, ReviewAction
    from connective.practices.models import Attachment, ReviewEvent
    from connective.practices.packs.services import pack_create

    world = build_world(alice=alice)
    consultation = world.consultation
    consultation.title = f"Zyxconftitle {consultation.title}"
    consultation.description = f"Zyxconfdescription {consultation.description}"
    consultation.save(update_fields=["title", "description"])
    ConsultationMessage.objects.create(
        request=consultation, author=alice.user, body="Zyxmessage: the night flows of district 4."
    )
    world.consultation_file = ConsultationFile.objects.create(
        request=consultation,
        uploaded_by=alice.user,
        file=ContentFile(b"%PDF-1.4 night flows", name="flows.pdf"),
        original_name="Zyxfilename-flows.pdf",
        content_type="application/pdf",
        size=20,
    )
    Feedback.objects.create(
        request=consultation, author=alice.user, role=FeedbackRole.REQUESTER, rating=5, comment="Zyxfeedback"
    )
    bob.bio = "Zyxhiddenbio: I repaired the pumping stations of Tunis."
    bob.bio_visibility = Visibility.COORDINATORS
    bob.save(update_fields=["bio", "bio_visibility"])
    charlie.organisation = "Zyxnetworkorg City Water"
    charlie.organisation_visibility = Visibility.NETWORK
    charlie.save(update_fields=["organisation", "organisation_visibility"])
    world.declaration.bio = f"Zyxpending {world.declaration.bio}"
    world.declaration.save(update_fields=["bio"])
    world.in_review.summary = f"Zyxdraft {world.in_review.summary}"
    world.in_review.title = f"{world.in_review.title} Zyxnotified"
    world.in_review.save(update_fields=["summary", "title"])
    ReviewEvent.objects.create(
        practice=world.in_review,
        actor=dina,
        action=ReviewAction.CHANGES_REQUESTED,
        comment="Zyxreviewcomment",
    )
    world.attachment = Attachment.objects.create(
        practice=world.in_review,
        kind=AttachmentKind.PDF,
        file=ContentFile(b"%PDF-1.4 sorting", name="sorting.pdf"),
        original_name="sorting.pdf",
        content_type="application/pdf",
        size=16,
        uploaded_by=alice.user,
    )
    world.newsletter.members_body = f"Zyxnewsmembers {world.newsletter.members_body}"
    world.newsletter.save(update_fields=["members_body"])
    world.newsletter_draft.subject = f"Zyxnewsdraft {world.newsletter_draft.subject}"
    world.newsletter_draft.save(update_fields=["subject"])
    world.discussion.title = f"Zyxthreadtitle {world.discussion.title}"
    world.discussion.save(update_fields=["title"])
    world.discussion_post.body = f"Zyxpostbody {world.discussion_post.body}"
    world.discussion_post.save(update_fields=["body"])
    from connective.discussions.models import Post

    Post.objects.unscoped().filter(thread=world.conversation, number=1).update(
        body="Zyxdirectmessage: how did you start measuring night flows?"
    )
    pack_create(actor=bob.user, title="Zyxprivatepack for Tunis", practice_ids=[world.practice_en.pk])
    world.proposal.description = f"Zyxprogrammeidea {world.proposal.description}"
    world.proposal.save(update_fields=["description"])
    world.proposal_comment.body = f"Zyxprogrammecomment {world.proposal_comment.body}"
    world.proposal_comment.save(update_fields=["body"])
    from connective.accounts.tests.factories import UserFactory
    from connective.spaces.choices import SpaceRole
    from connective.spaces.models import Membership

    Membership.objects.create(
        space=world.section,
        user=UserFactory.create(full_name="Zyxsectionmoderator Haddad"),
        role=SpaceRole.MODERATOR,
    )
    deactivated = MemberProfileFactory.create(
        user__full_name="Dora Deactivated", user__is_active=False, region="mena", country="JO"
    )
    users: dict[str, User | None] = {
        "visitor": None,
        "alice": alice.user,
        "bob": bob.user,
        "charlie": charlie.user,
        "advisor": world.advisor.user,
        "dina": dina,
        "emil": emil,
        "sam": sam,
        "pending": world.declaration.user,
        "deactivated": deactivated.user,
    }
    profiles = {"alice": alice, "bob": bob, "charlie": charlie, "advisor": world.advisor}
    return SecurityWorld(world=world, users=users, profiles=profiles)
