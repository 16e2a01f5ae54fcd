"""The catalogue of the platform's pages, which every sweep uses: the browser sweep
(tests/browser/test_sweep.py) and the page weight (tests/test_page_weight.py).

Each named route is either in `PAGES`, with how to fill its arguments from one object of each
kind (`World`, made by `build_world`), or in `NOT_PAGES` with the reason it is not a page one
opens. A new route in neither list fails `test_every_route_is_swept_or_says_why_not`, so every
feature states how it is swept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from connective.members.models import MemberProfile

# Words only member-written texts of the world contain: where they show, the text is a member's.
SENTINELS = ("Qalqilya", "قلقيلية", "Sentinelle")


@dataclass
class World:
    """One object of each kind the pages show."""

    practice_en: Any
    practice_ar: Any
    in_review: Any
    consultation: Any
    declaration: MemberProfile
    advisor: MemberProfile
    theme_slug: str
    pack: Any = None
    # A closed MENA section alice belongs to, and the advisor's request to join it.
    section: Any = None
    join_request: Any = None
    # Set by tests/security/world.py, which adds what only the routes that are not pages need.
    consultation_file: Any = None
    attachment: Any = None
    # A MENA newsletter sent (in the archive) and one still a draft (its composers' pages).
    newsletter: Any = None
    newsletter_draft: Any = None
    # alice's notification (its decision on her practice in review), and a mail's unsubscribe
    # token of bob's (turning off the news that a practice of his is published).
    notification: Any = None
    unsubscribe_token: str = "made-up-token"
    # An open proposal for the MENA programme by alice, with a comment by the advisor.
    proposal: Any = None
    proposal_comment: Any = None
    # Discussions: a closed MENA section alice belongs to, her discussion there (its opening post
    # with a file), dina's reply, and alice's report on it.
    discussion_space: Any = None
    discussion: Any = None
    discussion_post: Any = None
    discussion_report: Any = None
    discussion_file: Any = None
    # Conversations: alice's direct message to the advisor (only the two read it).
    conversation: Any = None


def _args(**kwargs: Any) -> Callable[[World], dict[str, Any]]:
    return lambda world: {key: (value(world) if callable(value) else value) for key, value in kwargs.items()}


NONE: Callable[[World], dict[str, Any]] = _args()
# Route name -> its arguments from the world.
PAGES: dict[str, Callable[[World], dict[str, Any]]] = {
    "core:home": NONE,
    "core:privacy": NONE,
    "core:themes": NONE,
    "core:theme_add": NONE,
    "core:theme_merge": NONE,
    "account_login": NONE,
    "account_signup": NONE,
    "account_email": NONE,
    "account_change_password": NONE,
    "account_reset_password": NONE,
    "account_reset_password_done": NONE,
    "account_email_verification_sent": NONE,
    "account_inactive": NONE,
    "account_reauthenticate": NONE,
    "mfa_index": NONE,
    "mfa_activate_totp": NONE,
    "mfa_view_recovery_codes": NONE,
    "accounts:legal_document": _args(kind="guidelines"),
    "accounts:publish_document": NONE,
    "accounts:accept_documents": NONE,
    "accounts:consents": NONE,
    "accounts:my_data": NONE,
    "accounts:delete": NONE,
    "members:directory": NONE,
    "members:me": NONE,
    "members:profile_edit": NONE,
    "members:detail": _args(slug=lambda w: w.advisor.slug),
    "networks:list": NONE,
    "networks:detail": _args(slug="mena"),
    "networks:members": _args(slug="mena"),
    "networks:declarations": _args(slug="mena"),
    "networks:declaration_decline": _args(slug="mena", profile=lambda w: w.declaration.slug),
    "networks:edit": _args(slug="mena"),
    "networks:programme": _args(slug="mena"),
    "networks:proposal_create": _args(slug="mena"),
    "networks:proposal": _args(slug="mena", public_id=lambda w: w.proposal.public_id),
    "practices:list": NONE,
    "practices:create": NONE,
    "practices:mine": NONE,
    "practices:review_queue": NONE,
    "practices:map": NONE,
    "practices:detail": _args(slug=lambda w: w.practice_ar.slug),
    "practices:edit": _args(slug=lambda w: w.in_review.slug),
    "practices:history": _args(slug=lambda w: w.practice_en.slug),
    "practices:review": _args(slug=lambda w: w.in_review.slug),
    "practices:attachments": _args(slug=lambda w: w.in_review.slug),
    "practices:pack": NONE,
    "practices:pack_shared": _args(public_id=lambda w: w.pack.public_id),
    "consultations:mine": NONE,
    "consultations:create": NONE,
    "consultations:queue": NONE,
    "consultations:detail": _args(public_id=lambda w: w.consultation.public_id),
    "consultations:invitation": _args(public_id=lambda w: w.consultation.public_id),
    "consultations:close": _args(public_id=lambda w: w.consultation.public_id),
    "consultations:feedback": _args(public_id=lambda w: w.consultation.public_id),
    "newsletters:list": NONE,
    "newsletters:create": NONE,
    "newsletters:archive": NONE,
    "newsletters:archive_detail": _args(public_id=lambda w: w.newsletter.public_id),
    "newsletters:edit": _args(public_id=lambda w: w.newsletter_draft.public_id),
    "newsletters:preview": _args(public_id=lambda w: w.newsletter_draft.public_id),
    "newsletters:send": _args(public_id=lambda w: w.newsletter_draft.public_id),
    "notifications:list": NONE,
    "notifications:settings": NONE,
    "notifications:unsubscribe": _args(token=lambda w: w.unsubscribe_token),
    "discussions:index": NONE,
    "discussions:reports": NONE,
    "discussions:space": _args(slug=lambda w: w.discussion_space.slug),
    "discussions:start": _args(slug=lambda w: w.discussion_space.slug),
    "discussions:thread": _args(public_id=lambda w: w.discussion.public_id),
    "discussions:edit": _args(public_id=lambda w: w.discussion_post.public_id),
    "discussions:history": _args(public_id=lambda w: w.discussion_post.public_id),
    "discussions:report": _args(public_id=lambda w: w.discussion_post.public_id),
    "conversations:index": NONE,
    "conversations:new": NONE,
    "conversations:settings": NONE,
    "conversations:conversation": _args(public_id=lambda w: w.conversation.public_id),
    "follows:index": NONE,
    "search:index": NONE,
    "spaces:list": NONE,
    "spaces:create": NONE,
    "spaces:detail": _args(slug=lambda w: w.section.slug),
    "spaces:roles": _args(slug=lambda w: w.section.slug),
}
# Route name -> why it is not swept as a page.
NOT_PAGES: dict[str, str] = {
    "core:set_language": "a form's target (POST)",
    "set_language": "Django's form target (POST)",
    "account_logout": "a form's target (POST)",
    "account_request_reauthentication_code": "login by code is off",
    "account_confirm_reauthentication_code": "login by code is off",
    "account_confirm_login_code": "login by code is off",
    "account_confirm_email": "needs a key from a mail (tests/browser/test_journey.py follows one)",
    "account_set_password": "only for accounts without a password (imported members)",
    "account_reset_password_from_key": "needs a key from a mail",
    "account_reset_password_from_key_done": "the end of a reset by key",
    "mfa_authenticate": "the second step of a sign-in in progress",
    "mfa_reauthenticate": "asked by allauth in the middle of a change",
    "mfa_deactivate_totp": "asked by allauth in the middle of a change",
    "mfa_generate_recovery_codes": "asked by allauth in the middle of a change",
    "mfa_download_recovery_codes": "a text file",
    "members:advising": "a form's target (POST)",
    "accounts:my_data_download": "a ZIP download",
    "networks:declaration_approve": "a form's target (POST)",
    "networks:proposal_support": "a form's target (POST, htmx)",
    "networks:proposal_unsupport": "a form's target (POST, htmx)",
    "networks:proposal_comment": "a form's target (POST)",
    "networks:proposal_accept": "a form's target (POST)",
    "networks:proposal_decline": "a form's target (POST)",
    "networks:proposal_merge": "a form's target (POST)",
    "networks:proposal_outcome": "a form's target (POST)",
    "networks:proposal_withdraw": "a form's target (POST)",
    "networks:proposal_comment_hide": "a form's target (POST)",
    "practices:map_data": "JSON",
    "practices:export": "JSON",
    "practices:feed": "Atom",
    "practices:feed_network": "Atom",
    "practices:feed_theme": "Atom",
    "practices:submit": "a form's target (POST)",
    "practices:pdf": "a PDF",
    "practices:publish": "a form's target (POST)",
    "practices:request_changes": "a form's target (POST)",
    "practices:decline": "a form's target (POST)",
    "practices:feature": "a form's target (POST)",
    "practices:attachment": "a download",
    "practices:attachment_remove": "a form's target (POST)",
    "practices:pack_add": "a form's target (POST)",
    "practices:pack_remove": "a form's target (POST)",
    "practices:pack_move": "a form's target (POST)",
    "practices:pack_rename": "a form's target (POST)",
    "practices:pack_from_search": "a form's target (POST)",
    "practices:pack_rotate_link": "a form's target (POST)",
    "practices:pack_make_current": "a form's target (POST)",
    "practices:pack_pdf": "a PDF",
    "practices:pack_shared_pdf": "a PDF",
    "consultations:suggest": "an htmx fragment (POST)",
    "consultations:message": "a form's target (POST)",
    "consultations:upload": "a form's target (POST)",
    "consultations:download": "a download",
    "consultations:meeting": "a form's target (POST)",
    "consultations:invite": "a form's target (POST)",
    "consultations:withdraw_invitation": "a form's target (POST)",
    "consultations:visibility": "a form's target (POST)",
    "consultations:service_status": "a form's target (POST)",
    "consultations:withdraw": "a form's target (POST)",
    "consultations:practice_draft": "a form's target (POST)",
    "newsletters:test": "a form's target (POST)",
    "spaces:join": "a form's target (POST)",
    "spaces:leave": "a form's target (POST)",
    "spaces:request_approve": "a form's target (POST)",
    "spaces:request_decline": "a form's target (POST)",
    "sitemap_index": "XML",
    "django.contrib.sitemaps.views.sitemap": "XML",
    "notifications:open": "marks a notification read and redirects to what it is about",
    "notifications:read_all": "a form's target (POST)",
    "discussions:reply": "a form's target (POST)",
    "discussions:follow": "a form's target (POST)",
    "discussions:moderate": "a form's target (POST)",
    "discussions:post_moderate": "a form's target (POST)",
    "discussions:resolve": "a form's target (POST)",
    "discussions:attachment": "a download",
    "conversations:reply": "a form's target (POST)",
    "conversations:ask": "a form's target (POST)",
    "follows:follow": "a form's target (POST; htmx swaps its answer)",
    "follows:save": "a form's target (POST; htmx swaps its answer)",
}


# Route name -> its arguments, for the routes of `NOT_PAGES` that take any: with `PAGES`, every
# route of the platform can be called (the authorization matrix, the CSRF and fuzz passes in
# tests/security/ call them all). Keys from mails are made-up ones: the route must refuse them.
TARGETS: dict[str, Callable[[World], dict[str, Any]]] = {
    "account_confirm_email": _args(key="made-up-key"),
    "account_reset_password_from_key": _args(uidb36="1", key="made-up-key"),
    "networks:declaration_approve": _args(slug="mena", profile=lambda w: w.declaration.slug),
    **{
        f"networks:proposal_{action}": _args(slug="mena", public_id=lambda w: w.proposal.public_id)
        for action in ("support", "unsupport", "comment", "accept", "decline", "merge", "outcome", "withdraw")
    },
    "networks:proposal_comment_hide": _args(
        slug="mena",
        public_id=lambda w: w.proposal.public_id,
        comment=lambda w: w.proposal_comment.public_id,
    ),
    "practices:feed_network": _args(slug="mena"),
    "practices:feed_theme": _args(slug=lambda w: w.theme_slug),
    "practices:submit": _args(slug=lambda w: w.in_review.slug),
    "practices:pdf": _args(slug=lambda w: w.practice_en.slug),
    "practices:publish": _args(slug=lambda w: w.in_review.slug),
    "practices:request_changes": _args(slug=lambda w: w.in_review.slug),
    "practices:decline": _args(slug=lambda w: w.in_review.slug),
    "practices:feature": _args(slug=lambda w: w.practice_en.slug),
    "practices:attachment": _args(
        slug=lambda w: w.in_review.slug, public_id=lambda w: w.attachment.public_id
    ),
    "practices:attachment_remove": _args(
        slug=lambda w: w.in_review.slug, public_id=lambda w: w.attachment.public_id
    ),
    "practices:pack_shared_pdf": _args(public_id=lambda w: w.pack.public_id),
    "practices:pack_make_current": _args(public_id=lambda w: w.pack.public_id),
    "consultations:message": _args(public_id=lambda w: w.consultation.public_id),
    "consultations:upload": _args(public_id=lambda w: w.consultation.public_id),
    "consultations:download": _args(
        public_id=lambda w: w.consultation.public_id, file_id=lambda w: w.consultation_file.public_id
    ),
    "consultations:meeting": _args(public_id=lambda w: w.consultation.public_id),
    "consultations:invite": _args(public_id=lambda w: w.consultation.public_id),
    "consultations:withdraw_invitation": _args(
        public_id=lambda w: w.consultation.public_id, advisor=lambda w: w.advisor.slug
    ),
    "consultations:visibility": _args(public_id=lambda w: w.consultation.public_id),
    "consultations:service_status": _args(public_id=lambda w: w.consultation.public_id),
    "consultations:withdraw": _args(public_id=lambda w: w.consultation.public_id),
    "consultations:practice_draft": _args(public_id=lambda w: w.consultation.public_id),
    "newsletters:test": _args(public_id=lambda w: w.newsletter_draft.public_id),
    "django.contrib.sitemaps.views.sitemap": _args(section="practices"),
    "notifications:open": _args(public_id=lambda w: w.notification.public_id),
    "discussions:reply": _args(public_id=lambda w: w.discussion.public_id),
    "discussions:follow": _args(public_id=lambda w: w.discussion.public_id),
    "discussions:moderate": _args(public_id=lambda w: w.discussion.public_id),
    "discussions:post_moderate": _args(public_id=lambda w: w.discussion_post.public_id),
    "discussions:resolve": _args(public_id=lambda w: w.discussion_report.public_id),
    "discussions:attachment": _args(public_id=lambda w: w.discussion_file.public_id),
    "conversations:reply": _args(public_id=lambda w: w.conversation.public_id),
    "conversations:ask": _args(slug=lambda w: w.practice_en.slug),
    "follows:follow": _args(kind="practice", key=lambda w: w.practice_en.slug),
    "follows:save": _args(kind="practice", key=lambda w: w.practice_en.slug),
    "spaces:join": _args(slug=lambda w: w.section.slug),
    "spaces:leave": _args(slug=lambda w: w.section.slug),
    "spaces:request_approve": _args(slug=lambda w: w.section.slug, request_id=lambda w: w.join_request.uuid),
    "spaces:request_decline": _args(slug=lambda w: w.section.slug, request_id=lambda w: w.join_request.uuid),
}


def route_path(name: str, world: World) -> str:
    """The address of any route (a page or not), filled from `world`."""
    arguments = PAGES.get(name) or TARGETS.get(name) or NONE
    return reverse(name, kwargs=arguments(world) or None)


def route_names() -> set[str]:
    """Every named route outside the admin (which Django tests)."""

    def walk(patterns: list[Any], namespace: str | None) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                inner = pattern.namespace
                yield from walk(
                    pattern.url_patterns,
                    f"{namespace}:{inner}" if namespace and inner else inner or namespace,
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns, None))


def page_paths(world: World) -> list[str]:
    """The address of every page of the catalogue, filled from `world`."""
    return [reverse(name, kwargs=arguments(world) or None) for name, arguments in PAGES.items()]


def build_world(*, alice: MemberProfile) -> World:
    """One object of each kind, with member texts that carry the sentinel words."""
    from connective.consultations.choices import InvitationStatus, RequestStatus
    from connective.consultations.models import ConsultationMessage
    from connective.consultations.tests.factories import (
        AdvisorFactory,
        ConsultationRequestFactory,
        InvitationFactory,
    )
    from connective.core.models import Theme
    from connective.members.choices import MembershipStatus
    from connective.members.tests.factories import MemberProfileFactory
    from connective.practices.choices import PracticeStatus
    from connective.practices.search.index import rebuild
    from connective.practices.tests.factories import PracticeFactory

    theme = Theme.objects.first()
    assert theme is not None
    advisor = AdvisorFactory.create(
        user__full_name="Farid Mansour",
        organisation="بلدية قلقيلية",
        bio="I advised Qalqilya on leak detection. **Night flows** tell where water is lost.",
    )
    english = PracticeFactory.create(
        title="Night-flow leak detection in Qalqilya",
        summary="The utility of Qalqilya found a third of its lost water by measuring night flows.",
        language_id="en",
    )
    arabic = PracticeFactory.create(
        title="كشف التسربات ليلًا في قلقيلية",
        summary="وجدت مصلحة المياه في قلقيلية ثلث المياه المفقودة بقياس التدفق الليلي.",
        challenge="كانت الشبكة في قلقيلية تفقد ثلث مياهها.",
        city="قلقيلية",
        language_id="ar",
    )
    arabic.contacts.add(advisor)
    in_review = PracticeFactory.create(
        title="Sentinelle: collecte des déchets à Sfax", status=PracticeStatus.IN_REVIEW, language_id="fr",
        summary="Sentinelle: la collecte porte-à-porte des déchets triés.", region="mena", country="TN",
    )  # fmt: skip
    in_review.authors.add(alice.user)
    for practice in (english, arabic, in_review):
        practice.themes.add(theme)
    consultation = ConsultationRequestFactory.create(
        requester=alice,
        title="Water losses in Qalqilya's old network",
        description="Sentinelle — our old network in Qalqilya loses a third of its water.",
        languages=["ar", "en"],
        status=RequestStatus.IN_PROGRESS,
    )
    InvitationFactory.create(request=consultation, advisor=advisor, status=InvitationStatus.ACCEPTED)
    ConsultationMessage.objects.create(
        request=consultation, author=advisor.user, body="ابدؤوا بقياس التدفق الليلي في قلقيلية."
    )
    declaration = MemberProfileFactory.create(
        status=MembershipStatus.PENDING, region="mena", country="JO",
        organisation="Qalqilya Municipality", bio="Sentinelle: I work on water in Qalqilya.",
    )  # fmt: skip
    from connective.practices.packs.services import pack_create

    # alice's pack: "My pack" shows it to her, and its shared page is swept for everyone.
    pack = pack_create(
        actor=alice.user, title="Sentinelle: Qalqilya workshop", practice_ids=[english.pk, arabic.pk]
    )
    from connective.networks.tests.factories import ProposalCommentFactory, ProposalFactory

    # An open proposal in Arabic for the MENA programme, and a comment on it.
    proposal = ProposalFactory.create(
        author=alice.user, language_id="ar", title="Sentinelle: زيارة تبادل إلى قلقيلية",
        description="نقترح زيارة إلى قلقيلية لنتعلم كيف تكشف التسربات ليلًا.",
    )  # fmt: skip
    proposal_comment = ProposalCommentFactory.create(
        proposal=proposal, author=advisor.user, language="ar", body="Sentinelle: سأستضيف الزيارة في قلقيلية."
    )

    from connective.spaces.choices import MembershipState, SpaceAccess
    from connective.spaces.models import Membership
    from connective.spaces.tests.factories import SectionFactory

    # A closed section of MENA: its name and description are public; alice belongs to it.
    section = SectionFactory.create(
        slug="qalqilya-water-circle",
        name="Sentinelle: Qalqilya water circle",
        description="Sentinelle: utilities of the region compare **night flows**.",
        access=SpaceAccess.CLOSED,
    )
    Membership.objects.create(space=section, user=alice.user)
    join_request = Membership.objects.create(
        space=section, user=advisor.user, state=MembershipState.REQUESTED
    )
    from connective.newsletters.tests.factories import IssueFactory, SentIssueFactory

    newsletter = SentIssueFactory.create(
        subject="Sentinelle: news from Qalqilya", language="en",
        body="The utility of Qalqilya shared its [night-flow method](https://example.org/).",
        members_body="Sentinelle: members meet in Qalqilya on 3 March.",
    )  # fmt: skip
    newsletter_draft = IssueFactory.create(subject="Sentinelle: a draft about Qalqilya", language="ar")
    rebuild(embeddings=False)
    world = World(
        english, arabic, in_review, consultation, declaration, advisor, theme.slug, pack, section, join_request
    )  # fmt: skip
    world.proposal = proposal
    world.newsletter = newsletter
    world.newsletter_draft = newsletter_draft
    world.proposal_comment = proposal_comment
    _discussions(world, alice=alice)
    _conversations(world, alice=alice)
    _notifications(world, alice=alice)
    return world


def _conversations(world: World, *, alice: MemberProfile) -> None:
    """alice's direct message to the advisor, and her question under the Arabic practice."""
    from connective.conversations.services import conversation_start, practice_question_ask

    world.conversation = conversation_start(
        actor=alice.user,
        recipients=[world.advisor],
        subject="Night flows",
        body="Qalqilya: how did you start?",
    )
    practice_question_ask(actor=alice.user, practice=world.practice_ar, body="Sentinelle: how many loggers?")


def _discussions(world: World, *, alice: MemberProfile) -> None:
    """In the closed MENA section alice belongs to: her discussion there with a file, a reply by
    the network's coordinator, and alice's report on that reply."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from connective.discussions.models import Post, PostAttachment, PostReport, Thread
    from connective.spaces.selectors import coordinators_of

    section = world.section
    thread = Thread.objects.create(
        space=section, author=alice.user, title="Sentinelle: night flows in Qalqilya", language="en",
        last_post_at=timezone.now(), reply_count=1,
    )  # fmt: skip
    opening = Post.objects.create(
        thread=thread, number=1, author=alice.user, language="en",
        body="How did **Qalqilya** measure its night flows? See the attached plan.",
    )  # fmt: skip
    coordinator = coordinators_of(region="mena").first()
    replier = coordinator if coordinator is not None else world.advisor.user
    reply = Post.objects.create(
        thread=thread, number=2, author=replier, body="قلقيلية: ابدؤوا بالتدفق الليلي.", language="ar"
    )
    world.discussion_space = section
    world.discussion = thread
    world.discussion_post = opening
    world.discussion_file = PostAttachment.objects.create(
        post=opening, uploaded_by=alice.user, file=ContentFile(b"%PDF-1.4 plan", name="plan.pdf"),
        original_name="plan.pdf", content_type="application/pdf", size=13,
    )  # fmt: skip
    world.discussion_report = PostReport.objects.create(post=reply, reporter=alice.user, reason="Sentinelle")


def _notifications(world: World, *, alice: MemberProfile) -> None:
    """alice's notification about her practice in review (its line names the practice), and an
    unsubscribe token of the arabic practice's contact, whose link the pages sweep opens."""
    from connective.core.events import record_event
    from connective.notifications.models import Notification
    from connective.notifications.pipeline import unsubscribe_token
    from connective.practices.choices import PracticeEvent

    event = record_event(kind=PracticeEvent.CHANGES_REQUESTED, actor=None, target=world.in_review)
    # Outside a test's transaction the pipeline has already made it (after the commit).
    world.notification, _made = Notification.objects.get_or_create(
        recipient=alice.user, event=event, defaults={"kind": PracticeEvent.CHANGES_REQUESTED.value}
    )
    world.unsubscribe_token = unsubscribe_token(world.advisor.user, PracticeEvent.PUBLISHED.value)
