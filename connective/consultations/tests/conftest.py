"""Fixtures of the consultation tests: alice's confidential request and farid, a willing advisor."""

from __future__ import annotations

import pytest

from connective.consultations.models import ConsultationRequest
from connective.consultations.tests.factories import AdvisorFactory, ConsultationRequestFactory
from connective.members.models import MemberProfile


@pytest.fixture
def farid(db: None) -> MemberProfile:
    """An approved MENA member in Irbid who is willing to advise peers."""
    return AdvisorFactory.create(user__email="farid@example.org", user__full_name="Farid Mansour")


@pytest.fixture
def consultation(alice: MemberProfile) -> ConsultationRequest:
    """alice's confidential request for peer advice, open for invitations."""
    return ConsultationRequestFactory.create(
        requester=alice, title="Secret water losses in Amman", languages=["ar", "en"]
    )
