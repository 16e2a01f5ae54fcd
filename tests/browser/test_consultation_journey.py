"""A peer consultation from request to draft good practice, in a real browser.

Salma Trabelsi, an urban planner in Sfax (Tunisia, so the MENA network), works in French. She
asks her peers for advice on the water her network loses, sees the suggestions appear while she
types, and invites Marko Kovačević, a water engineer in Mostar (the Southeast Europe network) who
works in English and French. Marko signs in, accepts from the link in his mail, and they talk in
the consultation's private space; Salma proposes an online meeting, closes the consultation with
its outcome, both give feedback, and Salma turns the outcome into a draft good practice.
Bilal (bob, a MENA peer who is not part of it) never sees the request. Last, Salma reads the
consultation space in Arabic, right to left.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core import mail
from django.utils import timezone

from connective.accounts.tests.factories import PASSWORD
from connective.consultations.choices import InvitationStatus, RequestStatus, SupportKind
from connective.consultations.models import ConsultationRequest, Invitation
from connective.core.models import Theme
from connective.members.models import MemberProfile
from connective.members.tests.factories import MemberProfileFactory
from connective.practices.choices import PracticeStatus
from tests.browser.pickers import chosen, pick
from tests.browser.test_journey import path_of, sign_in

TITLE = "Réduire les pertes d'eau du réseau de la médina de Sfax"
DESCRIPTION = (
    "Notre réseau d'eau potable perd près d'un tiers de l'eau avant qu'elle n'arrive aux foyers. "
    "Les fuites sur les conduites anciennes de la médina sont difficiles à localiser."
)
TRIED = "Nous avons remplacé quelques compteurs et réparé les fuites visibles, sans grand effet."
ADVICE = "Découper le réseau en secteurs de comptage et chercher les fuites secteur par secteur, la nuit."
NEXT_STEPS = (
    "La ville équipe deux secteurs pilotes de compteurs en 2027 et forme une équipe de recherche de fuites."
)
SFAX = zoneinfo.ZoneInfo("Africa/Tunis")
# The French button reads "Envoyer l'avis" with a typographic apostrophe.
SEND_FEEDBACK = "Envoyer l\u2019avis"


def test_a_member_asks_a_peer_of_another_network_for_advice_and_turns_the_outcome_into_a_practice(
    new_page: Callable[..., Any],
    screenshot: Callable[[Any, str], Path],
    bob: MemberProfile,
) -> None:
    water = Theme.objects.get(slug="water-supply")
    salma = MemberProfileFactory.create(
        user__email="salma.trabelsi@example.org",
        user__full_name="Salma Trabelsi",
        user__preferred_language="fr",
        user__time_zone="Africa/Tunis",
        city="Sfax",
        country="TN",
        organisation="Commune de Sfax",
        languages=["fr", "ar"],
    )
    marko = MemberProfileFactory.create(
        user__email="marko.kovacevic@example.org",
        user__full_name="Marko Kovačević",
        user__preferred_language="en",
        city="Mostar",
        country="BA",
        organisation="Vodovod Mostar",
        languages=["en", "fr"],
        expertise=[water],
        bio=(
            "Water engineer: I cut the water losses of Mostar's drinking water network by finding "
            "leaks in old pipes, district by district. Réduction des pertes d'eau et recherche de fuites."
        ),
        willing_to_advise=True,
    )
    assert salma.region == "mena"
    assert marko.region == "see"
    mail.outbox.clear()

    # 1. Salma writes her request in French; the suggestions appear as she fills it in.
    requester = new_page(locale="fr-FR")
    sign_in(requester, email="salma.trabelsi@example.org", password=PASSWORD)
    requester.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Consultations"
    ).click()
    requester.get_by_role("link", name="Demander conseil à vos pairs").click()
    assert requester.locator("html").get_attribute("lang") == "fr"
    requester.fill("#id_title", TITLE)
    requester.fill("#id_description", DESCRIPTION)
    requester.fill("#id_what_was_tried", TRIED)
    requester.select_option("#id_support_kind", SupportKind.PEER_ADVICE)
    pick(requester, "id_themes", "Water supply")  # a theme is found by its English name too
    live = requester.locator("#suggestions")
    live.get_by_role("heading", name="Suggestions pour cette demande").wait_for()
    assert "Marko Kovačević" in live.inner_text()
    # The languages start as her own; she keeps French and Arabic.
    assert chosen(requester, "id_languages") == ["ar", "fr"]
    assert chosen(requester, "id_themes") == [str(water.pk)]
    screenshot(requester, "consultation-1-request-with-suggestions")
    requester.get_by_role("button", name="Enregistrer la demande").click()
    requester.get_by_role("heading", name=TITLE, level=1).wait_for()
    request = ConsultationRequest.objects.get(title=TITLE)
    assert request.requester_id == salma.pk
    assert request.support_kind == SupportKind.PEER_ADVICE
    assert request.description == DESCRIPTION
    assert request.what_was_tried == TRIED
    assert list(request.themes.all()) == [water]
    assert sorted(request.languages.values_list("code", flat=True)) == ["ar", "fr"]

    # 2. On the request page Marko is suggested; she invites him in one click.
    advisors = requester.get_by_role("region", name="Suggestions pour cette demande")
    suggested = advisors.get_by_role("listitem").filter(has_text="Marko Kovačević")
    screenshot(requester, "consultation-2-request-page")
    suggested.get_by_role("button", name="Inviter").click()
    requester.get_by_text("Le conseiller est invité.").wait_for()
    assert "Aucun conseiller invité" not in requester.get_by_role("region", name="Conseillers").inner_text()
    invitation = Invitation.objects.get(request=request, advisor=marko)
    assert invitation.status == InvitationStatus.PENDING
    invitation_mail = next(m for m in mail.outbox if marko.user.email in m.to)
    link = re.search(r"https?://\S+/consultations/\S+/invitation/", str(invitation_mail.body))
    assert link, invitation_mail.body

    # 3. Marko signs in in his own browser and accepts from the link in his mail.
    advisor = new_page(locale="en-GB")
    sign_in(advisor, email=marko.user.email, password=PASSWORD)
    advisor.goto(path_of(link.group(0)))
    assert advisor.locator("h1").inner_text() == "Invitation to advise"
    assert TITLE in advisor.locator("main").inner_text()
    screenshot(advisor, "consultation-3-invitation")
    advisor.get_by_role("button", name="Accept and join the consultation").click()
    advisor.get_by_role("heading", name="Consultation space").wait_for()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED

    # 4. They exchange messages in the private space.
    advisor.get_by_label("Message").fill(
        "Bonjour Salma, avez-vous des compteurs à l'entrée de chaque quartier ?"
    )
    advisor.get_by_role("button", name="Send", exact=True).click()
    advisor.get_by_text("avez-vous des compteurs").wait_for()
    requester.reload()
    space = requester.get_by_role("region", name="Espace de consultation")
    assert "avez-vous des compteurs" in space.inner_text()
    requester.get_by_label("Message").fill("Non, seulement à la station de pompage. Merci Marko !")
    requester.get_by_role("button", name="Envoyer", exact=True).click()
    requester.get_by_text("seulement à la station de pompage").wait_for()
    advisor.reload()
    advisor.get_by_text("seulement à la station de pompage").wait_for()

    # 5. Salma proposes a meeting, in her time zone, with the link to the online room.
    day = (timezone.now().astimezone(SFAX) + datetime.timedelta(days=10)).date()
    local_start = datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=SFAX)
    requester.fill("#id_starts_at", local_start.strftime("%Y-%m-%dT%H:%M"))
    requester.fill("#id_duration_minutes", "45")
    requester.fill("#id_room_url", "https://meet.example.org/sfax-mostar")
    requester.get_by_role("button", name="Proposer la réunion").click()
    room = requester.get_by_role("link", name="Rejoindre la salle en ligne")
    room.wait_for()
    assert room.get_attribute("href") == "https://meet.example.org/sfax-mostar"
    meeting = request.meetings.get()
    assert meeting.starts_at == local_start
    assert meeting.duration_minutes == 45
    advisor.reload()
    assert advisor.get_by_role("link", name="Join the online room").get_attribute("href") == (
        "https://meet.example.org/sfax-mostar"
    )
    screenshot(requester, "consultation-4-space-with-meeting")

    # 6. Bilal, a MENA peer who takes no part, sees the request nowhere and gets a 404 on it.
    peer = new_page()
    sign_in(peer, email=bob.user.email, password=PASSWORD)
    peer.get_by_role("navigation", name="Main").get_by_role("link", name="Consultations").click()
    assert peer.locator("h1").inner_text() == "My consultations"
    assert TITLE not in peer.content()
    for url in (
        f"/consultations/{request.public_id}/",
        f"/consultations/{request.public_id}/invitation/",
        "/consultations/queue/",
    ):
        response = peer.goto(url)
        assert response is not None and response.status == 404, url
        assert TITLE not in peer.content(), url
    screenshot(peer, "consultation-5-peer-gets-404")

    # 7. Salma closes the consultation with its outcome and gives her feedback.
    requester.get_by_role("link", name="Clôturer avec le résultat").click()
    requester.fill("#id_outcome_advice", ADVICE)
    requester.fill("#id_outcome_next_steps", NEXT_STEPS)
    requester.get_by_role("button", name="Clôturer avec ce résultat").click()
    requester.get_by_role("button", name=SEND_FEEDBACK).wait_for()
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED
    assert request.outcome_advice == ADVICE
    assert request.outcome_next_steps == NEXT_STEPS
    requester.check("input[name=rating][value='5']")
    requester.fill("#id_comment", "Des conseils concrets et rapides, merci.")
    requester.get_by_role("button", name=SEND_FEEDBACK).click()
    requester.get_by_role("button", name="Rédiger une bonne pratique").wait_for()
    screenshot(requester, "consultation-6-closed")

    # 8. Marko gives his feedback too.
    advisor.reload()
    advisor.get_by_role("link", name="Give your feedback").click()
    advisor.check("input[name=rating][value='4']")
    advisor.fill("#id_comment", "A well prepared request.")
    advisor.get_by_role("button", name="Send the feedback").click()
    advisor.get_by_role("heading", name="Consultation space").wait_for()
    assert advisor.get_by_role("link", name="Give your feedback").count() == 0
    feedback = {f.author_id: f.rating for f in request.feedback.all()}
    assert feedback == {salma.user_id: 5, marko.user_id: 4}

    # 9. Salma turns the outcome into a draft good practice, which she (and only she) can see.
    requester.get_by_role("button", name="Rédiger une bonne pratique").click()
    requester.get_by_role("heading", name=TITLE, level=1).wait_for()
    request.refresh_from_db()
    practice = request.resulting_practice
    assert practice is not None
    assert practice.status == PracticeStatus.DRAFT
    assert practice.created_by_id == salma.user_id
    assert list(practice.authors.all()) == [salma.user]
    assert list(practice.themes.all()) == [water]
    assert requester.url.endswith(f"/practices/{practice.slug}/")
    assert NEXT_STEPS in requester.locator("main").inner_text()
    screenshot(requester, "consultation-7-draft-practice")
    response = peer.goto(f"/practices/{practice.slug}/")
    assert response is not None and response.status == 404

    # 10. The consultation space in Arabic, right to left.
    requester.goto(f"/consultations/{request.public_id}/")
    with requester.expect_navigation():
        requester.get_by_role("button", name="العربية").click()
    requester.goto(f"/consultations/{request.public_id}/")
    assert requester.locator("html").get_attribute("dir") == "rtl"
    assert requester.locator("html").get_attribute("lang") == "ar"
    assert "seulement à la station de pompage" in requester.locator("main").inner_text()
    screenshot(requester, "consultation-8-space-ar")
