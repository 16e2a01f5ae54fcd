"""Writes of discussions, persona by persona: who may start, reply, edit, report, moderate."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from connective.accounts.models import User
from connective.core.errors import NotAllowed
from connective.core.models import AuditEvent
from connective.discussions import services
from connective.discussions.choices import DiscussionEvent, ReportOutcome, SubscriptionState
from connective.discussions.models import Post, PostAttachment, PostReport, PostRevision, ThreadSubscription
from connective.discussions.tests.factories import SpaceFactory, ThreadFactory
from connective.members.models import MemberProfile
from connective.spaces.models import Space

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_a_member_starts_a_discussion_in_their_network_and_follows_it(
    alice: MemberProfile, mena: Space
) -> None:
    thread = services.thread_start(
        actor=alice.user, space=mena, title="  Leak   detection ", body="How do you find leaks?"
    )
    assert thread.title == "Leak detection"
    assert thread.reply_count == 0 and thread.post_count == 1
    assert Post.objects.unscoped().get(thread=thread).number == 1
    assert (
        ThreadSubscription.objects.get(user=alice.user, thread=thread).state == SubscriptionState.SUBSCRIBED
    )
    assert AuditEvent.objects.filter(action=DiscussionEvent.STARTED.value, target_id=str(thread.pk)).exists()


def test_the_language_of_a_discussion_is_guessed_from_its_text(bob: MemberProfile, mena: Space) -> None:
    arabic = services.thread_start(
        actor=bob.user, space=mena, title="كشف التسربات", body="كيف تجدون التسربات في الشبكة؟"
    )
    french = services.thread_start(
        actor=bob.user,
        space=mena,
        title="Les fuites",
        body="Comment trouvez-vous les fuites dans le réseau de la ville?",
    )
    assert arabic.language == "ar"
    assert french.language == "fr"


def test_a_member_cannot_start_a_discussion_in_a_closed_section_they_do_not_belong_to(
    bob: MemberProfile, closed_section: Space
) -> None:
    with pytest.raises(NotAllowed):
        services.thread_start(actor=bob.user, space=closed_section, title="Hello", body="Hi")


def test_a_member_of_another_network_cannot_start_one_in_the_mena_network(
    charlie: MemberProfile, mena: Space
) -> None:
    with pytest.raises(NotAllowed):
        services.thread_start(actor=charlie.user, space=mena, title="Hello", body="Hi")


def test_an_empty_title_and_body_are_named_and_nothing_is_written(alice: MemberProfile, mena: Space) -> None:
    with pytest.raises(ValidationError) as error:
        services.thread_start(actor=alice.user, space=mena, title=" ", body=" ")
    assert set(error.value.message_dict) == {"title", "body"}
    assert not Post.objects.unscoped().exists()


def test_a_file_that_is_not_a_pdf_or_an_image_refuses_the_post_and_names_the_file(
    alice: MemberProfile, mena: Space
) -> None:
    bad = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.thread_start(actor=alice.user, space=mena, title="Photos", body="See", files=[bad])
    assert "photo.png" in error.value.message_dict["attachments"][0]
    assert not Post.objects.unscoped().exists() and not PostAttachment.objects.exists()


def test_an_image_is_kept_with_its_true_type(alice: MemberProfile, mena: Space) -> None:
    image = SimpleUploadedFile("pump.pdf", PNG, content_type="application/pdf")
    thread = services.thread_start(actor=alice.user, space=mena, title="Photos", body="See", files=[image])
    item = PostAttachment.objects.get(post__thread=thread)
    assert item.content_type == "image/png" and item.file.name.endswith(".png")


def test_a_reply_takes_the_next_number_and_its_author_follows_the_thread(
    alice: MemberProfile, bob: MemberProfile, mena: Space
) -> None:
    thread = services.thread_start(actor=alice.user, space=mena, title="Leaks", body="How?")
    post = services.post_reply(actor=bob.user, thread=thread, body="Night flows.")
    thread.refresh_from_db()
    assert post.number == 2 and thread.reply_count == 1
    assert ThreadSubscription.objects.get(user=bob.user, thread=thread).state == SubscriptionState.SUBSCRIBED


def test_a_reply_keeps_a_mute(alice: MemberProfile, bob: MemberProfile, mena: Space) -> None:
    thread = services.thread_start(actor=alice.user, space=mena, title="Leaks", body="How?")
    services.thread_follow(actor=bob.user, thread=thread, state=SubscriptionState.MUTED)
    services.post_reply(actor=bob.user, thread=thread, body="Night flows.")
    assert ThreadSubscription.objects.get(user=bob.user, thread=thread).state == SubscriptionState.MUTED


def test_no_reply_in_a_locked_discussion(
    alice: MemberProfile, bob: MemberProfile, dina: User, mena: Space
) -> None:
    thread = services.thread_start(actor=alice.user, space=mena, title="Leaks", body="How?")
    services.thread_lock(actor=dina, thread=thread, locked=True)
    with pytest.raises(ValidationError, match="closed"):
        services.post_reply(actor=bob.user, thread=thread, body="Late.")


def test_an_outsider_cannot_reply_in_a_closed_section(bob: MemberProfile, closed_thread: object) -> None:
    with pytest.raises(NotAllowed):
        services.post_reply(actor=bob.user, thread=closed_thread, body="Let me in")  # type: ignore[arg-type]


def test_the_author_edits_their_post_and_the_earlier_text_is_kept(alice: MemberProfile, mena: Space) -> None:
    thread = services.thread_start(actor=alice.user, space=mena, title="Leaks", body="First text")
    post = Post.objects.unscoped().get(thread=thread)
    services.post_edit(actor=alice.user, post=post, body="Second text")
    post.refresh_from_db()
    assert post.body == "Second text" and post.edited_at is not None
    assert list(PostRevision.objects.values_list("body", flat=True)) == ["First text"]


def test_nobody_else_edits_a_post(alice: MemberProfile, dina: User, mena: Space) -> None:
    thread = services.thread_start(actor=alice.user, space=mena, title="Leaks", body="First text")
    post = Post.objects.unscoped().get(thread=thread)
    with pytest.raises(NotAllowed):
        services.post_edit(actor=dina, post=post, body="Changed by the coordinator")


def test_a_mention_is_recorded_for_the_mentioned_member_never_the_author(
    alice: MemberProfile, bob: MemberProfile, mena: Space
) -> None:
    services.thread_start(
        actor=alice.user, space=mena, title="Leaks", body=f"@{bob.slug} and @{alice.slug}, what do you think?"
    )
    event = AuditEvent.objects.get(action=DiscussionEvent.MENTIONED.value)
    assert event.data["mentioned"] == [bob.user.pk]


def test_moderators_pin_lock_move_and_hide(
    alice: MemberProfile, moderator: User, open_section: Space, closed_section: Space
) -> None:
    thread = services.thread_start(actor=alice.user, space=open_section, title="Leaks", body="How?")
    services.thread_pin(actor=moderator, thread=thread, pinned=True)
    services.thread_lock(actor=moderator, thread=thread, locked=True)
    services.thread_move(actor=moderator, thread=thread, to_space=closed_section)
    services.thread_hide(actor=moderator, thread=thread, reason="Off topic")
    thread.refresh_from_db()
    assert thread.pinned and thread.locked and thread.hidden_reason == "Off topic"
    assert thread.space == closed_section and thread.moved_from == open_section


def test_a_member_does_not_moderate(alice: MemberProfile, bob: MemberProfile, mena: Space) -> None:
    thread = services.thread_start(actor=alice.user, space=mena, title="Leaks", body="How?")
    for act in (
        lambda: services.thread_pin(actor=bob.user, thread=thread, pinned=True),
        lambda: services.thread_lock(actor=bob.user, thread=thread, locked=True),
        lambda: services.thread_hide(actor=bob.user, thread=thread, reason="x"),
    ):
        with pytest.raises(NotAllowed):
            act()


def test_a_moderator_moves_only_to_a_space_they_moderate(
    alice: MemberProfile, moderator: User, open_section: Space
) -> None:
    thread = services.thread_start(actor=alice.user, space=open_section, title="Leaks", body="How?")
    elsewhere = SpaceFactory.create(region="see")
    with pytest.raises(NotAllowed):
        services.thread_move(actor=moderator, thread=thread, to_space=elsewhere)


def test_hiding_needs_a_reason(alice: MemberProfile, dina: User, mena: Space) -> None:
    thread = services.thread_start(actor=alice.user, space=mena, title="Leaks", body="How?")
    post = Post.objects.unscoped().get(thread=thread)
    with pytest.raises(ValidationError, match="why"):
        services.post_hide(actor=dina, post=post, reason="  ")


def test_a_member_reports_a_post_once_and_is_told_clearly_the_second_time(
    alice: MemberProfile, bob: MemberProfile, mena: Space
) -> None:
    thread = services.thread_start(actor=alice.user, space=mena, title="Leaks", body="Rude words")
    post = Post.objects.unscoped().get(thread=thread)
    services.post_report(actor=bob.user, post=post, reason="Rude")
    with pytest.raises(ValidationError, match="already reported"):
        services.post_report(actor=bob.user, post=post, reason="Still rude")
    assert PostReport.objects.count() == 1


def test_a_member_of_another_network_cannot_report_a_post_of_a_closed_section(
    charlie: MemberProfile, closed_thread: object
) -> None:
    post = Post.objects.unscoped().get(thread=closed_thread)
    with pytest.raises(NotAllowed):
        services.post_report(actor=charlie.user, post=post, reason="x")


def test_hiding_a_reported_post_resolves_its_reports(
    alice: MemberProfile, bob: MemberProfile, dina: User, mena: Space
) -> None:
    thread = services.thread_start(actor=alice.user, space=mena, title="Leaks", body="Rude words")
    post = Post.objects.unscoped().get(thread=thread)
    report = services.post_report(actor=bob.user, post=post, reason="Rude")
    services.report_resolve(actor=dina, report=report, outcome=ReportOutcome.HIDDEN, reason="Be kind")
    report.refresh_from_db()
    post.refresh_from_db()
    assert report.outcome == ReportOutcome.HIDDEN and report.resolved_by == dina
    assert post.hidden_reason == "Be kind"
    with pytest.raises(ValidationError, match="already been decided"):
        services.report_resolve(actor=dina, report=report, outcome=ReportOutcome.DISMISSED)


def test_replies_are_numbered_in_order_under_many_writers(
    alice: MemberProfile, bob: MemberProfile, mena: Space
) -> None:
    thread = ThreadFactory.create(space=mena, author=alice.user)
    for index in range(5):
        services.post_reply(actor=(alice if index % 2 else bob).user, thread=thread, body=f"reply {index}")
    numbers = list(
        Post.objects.unscoped().filter(thread=thread).order_by("number").values_list("number", flat=True)
    )
    assert numbers == [1, 2, 3, 4, 5, 6]
