"""Newsletter pages, by persona: who writes, previews, tests and sends; what the archive shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from connective.accounts.models import User
from connective.members.models import MemberProfile
from connective.networks.models import Network
from connective.newsletters.choices import DeliveryState, IssueStatus
from connective.newsletters.models import Delivery, Issue
from connective.newsletters.tests.factories import IssueFactory, SentIssueFactory
from connective.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[Any], Client]


def test_a_coordinator_lists_their_networks_issues_and_not_the_others(
    dina: User, client_for: ClientFor
) -> None:
    IssueFactory.create(subject="Mena news")
    IssueFactory.create(subject="See news", network=Network.objects.get(region="see"))
    IssueFactory.create(subject="All news", network=None)

    page = client_for(dina).get(reverse("newsletters:list")).content.decode()

    assert "Mena news" in page
    assert "See news" not in page
    assert "All news" not in page


def test_staff_list_every_issue(sam: User, client_for: ClientFor) -> None:
    IssueFactory.create(subject="Mena news")
    IssueFactory.create(subject="All news", network=None)

    page = client_for(sam).get(reverse("newsletters:list")).content.decode()

    assert "Mena news" in page and "All news" in page


def test_members_do_not_find_the_composers_pages(alice: MemberProfile, client_for: ClientFor) -> None:
    issue = IssueFactory.create()
    client = client_for(alice)
    for path in (
        reverse("newsletters:list"),
        reverse("newsletters:create"),
        reverse("newsletters:edit", args=[issue.public_id]),
        reverse("newsletters:preview", args=[issue.public_id]),
        reverse("newsletters:send", args=[issue.public_id]),
    ):
        assert client.get(path).status_code == 404, path


def test_another_networks_coordinator_cannot_open_or_send_an_issue(emil: User, client_for: ClientFor) -> None:
    issue = IssueFactory.create()
    client = client_for(emil)

    assert client.get(reverse("newsletters:preview", args=[issue.public_id])).status_code == 404
    assert (
        client.post(reverse("newsletters:send", args=[issue.public_id]), {"confirm": "on"}).status_code == 404
    )
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT


def test_the_new_issue_form_starts_with_the_news_since_the_last_issue(
    dina: User, client_for: ClientFor
) -> None:
    practice = PracticeFactory.create(title="Rain gardens in Irbid", country="JO")

    page = client_for(dina).get(reverse("newsletters:create")).content.decode()

    assert "Rain gardens in Irbid" in page
    assert f"/practices/{practice.slug}/" in page


def test_a_coordinator_writes_an_issue_and_previews_it(dina: User, client_for: ClientFor) -> None:
    client = client_for(dina)
    answer = client.post(
        reverse("newsletters:create"),
        {
            "network": "mena",
            "language": "ar",
            "subject": "أخبار الشبكة",
            "body": "**مرحبا**",
            "members_body": "لقاء",
        },
    )

    issue = Issue.objects.get()
    assert answer.status_code == 302
    assert issue.created_by == dina and issue.network is not None and issue.network.region == "mena"
    page = client.get(reverse("newsletters:preview", args=[issue.public_id])).content.decode()
    assert 'lang="ar" dir="rtl"' in page
    assert "<strong>مرحبا</strong>" in page
    assert "لقاء" in page


def test_a_coordinator_cannot_write_for_another_network_or_all_networks(
    dina: User, client_for: ClientFor
) -> None:
    client = client_for(dina)
    for network in ("see", ""):
        answer = client.post(
            reverse("newsletters:create"),
            {"network": network, "language": "en", "subject": "News", "body": "Body"},
        )
        assert answer.status_code == 200
        assert "network" in answer.context["form"].errors
    assert not Issue.objects.exists()


def test_an_empty_issue_is_refused_with_the_fields_named(dina: User, client_for: ClientFor) -> None:
    answer = client_for(dina).post(reverse("newsletters:create"), {"network": "mena", "language": "en"})

    assert answer.status_code == 200
    assert {"subject", "body"} <= set(answer.context["form"].errors)
    assert not Issue.objects.exists()


def test_staff_write_an_issue_for_all_networks(sam: User, client_for: ClientFor) -> None:
    client_for(sam).post(
        reverse("newsletters:create"), {"network": "", "language": "en", "subject": "To all", "body": "Hello"}
    )

    assert Issue.objects.get().network is None


def test_a_sent_issue_can_no_longer_be_edited(dina: User, client_for: ClientFor) -> None:
    issue = SentIssueFactory.create(subject="Old")
    answer = client_for(dina).post(
        reverse("newsletters:edit", args=[issue.public_id]),
        {"network": "mena", "language": "en", "subject": "New", "body": "Body"},
    )

    assert answer.status_code == 302
    issue.refresh_from_db()
    assert issue.subject == "Old"


def test_a_test_goes_to_the_coordinator_alone(
    dina: User, alice: MemberProfile, client_for: ClientFor, django_capture_on_commit_callbacks: Any
) -> None:
    issue = IssueFactory.create(subject="Water week")
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_for(dina).post(reverse("newsletters:test", args=[issue.public_id]))

    assert answer.status_code == 302
    assert [message.to for message in mail.outbox] == [["dina@example.org"]]
    assert mail.outbox[0].subject == "[Test] Water week"
    issue.refresh_from_db()
    assert issue.test_sent_at is not None and issue.status == IssueStatus.DRAFT
    assert not Delivery.objects.exists()


def test_sending_needs_the_confirmation_and_changes_nothing_without_it(
    dina: User, client_for: ClientFor
) -> None:
    issue = IssueFactory.create()
    answer = client_for(dina).post(reverse("newsletters:send", args=[issue.public_id]))

    assert answer.status_code == 200
    assert "confirm" in answer.context["form"].errors
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT and not Delivery.objects.exists()


def test_sending_goes_to_the_networks_members_once_each(
    dina: User,
    alice: MemberProfile,
    bob: MemberProfile,
    charlie: MemberProfile,
    client_for: ClientFor,
    django_capture_on_commit_callbacks: Any,
) -> None:
    issue = IssueFactory.create()
    client = client_for(dina)
    assert (
        "Members who will receive it: 2."
        in client.get(reverse("newsletters:send", args=[issue.public_id])).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("newsletters:send", args=[issue.public_id]), {"confirm": "on"})

    assert answer.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == ["alice@example.org", "bob@example.org"]
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT and issue.sent_at is not None
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}
    # Sending again is refused: the issue is no longer a draft.
    client.post(reverse("newsletters:send", args=[issue.public_id]), {"confirm": "on"})
    assert len(mail.outbox) == 2


def test_the_archive_shows_sent_issues_to_anyone_without_the_members_part(
    visitor: Client, charlie: MemberProfile, client_for: ClientFor
) -> None:
    sent = SentIssueFactory.create(subject="Spring issue", members_body="Zyx members only")
    IssueFactory.create(subject="Still a draft")

    listing = visitor.get(reverse("newsletters:archive")).content.decode()
    page = visitor.get(reverse("newsletters:archive_detail", args=[sent.public_id])).content.decode()
    other_network = client_for(charlie).get(reverse("newsletters:archive_detail", args=[sent.public_id]))

    assert "Spring issue" in listing and "Still a draft" not in listing
    assert "Night flows" in page or "Qalqilya" in page
    assert "Zyx members only" not in page
    assert "Zyx members only" not in other_network.content.decode()


def test_the_networks_members_read_the_members_part_in_the_archive(
    alice: MemberProfile, client_for: ClientFor
) -> None:
    sent = SentIssueFactory.create(members_body="Zyx members only")

    page = (
        client_for(alice).get(reverse("newsletters:archive_detail", args=[sent.public_id])).content.decode()
    )

    assert "Zyx members only" in page


def test_a_draft_is_not_in_the_archive(visitor: Client) -> None:
    draft = IssueFactory.create()

    assert visitor.get(reverse("newsletters:archive_detail", args=[draft.public_id])).status_code == 404


def test_staff_start_from_any_networks_news(sam: User, client_for: ClientFor) -> None:
    PracticeFactory.create(title="Bridges of Mostar", country="BA")
    client = client_for(sam)

    everywhere = client.get(reverse("newsletters:create")).content.decode()
    see = client.get(reverse("newsletters:create") + "?network=see").content.decode()
    mena = client.get(reverse("newsletters:create") + "?network=mena").content.decode()

    assert "?network=see" in everywhere and "Bridges of Mostar" in everywhere
    assert "Bridges of Mostar" in see and "Bridges of Mostar" not in mena


def test_a_coordinator_asking_for_another_networks_news_gets_their_own(
    dina: User, client_for: ClientFor
) -> None:
    PracticeFactory.create(title="Bridges of Mostar", country="BA")

    page = client_for(dina).get(reverse("newsletters:create") + "?network=see").content.decode()

    assert "Bridges of Mostar" not in page


def test_staff_follow_issues_and_deliveries_in_the_admin_read_only(sam: User, alice: MemberProfile) -> None:
    User.objects.filter(pk=sam.pk).update(is_superuser=True)
    issue = SentIssueFactory.create(subject="Spring", members_body="Zyx members only")
    Delivery.objects.create(issue=issue, user=alice.user, state=DeliveryState.FAILED, error="550")
    client = Client()
    client.force_login(User.objects.get(pk=sam.pk))

    issues = client.get(reverse("admin:newsletters_issue_changelist"))
    deliveries = client.get(reverse("admin:newsletters_delivery_changelist"))
    one = client.get(reverse("admin:newsletters_issue_change", args=[issue.pk]))

    assert issues.status_code == deliveries.status_code == one.status_code == 200
    assert "Spring" in issues.content.decode() and "Zyx members only" not in one.content.decode()
    assert client.get(reverse("admin:newsletters_issue_add")).status_code == 403
