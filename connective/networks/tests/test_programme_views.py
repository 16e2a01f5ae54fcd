"""The programme pages as each persona sees them, their forms, and their query counts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from connective.accounts.models import User
from connective.core.home import home_waiting_for
from connective.members.models import MemberProfile
from connective.members.roles import viewer_for
from connective.networks.choices import ProposalKind, ProposalStatus
from connective.networks.models import Network, Proposal, ProposalComment, ProposalSupport
from connective.networks.tests.factories import (
    ProposalFactory,
    ProposalSupportFactory,
)

pytestmark = pytest.mark.django_db

Login = Callable[[User | MemberProfile], Client]


def _url(proposal: Proposal, action: str = "") -> str:
    base = f"/networks/{proposal.network.slug}/programme/{proposal.public_id}/"
    return f"{base}{action}/" if action else base


def test_visitors_see_the_planned_programme_without_names_and_nothing_else(
    visitor: Client, alice: MemberProfile
) -> None:
    planned = ProposalFactory.create(
        author=alice.user, status=ProposalStatus.ACCEPTED, title="Planned: a study of kiosks"
    )
    asked = ProposalFactory.create(author=alice.user, title="Asked: a webinar")
    page = visitor.get("/networks/mena/programme/").content.decode()
    assert "Planned: a study of kiosks" in page
    assert "Asked: a webinar" not in page
    assert alice.user.full_name not in page
    detail = visitor.get(_url(planned)).content.decode()
    assert "Planned: a study of kiosks" in detail
    assert alice.user.full_name not in detail
    assert visitor.get(_url(asked)).status_code == 404


def test_members_of_any_network_read_the_open_proposals_ordered_by_support(
    client_for: Login, alice: MemberProfile, charlie: MemberProfile
) -> None:
    few = ProposalFactory.create(author=alice.user, title="Fewer supporters")
    many = ProposalFactory.create(title="More supporters")
    for _ in range(3):
        ProposalSupportFactory.create(proposal=many)
    ProposalSupportFactory.create(proposal=few)
    page = client_for(charlie).get("/networks/mena/programme/").content.decode()
    assert page.index("More supporters") < page.index("Fewer supporters")
    assert alice.user.full_name in page
    assert "Propose an activity" not in page  # charlie is not a MENA member


def test_the_kind_filter_keeps_one_kind(client_for: Login, alice: MemberProfile) -> None:
    ProposalFactory.create(kind=ProposalKind.STUDY, title="A study of tariffs")
    ProposalFactory.create(kind=ProposalKind.WEBINAR, title="A webinar on tariffs")
    page = client_for(alice).get("/networks/mena/programme/?kind=study").content.decode()
    assert "A study of tariffs" in page and "A webinar on tariffs" not in page
    assert client_for(alice).get("/networks/mena/programme/?kind=<odd>").status_code == 200


def test_a_member_proposes_through_the_form_and_bad_input_is_named(
    client_for: Login, alice: MemberProfile
) -> None:
    client = client_for(alice)
    bad = client.post(
        "/networks/mena/programme/propose/",
        {"kind": "webinar", "title": "", "description": "x", "language": "en"},
    )
    assert bad.status_code == 400
    assert "Title" in bad.content.decode()
    assert not Proposal.objects.exists()
    done = client.post(
        "/networks/mena/programme/propose/",
        {
            "kind": "exchange_visit",
            "title": "Visit Sfax",
            "description": "Its **markets**.",
            "language": "fr",
        },
    )
    proposal = Proposal.objects.get()
    assert done.status_code == 302 and done["Location"] == _url(proposal)
    page = client.get(_url(proposal)).content.decode()
    assert '<div class="member-text" lang="fr" dir="ltr"><p>Its <strong>markets</strong>.</p>' in page


def test_the_htmx_support_button_answers_with_the_new_count(
    client_for: Login, alice: MemberProfile, bob: MemberProfile
) -> None:
    proposal = ProposalFactory.create(author=alice.user)
    client = client_for(bob)
    answer = client.post(_url(proposal, "support"), HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    assert "1 supporter" in answer.content.decode()
    assert "withdraw your support" in answer.content.decode()
    again = client.post(_url(proposal, "support"), HTTP_HX_REQUEST="true")
    assert "1 supporter" in again.content.decode()
    gone = client.post(_url(proposal, "unsupport"))
    assert gone.status_code == 302
    assert not ProposalSupport.objects.exists()
    assert client_for(alice).post(_url(proposal, "support")).status_code == 403


def test_supporters_names_are_for_members_only(
    client_for: Login, visitor: Client, alice: MemberProfile, bob: MemberProfile
) -> None:
    proposal = ProposalFactory.create(author=alice.user, status=ProposalStatus.ACCEPTED)
    ProposalSupportFactory.create(proposal=proposal, user=bob.user)
    assert bob.user.full_name in client_for(alice).get(_url(proposal)).content.decode()
    assert bob.user.full_name not in visitor.get(_url(proposal)).content.decode()


def test_a_decline_without_a_reason_is_named_and_changes_nothing(
    client_for: Login, alice: MemberProfile, dina: User
) -> None:
    proposal = ProposalFactory.create(author=alice.user)
    answer = client_for(dina).post(_url(proposal, "decline"), {"decline-reason": ""})
    assert answer.status_code == 400
    assert "Say why the proposal is declined" in answer.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN
    client_for(dina).post(_url(proposal, "decline"), {"decline-reason": "Done last year."})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED
    assert "Done last year." in client_for(alice).get(_url(proposal)).content.decode()


def test_the_coordinator_merges_by_picking_the_target(
    client_for: Login, alice: MemberProfile, dina: User
) -> None:
    target = ProposalFactory.create(title="The original")
    duplicate = ProposalFactory.create(author=alice.user)
    page = client_for(dina).get(_url(duplicate)).content.decode()
    assert "The original" in page
    client_for(dina).post(_url(duplicate, "merge"), {"merge-into": str(target.public_id)})
    duplicate.refresh_from_db()
    assert duplicate.merged_into == target
    assert target.supports.filter(user=alice.user).exists()


def test_a_coordinator_of_another_network_cannot_decide(
    client_for: Login, alice: MemberProfile, emil: User
) -> None:
    proposal = ProposalFactory.create(author=alice.user)
    assert client_for(emil).post(_url(proposal, "accept"), {}).status_code == 404
    assert "Accept into the programme" not in client_for(emil).get(_url(proposal)).content.decode()


def test_comments_keep_their_language_and_a_hidden_one_shows_its_reason_to_its_author(
    client_for: Login, alice: MemberProfile, bob: MemberProfile, dina: User
) -> None:
    proposal = ProposalFactory.create(author=alice.user)
    client_for(bob).post(_url(proposal, "comment"), {"comment-body": "نحن نستضيف الزيارة في تونس"})
    comment = ProposalComment.objects.get()
    assert 'lang="ar" dir="rtl"' in client_for(alice).get(_url(proposal)).content.decode()
    client_for(dina).post(f"{_url(proposal)}comments/{comment.public_id}/hide/", {"hide-reason": "Off topic"})
    assert "Off topic" in client_for(bob).get(_url(proposal)).content.decode()
    assert "Off topic" not in client_for(alice).get(_url(proposal)).content.decode()
    assert "نحن نستضيف" not in client_for(alice).get(_url(proposal)).content.decode()


def test_coordinators_find_the_open_proposals_waiting_on_the_home_page(
    alice: MemberProfile, dina: User, emil: User
) -> None:
    ProposalFactory.create_batch(2)
    labels = [item.label for item in home_waiting_for(viewer=viewer_for(dina)) if "proposal" in item.label]
    assert labels and "2" not in labels[0]
    assert [i.count for i in home_waiting_for(viewer=viewer_for(dina)) if "proposal" in i.label] == [2]
    assert not [i for i in home_waiting_for(viewer=viewer_for(emil)) if "proposal" in i.label]
    assert not [i for i in home_waiting_for(viewer=viewer_for(alice.user)) if "proposal" in i.label]


def test_the_network_page_links_to_its_programme(visitor: Client) -> None:
    assert "/networks/mena/programme/" in visitor.get("/networks/mena/").content.decode()


# -- query counts: the same at 10 and at 1,000 --------------------------------------------------


def _people(count: int, start: int) -> list[User]:
    User.objects.bulk_create(
        [User(email=f"crowd{start + n}@example.org", full_name=f"Crowd {start + n}") for n in range(count)]
    )
    return list(User.objects.filter(email__startswith="crowd").order_by("-pk")[:count])


def _grow(proposal: Proposal, *, count: int, start: int) -> None:
    network = Network.objects.get(slug="mena")
    people = _people(count, start)
    Proposal.objects.bulk_create(
        [
            Proposal(network=network, kind="webinar", title=f"P{start + n}", description="d", language_id="en",
                     author=people[n], status=ProposalStatus.ACCEPTED if n % 10 == 0 else ProposalStatus.OPEN)
            for n in range(count)
        ]
    )  # fmt: skip
    ProposalSupport.objects.bulk_create(
        [ProposalSupport(proposal=proposal, user=person) for person in people]
    )
    ProposalComment.objects.bulk_create(
        [ProposalComment(proposal=proposal, author=person, body="Yes", language="en") for person in people]
    )


def _queries(client: Client, url: str) -> int:
    client.get(url)  # warm the caches a first visit fills (legal documents, the session)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["visitor", "alice", "dina"])
def test_the_programme_and_a_proposal_cost_the_same_at_10_and_1000(
    persona: str, client_for: Login, visitor: Client, alice: MemberProfile, dina: User
) -> None:
    client = {"visitor": visitor, "alice": client_for(alice), "dina": client_for(dina)}[persona]
    proposal = ProposalFactory.create(status=ProposalStatus.ACCEPTED, title="The one")
    _grow(proposal, count=10, start=0)
    small = (_queries(client, "/networks/mena/programme/"), _queries(client, _url(proposal)))
    _grow(proposal, count=990, start=10)
    large = (_queries(client, "/networks/mena/programme/"), _queries(client, _url(proposal)))
    assert small == large


def test_the_programme_shows_what_an_accepted_proposal_became(
    client_for: Login, visitor: Client, alice: MemberProfile, dina: User
) -> None:
    proposal = ProposalFactory.create(author=alice.user, status=ProposalStatus.ACCEPTED)
    answer = client_for(dina).post(
        _url(proposal, "outcome"),
        {"outcome-became_url": "https://example.org/events/12", "outcome-became_title": "Webinar, 12 May"},
    )
    assert answer.status_code == 302
    page = visitor.get("/networks/mena/programme/").content.decode()
    assert 'href="https://example.org/events/12"' in page and "Webinar, 12 May" in page


def test_proposals_and_comments_are_rate_limited(
    client_for: Login, alice: MemberProfile, settings: object
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post": "2/m"}  # type: ignore[attr-defined]
    client = client_for(alice)
    data = {"kind": "webinar", "title": "T", "description": "D", "language": "en"}
    assert client.post("/networks/mena/programme/propose/", data).status_code == 302
    assert client.post("/networks/mena/programme/propose/", data).status_code == 302
    assert client.post("/networks/mena/programme/propose/", data).status_code == 429
    assert Proposal.objects.count() == 2
    proposal = Proposal.objects.first()
    assert proposal is not None
    assert client.post(_url(proposal, "comment"), {"comment-body": "Hi"}).status_code == 429
    assert not ProposalComment.objects.exists()
