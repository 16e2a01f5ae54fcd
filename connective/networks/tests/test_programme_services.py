"""The members' programme: who proposes, supports, comments and decides, and what each leaves."""

from __future__ import annotations

import pytest

from connective.accounts.models import User
from connective.core.errors import NotAllowed, ValidationError
from connective.core.models import AuditEvent
from connective.members.models import Language, MemberProfile
from connective.networks.choices import ProgrammeEvent, ProposalKind, ProposalStatus
from connective.networks.models import Network, Proposal, ProposalSupport
from connective.networks.programme import services
from connective.networks.tests.factories import (
    ProposalCommentFactory,
    ProposalFactory,
    ProposalSupportFactory,
)

pytestmark = pytest.mark.django_db


def _mena() -> Network:
    return Network.objects.get(slug="mena")


def _propose(author: User, **overrides: object) -> Proposal:
    data: dict[str, object] = {
        "network": _mena(),
        "kind": ProposalKind.EXCHANGE_VISIT,
        "title": "A visit to Tunis's sorting centres",
        "description": "We would learn how **Tunis** sorts its waste.",
        "language": Language.objects.get(code="en"),
    }
    data.update(overrides)
    return services.proposal_create(actor=author, **data)  # type: ignore[arg-type]


def _events(kind: ProgrammeEvent) -> int:
    return AuditEvent.objects.filter(action=kind.value).count()


def test_a_member_proposes_for_their_own_network_and_the_event_is_recorded(alice: MemberProfile) -> None:
    proposal = _propose(alice.user)
    assert proposal.status == ProposalStatus.OPEN
    assert proposal.author == alice.user
    assert _events(ProgrammeEvent.PROPOSED) == 1


def test_a_member_of_another_network_does_not_propose_for_mena(charlie: MemberProfile) -> None:
    with pytest.raises(NotAllowed):
        _propose(charlie.user)
    assert not Proposal.objects.exists()


def test_a_coordinator_decides_but_does_not_propose(dina: User) -> None:
    with pytest.raises(NotAllowed):
        _propose(dina)


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "  "), ("description", ""), ("kind", "party"), ("title", "x" * 201), ("title", "two\nlines")],
)
def test_a_proposal_with_bad_input_names_the_field_and_changes_nothing(
    alice: MemberProfile, field: str, value: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        _propose(alice.user, **{field: value})
    assert field in raised.value.message_dict
    assert not Proposal.objects.exists()
    assert not AuditEvent.objects.exists()


def test_support_is_one_click_idempotent_and_withdrawn_as_easily(
    alice: MemberProfile, bob: MemberProfile
) -> None:
    proposal = _propose(alice.user)
    assert services.proposal_support(actor=bob.user, proposal=proposal) is True
    assert services.proposal_support(actor=bob.user, proposal=proposal) is False
    assert proposal.supports.count() == 1
    assert _events(ProgrammeEvent.SUPPORTED) == 1
    assert services.proposal_unsupport(actor=bob.user, proposal=proposal) is True
    assert services.proposal_unsupport(actor=bob.user, proposal=proposal) is False
    assert proposal.supports.count() == 0
    assert _events(ProgrammeEvent.UNSUPPORTED) == 1


def test_an_author_does_not_support_their_own_proposal(alice: MemberProfile) -> None:
    proposal = _propose(alice.user)
    with pytest.raises(NotAllowed):
        services.proposal_support(actor=alice.user, proposal=proposal)


def test_only_the_networks_members_support(charlie: MemberProfile, dina: User, alice: MemberProfile) -> None:
    proposal = _propose(alice.user)
    for outsider in (charlie.user, dina):
        with pytest.raises(NotAllowed):
            services.proposal_support(actor=outsider, proposal=proposal)
    assert not ProposalSupport.objects.exists()


def test_a_decided_proposal_takes_no_more_support(
    alice: MemberProfile, bob: MemberProfile, dina: User
) -> None:
    proposal = _propose(alice.user)
    services.proposal_accept(actor=dina, proposal=proposal)
    with pytest.raises(NotAllowed):
        services.proposal_support(actor=bob.user, proposal=proposal)


def test_members_and_the_coordinator_comment_and_its_language_is_guessed(
    alice: MemberProfile, bob: MemberProfile, dina: User, charlie: MemberProfile
) -> None:
    proposal = _propose(alice.user)
    comment = services.proposal_comment(
        actor=bob.user, proposal=proposal, body="نحن مهتمون جدا بهذه الزيارة إلى تونس"
    )
    assert comment.language == "ar"
    services.proposal_comment(actor=dina, proposal=proposal, body="Which month would suit you?")
    with pytest.raises(NotAllowed):
        services.proposal_comment(actor=charlie.user, proposal=proposal, body="Me too")
    with pytest.raises(ValidationError):
        services.proposal_comment(actor=bob.user, proposal=proposal, body="   ")
    assert proposal.comments.count() == 2
    assert _events(ProgrammeEvent.COMMENTED) == 2


def test_the_coordinator_accepts_with_a_note_and_what_it_became(alice: MemberProfile, dina: User) -> None:
    proposal = _propose(alice.user)
    services.proposal_accept(
        actor=dina, proposal=proposal, note="Planned for March.", became_url="https://example.org/visit"
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.decided_by == dina
    assert proposal.decision_reason == "Planned for March."
    assert proposal.became_url == "https://example.org/visit"
    assert _events(ProgrammeEvent.ACCEPTED) == 1


def test_an_odd_link_for_what_it_became_is_refused_and_changes_nothing(
    alice: MemberProfile, dina: User
) -> None:
    proposal = _propose(alice.user)
    with pytest.raises(ValidationError) as raised:
        services.proposal_accept(actor=dina, proposal=proposal, became_url="javascript:alert(1)")
    assert "became_url" in raised.value.message_dict
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN


def test_a_decline_needs_a_reason(alice: MemberProfile, dina: User) -> None:
    proposal = _propose(alice.user)
    with pytest.raises(ValidationError) as raised:
        services.proposal_decline(actor=dina, proposal=proposal, reason=" ")
    assert "reason" in raised.value.message_dict
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN
    services.proposal_decline(actor=dina, proposal=proposal, reason="Already planned by the SSA network.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED
    assert proposal.decision_reason == "Already planned by the SSA network."


def test_only_the_regions_coordinators_and_staff_decide(
    alice: MemberProfile, bob: MemberProfile, emil: User, sam: User
) -> None:
    proposal = _propose(alice.user)
    for outsider in (alice.user, bob.user, emil):
        with pytest.raises(NotAllowed):
            services.proposal_accept(actor=outsider, proposal=proposal)
    services.proposal_accept(actor=sam, proposal=proposal)


def test_a_decided_proposal_is_not_decided_again(alice: MemberProfile, dina: User, sam: User) -> None:
    proposal = _propose(alice.user)
    services.proposal_accept(actor=dina, proposal=proposal)
    with pytest.raises(ValidationError):
        services.proposal_decline(actor=sam, proposal=proposal, reason="No")


def test_a_merge_carries_supporters_over_without_duplicates_and_leaves_comments(
    alice: MemberProfile, bob: MemberProfile, dina: User
) -> None:
    target = ProposalFactory.create(author=bob.user)
    duplicate = ProposalFactory.create(author=alice.user)
    both, only_duplicate = ProposalSupportFactory.create(proposal=target).user, None
    ProposalSupportFactory.create(proposal=duplicate, user=both)
    only_duplicate = ProposalSupportFactory.create(proposal=duplicate).user
    ProposalSupportFactory.create(proposal=duplicate, user=bob.user)  # the target's own author
    comment = ProposalCommentFactory.create(proposal=duplicate)
    services.proposal_merge(actor=dina, proposal=duplicate, into=target)
    duplicate.refresh_from_db()
    assert duplicate.status == ProposalStatus.MERGED
    assert duplicate.merged_into == target
    supporters = set(target.supports.values_list("user_id", flat=True))
    assert supporters == {both.pk, only_duplicate.pk, alice.user.pk}
    assert target.supports.count() == 3
    comment.refresh_from_db()
    assert comment.proposal == duplicate
    assert _events(ProgrammeEvent.MERGED) == 1


def test_a_merge_into_another_network_itself_or_a_declined_proposal_is_refused(
    alice: MemberProfile, dina: User
) -> None:
    duplicate = ProposalFactory.create(author=alice.user)
    elsewhere = ProposalFactory.create(network="see")
    declined = ProposalFactory.create(status=ProposalStatus.DECLINED)
    for into in (elsewhere, duplicate, declined):
        with pytest.raises(ValidationError) as raised:
            services.proposal_merge(actor=dina, proposal=duplicate, into=into)
        assert "into" in raised.value.message_dict
    duplicate.refresh_from_db()
    assert duplicate.status == ProposalStatus.OPEN


def test_the_author_withdraws_an_open_proposal_and_no_one_else_does(
    alice: MemberProfile, bob: MemberProfile, dina: User
) -> None:
    proposal = _propose(alice.user)
    for other in (bob.user, dina):
        with pytest.raises(NotAllowed):
            services.proposal_withdraw(actor=other, proposal=proposal)
    services.proposal_withdraw(actor=alice.user, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    with pytest.raises(NotAllowed):
        services.proposal_withdraw(actor=alice.user, proposal=proposal)


def test_a_coordinator_hides_a_comment_with_a_reason(
    alice: MemberProfile, bob: MemberProfile, dina: User
) -> None:
    comment = ProposalCommentFactory.create(
        proposal=ProposalFactory.create(author=alice.user), author=bob.user
    )
    with pytest.raises(NotAllowed):
        services.proposal_comment_hide(actor=alice.user, comment=comment, reason="rude")
    with pytest.raises(ValidationError):
        services.proposal_comment_hide(actor=dina, comment=comment, reason="")
    services.proposal_comment_hide(actor=dina, comment=comment, reason="It named a colleague.")
    comment.refresh_from_db()
    assert comment.hidden_at is not None
    assert comment.hidden_reason == "It named a colleague."


def test_the_coordinator_links_an_accepted_proposal_to_what_it_became_later(
    alice: MemberProfile, dina: User, bob: MemberProfile
) -> None:
    proposal = _propose(alice.user)
    with pytest.raises(ValidationError):
        services.proposal_outcome_set(actor=dina, proposal=proposal, became_url="https://example.org/e")
    services.proposal_accept(actor=dina, proposal=proposal)
    with pytest.raises(NotAllowed):
        services.proposal_outcome_set(actor=bob.user, proposal=proposal, became_url="https://example.org/e")
    with pytest.raises(ValidationError):
        services.proposal_outcome_set(actor=dina, proposal=proposal, became_url="ftp://example.org/e")
    services.proposal_outcome_set(
        actor=dina, proposal=proposal, became_url="https://example.org/e", became_title="Webinar, 12 May"
    )
    proposal.refresh_from_db()
    assert (proposal.became_url, proposal.became_title) == ("https://example.org/e", "Webinar, 12 May")
    assert _events(ProgrammeEvent.OUTCOME_SET) == 1
