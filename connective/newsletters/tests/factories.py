from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from connective.networks.models import Network
from connective.newsletters.choices import IssueStatus
from connective.newsletters.models import Issue


class IssueFactory(DjangoModelFactory[Issue]):
    """A draft issue of the MENA network's newsletter, in English."""

    class Meta:
        model = Issue

    network = factory.LazyFunction(lambda: Network.objects.get(region="mena"))
    subject = factory.Sequence(lambda n: f"News from the network, number {n}")
    body = "## New good practices\n\n- Night flows in [Qalqilya](https://example.org/)"
    members_body = "Meet us in Amman on 3 March."
    language = "en"
    status = IssueStatus.DRAFT


class SentIssueFactory(IssueFactory):
    status = IssueStatus.SENT
    sent_at = factory.LazyFunction(timezone.now)
