"""A few demo discussions (fictional members, fictional words) in the networks' spaces, in
Arabic, French and English, written through the services as members would write them.

`seed_demo` calls `demo_discussions()` once the members exist. Sections, when the demo has any,
are used first; otherwise the regional networks' spaces (made here if missing)."""

from __future__ import annotations

from dataclasses import dataclass

from connective.accounts.models import User
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from connective.spaces.choices import SpaceAccess, SpaceKind
from connective.spaces.models import Space


@dataclass(frozen=True)
class DemoThread:
    region: str
    title: str
    body: str
    replies: tuple[str, ...]


THREADS = (
    DemoThread(
        region="mena",
        title="كيف تقيسون التدفق الليلي لاكتشاف التسربات؟",
        body=(
            "نفقد في شبكتنا القديمة قرابة ثلث المياه. هل قاس أحدكم **التدفق الليلي** حسب المناطق؟\n\n"
            "- كم عدد العدادات التي احتجتموها؟\n- ومن يقرأ البيانات كل صباح؟"
        ),
        replies=(
            "بدأنا بثلاث مناطق فقط وعداد واحد لكل منطقة. النتائج ظهرت خلال شهرين.",
            "We did the same in Irbid: the night minimum told us where to send the crews first.",
        ),
    ),
    DemoThread(
        region="mena",
        title="Tri des déchets à la source : comment convaincre les quartiers ?",
        body=(
            "Notre commune lance la collecte séparée dans deux quartiers. Qu'est-ce qui a marché chez vous "
            "pour que les habitants trient vraiment ?"
        ),
        replies=(
            "Chez nous, les ambassadeurs de quartier ont fait la différence : du porte-à-porte, pas des affiches.",
            "نحن وزعنا حاويات بلونين وشرحنا الجدول في المساجد والمدارس.",
        ),
    ),
    DemoThread(
        region="see",
        title="Public transport tickets across two municipalities",
        body=(
            "Our city and its neighbour want one ticket for buses that cross the boundary. "
            "Who has shared the revenue between two operators, and on what key?"
        ),
        replies=("We split by passenger-kilometres, counted by the validators. It took a year to agree.",),
    ),
)


def _space_for(region: str) -> Space:
    section = (
        Space.objects.filter(kind=SpaceKind.SECTION, region=region, access=SpaceAccess.OPEN, archived_at=None)
        .order_by("pk")
        .first()
    )
    if section is not None:
        return section
    space, _created = Space.objects.get_or_create(
        kind=SpaceKind.NETWORK,
        region=region,
        defaults={"slug": f"{region}-network", "name": f"{region.upper()} network"},
    )
    return space


def _members(region: str, count: int) -> list[User]:
    profiles = (
        MemberProfile.objects.filter(status=MembershipStatus.APPROVED, region=region, user__is_active=True)
        .select_related("user")
        .order_by("pk")[:count]
    )
    return [profile.user for profile in profiles]


def demo_discussions() -> int:
    """Write the demo discussions; returns how many posts were written (0 without members)."""
    from connective.discussions.models import Thread
    from connective.discussions.services import post_reply, thread_start
    from connective.spaces.models import Membership

    written = 0
    for spec in THREADS:
        people = _members(spec.region, 1 + len(spec.replies))
        if len(people) < 1 + len(spec.replies):
            continue
        space = _space_for(spec.region)
        if space.kind != SpaceKind.NETWORK:  # a section: the demo people join it first
            for user in people:
                Membership.objects.get_or_create(space=space, user=user)
        if Thread.objects.unscoped().filter(space=space, title=spec.title).exists():
            continue
        thread = thread_start(actor=people[0], space=space, title=spec.title, body=spec.body)
        written += 1
        for author, text in zip(people[1:], spec.replies, strict=True):
            post_reply(actor=author, thread=thread, body=text)
            written += 1
    return written
