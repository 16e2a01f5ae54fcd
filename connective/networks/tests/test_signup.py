"""The declaration of membership: django-allauth's sign-up with Connective's form."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from connective.accounts.choices import ConsentAction, ConsentMethod, ConsentSubject, LegalDocumentKind
from connective.accounts.models import ConsentRecord, LegalDocument, User
from connective.accounts.services import legal_document_publish
from connective.accounts.tests.factories import RegionalCoordinatorFactory, UserFactory
from connective.members.choices import MembershipStatus, MemberType
from connective.members.models import MemberProfile
from connective.members.tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("account_signup")


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    """Run what waits for the commit (the mails) as the real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def declaration(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "email": "nadia@example.org",
        "password1": "a long and unusual passphrase 42",
        "password2": "a long and unusual passphrase 42",
        "full_name": "Nadia Karam",
        "preferred_language": "fr",
        "member_type": MemberType.PRACTITIONER,
        "organisation": "Municipalité de Beyrouth",
        "position": "Urban planner",
        "city": "Beirut",
        "country": "LB",
        "languages": ["ar", "fr"],
        "bio": "Works on public spaces.",
        "accept_guidelines": "on",
        "accept_privacy": "on",
        "guidelines_version": "1",
        "privacy_version": "1",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_declaration_page_shows_the_documents_to_accept(visitor: Client) -> None:
    page = visitor.get(SIGNUP)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Declaration of membership" in html
    assert f"{reverse('accounts:legal_document', args=['guidelines'])}?version=1" in html
    assert f"{reverse('accounts:legal_document', args=['privacy'])}?version=1" in html
    assert 'name="guidelines_version" value="1"' in html


def test_declaring_creates_the_user_the_pending_profile_and_the_consents(visitor: Client) -> None:
    theme = ThemeFactory.create(name="Water")
    response = visitor.post(SIGNUP, declaration(willing_to_advise="on", expertise=[theme.pk]))
    assert response.status_code == 302, response.content.decode()[:3000]

    user = User.objects.get(email="nadia@example.org")
    assert (user.full_name, user.preferred_language) == ("Nadia Karam", "fr")
    profile = MemberProfile.objects.get(user=user)
    assert profile.status == MembershipStatus.PENDING
    assert profile.region == "mena"
    assert profile.willing_to_advise
    assert set(profile.languages.values_list("code", flat=True)) == {"ar", "fr"}
    assert list(profile.expertise.all()) == [theme]
    records = {r.subject: r for r in ConsentRecord.objects.filter(user=user)}
    assert set(records) == {ConsentSubject.GUIDELINES, ConsentSubject.PRIVACY, ConsentSubject.ADVISE}
    assert records[ConsentSubject.GUIDELINES].version == 1
    assert records[ConsentSubject.PRIVACY].version == 1
    assert all(r.method == ConsentMethod.SIGNUP and r.action == ConsentAction.GIVEN for r in records.values())


def test_declaring_without_advising_records_no_advise_consent(visitor: Client) -> None:
    visitor.post(SIGNUP, declaration())
    user = User.objects.get(email="nadia@example.org")
    assert not user.profile.willing_to_advise
    assert not ConsentRecord.objects.filter(user=user, subject=ConsentSubject.ADVISE).exists()


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("accept_guidelines", "please accept the network guidelines"),
        ("accept_privacy", "please accept the privacy notice"),
    ],
)
def test_declaring_without_accepting_a_document_is_refused_with_a_clear_message(
    visitor: Client, missing: str, message: str
) -> None:
    response = visitor.post(SIGNUP, declaration(**{missing: None}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email="nadia@example.org").exists()
    assert not ConsentRecord.objects.exists()


def test_declaring_against_a_version_replaced_meanwhile_is_refused(visitor: Client, sam: User) -> None:
    legal_document_publish(
        actor=sam,
        kind=LegalDocumentKind.PRIVACY,
        title="Privacy notice",
        body="New text",
        summary_of_changes="x",
    )
    response = visitor.post(SIGNUP, declaration())  # the form showed version 1
    assert response.status_code == 200
    html = response.content.decode()
    assert "A new version of the privacy notice was published" in html
    assert 'name="privacy_version" value="2"' in html
    assert not User.objects.filter(email="nadia@example.org").exists()

    response = visitor.post(SIGNUP, declaration(privacy_version="2"))
    assert response.status_code == 302
    user = User.objects.get(email="nadia@example.org")
    assert ConsentRecord.objects.get(user=user, subject=ConsentSubject.PRIVACY).version == 2


def test_missing_fields_are_named_and_nothing_is_created(visitor: Client) -> None:
    response = visitor.post(SIGNUP, declaration(country="", languages=None, member_type=""))
    html = response.content.decode()
    assert "Please choose the country of your city." in html
    assert "Please tick at least one language you can work in." in html
    assert "Please say what kind of organisation you work for." in html
    assert not User.objects.exists()


def test_the_confirmation_mail_is_sent_in_the_chosen_language_and_confirming_signs_in(
    visitor: Client, mailoutbox: list[Any], committed: Any
) -> None:
    with committed():
        visitor.post(SIGNUP, declaration(preferred_language="en"))
    confirmations = [m for m in mailoutbox if m.to == ["nadia@example.org"]]
    assert len(confirmations) == 1
    body = confirmations[0].body
    assert "confirm that this is your email address" in body
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", body)
    assert link is not None
    path = "/" + link.group(0).split("/", 3)[3]
    assert visitor.get(path).status_code == 200
    response = visitor.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="nadia@example.org").verified
    assert visitor.get(reverse("accounts:consents")).status_code == 200  # signed in, nothing outstanding


def test_a_declaration_in_a_coordinated_network_mails_its_coordinators_only(
    visitor: Client, dina: User, emil: User, mailoutbox: list[Any], committed: Any
) -> None:
    other_mena = RegionalCoordinatorFactory.create(region="mena").user
    with committed():
        visitor.post(SIGNUP, declaration())
    profile = MemberProfile.objects.get(user__email="nadia@example.org")
    assert profile.status == MembershipStatus.PENDING
    notified = sorted(m.to[0] for m in mailoutbox if "declaration of membership" in m.subject.lower())
    assert notified == sorted([dina.email, other_mena.email])
    notice = next(m for m in mailoutbox if m.to == [dina.email])
    assert "Nadia Karam" in notice.body
    assert emil.email not in [m.to[0] for m in mailoutbox]


def test_a_declaration_in_an_automatic_network_is_approved_at_once(
    visitor: Client, mailoutbox: list[Any], committed: Any
) -> None:
    with committed():
        visitor.post(SIGNUP, declaration(country="DE", city="Bonn", preferred_language="en"))
    profile = MemberProfile.objects.get(user__email="nadia@example.org")
    assert profile.status == MembershipStatus.APPROVED
    assert profile.decided_by is None
    assert profile.decided_at is not None
    assert any("Welcome" in m.subject for m in mailoutbox if m.to == ["nadia@example.org"])


def test_an_email_already_registered_creates_nothing_new(visitor: Client, alice: MemberProfile) -> None:
    response = visitor.post(SIGNUP, declaration(email=alice.user.email))
    assert response.status_code in (200, 302)
    assert User.objects.filter(email=alice.user.email).count() == 1
    assert MemberProfile.objects.filter(user=alice.user).count() == 1


def test_the_login_page_tells_imported_members_how_to_set_a_password(visitor: Client) -> None:
    html = visitor.get(reverse("account_login")).content.decode()
    assert "Imported from an earlier member list?" in html
    assert reverse("account_reset_password") in html


def test_an_imported_member_sets_a_password_then_accepts_the_documents(
    visitor: Client, mailoutbox: list[Any], committed: Any
) -> None:
    """As import_members leaves them: approved profile, unusable password, unverified address."""
    from connective.members.tests.factories import MemberProfileFactory

    user = UserFactory.create(
        email="imported@example.org", password=None, verified=False, accepted_documents=False
    )
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    MemberProfileFactory.create(user=user, imported_from="members-2019.csv")

    # 1. signing in without a password fails
    response = visitor.post(reverse("account_login"), {"login": user.email, "password": "anything at all"})
    assert response.status_code == 200

    # 2. the reset mail goes out
    with committed():
        response = visitor.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    reset = [m for m in mailoutbox if m.to == [user.email]][-1]
    assert "choose your password" in reset.body
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", reset.body)
    assert link is not None
    path = "/" + link.group(0).split("/", 3)[3]

    # 3. the link leads to the form (allauth moves the key into the session first)
    response = visitor.get(path, follow=True)
    assert response.status_code == 200
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else path
    new_password = "my first connective passphrase"
    response = visitor.post(form_path, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)
    assert EmailAddress.objects.get(user=user).verified

    # 4. signing in now works, and the first page asks to accept the documents
    response = visitor.post(reverse("account_login"), {"login": user.email, "password": new_password})
    assert response.status_code == 302
    response = visitor.get(reverse("core:home"))
    assert response["Location"].startswith(reverse("accounts:accept_documents"))
    response = visitor.post(
        reverse("accounts:accept_documents"),
        {"shown": "guidelines:1,privacy:1", "accept_guidelines": "on", "accept_privacy": "on"},
    )
    assert response.status_code == 302
    assert visitor.get(reverse("core:home")).status_code == 200
    methods = set(ConsentRecord.objects.filter(user=user).values_list("method", flat=True))
    assert methods == {ConsentMethod.LOGIN}


def test_sign_in_is_rate_limited_after_repeated_failures(visitor: Client, alice: MemberProfile) -> None:
    login = reverse("account_login")
    statuses = [
        visitor.post(login, {"login": alice.user.email, "password": "wrong guess"}).status_code
        for _ in range(6)
    ]
    assert statuses[:5] == [200] * 5
    # the 6th failure within 5 minutes for the same address is refused, even with the right password
    response = visitor.post(login, {"login": alice.user.email, "password": "correct horse battery staple"})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in visitor.session
    assert "Too many failed login attempts" in response.content.decode()


def test_the_documents_of_the_data_migration_exist() -> None:
    kinds = set(LegalDocument.objects.filter(version=1).values_list("kind", flat=True))
    assert kinds == {LegalDocumentKind.GUIDELINES, LegalDocumentKind.PRIVACY}


def test_the_error_summary_names_and_links_every_field_and_takes_the_focus(visitor: Client) -> None:
    import re

    html = visitor.post(SIGNUP, declaration(country="", languages=None, member_type="")).content.decode()
    summary = re.search(r'<div class="message message-error error-summary"[^>]*>(.*?)</div>', html, re.S)
    assert summary is not None
    assert "autofocus" in summary.group(0) and 'tabindex="-1"' in summary.group(0)
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>: ([^<]+)</li>', summary.group(1))
    assert {label for _id, label, _error in links} >= {"Country", "Languages you can work in", "I work for"}
    for target, _label, _error in links:
        assert f'id="{target}"' in html  # each link leads to its field
    assert "3 fields need your attention." in summary.group(1)


def test_an_overlong_name_is_refused_with_the_limit_and_kept_as_typed(visitor: Client) -> None:
    name = "Amal " + "a" * 395
    response = visitor.post(SIGNUP, declaration(full_name=name))
    html = response.content.decode()
    assert "Ensure this value has at most 150 characters (it has 400)." in html
    assert f'value="{name}"' in html  # the browser is not told to cut it either
    assert 'maxlength="150"' not in html
    assert not User.objects.exists()


# -- the pickers, as a browser without JavaScript sees them ---------------------------------


def test_the_declaration_submitted_as_a_browser_without_script_would_send_it(visitor: Client) -> None:
    """The language and theme pickers are plain selects; choosing in them sends the old fields."""
    from connective.core.tests.html_forms import read_form

    theme = ThemeFactory.create(slug="water-supply", name="Water supply")
    form = read_form(visitor.get(SIGNUP).content.decode(), containing="languages")
    assert form.selects["languages"].multiple and form.selects["expertise"].multiple
    assert "languages" not in form.values  # nothing chosen for the person
    data: dict[str, Any] = dict(form.values)
    typed = declaration(expertise=[str(theme.pk)])
    data.update(
        {
            name: value
            for name, value in typed.items()
            if name not in {"guidelines_version", "privacy_version"}
        }
    )
    assert {"ar", "fr"} <= {value for value, _label, _group in form.selects["languages"].options}
    assert data["country"] == "LB"

    response = visitor.post(SIGNUP, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    profile = MemberProfile.objects.get(user__email="nadia@example.org")
    assert set(profile.languages.values_list("code", flat=True)) == {"ar", "fr"}
    assert list(profile.expertise.all()) == [theme]


def test_the_browsers_languages_and_its_countrys_region_come_first(visitor: Client) -> None:
    from connective.core.tests.html_forms import read_form

    page = visitor.get(SIGNUP, HTTP_ACCEPT_LANGUAGE="ar-JO,ar;q=0.9,en;q=0.5").content.decode()

    form = read_form(page, containing="languages")
    options = form.selects["languages"].options  # the page is in the browser's language
    common = [value for value, _label, group in options if group == options[0][2]]
    assert common[:3] == ["ar", "en", "fr"]
    countries = form.selects["country"].options
    region = [value for value, _label, group in countries if group == countries[1][2]]
    assert "JO" in region and "LB" in region and "DE" not in region


def test_the_declaration_page_runs_the_same_queries_however_many_themes_and_members(
    visitor: Client, current_documents: list[LegalDocument], django_assert_num_queries: Any
) -> None:
    from connective.members.tests.factories import MemberProfileFactory

    visitor.get(SIGNUP)
    for index in range(5):
        MemberProfileFactory.create(expertise=[ThemeFactory.create(slug=f"extra-{index}")])

    # The current legal documents, the languages, the themes with their use counts.
    with django_assert_num_queries(3):
        visitor.get(SIGNUP)
