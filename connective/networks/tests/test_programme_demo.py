"""The demo's programme: a few multilingual proposals per focus network, decided and not."""

from __future__ import annotations

import random

import pytest

from connective.members.tests.factories import MemberProfileFactory
from connective.networks.choices import ProposalStatus
from connective.networks.models import Proposal, ProposalSupport
from connective.networks.programme.demo import PROPOSALS, write_programme

pytestmark = pytest.mark.django_db


def test_the_demo_writes_proposals_in_three_languages_with_supporters_and_decisions(dina: object) -> None:
    MemberProfileFactory.create_batch(6, country="JO")
    MemberProfileFactory.create_batch(2, country="BA")  # too few in SEE: it gets none
    made = write_programme(rng=random.Random(1))
    assert made == len(PROPOSALS)
    proposals = Proposal.objects.filter(network__slug="mena")
    assert {p.language_id for p in proposals} == {"ar", "fr", "en"}
    accepted = proposals.get(status=ProposalStatus.ACCEPTED)
    declined = proposals.get(status=ProposalStatus.DECLINED)
    assert accepted.decided_by == dina and declined.decision_reason
    assert ProposalSupport.objects.exists()
    for proposal in proposals:
        assert not proposal.supports.filter(user=proposal.author).exists()
