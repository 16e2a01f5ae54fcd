from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from connective.consultations.choices import InvitationStatus, RequestStatus
from connective.consultations.models import ConsultationRequest, Invitation
from connective.core.regions import region_for_country
from connective.members.models import Language
from connective.members.tests.factories import MemberProfileFactory


class ConsultationRequestFactory(DjangoModelFactory[ConsultationRequest]):
    """A confidential request for peer advice, open for invitations."""

    class Meta:
        model = ConsultationRequest
        skip_postgeneration_save = True

    requester = factory.SubFactory(MemberProfileFactory)
    title = factory.Sequence(lambda n: f"Reducing water losses in the old town, case {n}")
    description = "Our network loses a third of its water before it reaches homes."
    city = factory.LazyAttribute(lambda o: o.requester.city)
    country = factory.LazyAttribute(lambda o: o.requester.country)
    region = factory.LazyAttribute(lambda o: region_for_country(str(o.country)))
    network = factory.LazyAttribute(lambda o: o.requester.region)
    status = RequestStatus.OPEN

    @factory.post_generation
    def languages(
        request: ConsultationRequest, create: bool, extracted: list[str] | None, **kwargs: object
    ) -> None:
        if create:
            request.languages.set(Language.objects.filter(code__in=extracted or ["en"]))


class AdvisorFactory(MemberProfileFactory):
    """An approved member willing to advise peers (in Irbid, MENA, unless told otherwise)."""

    city = "Irbid"
    country = "JO"
    willing_to_advise = True


class InvitationFactory(DjangoModelFactory[Invitation]):
    class Meta:
        model = Invitation

    request = factory.SubFactory(ConsultationRequestFactory)
    advisor = factory.SubFactory(AdvisorFactory)
    status = InvitationStatus.PENDING
