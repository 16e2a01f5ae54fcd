"""Reads of newsletters: the composers' list, the public archive, the content proposed since the
last issue, and what a sent issue shows to whom."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from connective.core.links import absolute_url
from connective.core.text import excerpt
from connective.members.roles import Viewer
from connective.networks.models import Network
from connective.newsletters.choices import DeliveryState, IssueStatus
from connective.newsletters.content import ContentItem, content_sources, register_content_source
from connective.newsletters.models import Delivery, Issue

# With no earlier issue, a first one proposes what happened in this many days.
FIRST_ISSUE_DAYS = 30
# At most this many items of each source are proposed (the coordinator picks among them).
ITEMS_PER_SOURCE = 15


def issue_list_for_composer(*, viewer: Viewer) -> QuerySet[Issue]:
    """Issues of the networks the viewer coordinates (staff: every issue, also those for all
    networks), newest first. Empty for anyone else."""
    issues = Issue.objects.select_related("network").order_by("-created_at", "-id")
    if viewer.is_staff:
        return issues
    if not viewer.coordinates:
        return issues.none()
    return issues.filter(network__region__in=sorted(viewer.coordinates))


def issue_archive(*, network: Network | None = None) -> QuerySet[Issue]:
    """Sent issues, newest first (optionally of one network and those for all networks)."""
    issues = Issue.objects.filter(status=IssueStatus.SENT).select_related("network")
    if network is not None:
        issues = issues.filter(Q(network=network) | Q(network__isnull=True))
    return issues.order_by("-sent_at", "-id")


def issue_shows_members_part(*, viewer: Viewer, issue: Issue) -> bool:
    """The members-only part of a sent issue: the members it went to (its network's; every
    member for an issue to all networks), the network's coordinators and staff."""
    if viewer.is_staff:
        return True
    if issue.network is None:
        return viewer.is_member or bool(viewer.coordinates)
    region = issue.network.region
    return viewer.coordinates_region(region) or (viewer.is_member and viewer.region == region)


@dataclass(frozen=True)
class Progress:
    total: int
    sent: int
    waiting: int
    failed: int
    skipped: int


def issue_progress(*, issue: Issue) -> Progress:
    """How far the sending of `issue` is (one query)."""
    counts = Delivery.objects.filter(issue=issue).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(state=DeliveryState.SENT)),
        waiting=Count("pk", filter=Q(state__in=[DeliveryState.PENDING, DeliveryState.CLAIMED])),
        failed=Count("pk", filter=Q(state=DeliveryState.FAILED)),
        skipped=Count("pk", filter=Q(state=DeliveryState.SKIPPED)),
    )
    return Progress(**counts)


# -- proposed content ----------------------------------------------------------------------


def last_sent_at(*, network: Network | None) -> datetime.datetime | None:
    """When the network's last issue was sent (for all networks: the last issue to all)."""
    issues = Issue.objects.filter(status=IssueStatus.SENT, network=network).exclude(sent_at=None)
    last = issues.order_by("-sent_at").values_list("sent_at", flat=True).first()
    return last


@dataclass(frozen=True)
class ProposedSection:
    key: str
    title: str
    items: list[ContentItem]
    members_only: bool = False


def content_since(
    *, network: Network | None, since: datetime.datetime | None = None
) -> list[ProposedSection]:
    """What happened in `network` (None: every network) since `since` (default: its last sent
    issue, or `FIRST_ISSUE_DAYS` ago), by source; sources with nothing new are left out."""
    if since is None:
        since = last_sent_at(network=network) or timezone.now() - datetime.timedelta(days=FIRST_ISSUE_DAYS)
    sections = []
    for source in content_sources():
        items = source.collect(network, since)[:ITEMS_PER_SOURCE]
        if items:
            sections.append(
                ProposedSection(
                    key=source.key, title=str(source.title), items=items, members_only=source.members_only
                )
            )
    return sections


def _practices_published(network: Network | None, since: datetime.datetime) -> list[ContentItem]:
    """Practices of the network's region published for the first time since `since`."""
    from connective.practices.choices import PracticeStatus
    from connective.practices.models import Practice

    practices = Practice.objects.filter(status=PracticeStatus.PUBLISHED, first_published_at__gt=since)
    if network is not None:
        practices = practices.filter(region=network.region)
    rows = practices.order_by("-first_published_at", "-id").only("slug", "title", "summary", "city")
    return [
        ContentItem(
            title=practice.title,
            link=absolute_url("practices:detail", practice.slug),
            summary=excerpt(practice.summary, 200),
        )
        for practice in rows[:ITEMS_PER_SOURCE]
    ]


def _consultations_became_practices(network: Network | None, since: datetime.datetime) -> list[ContentItem]:
    """Consultations of the network whose outcome became a practice published since `since`.

    A consultation is confidential: only the practice it became is named (public by then),
    never the request's title or the people in it.
    """
    from connective.consultations.models import ConsultationRequest
    from connective.practices.choices import PracticeStatus

    requests = ConsultationRequest.objects.filter(
        resulting_practice__status=PracticeStatus.PUBLISHED,
        resulting_practice__first_published_at__gt=since,
    )
    if network is not None:
        requests = requests.filter(network=network.region)
    rows = requests.select_related("resulting_practice").order_by("-resulting_practice__first_published_at")
    items = []
    for request in rows[:ITEMS_PER_SOURCE]:
        practice = request.resulting_practice
        assert practice is not None  # filtered above
        items.append(
            ContentItem(
                title=practice.title,
                link=absolute_url("practices:detail", practice.slug),
                summary=excerpt(practice.summary, 200),
            )
        )
    return items


def _programme_accepted(network: Network | None, since: datetime.datetime) -> list[ContentItem]:
    """Proposals accepted into the network's programme since `since` (the accepted programme is
    public, without names)."""
    from connective.networks.choices import ProposalStatus
    from connective.networks.models import Proposal

    proposals = Proposal.objects.filter(status=ProposalStatus.ACCEPTED, decided_at__gt=since)
    if network is not None:
        proposals = proposals.filter(network=network)
    rows = proposals.select_related("network").order_by("-decided_at", "-id")[:ITEMS_PER_SOURCE]
    return [
        ContentItem(
            title=proposal.title,
            link=absolute_url("networks:proposal", proposal.network.slug, proposal.public_id),
            summary=excerpt(proposal.description, 200),
        )
        for proposal in rows
    ]


def _discussions_with_replies(network: Network | None, since: datetime.datetime) -> list[ContentItem]:
    """Discussions of the network's open spaces (its own space and its open sections) that drew
    replies since `since`, most answered first: for the members-only part, and never a closed
    section's or a hidden one."""
    from django.db.models import Count, Q

    from connective.discussions.models import Thread
    from connective.spaces.choices import SpaceAccess, SpaceKind

    threads = Thread.objects.unscoped().filter(
        hidden_at=None,
        space__access=SpaceAccess.OPEN,
        space__kind__in=[SpaceKind.NETWORK, SpaceKind.SECTION],
        space__archived_at=None,
    )
    if network is not None:
        threads = threads.filter(space__region=network.region)
    threads = threads.annotate(
        recent=Count(
            "posts", filter=Q(posts__created_at__gt=since, posts__number__gt=1, posts__hidden_at=None)
        )
    ).filter(recent__gt=0)
    rows = threads.order_by("-recent", "-last_post_at", "-id").only("public_id", "title")[:ITEMS_PER_SOURCE]
    return [
        ContentItem(title=thread.title, link=absolute_url("discussions:thread", thread.public_id))
        for thread in rows
    ]


def register_builtin_sources() -> None:
    from django.utils.translation import gettext_lazy as _

    register_content_source("practices.published", _("New good practices"), _practices_published, order=10)
    register_content_source(
        "consultations.practice_drafted",
        _("Peer consultations that became good practices"),
        _consultations_became_practices,
        order=20,
    )
    register_content_source(
        "programme.accepted", _("Accepted into the programme"), _programme_accepted, order=30
    )
    register_content_source(
        "discussions.replies",
        _("Discussions that drew replies"),
        _discussions_with_replies,
        order=40,
        members_only=True,
    )


def _markdown_text(text: str) -> str:
    """Plain text made safe inside a Markdown link's label or a list item (no stray markup)."""
    escaped = "".join(f"\\{char}" if char in "\\`*_[]<>#|" else char for char in text)
    return " ".join(escaped.split())


def proposed_body(
    *,
    network: Network | None,
    language: str,
    since: datetime.datetime | None = None,
    members_only: bool = False,
) -> str:
    """The body a new issue starts from (or, with `members_only`, its members-only part): each
    source's items as a Markdown list of absolute links, under the source's title in the issue's
    `language`. Empty when nothing is new."""
    from django.utils import translation

    sections = []
    with translation.override(language):
        for section in content_since(network=network, since=since):
            if section.members_only != members_only:
                continue
            lines = [f"## {section.title}", ""]
            for item in section.items:
                line = f"- [{_markdown_text(item.title)}]({item.link})"
                if item.summary:
                    line += f": {_markdown_text(item.summary)}"
                lines.append(line)
            sections.append("\n".join(lines))
    return "\n\n".join(sections) + ("\n" if sections else "")
