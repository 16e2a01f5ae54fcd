"""Signing in, confirming an address, resetting a password and the second factor speak the
reader's language: django-allauth's screens, mails and flash messages, in French, Arabic and
Portuguese.

"No English" is checked against what could leak: every sentence of allauth's catalogue and of
ours (their msgids are the English text) that the page's language translates differently.
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import allauth
import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from connective.accounts.models import User
from connective.accounts.tests.factories import PASSWORD, RegionalCoordinatorFactory, totp_code
from connective.core.tests.test_translations import parse_po
from connective.members.models import MemberProfile

pytestmark = pytest.mark.django_db

LANGUAGES = ("fr", "ar", "pt")
HOME = reverse("core:home")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{?[^}]*\}?\}|<[^>]+>")


@cache
def _sources() -> tuple[tuple[str | None, str], ...]:
    """(context, msgid) of every message of allauth's and our catalogues."""
    paths = [
        Path(allauth.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.po",
        Path(settings.LOCALE_PATHS[0]) / "fr" / "LC_MESSAGES" / "django.po",
    ]
    found = {(entry.msgctxt, entry.msgid) for path in paths for entry in parse_po(path) if entry.msgid}
    return tuple(sorted(found, key=lambda item: (item[0] or "", item[1])))


def _translated(context: str | None, msgid: str) -> str:
    return translation.pgettext(context, msgid) if context else translation.gettext(msgid)


@cache
def english_sentences() -> tuple[str, ...]:
    """English phrases of three words or more that some interface language says otherwise.

    A message the page's language leaves in English (allauth's Portuguese catalogue lacks a
    few) is English all the same: any language that translates it shows it is a sentence.
    """
    phrases = set()
    for context, msgid in _sources():
        translations = set()
        for code in LANGUAGES:
            with translation.override(code):
                translations.add(_translated(context, msgid))
        if translations == {msgid}:
            continue
        for fragment in PLACEHOLDER.split(msgid):
            fragment = " ".join(fragment.split()).strip(" .,:;!?“”\"'()")
            if len(fragment.split()) >= 3:
                phrases.add(fragment)
    return tuple(sorted(phrases))


def visible_text(content: str) -> str:
    content = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", content)
    content = re.sub(r"<[^>]+>", " ", content)
    return " ".join(html_module.unescape(content).split())


def english_in(text: str) -> list[str]:
    return [phrase for phrase in english_sentences() if phrase in text]


def assert_no_english(response: Any, language: str) -> str:
    assert response.status_code == 200, response
    content = response.content.decode()
    assert f'<html lang="{language}"' in content
    text = visible_text(content)
    assert english_in(text) == []
    return text


def assert_mail_has_no_english(message: Any, language: str) -> None:
    assert english_in(" ".join(f"{message.subject}\n{message.body}".split())) == []


def browser(language: str) -> Client:
    """A browser whose reader chose `language` (the cookie the language switcher sets)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Callable[[], Any]:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_the_check_knows_allauths_english_and_ours() -> None:
    phrases = english_sentences()

    assert "Successfully signed in as" in phrases
    assert "Forgot your password" in phrases
    assert english_in("Oops: Successfully signed in as Alice.") == ["Successfully signed in as"]


def test_portuguese_pages_get_allauths_european_portuguese_catalogue() -> None:
    """allauth ships pt_BR and pt_PT, no pt. Python's gettext expands "pt" to "pt_PT" (its
    locale aliases), so Django's "pt" finds allauth's European Portuguese, the norm in
    Mozambique, Angola, Cabo Verde and Guinea-Bissau: no copy of allauth's messages is needed
    in our catalogue, where the next ``makemessages --no-obsolete`` would drop them anyway."""
    with translation.override("pt"):
        assert translation.gettext("Successfully signed in as %(name)s.") == "Iniciou a sessão como %(name)s."
        assert translation.gettext("Password Reset") == "Redefinição da palavra-passe"


# -- signing in ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_signing_in_speaks_the_readers_language_page_and_message(alice: MemberProfile, language: str) -> None:
    client = browser(language)
    assert_no_english(client.get(reverse("account_login")), language)

    response = client.post(
        reverse("account_login"), {"login": alice.user.email, "password": PASSWORD}, follow=True
    )

    text = assert_no_english(response, language)
    assert "Alice Haddad" in text or "alice@example.org" in text  # the "signed in as" message is there


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_signed_in_message_follows_the_members_own_language_not_the_browsers(
    alice: MemberProfile, language: str
) -> None:
    """A member who reads Arabic signs in on a borrowed English browser: the page and the
    message that greets them are both in Arabic."""
    alice.user.preferred_language = language
    alice.user.save(update_fields=["preferred_language"])
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    response = client.post(
        reverse("account_login"), {"login": alice.user.email, "password": PASSWORD}, follow=True
    )

    assert_no_english(response, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_wrong_password_is_refused_in_the_readers_language(alice: MemberProfile, language: str) -> None:
    response = browser(language).post(
        reverse("account_login"), {"login": alice.user.email, "password": "not the password"}
    )

    assert_no_english(response, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_signing_out_speaks_the_readers_language(alice: MemberProfile, language: str) -> None:
    alice.user.preferred_language = language
    alice.user.save(update_fields=["preferred_language"])
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.post(reverse("account_login"), {"login": alice.user.email, "password": PASSWORD})

    assert_no_english(client.get(reverse("account_logout")), language)
    response = client.post(reverse("account_logout"), follow=True)

    assert_no_english(response, language)


# -- confirming an email address ----------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_confirming_an_address_speaks_the_readers_language_screens_and_mail(
    language: str, committed: Callable[[], Any]
) -> None:
    from connective.networks.tests.test_signup import declaration

    client = browser(language)
    assert_no_english(client.get(reverse("account_signup")), language)
    with committed():
        response = client.post(
            reverse("account_signup"), declaration(preferred_language=language), follow=True
        )
    assert_no_english(response, language)
    [message] = mail.outbox
    assert_mail_has_no_english(message, language)
    link = re.search(r"https?://\S+?(/accounts/confirm-email/\S+/)", str(message.body))
    assert link is not None, message.body

    assert_no_english(client.get(link.group(1)), language)
    response = client.post(link.group(1), follow=True)

    assert_no_english(response, language)
    assert EmailAddress.objects.get(email="nadia@example.org").verified


# -- resetting a password ----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_resetting_a_password_speaks_the_readers_language_screens_and_mail(
    alice: MemberProfile, language: str, committed: Callable[[], Any]
) -> None:
    alice.user.preferred_language = language
    alice.user.save(update_fields=["preferred_language"])
    client = browser(language)
    assert_no_english(client.get(reverse("account_reset_password")), language)

    with committed():
        response = client.post(reverse("account_reset_password"), {"email": alice.user.email}, follow=True)
    assert_no_english(response, language)
    [message] = mail.outbox
    assert_mail_has_no_english(message, language)
    link = re.search(r"https?://\S+?(/accounts/password/reset/key/\S+/)", str(message.body))
    assert link is not None, message.body

    response = client.get(link.group(1), follow=True)
    assert_no_english(response, language)
    new = "another long passphrase 77"
    response = client.post(response.redirect_chain[-1][0], {"password1": new, "password2": new}, follow=True)

    assert_no_english(response, language)
    alice.user.refresh_from_db()
    assert alice.user.check_password(new)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_reset_link_that_was_used_says_so_in_the_readers_language(language: str) -> None:
    response = browser(language).get(
        reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "set-password"})
    )

    assert_no_english(response, language)


# -- the second factor ---------------------------------------------------------------------------


def _coordinator_without_totp(language: str) -> User:
    role = RegionalCoordinatorFactory.create(region="see", totp=False)
    user: User = role.user
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user


def _pages_of_totp_activation(client: Client, user: User) -> Iterator[Any]:
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    yield client.get(HOME, follow=True)  # sent to set up the second factor: reauthenticate
    response = client.get(reverse("mfa_activate_totp"))
    yield client.get(response["Location"])
    response = client.post(response["Location"], {"password": PASSWORD}, follow=True)
    yield response  # the activation page, with allauth's flash messages
    yield client.post(reverse("mfa_activate_totp"), {"code": "000000"})  # a wrong code
    secret = client.session["mfa.totp.secret"]
    yield client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)}, follow=True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_setting_up_the_second_factor_speaks_the_readers_language(language: str) -> None:
    user = _coordinator_without_totp(language)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    for response in _pages_of_totp_activation(client, user):
        assert_no_english(response, language)

    # the second factor's own pages: the overview, the recovery codes, turning it off
    for name in ("mfa_index", "mfa_view_recovery_codes", "mfa_deactivate_totp"):
        assert_no_english(client.get(reverse(name), follow=True), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_signing_in_with_the_second_factor_speaks_the_readers_language(sam: User, language: str) -> None:
    client = browser(language)
    response = client.post(reverse("account_login"), {"login": sam.email, "password": PASSWORD}, follow=True)
    assert_no_english(response, language)  # the code is asked for

    assert_no_english(client.post(reverse("mfa_authenticate"), {"code": "000000"}), language)
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()}, follow=True)

    assert_no_english(response, language)


# -- the account's other pages ---------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_accounts_own_pages_speak_the_readers_language(sam: User, language: str) -> None:
    """Changing the password, the email addresses, a fresh set of recovery codes, the
    questions asked again before a security change, and a wrong old password."""
    sam.preferred_language = language
    sam.save(update_fields=["preferred_language"])
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.post(reverse("account_login"), {"login": sam.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})

    for name in ("account_change_password", "account_email", "mfa_index", "mfa_generate_recovery_codes",
                 "account_reset_password_done", "account_inactive"):  # fmt: skip
        assert_no_english(client.get(reverse(name), follow=True), language)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": "x", "password2": "y"},
        follow=True,
    )
    assert_no_english(response, language)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "another long passphrase 77",
            "password2": "another long passphrase 77",
        },
        follow=True,
    )
    assert_no_english(response, language)


# -- the browser remembers the member's language ----------------------------------------------------


def test_a_member_who_switches_language_gets_the_new_one_in_the_cookie(alice: MemberProfile) -> None:
    alice.user.preferred_language = "ar"
    alice.user.save(update_fields=["preferred_language"])
    client = browser("ar")
    client.post(reverse("account_login"), {"login": alice.user.email, "password": PASSWORD})

    response = client.post(reverse("core:set_language"), {"language": "pt", "next": HOME})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pt"
    assert '<html lang="pt"' in client.get(HOME).content.decode()


def test_signing_in_gives_the_browser_the_members_language(alice: MemberProfile) -> None:
    alice.user.preferred_language = "pt"
    alice.user.save(update_fields=["preferred_language"])
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    response = client.post(reverse("account_login"), {"login": alice.user.email, "password": PASSWORD})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pt"
