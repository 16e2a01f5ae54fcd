"""The demo community: `manage.py seed_demo`."""

from __future__ import annotations

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core.management import CommandError, call_command

from connective.accounts.choices import ConsentSubject
from connective.accounts.models import ConsentRecord, User
from connective.accounts.selectors import legal_documents_current, legal_documents_outstanding
from connective.core.regions import region_for_country
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from connective.networks.demo import DEMO_DOMAIN, DEMO_PASSWORD, demo_seed, elide
from connective.spaces.selectors import coordinator_memberships

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    """Run seed_demo; without practices unless the test asks (they have tests of their own)."""
    out = StringIO()
    if "--practices" not in args:
        args = (*args, "--practices", "0")
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seeding_with_practices_gives_them_demo_contacts_and_a_search_index() -> None:
    from connective.practices.choices import PracticeStatus
    from connective.practices.models import Practice
    from connective.practices.search.selectors import SearchParams, practice_search

    output = seed("--members", "40", "--practices", "12")
    assert Practice.objects.count() == 12
    assert "12 good practices" in output
    published = Practice.objects.filter(status=PracticeStatus.PUBLISHED)
    assert published.exists()
    for practice in published.prefetch_related("contacts"):
        assert practice.contacts.exists()
        assert all(contact.user.email.endswith(f"@{DEMO_DOMAIN}") for contact in practice.contacts.all())
    first = published.order_by("pk").first()
    assert first is not None
    found = practice_search(SearchParams(query=first.title), record=False)
    assert first.pk in [row.pk for row in found.practices]


def test_seeding_creates_the_members_staff_and_a_coordinator_per_focus_network() -> None:
    output = seed("--members", "60")
    assert MemberProfile.objects.count() == 60
    assert User.objects.count() == 64  # the members, staff, three coordinators
    assert User.objects.filter(is_staff=True).count() == 1
    assert sorted(coordinator_memberships().values_list("space__region", flat=True)) == ["mena", "see", "ssa"]
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 64
    for email in ("member@", "staff@", "coordinator.mena@", "coordinator.see@", "coordinator.ssa@"):
        assert f"{email}{DEMO_DOMAIN}" in output
    assert DEMO_PASSWORD in output


def test_every_demo_person_has_accepted_the_current_legal_documents() -> None:
    seed("--members", "30")
    documents = legal_documents_current()
    assert documents, "the legal documents' data migration is missing"
    assert ConsentRecord.objects.filter(
        subject__in=[ConsentSubject.GUIDELINES, ConsentSubject.PRIVACY]
    ).count() == (34 * len(documents))
    for user in User.objects.all()[:10]:
        assert legal_documents_outstanding(user=user) == []


def test_members_willing_to_advise_have_a_consent_record_for_it() -> None:
    seed("--members", "300")
    willing = MemberProfile.objects.filter(willing_to_advise=True)
    assert 0.3 * 300 <= willing.count() <= 0.5 * 300
    assert ConsentRecord.objects.filter(subject=ConsentSubject.ADVISE).count() == willing.count()
    assert set(
        ConsentRecord.objects.filter(subject=ConsentSubject.ADVISE).values_list("user_id", flat=True)
    ) == set(willing.values_list("user_id", flat=True))


def test_every_region_follows_from_the_country_and_every_text_is_filled_in() -> None:
    seed("--members", "200")
    for profile in MemberProfile.objects.select_related("user").prefetch_related("languages", "expertise"):
        assert profile.region == region_for_country(profile.country.code)
        for text in (
            profile.user.full_name,
            profile.organisation,
            profile.position,
            profile.city,
            profile.bio,
        ):
            assert text.strip()
        assert "{" not in profile.bio and "{" not in profile.organisation
        assert profile.languages.all() and profile.expertise.all()


def test_each_focus_network_has_declarations_waiting_and_approved_members() -> None:
    seed("--members", "100")
    for region in ("mena", "see", "ssa"):
        assert MemberProfile.objects.filter(region=region, status=MembershipStatus.PENDING).count() >= 2
        assert MemberProfile.objects.filter(region=region, status=MembershipStatus.APPROVED).exists()
    assert not MemberProfile.objects.filter(status=MembershipStatus.APPROVED, decided_by=None).exists()


def test_the_community_speaks_many_languages() -> None:
    seed("--members", "300")
    bios = list(MemberProfile.objects.values_list("bio", flat=True))
    assert any("أعمل" in bio or "نسّقتُ" in bio or "أشرفتُ" in bio or "أطلقتُ" in bio for bio in bios)  # Arabic
    assert any("J'ai" in bio or "je m'occupe" in bio or "Responsable" in bio for bio in bios)  # French
    assert any(
        "Coordenei" in bio or "Responsável por" in bio or "Lancei" in bio for bio in bios
    )  # Portuguese
    assert any(("Coordinated" in bio or "Ran " in bio or "in charge of" in bio or "Set up" in bio
                or "Worked on" in bio) for bio in bios)  # fmt: skip


def _empty() -> None:
    """Remove every person the seed made. The consent log and others' work in consultations are
    PROTECTed from a user's delete (deleting an account pseudonymises it instead), so they go
    first, as sets."""
    from connective.consultations.models import ConsultationRequest, Feedback, Invitation
    from connective.spaces.models import Space

    for model in (Feedback, Invitation, ConsultationRequest, ConsentRecord):
        model.objects.all().delete()
    User.objects.all().delete()
    Space.objects.exclude(kind="network").delete()  # the demo's sections


def test_the_same_seed_makes_the_same_community() -> None:
    demo_seed(members=20, seed=7)
    first = list(MemberProfile.objects.order_by("user__email").values_list("user__email", "city", "bio"))
    _empty()
    demo_seed(members=20, seed=7)
    second = list(MemberProfile.objects.order_by("user__email").values_list("user__email", "city", "bio"))
    assert first == second


def test_if_empty_does_nothing_when_there_are_users() -> None:
    seed("--members", "20")
    before = (User.objects.count(), MemberProfile.objects.count(), ConsentRecord.objects.count())
    assert "nothing to do" in seed("--members", "20", "--if-empty")
    assert (User.objects.count(), MemberProfile.objects.count(), ConsentRecord.objects.count()) == before


def test_if_empty_seeds_an_empty_database() -> None:
    seed("--members", "10", "--if-empty")
    assert MemberProfile.objects.count() == 10


def test_seeding_twice_without_if_empty_refuses_and_changes_nothing() -> None:
    seed("--members", "10")
    with pytest.raises(CommandError, match="exist already"):
        seed("--members", "10")
    assert MemberProfile.objects.count() == 10


def test_a_nonsensical_size_is_refused() -> None:
    with pytest.raises(CommandError, match="at least 1"):
        seed("--members", "0")
    assert not User.objects.exists()


def test_the_demo_logins_work_with_the_printed_password_and_second_factor() -> None:
    result = demo_seed(members=5)
    for login in result.logins:
        user = User.objects.get(email=login.email)
        assert user.check_password(DEMO_PASSWORD)
    coordinators = [login for login in result.logins if login.role.startswith(("coordinator", "staff"))]
    assert len(coordinators) == 4
    for login in coordinators:
        authenticator = Authenticator.objects.get(user__email=login.email, type=Authenticator.Type.TOTP)
        code = format_hotp_value(hotp_value(login.totp_secret, next(iter(yield_hotp_counters_from_time()))))
        assert TOTP(authenticator).validate_code(code)
        assert len(login.recovery_codes) >= 3
    member = User.objects.get(email=f"member@{DEMO_DOMAIN}")
    assert member.profile.status == MembershipStatus.APPROVED and member.profile.region == "mena"


def test_french_text_elides_before_a_vowel() -> None:
    assert elide("Mairie de Annaba", "fr") == "Mairie d'Annaba"
    assert elide("Commune de Ouagadougou", "fr") == "Commune de Ouagadougou"
    assert elide("City de Annaba", "en") == "City de Annaba"


def test_seed_demo_writes_exactly_the_community_generate_community_makes() -> None:
    from connective.core.models import Theme
    from connective.practices.demo import generate_community
    from connective.practices.models import Practice

    community = generate_community(
        members=60, practices=40, seed=9, themes=list(Theme.active().order_by("slug"))
    )
    seed("--members", "60", "--practices", "40", "--seed", "9")
    emails = [person.email for person in community.people]
    assert sorted(MemberProfile.objects.values_list("user__email", flat=True)) == sorted(emails)
    bios = dict(MemberProfile.objects.values_list("user__email", "bio"))
    assert all(bios[person.email] == person.bio for person in community.people)
    written = {
        practice.title: practice for practice in Practice.objects.prefetch_related("contacts__user", "themes")
    }
    assert sorted(written) == sorted(spec.texts["title"] for spec in community.practices)
    for spec in community.practices:
        practice = written[spec.texts["title"]]
        assert sorted(c.user.email for c in practice.contacts.all()) == sorted(
            emails[i] for i in spec.contacts
        )
        assert sorted(t.slug for t in practice.themes.all()) == sorted(spec.themes)
        assert practice.slug.startswith(spec.measure.split("/")[1])


def test_seeding_gives_each_focus_network_open_sections_and_a_closed_one_with_members() -> None:
    from connective.spaces.choices import MembershipState, SpaceAccess, SpaceKind
    from connective.spaces.models import Membership, Space

    seed("--members", "60")
    for region in ("mena", "see", "ssa"):
        sections = Space.objects.filter(kind=SpaceKind.SECTION, region=region)
        assert sections.filter(access=SpaceAccess.OPEN).count() == 2
        assert sections.filter(access=SpaceAccess.CLOSED).count() == 1
        joined = Membership.objects.filter(space__in=sections, state=MembershipState.ACTIVE)
        assert joined.exclude(user__email__startswith="coordinator.").exists()
        assert all(m.user.email.endswith(f"@{DEMO_DOMAIN}") for m in joined.select_related("user"))
