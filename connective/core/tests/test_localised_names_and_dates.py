"""Names and dates follow the page's language: the languages members speak, the UN's 17
Sustainable Development Goals, and one date format per language, with or without the time."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from connective.accounts.models import User
from connective.core.templatetags.connective import when
from connective.core.tests.test_translations import messages
from connective.members.language_names import LANGUAGE_NAMES
from connective.members.models import Language, MemberProfile
from connective.members.selectors import filter_choices
from connective.practices.models import SustainableDevelopmentGoal
from connective.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def reading(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


# -- the languages members speak ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Arabic (العربية)"), ("fr", "Arabe (العربية)"), ("ar", "العربية"), ("pt", "Árabe (العربية)")],
)
def test_a_language_is_named_in_the_readers_language_then_in_itself(language: str, expected: str) -> None:
    arabic = Language.objects.get(code="ar")

    with translation.override(language):
        assert str(arabic) == expected


def test_every_language_of_the_table_has_a_translatable_name() -> None:
    assert set(Language.objects.values_list("code", flat=True)) <= set(LANGUAGE_NAMES)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_language_name_is_in_each_interface_languages_catalogue(language: str) -> None:
    """Some names are the same in English ("Wolof" in French): the catalogue says so itself."""
    translated = {entry.msgid for entry in messages(language) if entry.msgstr}

    assert sorted({str(name) for name in _english_names()} - translated) == []


def _english_names() -> list[str]:
    with translation.override("en"):
        return [str(name) for name in LANGUAGE_NAMES.values()]


def test_the_directory_filter_names_and_orders_languages_in_the_readers_language() -> None:
    with translation.override("pt"):
        choices = dict(filter_choices(language="pt")["language"])
        order = [code for code, _label in filter_choices(language="pt")["language"]]

    assert choices["de"] == "Alemão (Deutsch)"
    assert choices["en"] == "Inglês (English)"
    assert order.index("de") < order.index("ar") < order.index("en")  # Alemão, Árabe, Inglês


def test_a_members_page_names_their_languages_in_the_readers_language(
    client_for: Callable[[User | MemberProfile], Client], alice: MemberProfile, bob: MemberProfile
) -> None:
    bob.user.preferred_language = "fr"
    bob.user.save(update_fields=["preferred_language"])

    html = client_for(bob).get(reverse("members:detail", args=[alice.slug])).content.decode()

    assert "Anglais" in html
    assert "English (English)" not in html


# -- the Sustainable Development Goals ------------------------------------------------------------


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_goal_is_named_in_each_interface_language(language: str) -> None:
    with translation.override(language):
        english = [
            goal.number for goal in SustainableDevelopmentGoal.objects.all() if goal.label == goal.name
        ]

    assert SustainableDevelopmentGoal.objects.count() == 17
    assert english == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Clean water and sanitation"),
        ("fr", "Eau propre et assainissement"),
        ("ar", "المياه النظيفة والنظافة الصحية"),
        ("pt", "Água potável e saneamento"),
    ],
)
def test_a_practice_page_names_its_goals_in_the_readers_language(
    visitor: Client, language: str, expected: str
) -> None:
    practice = PracticeFactory.create(sdgs=[6])

    html = reading(visitor, language).get(reverse("practices:detail", args=[practice.slug])).content.decode()

    assert expected in html
    if language != "en":
        assert "Clean water and sanitation" not in html


def test_the_map_offers_the_goals_in_the_readers_language(visitor: Client) -> None:
    html = reading(visitor, "pt").get(reverse("practices:map")).content.decode()

    assert "Cidades e comunidades sustentáveis" in html
    assert "Sustainable cities and communities" not in html


# -- one date format per language -----------------------------------------------------------------


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_a_date_with_its_time_begins_with_the_same_date_as_the_date_alone(language: str) -> None:
    """The consultation page shows when it was opened (a date) and its meetings and messages
    (a date and a time): the same date must read the same way in both."""
    instant = datetime.datetime(2026, 12, 7, 15, 30, tzinfo=datetime.UTC)
    timezone.activate(datetime.UTC)

    with translation.override(language):
        date_only = str(when(instant, "DATE_FORMAT")).split("<abbr>")[0].split('">')[1].strip()
        with_time = str(when(instant)).split("<abbr>")[0].split('">')[1].strip()

    assert with_time.startswith(date_only), (date_only, with_time)
    assert with_time != date_only


def test_arabic_dates_read_day_month_year_with_or_without_the_time() -> None:
    instant = datetime.datetime(2026, 12, 7, 15, 30, tzinfo=datetime.UTC)
    timezone.activate(datetime.UTC)

    with translation.override("ar"):
        assert ">7 ديسمبر، 2026 <abbr>" in str(when(instant, "DATE_FORMAT"))
        assert ">7 ديسمبر، 2026، 3:30 م <abbr>" in str(when(instant))


# -- the networks ---------------------------------------------------------------------------------


def test_every_network_is_named_in_each_interface_language() -> None:
    from connective.networks.models import Network

    missing = [
        (network.region, code)
        for network in Network.objects.all()
        for code in OTHER_LANGUAGES
        if not (network.name_translations or {}).get(code)
    ]

    assert Network.objects.count() == 6
    assert missing == []


@pytest.mark.parametrize(
    ("language", "date"),
    [
        ("en", "Dec. 7, 2026"),
        ("fr", "7 décembre 2026"),
        ("ar", "7 ديسمبر، 2026"),
        ("pt", "7 de Dezembro de 2026"),
    ],
)
def test_the_consultation_page_shows_its_dates_in_one_format(
    client_for: Callable[[User | MemberProfile], Client], alice: MemberProfile, language: str, date: str
) -> None:
    """The page that showed "7 ديسمبر، 2026" for the request and "ديسمبر 7, 2026" for its meeting."""
    from connective.consultations.models import MeetingProposal
    from connective.consultations.tests.factories import ConsultationRequestFactory

    instant = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)
    consultation = ConsultationRequestFactory.create(requester=alice)
    type(consultation).objects.filter(pk=consultation.pk).update(created_at=instant)
    MeetingProposal.objects.create(
        request=consultation, proposed_by=alice.user, starts_at=instant, duration_minutes=60
    )
    alice.user.preferred_language = language
    alice.user.save(update_fields=["preferred_language"])

    html = (
        client_for(alice).get(reverse("consultations:detail", args=[consultation.public_id])).content.decode()
    )
    shown = re.findall(r'<time datetime="2026-12-07T09:00Z">([^<]*)<abbr>', html)

    assert len(shown) == 2, shown
    assert all(text.startswith(date) for text in shown), shown


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "speaks Arabic and English"), ("fr", "parle arabe et anglais"), ("pt", "fala árabe e inglês")],
)
def test_a_reason_names_the_shared_languages_as_a_sentence_of_the_reader_does(
    language: str, expected: str
) -> None:
    from connective.consultations.matching.reasons import Labels

    with translation.override(language):
        labels = Labels(languages={code: str(name) for code, name in LANGUAGE_NAMES.items()})
        names = [labels.language("ar"), labels.language("en")]
        sentence = translation.gettext("speaks %(languages)s") % {
            "languages": translation.gettext("%(items)s and %(last)s") % {"items": names[0], "last": names[1]}
        }

    assert sentence == expected
