"""Suggestions from the database: who may be suggested, fresh consent, stored embeddings."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from connective.accounts.choices import ConsentMethod
from connective.consultations.choices import InvitationStatus, RequestStatus, RequestVisibility
from connective.consultations.models import ConsultationRequest, Invitation
from connective.consultations.suggestions.candidates import advisor_embeddings_refresh
from connective.consultations.suggestions.models import AdvisorEmbedding
from connective.consultations.suggestions.service import RequestDraft, suggestions_for
from connective.consultations.tasks_matching import advisor_embeddings_refresh_task
from connective.members.choices import MembershipStatus, Visibility
from connective.members.models import Language, MemberProfile
from connective.members.services import advising_set
from connective.members.tests.factories import MemberProfileFactory
from connective.practices.tests.factories import PracticeFactory

FLOODS = "Our old town floods every spring: storm water overflows the drains and streets fill with water."
FLOOD_BIO = "I run the storm water drainage programme and flood protection for the city's old town."


def advisor(
    name: str, *, bio: str = FLOOD_BIO, languages: list[str] | None = None, **kwargs: object
) -> MemberProfile:
    kwargs.setdefault("willing_to_advise", True)
    return MemberProfileFactory.create(
        user__full_name=name,
        user__email=f"{name.lower().replace(' ', '.')}@example.org",
        bio=bio,
        languages=languages or ["en"],
        **kwargs,
    )


def draft(requester: MemberProfile | None = None, languages: tuple[str, ...] = ("en",)) -> RequestDraft:
    return RequestDraft(
        title="Flooding in the old town", description=FLOODS, languages=languages, requester=requester
    )


def names(suggestions: object) -> list[str]:
    return [a.name for a in suggestions.advisors]  # type: ignore[attr-defined]


def open_consultation(
    *,
    requester: MemberProfile,
    advisor: MemberProfile,
    status: str,
    visibility: str = RequestVisibility.CONFIDENTIAL,
    title: str = "Flooding of the market square",
) -> ConsultationRequest:
    request = ConsultationRequest.objects.create(
        requester=requester,
        title=title,
        description="The market square floods.",
        city="Tunis",
        country="TN",
        region="mena",
        status=status,
        visibility=visibility,
    )
    Invitation.objects.create(request=request, advisor=advisor, status=InvitationStatus.ACCEPTED)
    return request


def test_a_willing_member_whose_work_fits_the_challenge_is_suggested_with_a_reason(
    alice: MemberProfile,
) -> None:
    advisor("Farah Flood", bio=FLOOD_BIO)
    advisor("Sami Schools", bio="I manage school meals and the timetable of primary schools.")

    suggestions = suggestions_for(request=draft(alice))

    assert names(suggestions)[0] == "Farah Flood"
    assert "English" in suggestions.advisors[0].reason


def test_the_practice_an_advisor_is_contact_for_is_suggested_and_named_in_the_reason(
    alice: MemberProfile,
) -> None:
    farah = advisor("Farah Flood", bio="")
    PracticeFactory.create(
        title="Green drains against spring floods",
        slug="green-drains",
        summary="Storm water gardens keep the old town's streets dry when spring floods come.",
        contacts=[farah],
    )
    PracticeFactory.create(
        title="School meal kitchens", slug="school-meals", summary="Kitchens cook school meals."
    )

    suggestions = suggestions_for(request=draft(alice))

    assert suggestions.practices[0].slug == "green-drains"
    assert "Green drains against spring floods" in suggestions.advisors[0].reason


def test_unwilling_inactive_pending_overloaded_and_self_advisors_never_appear(
    alice: MemberProfile, bob: MemberProfile
) -> None:
    advisor("Una Unwilling", willing_to_advise=False)
    advisor("Ina Inactive", user__is_active=False)
    advisor("Pia Pending", status=MembershipStatus.PENDING)
    busy = advisor("Olga Overloaded")
    for _ in range(3):
        open_consultation(requester=bob, advisor=busy, status=RequestStatus.IN_PROGRESS)
    advisor("Wanda Willing")
    alice.bio = FLOOD_BIO
    alice.willing_to_advise = True
    alice.save()

    with override_settings(CONSULTATION_ADVISOR_LIMIT=3):
        suggestions = suggestions_for(request=draft(alice), limit=10)

    assert names(suggestions) == ["Wanda Willing"]


def test_closed_consultations_do_not_count_against_the_limit_and_open_ones_become_past_topics(
    alice: MemberProfile, bob: MemberProfile
) -> None:
    farah = advisor("Farah Flood", bio="")
    for _ in range(2):
        open_consultation(requester=bob, advisor=farah, status=RequestStatus.CLOSED)
    open_consultation(
        requester=bob, advisor=farah, status=RequestStatus.CLOSED, visibility=RequestVisibility.ALL_MEMBERS,
        title="Storm water flooding the old market",
    )  # fmt: skip

    suggestions = suggestions_for(request=draft(alice))

    assert names(suggestions) == ["Farah Flood"]
    assert "advised on \u2068Storm water flooding the old market\u2069" in suggestions.advisors[0].reason


def test_a_confidential_consultation_never_feeds_matching_nor_a_reason(
    alice: MemberProfile, bob: MemberProfile
) -> None:
    farah = advisor("Farah Flood", bio="")
    open_consultation(requester=bob, advisor=farah, status=RequestStatus.CLOSED)

    suggestions = suggestions_for(request=draft(alice))

    assert "Flooding of the market square" not in str(suggestions)
    assert AdvisorEmbedding.objects.get(profile=farah).topics == b""


def test_a_bio_open_only_to_coordinators_never_feeds_matching(alice: MemberProfile) -> None:
    hidden = advisor("Hana Hidden", bio_visibility=Visibility.COORDINATORS)
    advisor("Olga Open", bio="I coordinate the municipal youth football league.")

    suggestions = suggestions_for(request=draft(alice))

    assert FLOOD_BIO not in str(suggestions)
    assert bytes(AdvisorEmbedding.objects.get(profile=hidden).vector) == b""


def test_withdrawing_consent_removes_a_member_at_once_even_with_a_warm_index(alice: MemberProfile) -> None:
    farah = advisor("Farah Flood")
    advisor("Wanda Willing")
    assert set(names(suggestions_for(request=draft(alice)))) == {"Farah Flood", "Wanda Willing"}

    advising_set(actor=farah.user, profile=farah, willing=False, method=ConsentMethod.PROFILE)

    assert names(suggestions_for(request=draft(alice))) == ["Wanda Willing"]


def test_an_advisor_who_becomes_inactive_or_overloaded_disappears_at_once(
    alice: MemberProfile, bob: MemberProfile
) -> None:
    farah = advisor("Farah Flood")
    wanda = advisor("Wanda Willing")
    assert len(suggestions_for(request=draft(alice)).advisors) == 2

    farah.user.is_active = False
    farah.user.save()
    with override_settings(CONSULTATION_ADVISOR_LIMIT=1):
        open_consultation(requester=bob, advisor=wanda, status=RequestStatus.IN_PROGRESS)
        assert names(suggestions_for(request=draft(alice))) == []


def test_an_advisor_sharing_no_language_with_the_requester_is_left_out(alice: MemberProfile) -> None:
    advisor("Bojan Bosnian", languages=["bs"])
    advisor("Amal Arabic", languages=["ar", "fr"])

    assert names(suggestions_for(request=draft(alice, languages=("ar", "en")))) == ["Amal Arabic"]
    assert set(names(suggestions_for(request=draft(None, languages=())))) == {"Bojan Bosnian", "Amal Arabic"}


def test_a_saved_request_leaves_out_its_requester_and_the_advisors_already_invited(
    alice: MemberProfile, bob: MemberProfile
) -> None:
    advisor("Farah Flood")
    invited = advisor("Ivan Invited")
    bob.willing_to_advise = True
    bob.bio = FLOOD_BIO
    bob.save()
    request = ConsultationRequest.objects.create(
        requester=bob,
        title="Flooding in the old town",
        description=FLOODS,
        city="Tunis",
        country="TN",
        region="mena",
    )
    request.languages.set(Language.objects.filter(code__in=["en", "ar", "fr"]))
    Invitation.objects.create(request=request, advisor=invited)

    assert names(suggestions_for(request=request)) == ["Farah Flood"]


def test_an_empty_draft_gets_no_suggestions(alice: MemberProfile) -> None:
    advisor("Farah Flood")

    assert not suggestions_for(request=RequestDraft(title="  ", requester=alice))


def test_advisor_embeddings_are_stored_once_and_recomputed_only_when_the_profile_text_changes(
    alice: MemberProfile,
) -> None:
    farah = advisor("Farah Flood")
    suggestions_for(request=draft(alice))
    stored = AdvisorEmbedding.objects.get(profile=farah)

    assert advisor_embeddings_refresh() == 0
    assert AdvisorEmbedding.objects.get(profile=farah).text_hash == stored.text_hash

    farah.bio = "I plan bus lanes and cycling routes."
    farah.save()
    assert advisor_embeddings_refresh_task.delay(profile_ids=[farah.pk]).get() == 1
    changed = AdvisorEmbedding.objects.get(profile=farah)
    assert changed.text_hash != stored.text_hash
    assert bytes(changed.vector) != bytes(stored.vector)


def test_a_member_who_stops_advising_loses_their_stored_embedding(alice: MemberProfile) -> None:
    farah = advisor("Farah Flood")
    advisor_embeddings_refresh()
    assert AdvisorEmbedding.objects.filter(profile=farah).exists()

    advising_set(actor=farah.user, profile=farah, willing=False, method=ConsentMethod.PROFILE)

    assert advisor_embeddings_refresh() == 1
    assert not AdvisorEmbedding.objects.filter(profile=farah).exists()


@pytest.mark.parametrize("count", [10, 1000])
def test_a_suggestion_on_a_warm_index_takes_the_same_queries_whatever_the_number_of_advisors(
    alice: MemberProfile, count: int, django_assert_num_queries: Any
) -> None:
    users = []
    from connective.accounts.models import User

    for n in range(count):
        users.append(User(email=f"advisor{n}@example.org", full_name=f"Advisor {n}"))
    User.objects.bulk_create(users)
    created = MemberProfile.objects.bulk_create(
        MemberProfile(
            user=user,
            member_type="practitioner",
            organisation="City",
            city="Amman",
            country="JO",
            region="mena",
            bio=FLOOD_BIO,
            willing_to_advise=True,
            status=MembershipStatus.APPROVED,
        )
        for user in User.objects.filter(email__startswith="advisor")
    )
    MemberProfile.languages.through.objects.bulk_create(
        MemberProfile.languages.through(memberprofile_id=profile.pk, language_id="en") for profile in created
    )
    PracticeFactory.create_batch(3)
    suggestions_for(request=draft(alice))  # warms the index and the theme names

    # 1. the stamp; 2. the practices found, still published?; 3. the advisors found, still available?
    with django_assert_num_queries(3):
        suggestions = suggestions_for(request=draft(alice))
    assert len(suggestions.advisors) == 5


def test_a_member_who_gives_consent_is_suggested_at_the_next_request(alice: MemberProfile) -> None:
    advisor("Wanda Willing")
    farah = advisor("Farah Flood", willing_to_advise=False)
    assert names(suggestions_for(request=draft(alice))) == ["Wanda Willing"]

    advising_set(actor=farah.user, profile=farah, willing=True, method=ConsentMethod.PROFILE)

    assert set(names(suggestions_for(request=draft(alice)))) == {"Farah Flood", "Wanda Willing"}


def test_a_newly_published_practice_is_suggested_at_the_next_request(alice: MemberProfile) -> None:
    PracticeFactory.create(
        title="School meal kitchens", slug="school-meals", summary="Kitchens cook school meals."
    )
    assert [p.slug for p in suggestions_for(request=draft(alice)).practices] == ["school-meals"]

    PracticeFactory.create(
        title="Green drains against spring floods",
        slug="green-drains",
        summary="Storm water gardens keep the old town dry when spring floods come.",
    )

    assert suggestions_for(request=draft(alice)).practices[0].slug == "green-drains"


def test_an_advisor_freed_by_a_closed_consultation_is_suggested_again(
    alice: MemberProfile, bob: MemberProfile
) -> None:
    farah = advisor("Farah Flood")
    with override_settings(CONSULTATION_ADVISOR_LIMIT=1):
        request = open_consultation(requester=bob, advisor=farah, status=RequestStatus.IN_PROGRESS)
        assert names(suggestions_for(request=draft(alice))) == []

        request.status = RequestStatus.CLOSED
        request.save()

        assert names(suggestions_for(request=draft(alice))) == ["Farah Flood"]


def test_a_reactivated_advisor_is_suggested_again_at_once(alice: MemberProfile) -> None:
    farah = advisor("Farah Flood", user__is_active=False)
    advisor("Wanda Willing")
    assert names(suggestions_for(request=draft(alice))) == ["Wanda Willing"]

    farah.user.is_active = True
    farah.user.save()

    assert set(names(suggestions_for(request=draft(alice)))) == {"Farah Flood", "Wanda Willing"}


def test_a_profile_edit_recomputes_the_advisor_embedding_after_commit(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    from connective.members.services import ProfileData, profile_update

    farah = advisor("Farah Flood")
    advisor_embeddings_refresh()
    before = AdvisorEmbedding.objects.get(profile=farah).text_hash
    data = ProfileData(
        member_type=farah.member_type, organisation=farah.organisation, position=farah.position,
        city=farah.city, country=str(farah.country), bio="I plan bus lanes and cycling routes.",
        languages=list(farah.languages.all()), expertise=list(farah.expertise.all()),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        profile_update(actor=farah.user, profile=farah, data=data)
    assert len(callbacks) >= 1
    assert AdvisorEmbedding.objects.get(profile=farah).text_hash != before


def test_asking_again_for_the_same_request_reuses_its_ranking_but_reads_the_advisors_fresh(
    alice: MemberProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.utils import translation

    from connective.consultations.matching import Matcher

    calls: list[int] = []
    rank = Matcher._match_practices

    def counted(self: Matcher, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return rank(self, *args, **kwargs)

    monkeypatch.setattr(Matcher, "_match_practices", counted)
    farah = advisor("Farah Flood")
    advisor("Wanda Willing")
    first = suggestions_for(request=draft(alice))
    ranked = len(calls)
    assert suggestions_for(request=draft(alice)) == first
    assert len(calls) == ranked  # the matcher was not asked again

    # Consent is never taken from the kept ranking.
    advising_set(actor=farah.user, profile=farah, willing=False, method=ConsentMethod.PROFILE)
    assert names(suggestions_for(request=draft(alice))) == ["Wanda Willing"]

    # Reasons are kept per language: French asks the matcher once more.
    with translation.override("fr"):
        suggestions_for(request=draft(alice))
    assert len(calls) > ranked
