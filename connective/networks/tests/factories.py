"""Factories for the members' programme.

    ProposalFactory.create(author=alice.user)                  # an open MENA webinar, in English
    ProposalFactory.create(network="see", status=ProposalStatus.ACCEPTED)
    ProposalSupportFactory.create(proposal=proposal, user=bob.user)
    ProposalCommentFactory.create(proposal=proposal, author=bob.user, body="Yes, please.")

`network` takes a Network or its slug (default "mena").
"""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from connective.accounts.tests.factories import UserFactory
from connective.networks.choices import ProposalKind, ProposalStatus
from connective.networks.models import Network, Proposal, ProposalComment, ProposalSupport


class ProposalFactory(DjangoModelFactory[Proposal]):
    class Meta:
        model = Proposal

    network = "mena"
    kind = ProposalKind.WEBINAR
    title = factory.Sequence(lambda n: f"A webinar on leak detection {n}")
    description = "Utilities of the region share how they find **night flows**."
    language_id = "en"
    author = factory.SubFactory(UserFactory)
    status = ProposalStatus.OPEN

    @classmethod
    def _create(cls, model_class: type[Proposal], *args: Any, **kwargs: Any) -> Proposal:
        network = kwargs.get("network")
        if isinstance(network, str):
            kwargs["network"] = Network.objects.get(slug=network)
        return super()._create(model_class, *args, **kwargs)


class ProposalSupportFactory(DjangoModelFactory[ProposalSupport]):
    class Meta:
        model = ProposalSupport

    proposal = factory.SubFactory(ProposalFactory)
    user = factory.SubFactory(UserFactory)


class ProposalCommentFactory(DjangoModelFactory[ProposalComment]):
    class Meta:
        model = ProposalComment

    proposal = factory.SubFactory(ProposalFactory)
    author = factory.SubFactory(UserFactory)
    body = "We would join: our utility lost a third of its water last year."
    language = "en"
