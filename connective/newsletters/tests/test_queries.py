"""Query counts: the composers' list and the archive read the same number of queries at 10 and at
1,000 issues (a page of them, counted once, each with its network)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from connective.accounts.models import User
from connective.members.models import MemberProfile
from connective.networks.models import Network
from connective.newsletters.choices import IssueStatus
from connective.newsletters.models import Issue

pytestmark = pytest.mark.django_db


def _issues(count: int, *, status: str) -> None:
    networks = list(Network.objects.all())
    Issue.objects.bulk_create(
        [
            Issue(
                network=networks[n % len(networks)] if n % 7 else None,
                subject=f"Issue {n}",
                body="News",
                members_body="For members",
                language="en",
                status=status,
                sent_at=timezone.now() if status == IssueStatus.SENT else None,
            )
            for n in range(count)
        ]
    )


def _queries(client: Client, path: str) -> list[str]:
    client.get(path)  # the first request warms what every request keeps (session, legal documents)
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in context.captured_queries]


def _same_at_10_and_1000(client: Client, path: str, *, status: str) -> int:
    _issues(10, status=status)
    at_10 = _queries(client, path)
    _issues(990, status=status)
    at_1000 = _queries(client, path)
    assert len(at_10) == len(at_1000), "\n".join(at_1000)
    return len(at_1000)


def test_the_composers_list_reads_as_many_queries_at_1000_issues_as_at_10(
    sam: User, client_for: Callable[[Any], Client]
) -> None:
    # user (the session is in the cache), viewer (one UNION), the nav's staff permissions (2), the
    # count, the page with networks
    count = _same_at_10_and_1000(client_for(sam), reverse("newsletters:list"), status=IssueStatus.DRAFT)
    assert count == 6


def test_the_coordinators_list_too(dina: User, client_for: Callable[[Any], Client]) -> None:
    # user, viewer, the count, the page of their networks' issues with their networks
    count = _same_at_10_and_1000(client_for(dina), reverse("newsletters:list"), status=IssueStatus.DRAFT)
    assert count == 4


def test_the_archive_reads_as_many_queries_at_1000_issues_as_at_10(visitor: Client) -> None:
    # the count, the page with networks (a visitor has no session to read)
    count = _same_at_10_and_1000(visitor, reverse("newsletters:archive"), status=IssueStatus.SENT)
    assert count == 2


def test_the_archive_reads_as_many_queries_for_a_member(
    alice: MemberProfile, client_for: Callable[[Any], Client]
) -> None:
    # user, viewer, the count, the page
    count = _same_at_10_and_1000(client_for(alice), reverse("newsletters:archive"), status=IssueStatus.SENT)
    assert count == 4


def test_an_archived_issue_reads_a_fixed_number_of_queries(
    alice: MemberProfile, client_for: Callable[[Any], Client]
) -> None:
    # user, the issue with its network, viewer (who sees the members-only part is decided from it)
    _issues(1, status=IssueStatus.SENT)
    issue = Issue.objects.get()
    count = len(_queries(client_for(alice), reverse("newsletters:archive_detail", args=[issue.public_id])))
    assert count == 3


def _new_practices(count: int) -> None:
    from connective.practices.models import Practice
    from connective.practices.tests.factories import PracticeFactory

    Practice.objects.bulk_create([PracticeFactory.build(country="JO") for _ in range(count)])


def test_the_new_issue_page_reads_as_many_queries_at_1000_new_practices_as_at_10(
    dina: User, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(dina)
    path = reverse("newsletters:create")
    _new_practices(10)
    at_10 = _queries(client, path)
    _new_practices(990)
    at_1000 = _queries(client, path)

    # user, viewer, her networks, the last issue sent, new practices, consultations that became
    # practices (each source a page of ITEMS_PER_SOURCE), the form's list of networks
    assert len(at_10) == len(at_1000), "\n".join(at_1000)


def test_the_preview_and_send_pages_read_a_fixed_number_of_queries(
    dina: User, client_for: Callable[[Any], Client]
) -> None:
    from connective.newsletters.tests.factories import IssueFactory

    issue = IssueFactory.create()
    client = client_for(dina)
    preview = _queries(client, reverse("newsletters:preview", args=[issue.public_id]))
    send = _queries(client, reverse("newsletters:send", args=[issue.public_id]))

    # user (the session is in the cache), the issue with its network, the viewer (the mail is
    # rendered for the viewer: nothing more)
    assert len(preview) == 3, "\n".join(preview)
    # ... and the count of its recipients
    assert len(send) == 4, "\n".join(send)
