"""The demo community's programme (`seed_demo`): in each focus network, a few proposals written
in Arabic, French and English by its fictional members, supported by others, one accepted into
the programme with a note, one declined with a reason, one discussed in a comment.

Written directly, not through the services: the demo records no events (no one is notified of
a past that never happened). Every person is one of the demo's fictional members.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from connective.accounts.models import User
from connective.core.regions import FOCUS_REGIONS
from connective.members.choices import MembershipStatus
from connective.networks.choices import ProposalKind, ProposalStatus
from connective.networks.models import Network, Proposal, ProposalComment, ProposalSupport
from connective.networks.programme.notifications import coordinator_ids


@dataclass(frozen=True)
class DemoProposal:
    kind: str
    language: str
    title: str
    description: str
    status: str = ProposalStatus.OPEN
    reason: str = ""
    comment: str = ""
    comment_language: str = ""


PROPOSALS = (
    DemoProposal(
        ProposalKind.EXCHANGE_VISIT,
        "ar",
        "زيارة تبادل لمراكز فرز النفايات",
        "نقترح زيارة لمدة يومين إلى مدينة في الشبكة نجحت في **فرز النفايات من المصدر**، "
        "للقاء الفرق الميدانية ومعرفة كيف أقنعت السكان.",
        comment="Nous pourrions accueillir la visite : notre centre de tri ouvre au printemps.",
        comment_language="fr",
    ),
    DemoProposal(
        ProposalKind.WEBINAR,
        "fr",
        "Webinaire : réduire les pertes d'eau la nuit",
        "Une heure pour partager comment mesurer les **débits de nuit** et trouver les fuites, "
        "avec deux régies qui l'ont fait.",
    ),
    DemoProposal(
        ProposalKind.LEARNING_PROCESS,
        "en",
        "Learning process: participatory budgeting in small towns",
        "Six sessions over three months for towns under 50,000 people that want to start "
        "participatory budgeting, each with a peer town that has done it.",
        status=ProposalStatus.ACCEPTED,
        reason="Planned for the autumn; the call for towns opens next month.",
    ),
    DemoProposal(
        ProposalKind.STUDY,
        "en",
        "A study of informal transport routes",
        "Map how minibuses and shared taxis serve neighbourhoods the bus network misses.",
        status=ProposalStatus.DECLINED,
        reason="A partner university publishes exactly this study this year; we will share it.",
    ),
    DemoProposal(
        ProposalKind.THEME,
        "ar",
        "التكيف مع موجات الحر في الأحياء الكثيفة",
        "موضوع للشبكة: التظليل والأشجار ومراكز التبريد في الأحياء الأكثر كثافة.",
    ),
)


def write_programme(*, rng: random.Random) -> int:
    """The demo proposals of every focus network (none where it has fewer than four members)."""
    made = 0
    now = timezone.now()
    with transaction.atomic():
        for network in Network.objects.filter(region__in=FOCUS_REGIONS).order_by("slug"):
            members = list(
                User.objects.filter(
                    profile__region=network.region,
                    profile__status=MembershipStatus.APPROVED,
                    is_active=True,
                ).order_by("pk")[:60]
            )
            if len(members) < 4:
                continue
            deciders = coordinator_ids(network.region)
            decider = User.objects.filter(pk__in=deciders).first()
            for number, spec in enumerate(PROPOSALS):
                author, *others = rng.sample(members, k=min(len(members), 12))
                decided = spec.status != ProposalStatus.OPEN
                proposal = Proposal.objects.create(
                    network=network,
                    kind=spec.kind,
                    language_id=spec.language,
                    title=spec.title,
                    description=spec.description,
                    author=author,
                    status=spec.status,
                    decision_reason=spec.reason,
                    decided_by=decider if decided else None,
                    decided_at=now - timedelta(days=number) if decided else None,
                )
                supporters = others[: rng.randint(1, len(others))]
                ProposalSupport.objects.bulk_create(
                    [ProposalSupport(proposal=proposal, user=user) for user in supporters]
                )
                if spec.comment:
                    ProposalComment.objects.create(
                        proposal=proposal,
                        author=others[-1],
                        body=spec.comment,
                        language=spec.comment_language,
                    )
                made += 1
    return made
