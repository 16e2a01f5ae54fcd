"""What the programme keeps about a person: in their download, and after they delete their account."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable

import pytest
from django.test import Client

from connective.accounts.models import User
from connective.accounts.services import account_delete
from connective.core.personal_data import member_export
from connective.members.models import MemberProfile
from connective.networks.choices import ProposalStatus
from connective.networks.models import Proposal, ProposalComment, ProposalSupport
from connective.networks.tests.factories import (
    ProposalCommentFactory,
    ProposalFactory,
    ProposalSupportFactory,
)

pytestmark = pytest.mark.django_db


def _download(user: User) -> dict[str, list[dict[str, object]]]:
    with zipfile.ZipFile(io.BytesIO(member_export(user=user))) as archive:
        return {
            name.removesuffix(".json"): json.loads(archive.read(name))
            for name in archive.namelist()
            if name.startswith("programme_")
        }


def test_the_download_holds_ones_proposals_comments_supports_and_decisions(
    alice: MemberProfile, bob: MemberProfile, dina: User
) -> None:
    mine = ProposalFactory.create(author=bob.user, title="Bob's visit", description="Bob's own words")
    alices = ProposalFactory.create(
        author=alice.user, title="Alice's study", description="Alice's words", status=ProposalStatus.DECLINED,
        decided_by=dina, decision_reason="Done already.",
    )  # fmt: skip
    ProposalSupportFactory.create(proposal=alices, user=bob.user)
    ProposalCommentFactory.create(proposal=alices, author=bob.user, body="Bob's comment")
    bobs = _download(bob.user)
    assert [row["title"] for row in bobs["programme_proposals"]] == ["Bob's visit"]
    assert bobs["programme_proposals"][0]["description"] == "Bob's own words"
    assert [row["body"] for row in bobs["programme_comments"]] == ["Bob's comment"]
    assert [row["title"] for row in bobs["programme_supports"]] == ["Alice's study"]
    assert "Alice's words" not in json.dumps(bobs)
    dinas = _download(dina)
    assert dinas["programme_proposals"][0]["decision_reason"] == "Done already."
    assert dinas["programme_proposals"][0]["description"] == ""  # alice's words are hers
    assert mine.pk  # (kept for the reader)


def test_deleting_an_account_keeps_proposals_and_comments_under_the_pseudonym_and_drops_supports(
    alice: MemberProfile, bob: MemberProfile, client_for: Callable[[User | MemberProfile], Client]
) -> None:
    bobs = ProposalFactory.create(author=bob.user, title="Bob's visit")
    alices = ProposalFactory.create(author=alice.user)
    ProposalSupportFactory.create(proposal=alices, user=bob.user)
    ProposalSupportFactory.create(proposal=bobs, user=alice.user)
    comment = ProposalCommentFactory.create(proposal=alices, author=bob.user, body="Count Tunis in.")
    name = bob.user.full_name
    account_delete(actor=bob.user, user=bob.user)
    former = User.objects.get(pk=bob.user.pk)
    assert Proposal.objects.get(pk=bobs.pk).author == former
    assert ProposalComment.objects.get(pk=comment.pk).author == former
    assert not ProposalSupport.objects.filter(user=former).exists()
    assert ProposalSupport.objects.filter(user=alice.user, proposal=bobs).exists()
    page = client_for(alice).get(f"/networks/mena/programme/{alices.public_id}/").content.decode()
    assert "Count Tunis in." in page
    assert f"Former member {former.pseudonym}" in page
    assert name not in page
